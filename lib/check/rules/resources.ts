// A container without CPU and memory requests and limits.
import { CheckContext } from '../context';
import { asRecord, containersOf, cut } from '../model';
import { Report } from '../rule';

export const id = 'resources';
export const severity = 'warning';
export const group = 'security';
export const description = 'a container without CPU and memory requests and limits';

export function check(ctx: CheckContext, report: Report): void {
  for (const pod of ctx.pods) {
    for (const { container, path } of containersOf(pod)) {
      const res = asRecord(container.resources);
      const missing = [['requests', 'cpu'], ['requests', 'memory'], ['limits', 'cpu'], ['limits', 'memory']]
        .filter(([k, r]) => asRecord(res[k])[r] === undefined).map(([k, r]) => `${k}.${r}`);
      if (missing.length) {
        report(pod.item, `${path}.resources`, `container "${cut(String(container.name))}" sets no ${missing.join(', ')}`,
          'Set resources.requests (what the scheduler reserves) and resources.limits (the ceiling) for cpu and memory.');
      }
    }
  }
}
