// A NetworkPolicy whose podSelector selects no pod of its namespace, where the set has pods: it protects nothing,
// and the label typo behind it usually means the traffic meant to be allowed is blocked.
import { CheckContext } from '../context';
import { asArray, asRecord, describeItem, selectorMatches } from '../model';
import { describeSelector } from '../netpol';
import { Report } from '../rule';
import { nearestLabel } from './_labels';

export const id = 'netpol-selects-no-pods';
export const severity = 'warning';
export const group = 'wiring';
export const description = 'a NetworkPolicy whose podSelector selects no pod of its namespace';

export function check(ctx: CheckContext, report: Report): void {
  for (const policy of ctx.policies) {
    const selector = policy.object.spec.podSelector;
    const pairs = Object.entries(asRecord(asRecord(selector).matchLabels));
    const pods = ctx.podsByNamespace.get(policy.namespace) ?? [];
    if (pods.length === 0 || (pairs.length === 0 && asArray(asRecord(selector).matchExpressions).length === 0)) {
      continue; // selects every pod, or the set holds none of its namespace's pods
    }
    if (pods.some((p) => selectorMatches(selector, p.labels))) {
      continue;
    }
    const near = pairs.length === 1 && typeof pairs[0][1] === 'string' ? nearestLabel(pairs[0][0], pairs[0][1], pods) : undefined;
    report(policy, 'spec.podSelector', `podSelector ${describeSelector(selector)} selects no pod of namespace "${policy.namespace}": the policy applies to nothing`,
      near ? `Did you mean ${near.key}=${near.value}? ${describeItem(near.pod.item)} carries it.`
        : `Set spec.podSelector to the labels of the pods to protect (pods in ${policy.namespace}: ${pods.slice(0, 3).map((p) => describeItem(p.item)).join(', ')}).`);
  }
}
