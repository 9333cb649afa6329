// Helpers that read synthesized manifests the way the API server and kube-proxy do, independently
// of the library's own code, so that a wiring mistake in the library cannot hide itself.
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { checkCli } from '../lib/check';
import { applyDriftOf } from '../lib/check/rules/apply-drift';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Manifest = any;

export interface PodTemplate {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly spec: any;
}

/** The YAML files of a folder, by file name, in name order. */
export function readYamlDir(dir: string): Map<string, string> {
  return new Map(fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

/** Every object of every YAML file in a folder. */
export function loadYamlDir(dir: string): Manifest[] {
  return [...readYamlDir(dir).values()].flatMap((text) => parseAllDocuments(text).map((d) => d.toJS()));
}

/**
 * Synthesizes a chart, and states the convergence rule for every scenario of the tests: each object is what the API
 * server stores (canonical quantities, no empty list or map, no null; lib/check/apply-drift.ts), so a second
 * `kubectl apply` of the output sends no patch. The rule is the checker's, whose quantities test/quantity.test.ts pins
 * against a table written by the server's own code.
 */
export function synth(chart: Chart): Manifest[] {
  const manifests = Testing.synth(chart);
  const drift = manifests.flatMap((m) => applyDriftOf(m).map((d) => `${m.kind} ${m.metadata?.name} ${d.path}: ${d.message}`));
  if (drift.length > 0) {
    throw new Error(`the API server would store these values in another form, so kubectl apply would never converge:\n${drift.join('\n')}`);
  }
  return manifests;
}

export function find(manifests: Manifest[], kind: string, name: string): Manifest {
  const found = manifests.filter((m) => m.kind === kind && m.metadata?.name === name);
  if (found.length !== 1) {
    throw new Error(`expected one ${kind} named ${name}, found ${found.length}`);
  }
  return found[0];
}

export function ofKind(manifests: Manifest[], kind: string): Manifest[] {
  return manifests.filter((m) => m.kind === kind);
}

/** Every pod the manifests create: bare Pods and the templates of workloads. */
export function podTemplates(manifests: Manifest[]): PodTemplate[] {
  return manifests.flatMap((m): PodTemplate[] => {
    const namespace = m.metadata?.namespace ?? 'default';
    if (m.kind === 'Pod') {
      return [{ kind: m.kind, name: m.metadata.name, namespace, labels: m.metadata.labels ?? {}, spec: m.spec }];
    }
    const template = m.kind === 'CronJob' ? m.spec?.jobTemplate?.spec?.template : m.spec?.template;
    if (template?.spec?.containers) {
      return [{ kind: m.kind, name: m.metadata.name, namespace, labels: template.metadata?.labels ?? {}, spec: template.spec }];
    }
    return [];
  });
}

/** Equality-based selection, as a Service selector or a workload's matchLabels selects pods. */
export function matches(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  const entries = Object.entries(selector ?? {});
  return entries.length > 0 && entries.every(([key, value]) => labels[key] === value);
}

/** The pods a Service sends traffic to: same namespace, selector matches. */
export function selectedPods(service: Manifest, manifests: Manifest[]): PodTemplate[] {
  const namespace = service.metadata.namespace ?? 'default';
  return podTemplates(manifests).filter((p) => p.namespace === namespace && matches(service.spec.selector, p.labels));
}

/** The container port a Service port forwards to in a pod: by name, or by number. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function resolveTargetPort(servicePort: Manifest, pod: PodTemplate): any | undefined {
  const target = servicePort.targetPort ?? servicePort.port;
  const protocol = servicePort.protocol ?? 'TCP';
  for (const container of pod.spec.containers) {
    for (const port of container.ports ?? []) {
      const hit = typeof target === 'string' ? port.name === target : port.containerPort === target;
      if (hit && (port.protocol ?? 'TCP') === protocol) {
        return port;
      }
    }
  }
  return undefined;
}

/** The value of a container's env var, literal only. */
export function envValue(pod: PodTemplate, name: string): string | undefined {
  for (const container of pod.spec.containers) {
    const env = (container.env ?? []).find((e: Manifest) => e.name === name);
    if (env) return env.value;
  }
  return undefined;
}

/** Kind/namespace/name of every object, for collision checks. */
export function identities(manifests: Manifest[]): string[] {
  return manifests.map((m) => `${m.kind}/${m.metadata?.namespace ?? 'default'}/${m.metadata?.name}`);
}

/** A pod, or a DNS server stand-in, as NetworkPolicies see it. */
export interface Endpoint {
  readonly namespace: string;
  readonly labels: Record<string, string>;
  /** Labels of the endpoint's namespace; `kubernetes.io/metadata.name` is always set. */
  readonly namespaceLabels?: Record<string, string>;
  /** The names of the endpoint's container ports (a policy port may name the destination pod's port). */
  readonly namedPorts?: Record<string, number>;
}

/** The pods of the cluster DNS as the usual installs label them. */
export const CLUSTER_DNS: Endpoint = { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } };

// The rules below follow https://kubernetes.io/docs/concepts/services-networking/network-policies/ and the
// NetworkPolicy API reference (networking.k8s.io/v1), written apart from the checker's lib/check/ on purpose.

/** A peer: ipBlock never matches a pod here; podSelector alone = the policy's namespace; both = AND. */
function peerMatches(peer: Manifest, policyNamespace: string, endpoint: Endpoint): boolean {
  if (peer.ipBlock) return false;
  const nsLabels = { ...endpoint.namespaceLabels, 'kubernetes.io/metadata.name': endpoint.namespace };
  const nsOk = peer.namespaceSelector ? selectorMatches(peer.namespaceSelector, nsLabels) : endpoint.namespace === policyNamespace;
  const podOk = peer.podSelector ? selectorMatches(peer.podSelector, endpoint.labels) : true;
  return nsOk && podOk;
}

/** A LabelSelector (matchLabels only; matchExpressions are not used here): empty selects everything. */
function selectorMatches(selector: Manifest, labels: Record<string, string>): boolean {
  if (selector.matchExpressions?.length) throw new Error('matchExpressions are not supported by this test helper');
  return Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
}

/** Policy ports: none = all ports; no protocol = TCP; no port = every port of the protocol; a name = the destination's named port. */
function portMatches(ports: Manifest[] | undefined, port: number, protocol: string, to: Endpoint): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some((p) => {
    if ((p.protocol ?? 'TCP') !== protocol) return false;
    if (p.port === undefined) return true;
    if (typeof p.port === 'string') return to.namedPorts?.[p.port] === port;
    return p.port === port || (p.endPort !== undefined && port >= p.port && port <= p.endPort);
  });
}

