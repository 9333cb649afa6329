// The checker runs in CI on manifests from pull requests: on hostile or odd input it answers quickly, with a finding
// or a one-line exit 2, never a crash, a hang, or a document dropped in silence.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkCli, checkManifests, checkPaths, Finding, formatText } from '../lib/check';
import { checkLoaded } from '../lib/check/checker';
import { parseManifestBytes, parseManifestText } from '../lib/check/load';
import { runCheckCli as run } from './_manifests';
import { HANG_MS, timed } from './_timing';

const hostile = path.join(__dirname, 'fixtures', 'hostile');
const root = path.join(__dirname, '..');
const dist = path.join(root, 'dist');


function checkLoadedText(text: string): ReturnType<typeof checkLoaded> {
  return checkLoaded(parseManifestBytes(Buffer.from(text), 'deep.yaml'));
}

function only(findings: Finding[], id: string): Finding[] {
  return findings.filter((f) => f.id === id);
}

describe('alias bombs and broken aliases are findings, found at once', () => {
  test.each([
    ['billion-laughs.yaml', 'excessive aliasing'],
    ['env-bomb.yaml', 'excessive aliasing'],
    ['many-aliases.yaml', 'excessive aliasing'],
    ['undefined-alias.yaml', 'alias *nowhere has no anchor'],
    ['cross-document-alias.yaml', 'alias *shared has no anchor'],
    ['recursive-alias.yaml', 'an anchor that contains an alias to itself'],
  ])('fails on %s with a yaml-syntax error, without expanding it', (file, message) => {
    const { value: result, ms } = timed(() => checkPaths([path.join(hostile, file)]));
    expect(ms).toBeLessThan(HANG_MS);
    const syntax = only(result.findings, 'yaml-syntax');
    expect(syntax).toHaveLength(1);
    expect(syntax[0]).toEqual(expect.objectContaining({ severity: 'error', file: path.join(hostile, file), message: expect.stringContaining(message) }));
    expect(result.errors).toBeGreaterThan(0);
  });

  test('fails on a billion laughs through the command line with exit 1', () => {
    const r = spawnSync(process.execPath, [path.join(root, 'bin', 'cdk8s-mysql-clusterip.js'), 'check', path.join(hostile, 'billion-laughs.yaml')],
      { encoding: 'utf8', timeout: HANG_MS });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('excessive aliasing');
  });

  test('anchors and aliases within the limit are read as kubectl reads them', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm, labels: &l {app: web}}\ndata: {a: &v "1", b: *v}\n';
    const loaded = parseManifestBytes(Buffer.from(text));
    expect(loaded.problems).toEqual([]);
    expect(loaded.objects[0].object.data).toEqual({ a: '1', b: '1' });
  });
});

