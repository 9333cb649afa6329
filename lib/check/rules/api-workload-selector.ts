// A workload selector that is missing, empty or does not match its pod template's labels.
import { CheckContext } from '../context';
import { asArray, asRecord, isObject, selectorMatches, show, stringMap } from '../model';
import { Report } from '../rule';

export const id = 'api-workload-selector';
export const severity = 'error';
export const group = 'api';
export const description = "a workload selector that is missing, empty or does not match its template's labels";

const SELECTOR_REQUIRED = new Set(['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet']);

export function check(ctx: CheckContext, report: Report): void {
  for (const item of ctx.objects) {
    const spec = item.object.spec;
    if (!isObject(spec) || !isObject(spec.template)) {
      continue;
    }
    const templateLabels = stringMap(spec.template.metadata?.labels);
    if (item.kind === 'ReplicationController') {
      const selector = stringMap(spec.selector);
      if (spec.selector !== undefined && Object.entries(selector).some(([k, v]) => templateLabels[k] !== v)) {
        report(item, 'spec.selector', 'spec.selector does not match the pod template labels', 'Make spec.template.metadata.labels include every pair of spec.selector.');
      }
      continue;
    }
    if (!SELECTOR_REQUIRED.has(item.kind) && !(item.kind === 'Job' && spec.selector !== undefined)) {
      continue;
    }
    const selector = spec.selector;
    if (!isObject(selector) || (Object.keys(asRecord(selector.matchLabels)).length === 0 && asArray(selector.matchExpressions).length === 0)) {
      report(item, 'spec.selector', `${item.kind} has no selector, or an empty one`,
        'Set spec.selector.matchLabels to labels of spec.template.metadata.labels (it cannot change after creation).');
      continue;
    }
    if (!selectorMatches(selector, templateLabels)) {
      report(item, 'spec.selector', 'spec.selector does not match the pod template labels: the API server rejects it',
        `Make spec.template.metadata.labels include ${show(selector.matchLabels ?? {}, 200)}, or fix the selector.`);
    }
  }
}
