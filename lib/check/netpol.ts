// NetworkPolicy semantics: which policies isolate a pod, and whether they admit a peer on a port. Policy ports
// are the destination pod's ports; a podSelector peer without namespaceSelector means the policy's namespace; a
// port without protocol is TCP; once a policy selects a pod for a direction, whatever no policy allows is denied.
import { asArray, asRecord, isObject, Item, Json, selectorMatches, stringMap } from './model';

/** A container port of a destination pod. */
export interface ContainerPort {
  readonly number: number;
  readonly name?: string;
  readonly protocol: string;
}

export interface Endpoint {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
}

function policyTypes(policy: Json): Set<string> {
  const spec = asRecord(policy.spec);
  if (Array.isArray(spec.policyTypes) && spec.policyTypes.length > 0) {
    return new Set(spec.policyTypes);
  }
  const types = new Set(['Ingress']);
  if (asArray(spec.egress).length > 0) {
    types.add('Egress');
  }
  return types;
}

function openCidr(cidr: unknown): boolean {
  return cidr === '0.0.0.0/0' || cidr === '::/0';
}

export class PolicyIndex {
  private readonly namespaceLabels = new Map<string, Record<string, string>>();

  /** `policies`: NetworkPolicies whose `spec` is an object, as `CheckContext` keeps them. */
  constructor(private readonly policies: readonly Item[], namespaces: readonly Item[]) {
    for (const ns of namespaces) {
      this.namespaceLabels.set(ns.name, stringMap(ns.object.metadata?.labels));
    }
  }

  public nsLabels(namespace: string): Record<string, string> {
    return { ...(this.namespaceLabels.get(namespace) ?? {}), 'kubernetes.io/metadata.name': namespace };
  }

  /**
   * Whether a namespace selector matches a namespace. The labels of a namespace the set does not define are unknown
   * (a platform team may have labelled it), except for the namespaces every cluster has with only their name label;
   * an unknown namespace gets the benefit of the doubt unless the selector asks for its name only.
   */
  public namespaceMatches(selector: Json, namespace: string): boolean {
    const known = this.namespaceLabels.has(namespace) || WELL_KNOWN_NAMESPACES.has(namespace);
    const keys = [...Object.keys(asRecord(selector?.matchLabels)), ...asArray(selector?.matchExpressions).map((e) => e?.key)];
    if (!known && keys.some((k) => k !== 'kubernetes.io/metadata.name')) {
      return true;
    }
    return selectorMatches(selector, this.nsLabels(namespace));
  }

  /** Policies of `type` that select the pod (the pod is isolated for that direction when any do). */
  public selecting(pod: Endpoint, type: 'Ingress' | 'Egress'): Item[] {
    return this.policies.filter((p) => p.namespace === pod.namespace && policyTypes(p.object).has(type)
      && selectorMatches(p.object.spec.podSelector ?? {}, pod.labels));
  }

  private peerMatches(policy: Item, peer: Json, other: Endpoint): boolean {
    if (!isObject(peer)) {
      return false;
    }
    if (peer.ipBlock !== undefined) {
      return openCidr(peer.ipBlock?.cidr);
    }
    if (peer.namespaceSelector === undefined && peer.podSelector === undefined) {
      return false;
    }
    const nsOk = peer.namespaceSelector !== undefined
      ? this.namespaceMatches(peer.namespaceSelector, other.namespace)
      : other.namespace === policy.namespace;
    const podOk = peer.podSelector !== undefined ? selectorMatches(peer.podSelector, other.labels) : true;
    return nsOk && podOk;
  }

  private portMatches(rulePorts: Json, port: ContainerPort): boolean {
    const ports = asArray(rulePorts);
    if (ports.length === 0) {
      return true; // no ports (absent, null or []): every port
    }
    return ports.some((p) => {
      if ((p?.protocol ?? 'TCP') !== port.protocol) {
        return false;
      }
      if (p?.port === undefined) {
        return true;
      }
      if (!/^[0-9]+$/.test(String(p.port))) {
        return p.port === port.name; // a named port
      }
      const start = Number(p.port);
      const end = typeof p.endPort === 'number' ? p.endPort : start;
      return port.number >= start && port.number <= end;
    });
  }

