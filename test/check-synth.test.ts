// `cdk8s synth` runs the checker as a validation plugin (cdk8s.yaml `validations:`): it prints the report,
// and a lab broken through an escape hatch, or changed in a field the API server cannot change in place, fails the synth.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.join(__dirname, '..');
const cdk8s = path.join(root, 'node_modules', '.bin', 'cdk8s');

/** `cdk8s synth` in `cwd`, as a user runs it; returns its exit status and what it printed. */
function synth(cwd: string, args: string[]): { status: number | null; output: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.MYSQL_LAB_ROOT_PASSWORD;
  delete env.CDK8S_OUTDIR;
  const r = spawnSync(cdk8s, ['synth', ...args], { cwd, env, encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

test('cdk8s synth of the lab prints the report and succeeds', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-synth-'));
  try {
    const { status, output } = synth(root, ['-o', out]);
    expect(output).toContain('Validation Report (');
    expect(output).toMatch(/errors\s*│ 0/);
    expect(output).toContain('Validations ended succesfully');
    expect(status).toBe(0);
    expect(fs.readdirSync(out)).toEqual(['lab.k8s.yaml']);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}, 60_000);

/**
 * A cdk8s project of its own in a temporary folder: a `main.ts` that builds the lab, runs `patch` (statements with
 * `lab` and cdk8s's `ApiObject` and `JsonPatch` in scope) and synthesizes it, and a `cdk8s.yaml` that declares the
 * checker as a validation plugin with `properties` (YAML lines). `prepare` adds files first; then `cdk8s synth` runs.
 */
function synthPatchedLab(patch: string[], properties: string[] = [], prepare: (dir: string) => void = () => undefined) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'patched-lab-'));
  try {
    prepare(dir);
    fs.writeFileSync(path.join(dir, 'main.ts'), [
      `import { ApiObject, App, JsonPatch } from ${JSON.stringify(path.join(root, 'node_modules', 'cdk8s'))};`,
      `import { MysqlClusterIpLab } from ${JSON.stringify(path.join(root, 'lib'))};`,
      'const app = new App({ recordConstructMetadata: false });',
      "const lab = new MysqlClusterIpLab(app, 'lab', {});",
      ...patch,
      'app.synth();',
      '',
    ].join('\n'));
    fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), [
      'language: typescript',
      `app: ${process.execPath} -r ${path.join(root, 'scripts', 'register.js')} main.ts`,
      'validations:',
      `  - package: ${path.join(root, 'bin', 'check-module.js')}`,
      '    version: 0.1.0',
      '    class: ManifestCheckPlugin',
      ...(properties.length > 0 ? ['    properties:', ...properties.map((p) => `      ${p}`)] : []),
      '',
    ].join('\n'));
    return synth(dir, []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('cdk8s synth of a lab whose Service selector was patched fails with service-no-pods', () => {
  const { status, output } = synthPatchedLab([
    "const service = lab.node.findAll().find((c) => ApiObject.isApiObject(c) && c.kind === 'Service') as ApiObject;",
    "service.addJsonPatch(JsonPatch.replace('/spec/selector/app.kubernetes.io~1name', 'mysq1'));",
  ]);
  expect(output).toContain('service-no-pods (error)');
  expect(output).toContain('Resource Name: mysql-service');
  expect(output).toContain('Deployment default/mysql-deployment has app.kubernetes.io/name=mysql, not mysq1');
  expect(output).toContain('Validation failed');
  expect(status).not.toBe(0);
}, 60_000);

test('in the cdk8s workflow: with the committed dist/ in .previous/, a change of the Deployment\'s selector fails cdk8s synth', () => {
  // GIVEN the version the cluster runs (this repository's dist/), as `git show HEAD:dist/lab.k8s.yaml > .previous/...` writes it
  const previous = (dir: string) => {
    fs.mkdirSync(path.join(dir, '.previous'));
    fs.copyFileSync(path.join(root, 'dist', 'lab.k8s.yaml'), path.join(dir, '.previous', 'lab.k8s.yaml'));
  };
  // WHEN the next version adds a selector label (consistently: the set on its own is fine)
  const { status, output } = synthPatchedLab([
    "const deployment = lab.node.findAll().find((c) => ApiObject.isApiObject(c) && c.kind === 'Deployment') as ApiObject;",
    "deployment.addJsonPatch(JsonPatch.add('/spec/selector/matchLabels/tier', 'db'), JsonPatch.add('/spec/template/metadata/labels/tier', 'db'));",
  ], ['previous: .previous'], previous);
  // THEN the synth fails before anything reaches a cluster, naming the field and the fix
  expect(output).toContain('immutable-field (error)');
  expect(output).toContain('Resource Name: mysql-deployment');
  expect(output).toContain('spec.selector.matchLabels.tier changes from (unset) to "db"');
  expect(output).toMatch(/compared with previous\s*│ 10/);
  expect(status).not.toBe(0);
}, 60_000);
