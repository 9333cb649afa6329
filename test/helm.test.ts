// `cdk8s synth --format helm` (docs/constructs.md, "Helm") writes a Helm chart instead of plain manifests. This runs
// the command of `npm run synth:helm` into a temporary folder, offline, and checks the chart's layout
// and that its templates hold the same objects as the committed dist/.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { identities, loadYamlDir, readYamlDir } from './_manifests';

const root = path.join(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const cdk8s = path.join(root, 'node_modules', '.bin', 'cdk8s');

function yamlFiles(dir: string): string[] {
  return [...readYamlDir(dir).keys()];
}

describe('cdk8s synth --format helm', () => {
  let work: string;
  let chart: string;

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-'));
    chart = path.join(work, 'chart');
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.MYSQL_LAB_ROOT_PASSWORD;
    delete env.CDK8S_OUTDIR;
    // The command of `npm run synth:helm`, into another folder, without the CLI's online check for a newer version.
    const [command, ...args] = (pkg.scripts['synth:helm'] as string).split(' ')
      .map((arg) => ({ $npm_package_version: pkg.version, 'dist-helm': chart } as Record<string, string>)[arg] ?? arg);
    expect([command, ...args]).toEqual(['cdk8s', 'synth', '--format', 'helm', '--chart-api-version', 'v2', '--chart-version', pkg.version, '--output', chart]);
    args.push('--no-check-upgrade');
    execFileSync(cdk8s, args, { cwd: root, env, stdio: 'pipe' });
  }, 60_000);

  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  test('writes a Helm v2 chart: Chart.yaml and templates/', () => {
    const meta = parse(fs.readFileSync(path.join(chart, 'Chart.yaml'), 'utf8'));
    expect(meta).toEqual(expect.objectContaining({ apiVersion: 'v2', version: pkg.version, type: 'application' }));
    // The chart is named after the folder the command runs in.
    expect(meta.name).toBe(path.basename(root));
    expect(fs.statSync(path.join(chart, 'templates')).isDirectory()).toBe(true);
    const entries = fs.readdirSync(chart).sort();
    expect(entries).toEqual(expect.arrayContaining(['Chart.yaml', 'templates']));
    expect(entries.filter((e) => !['Chart.yaml', 'README.md', 'templates'].includes(e))).toEqual([]);
  });

  test('its templates hold the same objects as dist/, and nothing Helm would read as a template action', () => {
    const templates = path.join(chart, 'templates');
    expect(yamlFiles(templates)).toEqual(yamlFiles(path.join(root, 'dist')));
    expect(fs.readdirSync(templates).sort()).toEqual(yamlFiles(templates));
    for (const file of yamlFiles(templates)) {
      expect(fs.readFileSync(path.join(templates, file), 'utf8')).not.toMatch(/\{\{|\}\}/);
    }
    const fromChart = loadYamlDir(templates);
    const fromDist = loadYamlDir(path.join(root, 'dist'));
    expect(identities(fromChart)).toEqual(identities(fromDist));
    expect(fromChart).toEqual(fromDist);
  });

  test('no template names a namespace, so `helm install -n lab` puts every object in the release namespace', () => {
    // Helm applies objects that name no namespace in the release's (`-n`); one that names another would land there,
    // outside the release, and a second release would collide with it. Helm itself is not run here: this reads the
    // templates as Helm would install them (they hold no template action, see above).
    const objects = loadYamlDir(path.join(chart, 'templates'));
    expect(objects.length).toBeGreaterThan(0);
    expect(objects.filter((o) => o.metadata.namespace !== undefined).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([]);
    for (const file of yamlFiles(path.join(chart, 'templates'))) {
      expect(fs.readFileSync(path.join(chart, 'templates', file), 'utf8')).not.toMatch(/^\s*namespace:/m);
    }
  });
});
