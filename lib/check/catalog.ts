import { Finding, Item, Severity } from './model';

/** Every check: its stable id, its severity, what it catches. The README's table lists the same. */
export const CHECKS = {
  // the file itself
  'yaml-syntax': { severity: 'error', group: 'schema', title: 'a YAML document that does not parse' },
  'yaml-duplicate-key': { severity: 'error', group: 'schema', title: 'a key twice in the same YAML mapping (kubectl rejects it under --validate=strict)' },
  // 1. strict schema
  'schema-kind': { severity: 'error', group: 'schema', title: 'apiVersion/kind missing, or a built-in group with a kind Kubernetes 1.28 does not serve' },
  'schema-unknown-field': { severity: 'error', group: 'schema', title: 'a field Kubernetes 1.28 does not know' },
  'schema-type': { severity: 'error', group: 'schema', title: 'a value of the wrong type' },
  'schema-required': { severity: 'error', group: 'schema', title: 'a required field is missing' },
  // 2. API-server rules beyond the schema
  'api-name': { severity: 'error', group: 'api', title: 'object name syntax per kind (DNS-1035 label for Services, DNS-1123 elsewhere)' },
  'api-duplicate-object': { severity: 'error', group: 'api', title: 'the same kind, namespace and name twice in the set' },
  'api-label': { severity: 'error', group: 'api', title: 'label (and selector) key or value syntax and length' },
  'api-container': { severity: 'error', group: 'api', title: 'containers: a DNS-1123 label name unique in the pod, an image' },
  'api-container-port': { severity: 'error', group: 'api', title: 'container ports: 1-65535, protocol, IANA port names (<= 15 characters) unique in the container' },
  'api-service-port': { severity: 'error', group: 'api', title: 'Service ports: 1-65535, names required and unique with more than one port, targetPort syntax' },
  'api-workload-selector': { severity: 'error', group: 'api', title: "a workload selector that is missing, empty or does not match its template's labels" },
  'api-workload-spec': { severity: 'error', group: 'api', title: 'restartPolicy per workload kind, replicas, a Recreate strategy with rollingUpdate' },
  'api-env': { severity: 'error', group: 'api', title: 'env var names, and valueFrom with exactly one source and no value' },
  'api-resources': { severity: 'error', group: 'api', title: 'resource quantities that do not parse, requests above limits' },
  'api-probe': { severity: 'error', group: 'api', title: 'a probe with no handler or more than one; liveness/startup successThreshold other than 1' },
  'apply-drift': { severity: 'warning', group: 'api', title: 'a value the API server stores in another form (1024Mi as 1Gi, externalIPs: [] as none), so kubectl apply never converges' },
  // 3. wiring across objects
  'service-no-pods': { severity: 'error', group: 'wiring', title: 'a Service whose selector matches no pod template in the set' },
  'service-unintended-pods': { severity: 'error', group: 'wiring', title: 'a Service that also selects pods it was not meant for (its own clients, pods without its target port, other workloads)' },
  'service-target-port': { severity: 'error', group: 'wiring', title: 'a targetPort (number or name) that no selected container exposes' },
  'workload-selector-overlap': { severity: 'warning', group: 'wiring', title: 'a workload selector that also matches the pods of another workload' },
  'probe-port': { severity: 'error', group: 'wiring', title: 'a probe port the container does not expose' },
  'client-unknown-host': { severity: 'error', group: 'wiring', title: 'a client env var naming a host no Service in the set provides' },
  'client-wrong-port': { severity: 'error', group: 'wiring', title: 'a client env var naming a port its Service does not serve' },
  'ingress-backend': { severity: 'error', group: 'wiring', title: 'an Ingress backend naming a Service or a Service port that does not exist' },
  'netpol-blocks-client': { severity: 'error', group: 'wiring', title: "NetworkPolicies under which a client cannot reach its Service's pods on the target port" },
  'netpol-blocks-dns': { severity: 'error', group: 'wiring', title: 'egress NetworkPolicies under which a client cannot resolve Service names (UDP and TCP 53)' },
  'waiver-reason': { severity: 'error', group: 'waiver', title: 'a waiver annotation without a reason, or for a check that does not exist' },
  // 4. security
  'pss-baseline': { severity: 'error', group: 'security', title: 'Pod Security Standards baseline (1.28): privileged, host namespaces/paths/ports, capabilities, procMount, seccomp, sysctls, SELinux, AppArmor' },
  'pss-restricted': { severity: 'warning', group: 'security', title: 'Pod Security Standards restricted (1.28): privilege escalation, non-root, seccomp, drop ALL, volume types' },
  'env-literal-secret': { severity: 'error', group: 'security', title: 'a literal value in an env var whose name looks like a password, token or secret' },
  'image-tag': { severity: 'warning', group: 'security', title: 'an image with the :latest tag or no tag' },
  'resources': { severity: 'warning', group: 'security', title: 'a container without CPU and memory requests and limits' },
} as const satisfies Record<string, { severity: Severity; group: string; title: string }>;

export type CheckId = keyof typeof CHECKS;

export function isCheckId(id: string): id is CheckId {
  return Object.prototype.hasOwnProperty.call(CHECKS, id);
}

/** Where checks report. */
export type FindingSink = Pick<Findings, 'add'>;

/** Collects findings; each check calls `add`. */
export class Findings {
  public readonly list: { readonly finding: Finding; readonly item: Item }[] = [];

  public add(id: CheckId, item: Item, path: string | undefined, message: string, fix: string, severity?: Severity): void {
    this.list.push({ item, finding: {
      id,
      severity: severity ?? CHECKS[id].severity,
      kind: item.kind,
      namespace: item.namespace,
      name: item.name,
      ...(item.file !== undefined ? { file: item.file } : {}),
      ...(path !== undefined ? { path } : {}),
      message,
      fix,
    } });
  }
}
