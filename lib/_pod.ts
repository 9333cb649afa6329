import { Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { canonicalQuantity, compareQuantities, parseQuantity } from './_quantity';
import { checkDns1123Label, fail, isConstruct, sizeKibibytes } from './_validation';

/** The uid and gid of the `mysql` user in the official mysql image (Oracle Linux based tags). */
export const MYSQL_UID = 999;

/** The recommended labels every object of one MySQL instance carries: name, instance and manager. */
export function mysqlInstanceLabels(instance: string): Record<string, string> {
  return { 'app.kubernetes.io/name': 'mysql', 'app.kubernetes.io/instance': instance, 'app.kubernetes.io/managed-by': 'cdk8s' };
}

/** A size as the canonical quantity the API server stores (`512Mi`, `1Gi`, not `1024Mi`), so `kubectl apply` converges. */
export function sizeQuantity(scope: Construct, what: string, size: Size | undefined, positive: boolean): k8s.Quantity {
  return k8s.Quantity.fromString(canonicalQuantity(`${sizeKibibytes(scope, what, size, positive)}Ki`));
}

/** A CPU amount as the canonical quantity the API server stores (`250m`, `1`, not `1000m`). */
function cpuQuantity(scope: Construct, what: string, cpu: kplus.Cpu): k8s.Quantity {
  if (cpu === null || typeof cpu !== 'object' || typeof cpu.amount !== 'string') {
    fail(scope, what, cpu, 'must be a kplus.Cpu, for example kplus.Cpu.millis(250) or kplus.Cpu.units(1)');
  }
  if (parseQuantity(cpu.amount) === undefined) {
    fail(scope, what, cpu.amount, 'use kplus.Cpu.millis(n) or kplus.Cpu.units(n) with a finite number');
  }
  return k8s.Quantity.fromString(canonicalQuantity(cpu.amount));
}

/**
 * The namespace every object of this library is written to: the prop, else the chart's, else none. Objects with no
 * namespace land in the namespace they are applied to (`kubectl apply -n`, `helm install -n`).
 */
export function resolveNamespace(scope: Construct, namespace: string | undefined): string | undefined {
  const resolved = namespace ?? Chart.of(scope).namespace;
  if (resolved !== undefined) checkDns1123Label(scope, 'namespace', resolved);
  return resolved;
}

/**
 * Pod-level security for images that run as the mysql user: Pod Security Standards "restricted".
 * The mysql image has no USER line, so runAsNonRoot alone would fail at start; the uid is explicit.
 */
export function restrictedPodSecurityContext(): k8s.PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: MYSQL_UID,
    runAsGroup: MYSQL_UID,
    fsGroup: MYSQL_UID,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Container-level security: no privilege escalation, no capabilities, read-only root filesystem. */
export function restrictedContainerSecurityContext(): k8s.SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
  };
}

/** Converts cdk8s-plus resource requests and limits to the Kubernetes shape, refusing requests above limits. */
export function renderResources(scope: Construct, what: string, resources: kplus.ContainerResources): k8s.ResourceRequirements {
  if (resources === null || typeof resources !== 'object' || isConstruct(resources)) {
    fail(scope, what, resources, 'pass { cpu: { request, limit }, memory: { request, limit } }, each part optional');
  }
  const requests: Record<string, k8s.Quantity> = {};
  const limits: Record<string, k8s.Quantity> = {};
  const { cpu, memory } = resources;
  if (cpu?.request !== undefined) requests.cpu = cpuQuantity(scope, `${what}.cpu.request`, cpu.request);
  if (cpu?.limit !== undefined) limits.cpu = cpuQuantity(scope, `${what}.cpu.limit`, cpu.limit);
  if (memory?.request !== undefined) requests.memory = sizeQuantity(scope, `${what}.memory.request`, memory.request, true);
  if (memory?.limit !== undefined) limits.memory = sizeQuantity(scope, `${what}.memory.limit`, memory.limit, true);
  for (const resource of ['cpu', 'memory'] as const) {
    const request = requests[resource]?.value;
    const limit = limits[resource]?.value;
    if (request !== undefined && limit !== undefined && compareQuantities(parseQuantity(String(request))!, parseQuantity(String(limit))!) > 0) {
      fail(scope, `${what}.${resource}.request`, request, `must not exceed the ${resource} limit ${JSON.stringify(limit)}`);
    }
  }
  return {
    requests: Object.keys(requests).length ? requests : undefined,
    limits: Object.keys(limits).length ? limits : undefined,
  };
}
