// NetworkPolicies under which a client cannot reach any pod of its Service on the target port: names the policies that
// block and the rule each one lacks.
import { CheckContext } from '../context';
import { describeItem, Item, PodShape } from '../model';
import { Report } from '../rule';

export const id = 'netpol-blocks-client';
export const severity = 'error';
export const group = 'wiring';
export const description = "NetworkPolicies under which a client cannot reach its Service's pods on the target port";

/**
 * The client's labels a rule should match: the recommended name label, else `app`, else all. A pod with no labels
 * gets the label to add (`matchLabels: {}` would admit every pod of its namespace).
 */
function peerLabels(pod: PodShape): string {
  const keys = ['app.kubernetes.io/name', 'app', 'app.kubernetes.io/component'].filter((k) => pod.labels[k] !== undefined);
  const pairs = (keys.length ? keys.slice(0, 1) : Object.keys(pod.labels)).map((k) => `${k}: ${pod.labels[k]}`);
  return pairs.length ? `{${pairs.join(', ')}}` : `{app.kubernetes.io/name: ${pod.item.name}}`;
}

function policyName(p: Item): string {
  return `${p.namespace}/${p.name}`;
}

export function check(ctx: CheckContext, report: Report): void {
  for (const edge of ctx.clients) {
    const reach = ctx.reach(edge);
    if (!reach || reach.open || reach.blocked.length === 0) {
      continue;
    }
    const { client, ref, service } = edge;
    const why = new Set<string>();
    const fixes = new Set<string>();
    const crossNs = (other: PodShape): string => (other.item.namespace !== client.item.namespace
      ? `, namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ${client.item.namespace}}}` : '');
    for (const { pod, port, ingress, egress } of reach.blocked) {
      const p = `${port.number}/${port.protocol}`;
      if (ingress) {
        why.add(`ingress of ${describeItem(pod.item)} is limited by NetworkPolicy ${ingress.map(policyName).join(', ')}, which admits no traffic from this pod on ${p}`);
        if (Object.keys(client.labels).length === 0) {
          fixes.add(`label this pod (app.kubernetes.io/name: ${client.item.name}), so that a policy can name it without naming every pod of its namespace`);
        }
        fixes.add(`add to NetworkPolicy ${policyName(ingress[0])} the ingress rule {from: [{podSelector: {matchLabels: ${peerLabels(client)}}${crossNs(pod)}}], `
          + `ports: [{port: ${port.number}, protocol: ${port.protocol}}]}`);
      }
      if (egress) {
        why.add(`egress of this pod is limited by NetworkPolicy ${egress.map(policyName).join(', ')}, which allows nothing to ${describeItem(pod.item)} on ${p}`);
        const sameNs = pod.item.namespace === client.item.namespace;
        fixes.add(`add to NetworkPolicy ${policyName(egress[0])} the egress rule {to: [{podSelector: {matchLabels: ${peerLabels(pod)}}`
          + `${sameNs ? '' : `, namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ${pod.item.namespace}}}`}}], ports: [{port: ${port.number}, protocol: ${port.protocol}}]}`);
      }
    }
    report(client.item, `${client.templatePath}.labels`,
      `${ref.env}=${ref.host} cannot reach Service ${service!.namespace}/${service!.name}: ${[...why].join('; ')}`,
      `${[...fixes].map((f, i) => (i === 0 ? f[0].toUpperCase() + f.slice(1) : f)).join('; and ')} (policy ports are the pods' ports, not the Service port).`);
  }
}
