import {
  ApiObject, App, Chart, DependencyGraph, ImplicitTokenResolver, Lazy, LazyResolver, NumberStringUnionResolver, Yaml,
} from 'cdk8s';
import { IConstruct } from 'constructs';
import { YamlWriter } from './_yaml';

/**
 * Synthesizes `app` into its output directory like `app.synth()`, with the same files byte for byte, in
 * time linear in the number of charts.
 *
 * `app.synth()` validates the whole app and resolves its dependencies once, then again for each chart it
 * writes (cdk8s 2.x `Chart.toJson()` does it all over), so an app with one chart per tenant costs the square
 * of the number of tenants (`npm run bench` measures both). This runs `app.synth()` itself with four cdk8s
 * internals swapped for the duration of the call, each for code that returns the same result:
 * - the per-chart repetition is skipped: `app.synth()` has done it, the same way, before the first chart;
 * - when no construct has a dependency, charts and objects are listed in tree order, which is what the
 *   dependency sort would return, without building the graph;
 * - with only cdk8s's built-in resolvers, values are resolved without the per-value context object, key path
 *   and app lookup that only custom resolvers need;
 * - YAML is written by a block writer that leaves every document it does not handle to `Yaml.stringify`.
 *
 * @param app the app to synthesize; every option of `App` applies as in `app.synth()`
 */
export function synthApp(app: App): void {
  const synthChart = App._synthChart;
  const charts = Object.getOwnPropertyDescriptor(App.prototype, 'charts')!;
  const stringify = Object.getOwnPropertyDescriptor(Yaml, 'stringify')!;
  const resolveModule: { resolve: typeof import('cdk8s/lib/resolve').resolve } = require('cdk8s/lib/resolve');
  const resolve = resolveModule.resolve;
  try {
    // `_synthChart` is what `Chart.toJson()` calls: validation and dependency resolution of the whole app,
    // then the chart's objects in dependency order. `app.synth()` has done the first two before any chart.
    App._synthChart = (chart: Chart) => chartObjects(chart).map((obj) => obj.toJson());
    // `app.charts` sorts the whole app by dependencies; without any, that is the tree order.
    Object.defineProperty(app, 'charts', {
      configurable: true,
      get: () => {
        const constructs = app.node.findAll();
        return independent(constructs) ? constructs.filter((c): c is Chart => Chart.isChart(c)) : charts.get!.call(app);
      },
    });
    if (typeof resolve === 'function' && hasBuiltInResolversOnly(app)) {
      resolveModule.resolve = (key, value, apiObject) => (App.of(apiObject) === app ? resolveBuiltIn(value) : resolve(key, value, apiObject));
    }
    const writer = new YamlWriter((doc) => stringify.value.call(Yaml, doc));
    Object.defineProperty(Yaml, 'stringify', {
      ...stringify,
      value: (...docs: unknown[]) => docs.map((doc) => (doc === undefined ? '\n' : writer.document(doc))).join('---\n'),
    });
    app.synth();
  } finally {
    App._synthChart = synthChart;
    delete (app as { charts?: Chart[] }).charts;
    resolveModule.resolve = resolve;
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

function hasBuiltInResolversOnly(app: App): boolean {
  const builtIn = [LazyResolver, ImplicitTokenResolver, NumberStringUnionResolver];
  return app.resolvers.length === builtIn.length && app.resolvers.every((r, i) => r.constructor === builtIn[i]);
}

/**
 * cdk8s's `resolve()` with its three built-in resolvers, in their order: a `Lazy` is produced, an object with a
 * `resolve()` method is resolved, a number-or-string union (`IntOrString`, `Quantity`) becomes `{ value }`;
 * then lists and plain objects are resolved item by item, and anything else is kept as it is.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function resolveBuiltIn(value: any): any {
  // Strings, numbers and booleans have neither a `resolve()` method nor a `value`: kept as they are.
  if (value == null || (typeof value !== 'object' && typeof value !== 'function')) return value;
  if (value instanceof Lazy) return resolveBuiltIn(value.produce());
  if (typeof value.resolve === 'function') return resolveBuiltIn(value.resolve());
  if (value.constructor !== Object && (typeof value.value === 'number' || typeof value.value === 'string')) {
    return resolveBuiltIn({ value: value.value });
  }
  if (Array.isArray(value)) return value.map((item) => resolveBuiltIn(item));
  if (value.constructor === Object) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const result: Record<string, any> = {};
    for (const key of Object.keys(value)) result[key] = resolveBuiltIn(value[key]);
    return result;
  }
  return value;
}
