// A client env var naming a host no Service of the set provides. The set may simply not hold that Service (optional,
// deployed from elsewhere): an error only when a Service of the set is a near match (a typo, or the same name in
// another namespace), a warning otherwise; nothing for a namespace the set does not know.
import { CheckContext, ClientRef } from '../context';
import { cut, editDistance, Item } from '../model';
import { Report } from '../rule';

export const id = 'client-unknown-host';
export const severity = 'error';
export const group = 'wiring';
export const description = 'a client env var naming a host no Service in the set provides (an error with a near match, a warning without)';

function nearMatches(ctx: CheckContext, edge: ClientRef): Item[] {
  const { serviceName: name, serviceNamespace: namespace } = edge;
  const typo = Math.max(1, Math.floor(name.length / 3));
  // the same name can only be in another namespace: in the edge's own, the Service would have been found
  return ctx.services.filter((s) => (s.namespace === namespace && editDistance(s.name, name) <= typo) || s.name === name);
}

export function check(ctx: CheckContext, report: Report): void {
  for (const edge of ctx.clients) {
    if (edge.service) {
      continue;
    }
    const { client, ref, serviceName, serviceNamespace } = edge;
    const near = nearMatches(ctx, edge);
    if (!edge.knownNamespace && near.length === 0) {
      continue; // a Service of a namespace the set does not hold: nothing to compare with
    }
    const spelled = (s: Item): string => (s.namespace === client.item.namespace ? s.name : `${s.name}.${s.namespace}`);
    const hint = near.length ? ` Did you mean ${near.map((s) => `"${spelled(s)}"`).join(' or ')}?` : '';
    report(client.item, ref.path,
      `env ${ref.env} points at "${cut(ref.host)}", but the set has no Service "${serviceName}" in namespace "${serviceNamespace}"`
      + (near.length ? '' : ' (fine if it is deployed separately)'),
      `Point ${ref.env} at an existing Service (<service>, <service>.<namespace> or <service>.<namespace>.svc.cluster.local), or add the Service.${hint}`,
      near.length ? 'error' : 'warning');
  }
}
