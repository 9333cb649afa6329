// A Service whose selector matches no pod template of its namespace: nothing answers on its name.
import { CheckContext } from '../context';
import { describeItem, mapSelects, stringMap } from '../model';
import { Report } from '../rule';
import { labelDiff, nearestLabel } from './_labels';

export const id = 'service-no-pods';
export const severity = 'error';
export const group = 'wiring';
export const description = 'a Service whose selector matches no pod template in the set';

export function check(ctx: CheckContext, report: Report): void {
  for (const service of ctx.services) {
    const backends = ctx.backends(service);
    if (!backends || backends.selected.length > 0) {
      continue;
    }
    const selector = stringMap(service.object.spec.selector);
    const candidates = ctx.podsByNamespace.get(service.namespace) ?? [];
    const sel = Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(',');
    // no pod of its own namespace matches (those would be its backends): any that match are elsewhere
    const elsewhere = ctx.pods.filter((p) => mapSelects(selector, p.labels));
    let fix: string;
    const pairs = Object.entries(selector);
    const near = pairs.length === 1 ? nearestLabel(pairs[0][0], pairs[0][1], candidates) : undefined;
    const best = candidates.map((p) => ({ p, score: pairs.filter(([k, v]) => p.labels[k] === v).length }))
      .sort((a, b) => b.score - a.score)[0];
    if (elsewhere.length) {
      fix = `A Service selects pods of its own namespace only, and ${elsewhere.map((p) => describeItem(p.item)).join(', ')} ${elsewhere.length > 1 ? 'match' : 'matches'}: put the Service in namespace "${elsewhere[0].item.namespace}".`;
    } else if (near) {
      fix = `Did you mean ${near.key}=${near.value}? ${describeItem(near.pod.item)} carries it: set spec.selector to it.`;
    } else if (best && best.score > 0) {
      fix = `Set spec.selector to labels the pods carry: ${describeItem(best.p.item)} has ${labelDiff(selector, best.p.labels).join('; ')}.`;
    } else {
      fix = `Set spec.selector to the labels of the pod template of the workload this Service fronts, in the same namespace${candidates.length
        ? ` (pods in ${service.namespace}: ${candidates.slice(0, 3).map((p) => `${describeItem(p.item)} has ${Object.entries(p.labels).map(([k, v]) => `${k}=${v}`).join(',')}`)
          .join('; ')})` : ''}.`;
    }
    report(service, 'spec.selector', `selector ${sel} matches no pod template in namespace "${service.namespace}"`, fix);
  }
}
