import { Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { checkDns1123Label, fail } from './_validation';

/** The uid and gid of the `mysql` user in the official mysql image (Oracle Linux based tags). */
export const MYSQL_UID = 999;

/** The recommended labels every object of one MySQL instance carries: name, instance and manager. */
export function mysqlInstanceLabels(instance: string): Record<string, string> {
  return { 'app.kubernetes.io/name': 'mysql', 'app.kubernetes.io/instance': instance, 'app.kubernetes.io/managed-by': 'cdk8s' };
}

/** A size as a Kubernetes quantity in mebibytes (`512Mi`), the unit cdk8s-plus writes too. */
export function mebibytes(size: Size): k8s.Quantity {
  return k8s.Quantity.fromString(`${size.toMebibytes()}Mi`);
}

/** The namespace every object of this library is written to: the prop, else the chart's, else `default`. */
export function resolveNamespace(scope: Construct, namespace: string | undefined): string {
  const resolved = namespace ?? Chart.of(scope).namespace ?? 'default';
  checkDns1123Label(scope, 'namespace', resolved);
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
export function renderResources(scope: Construct, resources: kplus.ContainerResources): k8s.ResourceRequirements {
  const requests: Record<string, k8s.Quantity> = {};
  const limits: Record<string, k8s.Quantity> = {};
  const { cpu, memory } = resources;
  if (cpu?.request) requests.cpu = k8s.Quantity.fromString(cpu.request.amount);
  if (cpu?.limit) limits.cpu = k8s.Quantity.fromString(cpu.limit.amount);
  if (memory?.request) requests.memory = mebibytes(memory.request);
  if (memory?.limit) limits.memory = mebibytes(memory.limit);
  if (cpu?.request && cpu.limit && cpuMillis(cpu.request.amount) > cpuMillis(cpu.limit.amount)) {
    fail(scope, 'cpu request', cpu.request.amount, `must not exceed the cpu limit ${JSON.stringify(cpu.limit.amount)}`);
  }
  if (memory?.request && memory.limit && memory.request.toMebibytes() > memory.limit.toMebibytes()) {
    fail(scope, 'memory request', `${memory.request.toMebibytes()}Mi`, `must not exceed the memory limit "${memory.limit.toMebibytes()}Mi"`);
  }
  return {
    requests: Object.keys(requests).length ? requests : undefined,
    limits: Object.keys(limits).length ? limits : undefined,
  };
}

function cpuMillis(amount: string): number {
  return amount.endsWith('m') ? Number(amount.slice(0, -1)) : Number(amount) * 1000;
}
