// Helpers that read synthesized manifests the way the API server and kube-proxy do, independently
// of the library's own code, so that a wiring mistake in the library cannot hide itself.
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
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
}

/** The pods of the cluster DNS as the usual installs label them. */
export const CLUSTER_DNS: Endpoint = { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } };

function peerMatches(peer: Manifest, policyNamespace: string, endpoint: Endpoint): boolean {
  if (peer.ipBlock) return false;
  const nsLabels = { 'kubernetes.io/metadata.name': endpoint.namespace, ...endpoint.namespaceLabels };
  const nsOk = peer.namespaceSelector ? selectorMatches(peer.namespaceSelector, nsLabels) : endpoint.namespace === policyNamespace;
  const podOk = peer.podSelector ? selectorMatches(peer.podSelector, endpoint.labels) : true;
  return nsOk && podOk;
}

/** A LabelSelector (matchLabels only; matchExpressions are not used here): empty selects everything. */
function selectorMatches(selector: Manifest, labels: Record<string, string>): boolean {
  if (selector.matchExpressions?.length) throw new Error('matchExpressions are not supported by this test helper');
  return Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
}

function portMatches(ports: Manifest[] | undefined, port: number, protocol: string): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some((p) => (p.protocol ?? 'TCP') === protocol && (p.port === undefined || p.port === port
    || (p.endPort !== undefined && port >= p.port && port <= p.endPort)));
}

function directionAllows(policies: Manifest[], type: 'Ingress' | 'Egress', subject: Endpoint, other: Endpoint, port: number, protocol: string): boolean {
  const applying = policies.filter((p) => (p.metadata.namespace ?? 'default') === subject.namespace
    && selectorMatches(p.spec.podSelector ?? {}, subject.labels)
    && (p.spec.policyTypes ?? (type === 'Ingress' ? ['Ingress'] : [])).includes(type));
  if (applying.length === 0) return true; // not isolated in this direction
  const key = type === 'Ingress' ? 'ingress' : 'egress';
  const peersKey = type === 'Ingress' ? 'from' : 'to';
  return applying.some((p) => (p.spec[key] ?? []).some((rule: Manifest) => {
    const peers = rule[peersKey];
    const peerOk = !peers || peers.length === 0 || peers.some((peer: Manifest) => peerMatches(peer, p.metadata.namespace ?? 'default', other));
    return peerOk && portMatches(rule.ports, port, protocol);
  }));
}

/** Whether the NetworkPolicies in `manifests` let `from` open a connection to `to` on a pod port. */
export function networkAllows(manifests: Manifest[], from: Endpoint, to: Endpoint, port: number, protocol = 'TCP'): boolean {
  const policies = ofKind(manifests, 'NetworkPolicy');
  return directionAllows(policies, 'Egress', from, to, port, protocol) && directionAllows(policies, 'Ingress', to, from, port, protocol);
}
