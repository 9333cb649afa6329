// The manifest checker (lib/check/): every check on a manifest that passes and one that fails, the lab's own
// output, the function API, the command line and the cdk8s validation plugin.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { MysqlClusterIpLab } from '../lib';
import { checkDirectory, checkManifests, checkPaths, CHECKS, formatText, ManifestCheckPlugin, toMermaid, WAIVER_PREFIX } from '../lib/check';
import { runCheckCli as run } from './_manifests';

const root = path.join(__dirname, '..');
const fixtures = path.join(__dirname, 'fixtures', 'check');
const dist = path.join(root, 'dist');

describe('every check has a passing and a failing fixture', () => {
  const ids = Object.keys(CHECKS);

  test('a folder per check id, and no folder for an unknown id', () => {
    expect(fs.readdirSync(fixtures).filter((d) => !d.startsWith('_')).sort()).toEqual([...ids].sort());
  });

  describe.each(ids)('%s', (id) => {
    const dir = path.join(fixtures, id);
    const files = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
    test('passes on pass*.yaml', () => {
      const pass = files.filter((f) => f.startsWith('pass'));
      expect(pass.length).toBeGreaterThan(0);
      for (const f of pass) {
        expect({ f, findings: checkPaths([path.join(dir, f)]).findings.filter((x) => x.id === id) }).toEqual({ f, findings: [] });
      }
    });
    test('fails on fail*.yaml', () => {
      const fail = files.filter((f) => f.startsWith('fail'));
      expect(fail.length).toBeGreaterThan(0);
      for (const f of fail) {
        const found = checkPaths([path.join(dir, f)]).findings.filter((x) => x.id === id);
        expect({ f, found: found.length > 0 }).toEqual({ f, found: true });
        for (const finding of found) {
          expect(finding.severity).toMatch(/^(error|warning)$/);
          expect(finding.message.length).toBeGreaterThan(10);
          expect(finding.fix.length).toBeGreaterThan(5);
          expect(finding.file).toBe(path.join(dir, f));
        }
      }
    });
  });
});