  /** Whether `policy` lets traffic between `self` (the pod it selects) and `other` on `port` (a port of the destination pod). */
  private allows(policy: Item, type: 'Ingress' | 'Egress', other: Endpoint, port: ContainerPort): boolean {
    const rules = asArray(policy.object.spec[type === 'Ingress' ? 'ingress' : 'egress']);
    return rules.some((rule) => {
      const peers = asArray(rule?.[type === 'Ingress' ? 'from' : 'to']);
      // no peers (absent, null or []): every peer
      const peerOk = peers.length === 0 || peers.some((peer) => this.peerMatches(policy, peer, other));
      return peerOk && this.portMatches(rule?.ports, port);
    });
  }

  /** Policies that isolate `to` for ingress and none of which admits `from` on `port`; [] when allowed. */
  /** The policies that let `from` reach `to` on `port` (ingress on `to`, egress on `from`); empty when none applies. */
  public allowing(from: Endpoint, to: Endpoint, port: ContainerPort): Item[] {
    return [
      ...this.selecting(to, 'Ingress').filter((p) => this.allows(p, 'Ingress', from, port)),
      ...this.selecting(from, 'Egress').filter((p) => this.allows(p, 'Egress', to, port)),
    ];
  }

  public ingressBlockers(from: Endpoint, to: Endpoint, port: ContainerPort): Item[] | undefined {
    const selecting = this.selecting(to, 'Ingress');
    if (selecting.length === 0 || selecting.some((p) => this.allows(p, 'Ingress', from, port))) {
      return undefined;
    }
    return selecting;
  }

  public egressBlockers(from: Endpoint, to: Endpoint, port: ContainerPort): Item[] | undefined {
    const selecting = this.selecting(from, 'Egress');
    if (selecting.length === 0 || selecting.some((p) => this.allows(p, 'Egress', to, port))) {
      return undefined;
    }
    return selecting;
  }

  /** A one-line summary per rule, for the graph. */
  public summary(policy: Item): string[] {
    const spec = asRecord(policy.object.spec);
    const out: string[] = [];
    const types = policyTypes(policy.object);
    for (const type of ['Ingress', 'Egress'] as const) {
      if (!types.has(type)) {
        continue;
      }
      const rules = asArray(spec[type === 'Ingress' ? 'ingress' : 'egress']);
      if (rules.length === 0) {
        out.push(`deny all ${type.toLowerCase()}`);
      }
      for (const rule of rules) {
        const peers = asArray(rule?.[type === 'Ingress' ? 'from' : 'to']).map(describePeer);
        const ports = asArray(rule?.ports).map((p) => `${p?.port ?? '*'}${p?.endPort ? `-${p.endPort}` : ''}/${p?.protocol ?? 'TCP'}`);
        out.push(`${type.toLowerCase()} ${type === 'Ingress' ? 'from' : 'to'} ${peers.length ? peers.join(' or ') : 'anywhere'}`
          + `${ports.length ? ` on ${ports.join(', ')}` : ''}`);
      }
    }
    return out;
  }
}

export function describeSelector(selector: Json): string {
  const labels = Object.entries(asRecord(selector?.matchLabels)).map(([k, v]) => `${k}=${v}`);
  const exprs = asArray(selector?.matchExpressions).map((e) => `${e?.key} ${e?.operator}${e?.values ? ` ${asArray(e.values).join('/')}` : ''}`);
  const all = [...labels, ...exprs];
  return all.length ? all.join(',') : 'all';
}

function describePeer(peer: Json): string {
  if (peer?.ipBlock) {
    return `ipBlock ${peer.ipBlock.cidr}`;
  }
  const parts: string[] = [];
  if (peer?.namespaceSelector !== undefined) {
    parts.push(`ns ${describeSelector(peer.namespaceSelector)}`);
  }
  if (peer?.podSelector !== undefined) {
    parts.push(`pods ${describeSelector(peer.podSelector)}`);
  }
  return parts.join(' ');
}

const WELL_KNOWN_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

export const KUBE_DNS: Endpoint = { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } };
