import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, IResolver, Lazy, ResolutionContext, Yaml, YamlOutputType } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as k8s from '../imports/k8s';
import { MysqlClusterIpLab } from '../lib';
import { synthApp } from '../lib/synth';
import { YamlWriter } from '../lib/_yaml';

function readDir(dir: string): Record<string, string> {
  const files = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
  return Object.fromEntries(files.map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

/** Runs `fn` and returns what it wrote on stderr. */
function stderrOf(fn: () => void): string {
  const written: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  try {
    fn();
  } finally {
    spy.mockRestore();
  }
  return written.join('');
}

/**
 * Builds the same app twice, synthesizes one with `app.synth()` and one with `synthApp()`, returns both outputs and
 * what synthApp wrote on stderr.
 */
function both(
  build: (app: App) => void, yamlOutputType?: YamlOutputType, resolvers?: IResolver[],
): { stock: Record<string, string>; fast: Record<string, string>; warnings: string } {
  const dirs = [0, 1].map(() => fs.mkdtempSync(path.join(os.tmpdir(), 'synth-test-')));
  try {
    const [stockApp, fastApp] = dirs.map((outdir) => new App({ outdir, yamlOutputType, resolvers }));
    build(stockApp);
    build(fastApp);
    stockApp.synth();
    const warnings = stderrOf(() => synthApp(fastApp));
    return { stock: readDir(dirs[0]), fast: readDir(dirs[1]), warnings };
  } finally {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Values whose YAML needs quoting or a block scalar, per YAML 1.1 as the `yaml` package writes it.
const TRICKY = [
  '', ' ', 'plain', '3306', '-1', '1.5', '1e3', '0x1F', '0o17', '0755', '1_000', '1:20', '.inf', '.NaN', 'true', 'False', 'yes', 'No',
  'on', 'OFF', 'y', 'n', '~', 'null', 'Null', '2001-12-14', '2001-12-14t21:59:43.10-05:00', '<<', '=', '-', '- x', '? x', ': x', 'a: b',
  'a:b', 'a #b', 'a#b', '#x', '*x', '&x', '!x', '%x', '@x', '`x', '|', '>', "'x'", '"x"', 'x"y', "x'y", '{x}', '[x]', 'x, y', 'x,y',
  ' lead', 'trail ', 'a\tb', 'multi\nline', 'ends with newline\n', 'é ü ✓', '\u0007bell', 'trap "exit 0" TERM; sleep infinity & wait',
  'x'.repeat(300), `${'word '.repeat(100)}end`, '---', '...', 'a\\b', 'http://example.com/a?b=c#d', 'app.kubernetes.io/name',
  // multi-line: block scalars with each chomping and indentation indicator, and the ones the `yaml` package quotes
  'set -u\nif true; then\n  echo "ok: # not a comment"\nfi', 'a\n\n\nb', 'keep\n\n', 'clip\n', '\nleading newline', '  indented\nfirst',
  'x\n  ', 'x\n\t', '\n', '\n\n', 'tab\tinside\nline', 'crlf\r\nline', '---\ndocument marker', 'a\n---\nb', 'a\n...\nb', '- x\n- y',
  'key: value\nother: 1', '#comment\nline', 'trailing space \nline', `${'long '.repeat(40)}\n${'line '.repeat(40)}`, 'é\n✓',
];

describe('synthApp', () => {
  test('writes the files app.synth() writes, byte for byte, for many lab charts', () => {
    // GIVEN one lab chart per tenant, as a platform team stamps them out
    const { stock, fast, warnings } = both((app) => {
      for (let i = 0; i < 5; i++) new MysqlClusterIpLab(app, `tenant-${i}`, { namespace: `tenant-${i}`, rootPassword: TRICKY[i * 7] || 'x' });
    });
    // THEN the files and their bytes are the same, written by synthApp's own path (no fallback warning)
    expect(Object.keys(fast)).toHaveLength(5);
    expect(fast).toEqual(stock);
    expect(warnings).toBe('');
  });

  test('orders charts as app.synth() does when their ids look like numbers', () => {
    const { stock, fast } = both((app) => {
      for (const id of ['b', '10', '2', 'a', '01']) new ApiObject(new Chart(app, id), 'cm', { apiVersion: 'v1', kind: 'ConfigMap' });
    }, YamlOutputType.FILE_PER_APP);
    expect(fast).toEqual(stock);
  });

  test('writes what app.synth() writes for charts with dependencies, nested charts and odd values', () => {
    const build = (app: App) => {
      const a = new Chart(app, 'a');
      const b = new Chart(app, 'b', { namespace: 'b' });
      const nested = new Chart(b, 'nested');
      const first = new ApiObject(a, 'first', { apiVersion: 'v1', kind: 'ConfigMap', data: Object.fromEntries(TRICKY.map((v, i) => [`k${i}`, v])) });
      const second = new ApiObject(a, 'second', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { annotations: Object.fromEntries(TRICKY.filter((v) => v.trim() && !v.includes('\n')).map((v) => [v.slice(0, 60), 'v'])) },
        nested: { list: [[1, 2], [], {}, [{}], { a: [] }, 0, -1, 1.5, 1e21, true, false, 'x'], empty: {}, none: [] },
      });
      second.addDependency(first);
      new ApiObject(nested, 'third', { apiVersion: 'v1', kind: 'ConfigMap', data: { numbers: '1,2', shared: 'x' } });
      const deployment = new kplus.Deployment(b, 'Deployment', { containers: [{ image: 'nginx:1.27', portNumber: 80 }] });
      deployment.exposeViaService();
      a.addDependency(b);
    };
    const types = [
      YamlOutputType.FILE_PER_CHART, YamlOutputType.FILE_PER_APP, YamlOutputType.FILE_PER_RESOURCE, YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE,
    ];
    for (const type of types) {
      const { stock, fast, warnings } = both(build, type);
      expect(Object.keys(fast).length).toBeGreaterThan(0);
      expect(fast).toEqual(stock);
      expect(warnings).toBe('');
    }
  });

  test('resolves values as app.synth() does, with and without custom resolvers', () => {
    // GIVEN values for each built-in resolver: Lazy, objects with resolve(), number-or-string unions
    const build = (app: App) => {
      const chart = new Chart(app, 'c', { labels: { team: 'db' } });
      new ApiObject(chart, 'values', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        lazy: Lazy.any({ produce: () => ({ nested: Lazy.any({ produce: () => [1, 'two', k8s.IntOrString.fromNumber(3)] }) }) }),
        token: { resolve: () => ({ port: k8s.IntOrString.fromString('mysql') }) },
        quantity: k8s.Quantity.fromString('512Mi'),
        list: [k8s.IntOrString.fromNumber(8080), null, undefined, { value: 'plain object with a value key' }],
        skipped: undefined,
      });
      new k8s.KubeService(chart, 'svc', { spec: { ports: [{ port: 80, targetPort: k8s.IntOrString.fromString('http') }] } });
    };
    const upper: IResolver = {
      resolve: (context: ResolutionContext) => {
        if (typeof context.value === 'string' && context.value !== context.value.toUpperCase() && context.key.includes('targetPort')) context.replaceValue(context.value.toUpperCase());
      },
    };
    for (const resolvers of [undefined, [upper]]) {
      const { stock, fast } = both(build, YamlOutputType.FILE_PER_CHART, resolvers);
      expect(fast).toEqual(stock);
    }
    expect(both(build, YamlOutputType.FILE_PER_CHART, [upper]).fast['c.k8s.yaml']).toContain('targetPort: HTTP');
  });

  test('restores cdk8s when synthesis fails', () => {
    // GIVEN an app whose synthesis throws
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'synth-test-')) });
    const chart = new Chart(app, 'c');
    chart.node.addValidation({ validate: () => ['always wrong'] });
    const stringify = Yaml.stringify;
    const synthChart = App._synthChart;
    // THEN the error is cdk8s's, and its functions are back in place
    expect(() => synthApp(app)).toThrow(/always wrong/);
    expect(Yaml.stringify).toBe(stringify);
    expect(App._synthChart).toBe(synthChart);
    fs.rmSync(app.outdir, { recursive: true, force: true });
  });
});

