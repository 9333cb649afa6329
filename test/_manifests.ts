// Helpers that read synthesized manifests the way the API server and kube-proxy do, independently
// of the library's own code, so that a wiring mistake in the library cannot hide itself.
import { Chart, Testing } from 'cdk8s';

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

export function synth(chart: Chart): Manifest[] {
  return Testing.synth(chart);
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
