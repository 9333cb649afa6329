/**
 * `synthApp(app)`: the same files as `app.synth()`, in time linear in the number of charts.
 *
 * @module cdk8s-mysql-clusterip/synth
 */
import { readFileSync } from 'fs';
import { ApiObject, App, Chart, DependencyGraph, Yaml } from 'cdk8s';
import { YamlWriter } from './_yaml';

/**
 * Synthesizes `app` into its output directory like `app.synth()`, with the same files byte for byte, in
 * time linear in the number of charts.
 *
 * `app.synth()` validates the whole app and resolves its dependencies once, then again for each chart it
 * writes (cdk8s 2.x `App._synthChart`, which `Chart.toJson()` calls, does it all over), so an app with one
 * chart per tenant costs the square of the number of tenants (`npm run bench` measures both). This runs
 * `app.synth()` itself with two cdk8s internals swapped for the duration of the call, and put back after it,
 * even when it throws:
 * - `App._synthChart` lists the chart's objects in dependency order, as cdk8s does, without validating the
 *   whole app again: `app.synth()` has done that, the same way, before the first chart;
 * - `Yaml.stringify` writes each document with a block writer (`lib/_yaml.ts`) that renders every scalar with
 *   `Yaml.stringify` itself, and leaves any document it does not handle to it.
 *
 * Before it swaps anything, it checks that the installed cdk8s has the internals it replaces, in the shape the
 * byte-for-byte tests ran against (`App._synthChart(chart)`, a replaceable `Yaml.stringify(...docs)`, and the
 * `DependencyGraph`, `ApiObject.isApiObject` and `Chart.of` it calls). When one is missing or shaped otherwise, it
 * writes one line on stderr, naming the cdk8s version and what it lacks, and runs plain `app.synth()`.
 *
 * @param app the app to synthesize; every option of `App` applies as in `app.synth()`
 */
export function synthApp(app: App): void {
  const unsupported = unsupportedInternals();
  if (unsupported.length > 0) {
    process.stderr.write(`warning: synthApp: cdk8s ${cdk8sVersion()} is not shaped as the cdk8s versions synthApp was tested with `
      + `(${unsupported.join('; ')}): writing with app.synth() instead, the same files, slower for many charts\n`);
    app.synth();
    return;
  }
  const synthChart = App._synthChart;
  const stringify = Object.getOwnPropertyDescriptor(Yaml, 'stringify')!;
  try {
    App._synthChart = (chart: Chart) => chartObjects(chart).map((obj) => obj.toJson());
    const writer = new YamlWriter((doc) => stringify.value.call(Yaml, doc));
    Object.defineProperty(Yaml, 'stringify', {
      ...stringify,
      value: (...docs: unknown[]) => docs.map((doc) => (doc === undefined ? '\n' : writer.document(doc))).join('---\n'),
    });
    app.synth();
  } finally {
    App._synthChart = synthChart;
    Object.defineProperty(Yaml, 'stringify', stringify);
  }
}

/** The API objects of `chart` (not of charts nested in it), in dependency order, as cdk8s orders them. */
function chartObjects(chart: Chart): ApiObject[] {
  return new DependencyGraph(chart.node).topology()
    .filter((c): c is ApiObject => ApiObject.isApiObject(c) && Chart.of(c) === chart);
}

/**
 * What the installed cdk8s lacks of the internals synthApp swaps or calls, as they were in the versions its
 * byte-for-byte tests ran against; empty when all are there.
 */
function unsupportedInternals(): string[] {
  const lacks: string[] = [];
  const synthChart: unknown = (App as unknown as Record<string, unknown>)._synthChart;
  if (typeof synthChart !== 'function') {
    lacks.push(`no function App._synthChart (found ${typeof synthChart})`);
  } else if (synthChart.length !== 1) {
    lacks.push(`App._synthChart takes ${synthChart.length} parameters, not 1 (chart)`);
  }
  const stringify = Object.getOwnPropertyDescriptor(Yaml, 'stringify');
  if (typeof stringify?.value !== 'function') {
    lacks.push(`no function Yaml.stringify (found ${stringify === undefined ? 'none' : stringify.get ? 'a getter' : typeof stringify.value})`);
  } else if (stringify.value.length !== 0) {
    lacks.push(`Yaml.stringify takes ${stringify.value.length} parameters, not ...docs`);
  } else if (!stringify.configurable) {
    lacks.push('Yaml.stringify cannot be replaced (not configurable)');
  }
  if (typeof DependencyGraph?.prototype?.topology !== 'function') lacks.push('no DependencyGraph.prototype.topology');
  if (typeof ApiObject.isApiObject !== 'function') lacks.push('no ApiObject.isApiObject');
  if (typeof Chart.of !== 'function') lacks.push('no Chart.of');
  return lacks;
}

/** The installed cdk8s's version, as its package.json says. */
function cdk8sVersion(): string {
  try {
    return JSON.parse(readFileSync(require.resolve('cdk8s/package.json'), 'utf8')).version;
  } catch {
    return '(version unknown)';
  }
}