describe('synthApp on a cdk8s whose internals are not the ones it was tested with', () => {
  const version: string = JSON.parse(fs.readFileSync(require.resolve('cdk8s/package.json'), 'utf8')).version;
  const internals = App as unknown as Record<string, unknown>;
  const synthChart = Object.getOwnPropertyDescriptor(App, '_synthChart')!;
  const toJson = Object.getOwnPropertyDescriptor(Chart.prototype, 'toJson')!;
  const stringify = Object.getOwnPropertyDescriptor(Yaml, 'stringify')!;
  const build = (app: App) => {
    for (let i = 0; i < 3; i++) new MysqlClusterIpLab(app, `tenant-${i}`, { namespace: `tenant-${i}` });
  };

  afterEach(() => {
    Object.defineProperty(App, '_synthChart', synthChart);
    Object.defineProperty(Chart.prototype, 'toJson', toJson);
    Object.defineProperty(Yaml, 'stringify', stringify);
  });

  /** `fn`, declaring `count` parameters (its `length`), as a function of another signature would. */
  const withParameters = <F extends (...args: never[]) => unknown>(count: number, fn: F): F => Object.defineProperty(fn, 'length', { value: count });

  /** The one line synthApp writes when it falls back, for `lacks`. */
  const warning = (lacks: string) => `warning: synthApp: cdk8s ${version} is not shaped as the cdk8s versions synthApp was tested with (${lacks}): `
    + 'writing with app.synth() instead, the same files, slower for many charts\n';

  test('falls back to app.synth() without App._synthChart, with one line on stderr, and writes the same files', () => {
    // GIVEN a cdk8s whose charts synthesize without App._synthChart (simulated: Chart.toJson no longer calls it)
    const original = synthChart.value as (chart: Chart) => unknown[];
    let calls = 0;
    Object.defineProperty(Chart.prototype, 'toJson', { ...toJson, value: function (this: Chart) { calls++; return original(this); } });
    delete internals._synthChart;
    // WHEN synthApp runs
    const { stock, fast, warnings } = both(build);
    // THEN it says so in one line naming the version and what is missing, and writes what app.synth() writes, through cdk8s's own path
    expect(warnings).toBe(warning('no function App._synthChart (found undefined)'));
    expect(Object.keys(fast)).toHaveLength(3);
    expect(fast).toEqual(stock);
    expect(calls).toBe(6);
    expect(internals._synthChart).toBeUndefined();
  });

  test('falls back when App._synthChart takes other parameters, and leaves it in place', () => {
    // GIVEN an App._synthChart of another arity
    const original = synthChart.value as (chart: Chart) => unknown[];
    let calls = 0;
    const changed = withParameters(2, (chart: Chart) => {
      calls++;
      return original(chart);
    });
    Object.defineProperty(App, '_synthChart', { ...synthChart, value: changed });
    const { stock, fast, warnings } = both(build);
    expect(warnings).toBe(warning('App._synthChart takes 2 parameters, not 1 (chart)'));
    expect(fast).toEqual(stock);
    // THEN cdk8s's own function wrote both apps' charts, and is still the one in place
    expect(calls).toBe(6);
    expect(internals._synthChart).toBe(changed);
  });

  test('falls back when Yaml.stringify takes other parameters, and leaves it in place', () => {
    // GIVEN a Yaml.stringify(docs, options) instead of Yaml.stringify(...docs)
    const changed = withParameters(2, (...docs: unknown[]) => (stringify.value as (...d: unknown[]) => string).apply(Yaml, docs));
    Object.defineProperty(Yaml, 'stringify', { ...stringify, value: changed });
    const { stock, fast, warnings } = both(build, YamlOutputType.FILE_PER_APP);
    expect(warnings).toBe(warning('Yaml.stringify takes 2 parameters, not ...docs'));
    expect(fast).toEqual(stock);
    expect(Yaml.stringify).toBe(changed);
  });

  test('names everything that is missing in the one line', () => {
    // GIVEN neither internal as tested: no App._synthChart, and Yaml.stringify behind a getter
    const original = synthChart.value as (chart: Chart) => unknown[];
    Object.defineProperty(Chart.prototype, 'toJson', { ...toJson, value: function (this: Chart) { return original(this); } });
    delete internals._synthChart;
    Object.defineProperty(Yaml, 'stringify', { configurable: true, enumerable: false, get: () => stringify.value });
    const { stock, fast, warnings } = both(build);
    expect(warnings).toBe(warning('no function App._synthChart (found undefined); no function Yaml.stringify (found a getter)'));
    expect(warnings.split('\n')).toHaveLength(2); // one line, and its newline
    expect(fast).toEqual(stock);
  });
});

