// The connections of a set of manifests as a Mermaid flowchart: clients -> Services -> workloads, and the
// NetworkPolicies on the pods. Broken edges end in a cross and say why.
import { Item } from './model';
import { Wiring } from './wiring';

function id(prefix: string, item: Item): string {
  return `${prefix}_${item.namespace}_${item.name}`.replace(/[^A-Za-z0-9_]/g, '_');
}

/** A quoted Mermaid label: no double quotes, and no characters Mermaid reads as markup. */
function text(s: string): string {
  return `"${s.replace(/"/g, "'").replace(/[<>#|]/g, ' ')}"`;
}

/** Renders the wiring as a Mermaid flowchart (deterministic: the same set gives the same text). */
export function toMermaid(wiring: Wiring): string {
  const nodes = new Map<string, { ns: string; line: string; index: number }>();
  const edges: string[] = [];
  const node = (key: string, ns: string, line: string, index: number): string => {
    if (!nodes.has(key)) {
      nodes.set(key, { ns, line: `${key}${line}`, index });
    }
    return key;
  };
  const workload = (item: Item): string => node(id('w', item), item.namespace,
    item.kind === 'Pod' ? `([${text(`Pod ${item.name}`)}])` : `[${text(`${item.kind} ${item.name}`)}]`, item.index);
  const service = (item: Item): string => node(id('svc', item), item.namespace, `{{${text(`Service ${item.name}`)}}}`, item.index);
  const used = new Set<Item>();

  for (const edge of wiring.clientEdges) {
    const from = workload(edge.client.item);
    const via = edge.allowedBy.size ? `, allowed by ${[...edge.allowedBy].sort().join(', ')}` : '';
    const label = `${edge.env}${edge.port !== undefined ? ` :${edge.port}` : ''}${edge.problems.length ? '' : via}`;
    let to: string;
    if (edge.service) {
      to = service(edge.service);
      used.add(edge.service);
    } else {
      to = node(`missing_${edge.serviceNamespace}_${edge.serviceName}`.replace(/[^A-Za-z0-9_]/g, '_'), edge.serviceNamespace,
        `[${text(`no Service ${edge.serviceName}`)}]:::broken`, Number.MAX_SAFE_INTEGER);
    }
    edges.push(edge.problems.length ? `  ${from} --x|${text(`${label} ✗ ${edge.problems.join(', ')}`)}| ${to}` : `  ${from} -->|${text(label)}| ${to}`);
  }
  for (const edge of wiring.serviceEdges) {
    const from = service(edge.service);
    const to = workload(edge.pod.item);
    const broken = edge.unintended || edge.ports.some((p) => p.broken);
    const label = edge.ports.map((p) => `${p.label}${p.broken ? ' ✗ not exposed' : ''}`).join(', ') + (edge.unintended ? ' ✗ unintended pods' : '');
    edges.push(broken ? `  ${from} --x|${text(label)}| ${to}` : `  ${from} -->|${text(label)}| ${to}`);
  }
  for (const edge of wiring.ingressEdges) {
    const from = node(id('ing', edge.ingress), edge.ingress.namespace, `[/${text(`Ingress ${edge.ingress.name}`)}/]`, edge.ingress.index);
    let to: string;
    if (edge.service) {
      to = service(edge.service);
      used.add(edge.service);
    } else {
      to = node(`missing_${edge.ingress.namespace}_${edge.serviceName}`.replace(/[^A-Za-z0-9_]/g, '_'), edge.ingress.namespace,
        `[${text(`no Service ${edge.serviceName}`)}]:::broken`, Number.MAX_SAFE_INTEGER);
    }
    const label = edge.port ? `:${edge.port}` : 'backend';
    edges.push(edge.problems.length ? `  ${from} --x|${text(`${label} ✗ ${edge.problems.join(', ')}`)}| ${to}` : `  ${from} -->|${text(label)}| ${to}`);
  }
  for (const s of wiring.servicesWithoutPods) {
    const from = service(s);
    const to = node(`nopods_${id('svc', s)}`, s.namespace, `[${text('no pods')}]:::broken`, Number.MAX_SAFE_INTEGER);
    edges.push(`  ${from} --x|${text('✗ selector matches no pod')}| ${to}`);
  }
  for (const s of wiring.services) {
    if (!used.has(s)) {
      service(s);
    }
  }
  for (const edge of wiring.policyEdges) {
    const from = node(id('np', edge.policy), edge.policy.namespace, `>${text(`NetworkPolicy ${edge.policy.name}`)}]`, edge.policy.index);
    edges.push(`  ${from} -.-|${text(edge.allows.join('; ') || 'selects')}| ${workload(edge.pod.item)}`);
  }
  for (const p of wiring.policies) {
    node(id('np', p), p.namespace, `>${text(`NetworkPolicy ${p.name} (selects no pod)`)}]`, p.index);
  }

  const lines = ['flowchart LR'];
  const byNs = new Map<string, { line: string; index: number }[]>();
  for (const n of nodes.values()) {
    byNs.set(n.ns, [...(byNs.get(n.ns) ?? []), n]);
  }
  for (const ns of [...byNs.keys()].sort()) {
    lines.push(`  subgraph ${`ns_${ns}`.replace(/[^A-Za-z0-9_]/g, '_')}[${text(`namespace ${ns}`)}]`);
    for (const n of byNs.get(ns)!.sort((a, b) => a.index - b.index || a.line.localeCompare(b.line))) {
      lines.push(`    ${n.line}`);
    }
    lines.push('  end');
  }
  lines.push(...edges);
  lines.push('  classDef broken stroke:#d00,color:#d00');
  return lines.join('\n');
}
