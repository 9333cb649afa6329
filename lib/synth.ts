/**
 * `synthApp(app)`: the same files as `app.synth()`, in time linear in the number of charts.
 *
 * @module cdk8s-mysql-clusterip/synth
 */
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
 * @param app the app to synthesize; every option of `App` applies as in `app.synth()`
 */
export function synthApp(app: App): void {
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
