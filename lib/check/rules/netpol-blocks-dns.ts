// Egress NetworkPolicies that select a client and allow no DNS: it cannot resolve the Service names it uses.
import { CheckContext } from '../context';
import { cut, PodShape } from '../model';
import { Report } from '../rule';

export const id = 'netpol-blocks-dns';
export const severity = 'error';
export const group = 'wiring';
export const description = 'egress NetworkPolicies under which a client cannot resolve Service names (UDP and TCP 53)';

export function check(ctx: CheckContext, report: Report): void {
  const done = new Set<PodShape>();
  for (const edge of ctx.clients) {
    const { client } = edge;
    if (done.has(client)) {
      continue;
    }
    done.add(client);
    const { udp, tcp } = ctx.dnsBlockers(client);
    if (!udp && !tcp) {
      continue;
    }
    const blockers = [...new Set([...(udp ?? []), ...(tcp ?? [])])].map((p) => p.name).join(', ');
    report(client.item, `${client.templatePath}.labels`,
      `egress NetworkPolicies (${blockers}) select this pod and allow no DNS on ${[udp ? 'UDP 53' : '', tcp ? 'TCP 53' : ''].filter(Boolean).join(' and ')}: `
      + `"${cut(edge.ref.host)}" cannot be resolved`,
      'Add an egress rule to namespace kube-system (namespaceSelector kubernetes.io/metadata.name: kube-system, podSelector k8s-app: kube-dns) '
      + 'on port 53 with protocol UDP and port 53 with protocol TCP.',
      udp ? 'error' : 'warning');
  }
}
