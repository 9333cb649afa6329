// `cdk8s synth` runs the checker as a validation plugin (cdk8s.yaml `validations:`): it prints the report,
// and a lab broken through an escape hatch fails the synth with the finding.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.join(__dirname, '..');
const cdk8s = path.join(root, 'node_modules', '.bin', 'cdk8s');

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

test('cdk8s synth of a lab whose Service selector was patched fails with service-no-pods', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broken-lab-'));
  try {
    fs.writeFileSync(path.join(dir, 'main.ts'), [
      `import { ApiObject, App, JsonPatch } from ${JSON.stringify(path.join(root, 'node_modules', 'cdk8s'))};`,
      `import { MysqlClusterIpLab } from ${JSON.stringify(path.join(root, 'lib'))};`,
      'const app = new App({ recordConstructMetadata: false });',
      "const lab = new MysqlClusterIpLab(app, 'lab', {});",
      "const service = lab.node.findAll().find((c) => ApiObject.isApiObject(c) && c.kind === 'Service') as ApiObject;",
      "service.addJsonPatch(JsonPatch.replace('/spec/selector/app.kubernetes.io~1name', 'mysq1'));",
      'app.synth();',
      '',
    ].join('\n'));
    fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), [
      'language: typescript',
      `app: ${path.join(root, 'node_modules', '.bin', 'ts-node')} --swc main.ts`,
      'validations:',
      `  - package: ${path.join(root, 'bin', 'check-module.js')}`,
      '    version: 0.1.0',
      '    class: ManifestCheckPlugin',
      '',
    ].join('\n'));
    const { status, output } = synth(dir, []);
    expect(output).toContain('service-no-pods (error)');
    expect(output).toContain('Resource Name: mysql-service');
    expect(output).toContain('Deployment default/mysql-deployment has app.kubernetes.io/name=mysql, not mysq1');
    expect(output).toContain('Validation failed');
    expect(status).not.toBe(0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