describe('our own output', () => {
  test('dist/ has no error and no unwaived warning', () => {
    const result = checkDirectory(dist);
    expect(result.objects).toBeGreaterThanOrEqual(4);
    expect(result.findings).toEqual([]);
    for (const waived of result.waived) {
      expect(waived.reason.length).toBeGreaterThan(10);
    }
  });

  test('a fresh synth of the lab passes through the function API', () => {
    const result = checkManifests(Testing.synth(new MysqlClusterIpLab(Testing.app(), 'lab', {})));
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  test('the lab with a selector patched through an escape hatch fails, naming the Service and the fix', () => {
    const objects = Testing.synth(new MysqlClusterIpLab(Testing.app(), 'lab', {}));
    const service = objects.find((o) => o.kind === 'Service');
    service.spec.selector['app.kubernetes.io/name'] = 'mysq1';
    const result = checkManifests(objects);
    expect(result.errors).toBeGreaterThan(0);
    expect(result.findings.map((f) => `${f.id} ${f.kind}/${f.name}`)).toContain('service-no-pods Service/mysql-service');
    expect(result.findings.find((f) => f.id === 'service-no-pods')!.fix)
      .toBe('Set spec.selector to labels the pods carry: Deployment default/mysql-deployment has app.kubernetes.io/name=mysql, not mysq1.');
  });
});

describe('waivers', () => {
  const pod = (annotations: Record<string, string>): object => ({
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: 'tool', namespace: 'shop', annotations },
    spec: { containers: [{ name: 'tool', image: 'busybox' }] },
  });

  test('an annotation with a reason waives the finding on that object and keeps the reason', () => {
    const result = checkManifests([pod({ [`${WAIVER_PREFIX}image-tag`]: 'debug pod, newest busybox on purpose' })]);
    expect(result.findings.map((f) => f.id)).not.toContain('image-tag');
    expect(result.waived).toContainEqual(expect.objectContaining({ id: 'image-tag', name: 'tool', reason: 'debug pod, newest busybox on purpose' }));
    expect(formatText(result)).toContain('reason: debug pod, newest busybox on purpose');
  });

  test('an annotation without a reason waives nothing and is itself an error', () => {
    const result = checkManifests([pod({ [`${WAIVER_PREFIX}image-tag`]: ' ' })]);
    expect(result.findings.map((f) => f.id)).toEqual(expect.arrayContaining(['image-tag', 'waiver-reason']));
    expect(result.waived).toEqual([]);
  });
});

describe('findings', () => {
  test('carry id, severity, kind, namespace, name, file, path, message and fix', () => {
    const [finding] = checkPaths([path.join(fixtures, 'service-target-port', 'fail.yaml')]).findings.filter((f) => f.id === 'service-target-port');
    expect(finding).toEqual({
      id: 'service-target-port',
      severity: 'error',
      kind: 'Service',
      namespace: 'shop',
      name: 'api',
      file: path.join(fixtures, 'service-target-port', 'fail.yaml'),
      path: 'spec.ports[0].targetPort',
      message: 'targetPort "web" is exposed by no selected container (Deployment shop/api: 8080 (http))',
      fix: 'Set targetPort to one of 8080 (http), or declare the port on the container.',
    });
  });

  test('YAML 1.1 scalars are read as kubectl reads them', () => {
    const result = checkPaths([path.join(fixtures, 'schema-type', 'fail.yaml')]);
    expect(result.findings.find((f) => f.path === 'spec.containers[0].env[0].value')!.fix).toBe('Quote the value ("true"): YAML reads it as a boolean.');
  });

  test('a `kind: List` is read item by item', () => {
    const result = checkManifests([]);
    expect(result.objects).toBe(0);
    const dir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'check-list-'));
    try {
      fs.writeFileSync(path.join(dir, 'list.yaml'), 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: Bad_Name}\n');
      const listed = checkDirectory(dir);
      expect(listed.objects).toBe(1);
      expect(listed.findings.map((f) => f.id)).toContain('api-name');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('command line', () => {
  test('the bin runs as a process: exit 0 on dist/, 1 on a broken folder', () => {
    const bin = path.join(root, 'bin', 'cdk8s-mysql-clusterip.js');
    const ok = spawnSync(process.execPath, [bin, 'check', 'dist'], { cwd: root, encoding: 'utf8' });
    expect({ status: ok.status, stdout: ok.stdout }).toEqual({ status: 0, stdout: expect.stringContaining('0 errors') });
    const bad = spawnSync(process.execPath, [bin, 'check', path.join(fixtures, 'client-unknown-host')], { cwd: root, encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('client-unknown-host');
    const piped = spawnSync(process.execPath, [bin, 'check', '-'], {
      cwd: root, encoding: 'utf8', input: fs.readFileSync(path.join(fixtures, 'service-no-pods', 'fail.yaml'), 'utf8'),
    });
    expect(piped.status).toBe(1);
    expect(piped.stdout).toContain('service-no-pods  Service shop/web (<stdin>)');
  }, 30_000);

  test('exit 0 and a summary on dist/', () => {
    const { code, out } = run(['check', dist]);
    expect(code).toBe(0);
    expect(out).toMatch(/objects checked: 0 errors, 0 warnings, 0 waived/);
  });

  test('exit 1 with readable findings on a broken folder', () => {
    const { code, out } = run(['check', path.join(fixtures, 'service-no-pods')]);
    expect(code).toBe(1);
    expect(out).toContain('error   service-no-pods  Service shop/web');
    expect(out).toContain('fix: ');
  });

  test('--json prints the findings as JSON', () => {
    const { code, out } = run(['check', '--json', path.join(fixtures, 'client-wrong-port', 'fail.yaml')]);
    expect(code).toBe(1);
    const json = JSON.parse(out);
    expect(json.errors).toBeGreaterThan(0);
    expect(json.findings[0]).toEqual(expect.objectContaining({
      id: expect.any(String), kind: expect.any(String), message: expect.any(String), fix: expect.any(String),
    }));
  });

  test('--graph prints a Mermaid flowchart with broken edges crossed', () => {
    const { code, out } = run(['check', '--graph', path.join(fixtures, 'client-unknown-host', 'fail.yaml')]);
    expect(code).toBe(1);
    expect(out.startsWith('flowchart LR\n')).toBe(true);
    expect(out).toContain('--x|"DB_HOST ✗ no such Service"|');
  });

  test('--fail-on-warnings, --disable and usage errors', () => {
    const file = path.join(fixtures, 'resources', 'fail.yaml');
    expect(run(['check', file]).code).toBe(0);
    expect(run(['check', '--fail-on-warnings', file]).code).toBe(1);
    expect(run(['check', '--fail-on-warnings', '--disable', 'resources,pss-restricted', file]).code).toBe(0);
    expect(run(['check', '--nope']).code).toBe(2);
    expect(run(['check', path.join(fixtures, 'does-not-exist')]).code).toBe(2);
    expect(run(['check', '--disable', 'latest-tag', file]).code).toBe(2);
  });
});

describe('cdk8s validation plugin', () => {
  function fakeContext(manifests: string[]): { context: Parameters<ManifestCheckPlugin['validate']>[0]; violations: unknown[]; status: () => string } {
    const violations: unknown[] = [];
    let status = '';
    return {
      violations,
      status: () => status,
      context: {
        manifests,
        report: { addViolation: (v) => violations.push(v), submit: (s) => { status = s; } },
      },
    };
  }

  test('reports success on dist/', async () => {
    const fake = fakeContext([path.join(dist, 'lab.k8s.yaml')]);
    await new ManifestCheckPlugin().validate(fake.context);
    expect(fake.status()).toBe('success');
    expect(fake.violations).toEqual([]);
  });

  test('reports failure with a violation per finding', async () => {
    const file = path.join(fixtures, 'service-no-pods', 'fail.yaml');
    const fake = fakeContext([file]);
    await new ManifestCheckPlugin().validate(fake.context);
    expect(fake.status()).toBe('failure');
    expect(fake.violations).toContainEqual(expect.objectContaining({
      ruleName: 'service-no-pods (error)',
      violatingResources: [{ resourceName: 'web', locations: ['spec.selector'], manifestPath: file }],
    }));
  });

  test('warnings alone pass, unless failOnWarnings', async () => {
    const file = path.join(fixtures, 'resources', 'fail.yaml');
    const lenient = fakeContext([file]);
    await new ManifestCheckPlugin().validate(lenient.context);
    expect(lenient.status()).toBe('success');
    const strict = fakeContext([file]);
    await new ManifestCheckPlugin({ failOnWarnings: true }).validate(strict.context);
    expect(strict.status()).toBe('failure');
  });

  test('cdk8s.yaml declares it', () => {
    const config = parseAllDocuments(fs.readFileSync(path.join(root, 'cdk8s.yaml'), 'utf8'))[0].toJS();
    expect(config.validations).toEqual([{
      package: './bin/check-module.js', version: expect.any(String), class: 'ManifestCheckPlugin', properties: { previous: '.previous' },
    }]);
    expect(require(path.join(root, 'bin', 'check-module.js')).ManifestCheckPlugin).toBeDefined();
  });
});

describe('docs/checker.md', () => {
  test("embeds the lab's diagram as `check --graph dist/` prints it (run `npm run readme:graph` when this fails)", () => {
    const readme = fs.readFileSync(path.join(root, 'docs', 'checker.md'), 'utf8');
    const match = /<!-- check-graph:start -->\n```mermaid\n([\s\S]*?)\n```\n<!-- check-graph:end -->/.exec(readme);
    expect(match).not.toBeNull();
    expect(match![1]).toBe(toMermaid(checkDirectory(dist).wiring));
  });
});

describe('the vendored Kubernetes 1.28 schema (lib/check/k8s-1.28-schema.json)', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(root, 'lib', 'check', 'k8s-1.28-schema.json'), 'utf8'));

  test('says where it comes from', () => {
    expect(schema.source).toMatch(/^Kubernetes v1\.28\.0 OpenAPI definitions \(Apache-2\.0\), sha256 [0-9a-f]{64}; /);
    expect(schema.source).toContain('written by scripts/trim-k8s-schema.js');
  });

  test('every reference resolves and every kind has a type', () => {
    const refs = new Set<string>();
    const walk = (spec: unknown): void => {
      if (typeof spec === 'string') {
        if (spec.startsWith('#')) refs.add(spec.slice(1));
      } else if (spec && typeof spec === 'object') {
        Object.values(spec).forEach(walk);
      }
    };
    for (const def of Object.values(schema.definitions) as { p: Record<string, unknown> }[]) {
      Object.values(def.p).forEach(walk);
    }
    expect([...refs].filter((r) => !schema.definitions[r])).toEqual([]);
    expect(Object.values(schema.kinds).filter((t) => !schema.definitions[t as string])).toEqual([]);
  });

  test('knows the kinds of the lab and of the checks, and no removed ones', () => {
    for (const k of ['v1/Service', 'v1/Pod', 'v1/Secret', 'v1/PersistentVolumeClaim', 'apps/v1/Deployment', 'apps/v1/StatefulSet', 'batch/v1/Job',
      'networking.k8s.io/v1/NetworkPolicy', 'policy/v1/PodDisruptionBudget']) {
      expect(schema.kinds[k]).toBeDefined();
    }
    expect(schema.kinds['extensions/v1beta1/Ingress']).toBeUndefined();
    expect(schema.kinds['policy/v1beta1/PodSecurityPolicy']).toBeUndefined();
  });

  test('agrees field for field with the 1.28 bindings cdk8s-plus-28 generates (core, apps, batch, networking v1)', () => {
    // each toJson_<Type> function of the bindings lists every JSON field of its type: an independent copy of the same API
    const k8s = require('cdk8s-plus-28/lib/imports/k8s');
    let compared = 0;
    for (const [name, def] of Object.entries(schema.definitions) as [string, { p: Record<string, unknown> }][]) {
      const fn = k8s[`toJson_${name.split('.').pop()}`];
      if (!/^io\.k8s\.api\.(core|apps|batch|networking)\.v1\./.test(name) || typeof fn !== 'function') {
        continue;
      }
      const theirs = [...String(fn).matchAll(/^\s+'([^']+)':/gm)].map((m) => m[1]).sort();
      const ours = Object.keys(def.p).filter((k) => k !== 'status').sort();
      expect({ name, fields: theirs.filter((k) => k !== 'status') }).toEqual({ name, fields: ours });
      compared++;
    }
    expect(compared).toBeGreaterThan(100);
  });
});

test('docs/checker.md has one row per check, in the catalog\'s order, with its severity (a check that reports both is an error check)', () => {
  const readme = fs.readFileSync(path.join(root, 'docs', 'checker.md'), 'utf8');
  const rows = [...readme.matchAll(/^\| `([a-z0-9-]+)` \| (error|warning|error \/ warning) \|/gm)].map((m) => ({ id: m[1], severity: m[2] }));
  expect(rows.map((r) => r.id)).toEqual(Object.keys(CHECKS));
  for (const { id, severity } of rows) {
    expect({ id, severity: CHECKS[id as keyof typeof CHECKS].severity }).toEqual({ id, severity: severity === 'warning' ? 'warning' : 'error' });
  }
});

test('CHECKS, public, sorts the checks into groups: a consumer that runs only the wiring checks gets these', () => {
  const byGroup: Record<string, string[]> = {};
  for (const [id, check] of Object.entries(CHECKS)) {
    (byGroup[check.group] ??= []).push(id);
  }
  expect(byGroup).toEqual({
    schema: ['yaml-syntax', 'yaml-duplicate-key', 'template-file', 'schema-kind', 'schema-unknown-field', 'schema-type', 'schema-required'],
    api: ['api-name', 'api-duplicate-object', 'api-label', 'api-container', 'api-container-port', 'api-service-port', 'api-workload-selector',
      'api-workload-spec', 'api-env', 'api-resources', 'api-probe', 'api-config-data', 'apply-drift'],
    wiring: ['service-no-pods', 'service-unintended-pods', 'service-target-port', 'workload-selector-overlap', 'probe-port', 'client-unknown-host',
      'client-wrong-port', 'client-wrong-secret', 'ingress-backend', 'netpol-blocks-client', 'netpol-blocks-dns', 'netpol-selects-no-pods'],
    waiver: ['waiver-reason'],
    security: ['pss-baseline', 'pss-restricted', 'env-literal-secret', 'image-tag', 'resources'],
  });
});

test('every check has a title of one line, without a final period, that says what it catches', () => {
  for (const [id, { title }] of Object.entries(CHECKS)) {
    expect({ id, title: /^\S[^\n]{19,199}[^.\s]$/.test(title) }).toEqual({ id, title: true });
  }
});

test('every check is one file under lib/check/rules/ exporting id, severity, group, description and check', () => {
  const dir = path.join(root, 'lib', 'check', 'rules');
  const files = fs.readdirSync(dir).filter((f) => !f.startsWith('_') && f !== 'index.ts').map((f) => f.replace(/\.ts$/, '')).sort();
  expect(files).toEqual(Object.keys(CHECKS).sort());
  for (const id of files) {

    const rule = require(path.join(dir, id));
    expect({ id, exported: [rule.id, typeof rule.severity, typeof rule.group, typeof rule.description, typeof rule.check] })
      .toEqual({ id, exported: [id, 'string', 'string', 'string', 'function'] });
  }
});


test('folders are searched for manifests, skipping configuration files that are not manifests', () => {
  const { manifestFiles } = require('../lib/check/load');
  const dir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'check-files-'));
  try {
    const names = ['Chart.yaml', 'values.yaml', 'values.prod.yaml', 'kustomization.yaml', 'package.json', 'tsconfig.dev.json', 'construct-metadata.json',
      'deploy.yaml', 'svc.yml', 'list.json', 'notes.txt'];
    for (const n of names) {
      fs.writeFileSync(path.join(dir, n), '{}');
    }
    fs.mkdirSync(path.join(dir, 'nested'));
    fs.writeFileSync(path.join(dir, 'nested', 'pod.yaml'), '{}');
    fs.mkdirSync(path.join(dir, '.git'));
    fs.writeFileSync(path.join(dir, '.git', 'x.yaml'), '{}');
    expect(manifestFiles(dir).map((f: string) => path.relative(dir, f))).toEqual(['deploy.yaml', 'list.json', path.join('nested', 'pod.yaml'), 'svc.yml']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
