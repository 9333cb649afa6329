import { ApiObject, App, Chart, DependencyGraph, Yaml } from 'cdk8s';
import { IConstruct } from 'constructs';
import { YamlWriter } from './_yaml';

/**
 * Synthesizes `app` into its output directory like `app.synth()`, with the same files byte for byte, in
 * time linear in the number of charts.
 *
 * `app.synth()` validates the whole app and resolves its dependencies once, then again for each chart it
 * writes (cdk8s 2.x `Chart.toJson()` does it all over), so an app with one chart per tenant costs the square
 * of the number of tenants: 1,000 lab charts take about 10 s instead of 1. This runs `app.synth()` with the
 * per-chart repetition skipped (everything it would recompute is already done, the same way, at the start
 * of `app.synth()`), and writes block YAML directly where `Yaml.stringify` would write the same bytes.
 *
 * @param app the app to synthesize; every option of `App` applies as in `app.synth()`
 */
export function synthApp(app: App): void {
  // `_synthChart` is what `Chart.toJson()` calls: validation and dependency resolution of the whole app,
  // then the chart's objects in dependency order. `app.synth()` has done the first two before any chart.
  const synthChart = App._synthChart;
  const stringify = Object.getOwnPropertyDescriptor(Yaml, 'stringify')!;
  const writer = new YamlWriter((doc) => stringify.value.call(Yaml, doc));
  App._synthChart = (chart: Chart) => chartObjects(chart).map((obj) => obj.toJson());
  // `app.charts` sorts the whole app by dependencies; without any, that is the tree order.
  const charts = Object.getOwnPropertyDescriptor(App.prototype, 'charts')!;
  Object.defineProperty(app, 'charts', {
    configurable: true,
    get: () => {
      const constructs = app.node.findAll();
      return independent(constructs) ? constructs.filter((c): c is Chart => Chart.isChart(c)) : charts.get!.call(app);
    },
  });
  Object.defineProperty(Yaml, 'stringify', {
    ...stringify,
    value: (...docs: unknown[]) => docs.map((doc) => (doc === undefined ? '\n' : writer.document(doc))).join('---\n'),
  });
  try {
    app.synth();
  } finally {
    delete (app as { charts?: Chart[] }).charts;
    App._synthChart = synthChart;
    Object.defineProperty(Yaml, 'stringify', stringify);
  }
}

/** The API objects of `chart` (not of charts nested in it), in dependency order, as cdk8s orders them. */
function chartObjects(chart: Chart): ApiObject[] {
  const constructs = chart.node.findAll();
  return (independent(constructs) ? constructs : new DependencyGraph(chart.node).topology())
    .filter((c): c is ApiObject => ApiObject.isApiObject(c) && Chart.of(c) === chart);
}

/**
 * True when cdk8s's DependencyGraph of these constructs (`node.findAll()` of its root) lists them in the same
 * order: none has a dependency. The graph keys its vertices by path in a plain object, which lists keys that
 * look like array indexes first; `findAll()` does the same with child ids, but to stay on the safe side such
 * paths take cdk8s's own way.
 */
function independent(constructs: IConstruct[]): boolean {
  return constructs.every((c) => c.node.dependencies.length === 0 && !ARRAY_INDEX.test(c.node.path));
}

const ARRAY_INDEX = /^(0|[1-9][0-9]*)$/;