describe('YamlWriter', () => {
  const writer = new YamlWriter();

  test("writes the lab's manifests itself, asking Yaml.stringify for scalars only", () => {
    // GIVEN the lab's manifests
    const docs = new MysqlClusterIpLab(new App(), 'lab').toJson();
    const rendered: unknown[] = [];
    const spy = new YamlWriter((doc) => {
      rendered.push(doc);
      return Yaml.stringify(doc);
    });
    // THEN the output is Yaml.stringify's, and no whole document was left to it (only values, and probes of them)
    expect(docs.map((doc) => spy.document(doc))).toEqual(docs.map((doc) => Yaml.stringify(doc)));
    expect(rendered.filter((doc) => typeof doc === 'object' && doc !== null && 'apiVersion' in doc)).toEqual([]);
    expect(rendered.length).toBeGreaterThan(10);
  });

  test('writes a script as a block scalar itself, in a map and in a list, at any depth', () => {
    const script = 'set -u\nif true; then\n  echo ok\nfi\n\necho done';
    const doc = { kind: 'Job', spec: { command: ['/bin/bash', '-c', script], env: { SCRIPT: script }, deep: [{ a: [{ b: script }] }] } };
    const whole: unknown[] = [];
    const spy = new YamlWriter((d) => {
      if (d === doc) whole.push(d);
      return Yaml.stringify(d);
    });
    expect(spy.document(doc)).toBe(Yaml.stringify(doc));
    expect(spy.document(doc)).toContain('- |-\n');
    expect(whole).toEqual([]);
  });

  const cases = TRICKY.map((v) => [JSON.stringify(v).slice(0, 40), v]);

  test.each(cases)('writes %s as a value as Yaml.stringify does', (_, value) => {
    const doc = { a: value, list: [value, { k: value, m: { n: value } }], b: { c: [value] } };
    expect(writer.document(doc)).toBe(Yaml.stringify(doc));
  });

  test.each(cases)('writes %s as a key as Yaml.stringify does', (_, key) => {
    const doc = { [key]: 'v', m: { [key]: { [key]: [{ [key]: 1 }] } } };
    expect(writer.document(doc)).toBe(Yaml.stringify(doc));
  });

  test('writes scalars, empty collections, lists of lists and shared objects as Yaml.stringify does', () => {
    const shared = { s: 1 };
    const docs: unknown[] = [
      { n: [0, -0, 1, -1, 1.5, 1e21, 1e-7, 123456789012, NaN, Infinity], b: [true, false] },
      { empty: {}, none: [], list: [{}, [], [[]], [1, [2, [3]]], { a: {} }] },
      { one: shared, two: shared },
      { one: {}, two: [] },
      (() => {
        const empty = {};
        const none: unknown[] = [];
        return { one: empty, two: [empty], three: none, four: { none } };
      })(),
      { nothing: null, undef: undefined, list: [null, undefined] },
      { date: new Date(0) },
      {},
      [1, 2],
      'scalar',
    ];
    for (const doc of docs) expect(writer.document(doc)).toBe(Yaml.stringify(doc));
  });
});
