// A Service targetPort (number or name) that no selected container exposes. Pods that declare no ports at all get
// one warning per workload: a numeric target still works, it is only undeclared.
import { isIanaSvcName } from '../../_k8s-rules';
import { CheckContext, portsOf, resolveTarget } from '../context';
import { asArray, describeItem, Item, Json, show } from '../model';
import { Report } from '../rule';

export const id = 'service-target-port';
export const severity = 'error';
export const group = 'wiring';
export const description = 'a targetPort (number or name) that no selected container exposes';

export function check(ctx: CheckContext, report: Report): void {
  const undeclared = new Set<Item>();
  for (const service of ctx.services) {
    const backends = ctx.backends(service);
    if (!backends || backends.selected.length === 0) {
      continue;
    }
    const { selected } = backends;
    const sports = asArray(service.object.spec.ports);
    const declared = selected.flatMap(portsOf);
    const missing = sports.map((sp, i) => ({ sp, i })).filter(({ sp }) => !selected.some((p) => resolveTarget(sp, p) !== undefined));
    const target = (sp: Json): Json => sp?.targetPort ?? sp?.port;
    const named = missing.filter(({ sp }) => isIanaSvcName(target(sp)));
    if (declared.length === 0 && named.length === 0) {
      const fresh = selected.filter((p) => !undeclared.has(p.item));
      if (missing.length > 0 && fresh.length > 0) {
        fresh.forEach((p) => undeclared.add(p.item));
        report(service, `spec.ports[${missing[0].i}].targetPort`,
          `the pods it selects (${fresh.map((p) => describeItem(p.item)).join(', ')}) declare no ports, so targetPort `
          + `${missing.map(({ sp }) => show(target(sp))).join(', ')} cannot be checked`,
          'Declare the port on the container (name and containerPort) and target it by name.', 'warning');
      }
      continue;
    }
    const available = declared.map((p) => `${p.number}${p.name ? ` (${p.name})` : ''}${p.protocol === 'TCP' ? '' : `/${p.protocol}`}`).join(', ');
    for (const { sp, i } of missing) {
      report(service, `spec.ports[${i}].targetPort`,
        `targetPort ${show(target(sp))}${sp?.protocol && sp.protocol !== 'TCP' ? `/${show(sp.protocol)}` : ''} is exposed by no selected container `
        + `(${selected.map((p) => describeItem(p.item)).join(', ')}: ${available || 'no ports declared'})`,
        available ? `Set targetPort to one of ${available}, or declare the port on the container.` : 'Declare the port on the container (name and containerPort) and target it by name.');
    }
  }
}