/** policyTypes, or when absent or empty: Ingress, plus Egress when the policy has egress rules. */
function policyTypesOf(policy: Manifest): string[] {
  const types = policy.spec.policyTypes;
  if (Array.isArray(types) && types.length > 0) return types;
  return (policy.spec.egress ?? []).length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

function policyName(p: Manifest): string {
  return `NetworkPolicy ${p.metadata.namespace ?? 'default'}/${p.metadata.name}`;
}

/** One direction of a connection: the policies that isolate the subject, and those of them that allow the other end. */
interface DirectionVerdict {
  readonly isolatedBy: string[];
  readonly allowedBy: string[];
}

function direction(policies: Manifest[], type: 'Ingress' | 'Egress', subject: Endpoint, other: Endpoint, port: number, protocol: string): DirectionVerdict {
  const applying = policies.filter((p) => (p.metadata.namespace ?? 'default') === subject.namespace
    && selectorMatches(p.spec.podSelector ?? {}, subject.labels)
    && policyTypesOf(p).includes(type));
  const key = type === 'Ingress' ? 'ingress' : 'egress';
  const peersKey = type === 'Ingress' ? 'from' : 'to';
  const destination = type === 'Ingress' ? subject : other;
  const allowing = applying.filter((p) => (p.spec[key] ?? []).some((rule: Manifest) => {
    const peers = rule[peersKey];
    const peerOk = !peers || peers.length === 0 || peers.some((peer: Manifest) => peerMatches(peer, p.metadata.namespace ?? 'default', other));
    return peerOk && portMatches(rule.ports, port, protocol, destination);
  }));
  return { isolatedBy: applying.map(policyName), allowedBy: allowing.map(policyName) };
}

/** Whether a connection is allowed, and which policies decide it in each direction. */
export interface Reachability {
  readonly allowed: boolean;
  /** Egress of the source. */
  readonly egress: DirectionVerdict;
  /** Ingress of the destination. */
  readonly ingress: DirectionVerdict;
}

/** Evaluates the NetworkPolicies in `manifests` for a connection from `from` to `to` on a pod port. */
export function reachability(manifests: Manifest[], from: Endpoint, to: Endpoint, port: number, protocol = 'TCP'): Reachability {
  const policies = ofKind(manifests, 'NetworkPolicy');
  const egress = direction(policies, 'Egress', from, to, port, protocol);
  const ingress = direction(policies, 'Ingress', to, from, port, protocol);
  const open = (d: DirectionVerdict): boolean => d.isolatedBy.length === 0 || d.allowedBy.length > 0;
  return { allowed: open(egress) && open(ingress), egress, ingress };
}

/** Whether the NetworkPolicies in `manifests` let `from` open a connection to `to` on a pod port. */
export function networkAllows(manifests: Manifest[], from: Endpoint, to: Endpoint, port: number, protocol = 'TCP'): boolean {
  return reachability(manifests, from, to, port, protocol).allowed;
}

function describeEndpoint(e: Endpoint): string {
  return `pods ${Object.entries(e.labels).map(([k, v]) => `${k}=${v}`).join(',') || '(any)'} in namespace ${e.namespace}`;
}

/** Why a connection is allowed or denied, naming the policies, the peer and the port. */
export function explainReachability(r: Reachability, from: Endpoint, to: Endpoint, port: number, protocol: string): string {
  const lines = [`${describeEndpoint(from)} -> ${describeEndpoint(to)} on port ${port}/${protocol} is ${r.allowed ? 'allowed' : 'denied'}:`];
  for (const [what, d, peer] of [['egress of the source', r.egress, to], ['ingress of the destination', r.ingress, from]] as const) {
    if (d.isolatedBy.length === 0) {
      lines.push(`  ${what}: no NetworkPolicy selects it, so all traffic is allowed`);
    } else if (d.allowedBy.length > 0) {
      lines.push(`  ${what}: allowed by ${d.allowedBy.join(', ')}`);
    } else {
      lines.push(`  ${what}: limited by ${d.isolatedBy.join(', ')}, none of which allows ${describeEndpoint(peer)} on port ${port}/${protocol}`);
    }
  }
  return lines.join('\n');
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      /**
       * The NetworkPolicies in the received manifests let `from` open a connection to `to` on the pod port `port`.
       * A failure names the policies on both ends, the peer and the port.
       */
      toAllowConnection(from: Endpoint, to: Endpoint, port: number, protocol?: string): R;
    }
  }
}

expect.extend({
  toAllowConnection(manifests: Manifest[], from: Endpoint, to: Endpoint, port: number, protocol = 'TCP') {
    const r = reachability(manifests, from, to, port, protocol);
    const expected = this.isNot ? 'denied' : 'allowed';
    return { pass: r.allowed, message: () => `expected the connection to be ${expected}, but ${explainReachability(r, from, to, port, protocol)}` };
  },
});

/** Runs the checker's command line in process, as `cdk8s-mysql-clusterip check <argv>`; returns its exit code and output. */
export function runCheckCli(argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = checkCli(argv, { out: (t) => { out += `${t}\n`; }, err: (t) => { err += `${t}\n`; } });
  return { code, out, err };
}
