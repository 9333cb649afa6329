// Workloads whose selectors overlap: their controllers fight over the same pods.
import { CheckContext } from '../context';
import { asArray, asRecord, describeItem, isObject, selectorMatches, stringMap } from '../model';
import { describeSelector } from '../netpol';
import { Report } from '../rule';

export const id = 'workload-selector-overlap';
export const severity = 'warning';
export const group = 'wiring';
export const description = 'a workload selector that also matches the pods of another workload';

const CONTROLLERS = ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ReplicationController'];

export function check(ctx: CheckContext, report: Report): void {
  const workloads = ctx.pods.filter((p) => CONTROLLERS.includes(p.item.kind));
  for (const a of workloads) {
    const selector = a.item.kind === 'ReplicationController' ? { matchLabels: stringMap(a.item.object.spec?.selector) } : a.item.object.spec?.selector;
    if (!isObject(selector) || (Object.keys(asRecord(selector.matchLabels)).length === 0 && asArray(selector.matchExpressions).length === 0)) {
      continue;
    }
    const others = workloads.filter((b) => b !== a && b.item.namespace === a.item.namespace && selectorMatches(selector, b.labels));
    if (others.length) {
      report(a.item, 'spec.selector',
        `spec.selector ${describeSelector(selector)} also matches the pods of ${others.map((p) => describeItem(p.item)).join(', ')}: the controllers fight over them`,
        'Add a label to the selector and the template that only this workload carries (selectors cannot change after creation: recreate the workload).');
    }
  }
}