describe('field names of Object.prototype are fields like any other', () => {
  test('__proto__, toString, constructor and hasOwnProperty are unknown fields, not crashes', () => {
    const result = checkPaths([path.join(hostile, 'proto-fields.yaml')]);
    const unknown = only(result.findings, 'schema-unknown-field').map((f) => f.path).sort();
    expect(unknown).toEqual(['spec.__proto__', 'spec.constructor', 'spec.hasOwnProperty', 'spec.ports[0].__proto__', 'spec.toString']);
    expect(only(result.findings, 'schema-kind').map((f) => f.message)).toEqual([
      'Kubernetes 1.28 serves no "constructor" in "v1"',
      'Kubernetes 1.28 serves no "toString" in "__proto__"',
    ]);
    expect(result.objects).toBe(3);
  });

  test('objects built in code with such keys are checked too', () => {
    const labels = JSON.parse('{"__proto__": "x", "app": "web"}');
    const result = checkManifests([{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', labels }, spec: { selector: labels, ports: [{ port: 80 }] } }]);
    expect(only(result.findings, 'api-label').map((f) => f.path)).toEqual(['metadata.labels.__proto__', 'spec.selector.__proto__']);
  });
});

describe('input kubectl rejects', () => {
  test.each([
    ['trailing-comma.json', 'invalid JSON'],
    ['not-utf8.yaml', 'not UTF-8'],
    ['binary.yaml', 'not UTF-8'],
    ['complex-key.yaml', 'a mapping key that is itself a mapping or a list'],
  ])('fails on %s with one yaml-syntax error', (file, message) => {
    const result = checkPaths([path.join(hostile, file)]);
    expect(result.findings.map((f) => [f.id, f.severity])).toEqual([['yaml-syntax', 'error']]);
    expect(result.findings[0].message).toContain(message);
    expect(result.findings[0].message.length).toBeLessThan(400);
  });

  // kubectl: "error converting YAML to JSON: yaml: found character that cannot start any token"
  test.each([
    ['a tab before a document marker', '\t---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n'],
    ['a field indented by a tab', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: x\n'],
  ])('fails on %s with a yaml-syntax error; a tab inside a block scalar is its content', (_name, text) => {
    expect(parseManifestText(text, 'tab.yaml').problems.map((p) => [p.id, p.message.split(' at line')[0]]))
      .toEqual([['yaml-syntax', 'Tabs are not allowed as indentation']]);
    const inside = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  s: |\n    \tindented\n';
    expect(parseManifestText(inside, 'tab.yaml')).toEqual({ objects: [expect.objectContaining({ object: expect.objectContaining({ data: { s: '\tindented\n' } }) })], problems: [] });
  });

  // kubectl: 'unable to decode "s.yaml": json: cannot unmarshal string into Go value of type unstructured.detector'
  test('a tagged empty document (`!!str #comment`) is a document that is not an object, not nothing', () => {
    const loaded = parseManifestText('!!str # a comment\n---\n', 's.yaml');
    expect(loaded).toEqual({ objects: [{ object: '', file: 's.yaml' }], problems: [] });
    expect(only(checkLoaded(loaded).findings, 'schema-kind').map((f) => f.file)).toEqual(['s.yaml']);
  });

  test('JSON without a trailing comma is read, and a byte-order mark is dropped', () => {
    const json = '\ufeff{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm"}, "data": {"a": "1"}}';
    expect(parseManifestBytes(Buffer.from(json))).toEqual({ objects: [{ object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data: { a: '1' } } }], problems: [] });
  });

  test('fails on nesting 200,000 levels deep with a yaml-syntax error, not a crash', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  a: ${'['.repeat(200000)}${']'.repeat(200000)}\n`;
    const { value: result, ms } = timed(() => checkLoadedText(text));
    expect(ms).toBeLessThan(HANG_MS);
    expect(only(result.findings, 'yaml-syntax').map((f) => f.message)).toEqual([expect.stringContaining('nests too deep')]);
  });

  test('a JSON stream of several objects is read as kubectl reads it, one object each', () => {
    const one = (name: string): string => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: '}{"' } });
    const loaded = parseManifestBytes(Buffer.from(`${one('a')}\n${one('b')}${one('c')}\n`));
    expect(loaded.problems).toEqual([]);
    expect(loaded.objects.map((o) => o.object.metadata.name)).toEqual(['a', 'b', 'c']);
    expect(parseManifestBytes(Buffer.from(`${one('a')}\n,${one('b')}`)).problems.map((p) => p.id)).toEqual(['yaml-syntax']);
  });

  test('a file of 30 broken documents gives one syntax error, not 30', () => {
    const result = checkPaths([path.join(hostile, 'many-syntax-errors.yaml')]);
    const syntax = only(result.findings, 'yaml-syntax');
    expect(syntax).toHaveLength(1);
    expect(syntax[0].message).toMatch(/and \d+ more errors in this file/);
  });
});

describe('long values are cut in messages', () => {
  const big = 'x'.repeat(2 * 1024 * 1024);

  test('a 2 MB value is never echoed whole', () => {
    const { value: result, ms } = timed(() => checkManifests([
      { apiVersion: 'v1', kind: 'Service', metadata: { name: big, labels: { app: big } }, spec: { selector: { [big]: 'x' }, ports: [{ port: big }] } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: `busybox:${big}`, env: [{ name: 'API_TOKEN', value: big }] }] } },
    ]));
    expect(ms).toBeLessThan(HANG_MS);
    expect(result.findings.length).toBeGreaterThan(3);
    for (const f of result.findings) {
      expect(f.message.length + f.fix.length + f.name.length + (f.path ?? '').length).toBeLessThan(3000);
    }
    expect(formatText(result).length).toBeLessThan(40 * 1024);
  });

  test('a wrong-type value that is a huge shared structure is shown in a few characters', () => {
    let value: unknown = 'lol';
    for (let i = 0; i < 30; i++) {
      value = [value, value, value];
    }
    const { value: result, ms } = timed(() => checkManifests([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data: { a: value } }]));
    expect(ms).toBeLessThan(HANG_MS);
    expect(only(result.findings, 'schema-type')[0].message).toMatch(/^data\.a is array \[\[\[.{0,80}…, expected string$/);
  });
});

describe('what the API server rejects in ConfigMaps, Secrets and claims', () => {
  const secret = (extra: object): object => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, ...extra });

  test('fails on Secret keys with a space or a leading ..', () => {
    const result = checkManifests([secret({ stringData: { 'pass word': 'x', '..data': 'y', 'ok.key_1-2': 'z' } })]);
    expect(only(result.findings, 'api-config-data').map((f) => f.path)).toEqual(['stringData.pass word', 'stringData...data']);
  });

  test('fails on a ConfigMap or a Secret over 1 MiB', () => {
    const mib = 'x'.repeat(1024 * 1024);
    const result = checkManifests([
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data: { a: mib, b: 'y' } },
      secret({ data: { a: Buffer.from(mib).toString('base64') } }),
      secret({ metadata: { name: 'exactly-1mib' }, data: { a: Buffer.from(mib).toString('base64') } }),
    ]);
    expect(only(result.findings, 'api-config-data').map((f) => `${f.kind}/${f.name}: ${f.message}`)).toEqual([
      'ConfigMap/cm: the ConfigMap holds 1048577 bytes of data: the API server rejects more than 1 MiB (1048576 bytes)',
    ]);
  });

  test('fails on a secretKeyRef or configMapKeyRef name that is not a DNS-1123 subdomain', () => {
    const result = checkManifests([{
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' },
      spec: { containers: [{ name: 'c', image: 'busybox:1.36', env: [
        { name: 'A', valueFrom: { secretKeyRef: { name: 'My_Secret', key: 'password' } } },
        { name: 'B', valueFrom: { configMapKeyRef: { name: 'ok', key: 'pass word' } } },
      ] }] },
    }]);
    expect(only(result.findings, 'api-env').map((f) => f.path)).toEqual([
      'spec.containers[0].env[0].valueFrom.secretKeyRef.name', 'spec.containers[0].env[1].valueFrom.configMapKeyRef.key',
    ]);
  });

  test('fails on a claim of storage: 0, in a PersistentVolumeClaim and a StatefulSet claim template', () => {
    const result = checkManifests([
      { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: 0 } } } },
      {
        apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' },
        spec: {
          serviceName: 'db', selector: { matchLabels: { app: 'db' } },
          template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres:16.4' }] } },
          volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '0Gi' } } } }],
        },
      },
    ]);
    expect(only(result.findings, 'api-resources').map((f) => `${f.kind} ${f.path}`)).toEqual([
      'PersistentVolumeClaim spec.resources.requests.storage', 'StatefulSet spec.volumeClaimTemplates[0].spec.resources.requests.storage',
    ]);
  });
});

describe('the command line on odd input', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'check-hostile-'));
  });
  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('a folder of Helm templates gives one note, no syntax errors, and still checks the plain manifests', () => {
    const result = checkPaths([path.join(hostile, 'helm-chart')]);
    expect(result.findings.map((f) => `${f.id} ${f.severity}`)).toEqual(['template-file warning']);
    expect(result.findings[0].message).toContain('3 template files were skipped');
    expect(result.objects).toBe(1);
  });

  test('the same path twice is read once', () => {
    expect(checkPaths([dist, dist, path.join(dist, 'lab.k8s.yaml')]).objects).toBe(checkPaths([dist]).objects);
  });

  test('fails on --disable without a value, with exit 2 and one line', () => {
    for (const argv of [['--disable'], ['--disable', '--json', dist], ['--disable=', dist]]) {
      const r = run(argv);
      expect({ argv, code: r.code, first: r.err.split('\n')[0] }).toEqual({ argv, code: 2, first: '--disable needs a comma-separated list of check ids' });
    }
    expect(run(['--disable=resources,image-tag', dist]).code).toBe(0);
  });

  test('fails on an empty folder with exit 2, unless --allow-empty', () => {
    const empty = run([tmp]);
    expect(empty.code).toBe(2);
    expect(empty.err).toMatch(/^no Kubernetes object found in .*; pass --allow-empty if that is expected\n$/);
    expect(run(['--allow-empty', tmp]).code).toBe(0);
  });

  test('fails on empty standard input (a failed `helm template | check -`) with exit 2', () => {
    const bin = path.join(root, 'bin', 'cdk8s-mysql-clusterip.js');
    const r = spawnSync(process.execPath, [bin, 'check', '-'], { input: '', encoding: 'utf8', timeout: 20000 });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(spawnSync(process.execPath, [bin, 'check', '--allow-empty', '-'], { input: '', encoding: 'utf8', timeout: 20000 }).status).toBe(0);
  });

  test('fails with exit 2 and one line on an internal error, not 1 (the code for findings)', () => {
    const err: string[] = [];
    const code = checkCli([dist], { out: () => { throw new Error('write EPIPE\n    at Socket.write'); }, err: (t) => { err.push(t); } });
    expect(code).toBe(2);
    expect(err).toEqual(['internal error, please report it: Error: write EPIPE']);
  });
});
