// The data the checker works on: objects read from manifests, where they came from, and the findings.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export type Severity = 'error' | 'warning';

/** One problem in one object. `id` is stable: waive it with the annotation `WAIVER_PREFIX + id`. */
export interface Finding {
  readonly id: string;
  readonly severity: Severity;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** The file the object was read from, when it was read from a file. */
  readonly file?: string;
  /** Where in the object, as a dotted path (`spec.template.spec.containers[0].ports[0].name`). */
  readonly path?: string;
  readonly message: string;
  readonly fix: string;
}

/** A finding that an annotation on its object waives, with the annotation's reason. */
export interface WaivedFinding extends Finding {
  readonly reason: string;
}

/** An object of the set under check, with where it came from. */
export interface Item {
  readonly object: Json;
  readonly kind: string;
  readonly name: string;
  /** The object's namespace, `default` when unset; empty for cluster-scoped kinds. */
  readonly namespace: string;
  readonly file?: string;
  /** Position of the object in the set, for a stable order. */
  readonly index: number;
}

/** A pod the set creates: a bare Pod, or the pod template of a workload. */
export interface PodShape {
  readonly item: Item;
  readonly labels: Readonly<Record<string, string>>;
  readonly spec: Json;
  /** Dotted path of the pod spec in the object (`spec` for a Pod, `spec.template.spec` for a Deployment). */
  readonly specPath: string;
  readonly templatePath: string;
}

/** The annotation prefix that waives a finding: `checks.cdk8s-mysql-clusterip/waive.<check-id>: "<reason>"`. */
export const WAIVER_PREFIX = 'checks.cdk8s-mysql-clusterip/waive.';

export function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asArray(value: unknown): Json[] {
  return Array.isArray(value) ? value : [];
}

export function asRecord(value: unknown): Record<string, Json> {
  return isObject(value) ? value : {};
}

/** `obj[key]` if `key` is the object's own property (never `toString`, `constructor` or `__proto__` from the prototype). */
export function own<T>(obj: Readonly<Record<string, T>> | undefined, key: unknown): T | undefined {
  return obj !== undefined && typeof key === 'string' && Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

/**
 * A value as it appears in a message: JSON, cut after `max` characters. It reads no more of the value than it prints, so a
 * 2 MB string or an object of a billion shared nodes costs nothing.
 */
export function show(value: unknown, max = 60): string {
  let out = '';
  const full = (): boolean => out.length > max;
  const walk = (v: unknown, depth: number): void => {
    if (full()) return;
    if (typeof v === 'string') {
      out += JSON.stringify(v.length > max ? v.slice(0, max + 1) : v);
    } else if (v === null || typeof v !== 'object') {
      out += typeof v === 'number' || typeof v === 'boolean' ? String(v) : v === null ? 'null' : typeof v;
    } else if (depth > 8) {
      out += '…';
    } else if (Array.isArray(v)) {
      out += '[';
      for (let i = 0; i < v.length && !full(); i++) {
        out += i ? ',' : '';
        walk(v[i], depth + 1);
      }
      out += ']';
    } else {
      out += '{';
      let first = true;
      for (const key in v) {
        if (full()) break;
        if (!Object.prototype.hasOwnProperty.call(v, key)) continue;
        out += `${first ? '' : ','}${JSON.stringify(key.length > max ? key.slice(0, max) : key)}:`;
        first = false;
        walk((v as Record<string, unknown>)[key], depth + 1);
      }
      out += '}';
    }
  };
  walk(value, 0);
  if (out.length <= max) {
    return out;
  }
  const length = typeof value === 'string' ? ` (${value.length} characters)` : '';
  return `${out.slice(0, max)}…${length}`;
}

/** A string from the input as it appears in a message: cut after `max` characters. */
export function cut(value: string, max = 80): string {
  return value.length <= max ? value : `${value.slice(0, max)}… (${value.length} characters)`;
}

/** Labels as strings only (a label map with other values is reported by the schema check). */
export function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, val] of Object.entries(asRecord(value))) {
    if (typeof val !== 'string') {
      continue;
    }
    if (key === '__proto__') {
      // a `__proto__` key is a label like any other, not the object's prototype
      Object.defineProperty(out, key, { value: val, enumerable: true, writable: true, configurable: true });
    } else {
      out[key] = val;
    }
  }
  return out;
}

/** Kinds that live outside namespaces: their findings show no namespace. */
const CLUSTER_SCOPED = new Set(['Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'StorageClass', 'CustomResourceDefinition',
  'PriorityClass', 'IngressClass', 'RuntimeClass', 'CSIDriver', 'CSINode', 'VolumeAttachment', 'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration', 'APIService', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'CertificateSigningRequest']);

export function makeItem(object: Json, index: number, file?: string): Item {
  const meta = asRecord(object?.metadata);
  const kind = typeof object?.kind === 'string' ? object.kind : '';
  return {
    object,
    kind,
    name: typeof meta.name === 'string' ? meta.name : (typeof meta.generateName === 'string' ? `${meta.generateName}*` : ''),
    namespace: CLUSTER_SCOPED.has(kind) ? '' : (typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : 'default'),
    file,
    index,
  };
}

/** A whole file (or a document the reader could not turn into an object): no kind, name or namespace. */
export function fileItem(file?: string): Item {
  return { object: {}, kind: '', name: '', namespace: '', file, index: -1 };
}

/** Kinds whose `spec.template` is a pod template. */
const TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job']);

/** The pods an object creates (none for objects that create no pods). */
export function podOf(item: Item): PodShape | undefined {
  const obj = item.object;
  if (item.kind === 'Pod' && isObject(obj.spec)) {
    return { item, labels: stringMap(obj.metadata?.labels), spec: obj.spec, specPath: 'spec', templatePath: 'metadata' };
  }
  if (TEMPLATE_KINDS.has(item.kind) && isObject(obj.spec?.template?.spec)) {
    const t = obj.spec.template;
    return { item, labels: stringMap(t.metadata?.labels), spec: t.spec, specPath: 'spec.template.spec', templatePath: 'spec.template.metadata' };
  }
  if (item.kind === 'CronJob' && isObject(obj.spec?.jobTemplate?.spec?.template?.spec)) {
    const t = obj.spec.jobTemplate.spec.template;
    return {
      item, labels: stringMap(t.metadata?.labels), spec: t.spec,
      specPath: 'spec.jobTemplate.spec.template.spec', templatePath: 'spec.jobTemplate.spec.template.metadata',
    };
  }
  return undefined;
}

export interface ContainerRef {
  readonly container: Json;
  /** Dotted path of the container in the object. */
  readonly path: string;
  readonly init: boolean;
}

/** Containers and init containers of a pod, with their paths. */
export function containersOf(pod: PodShape): ContainerRef[] {
  const out: ContainerRef[] = [];
  for (const [field, init] of [['initContainers', true], ['containers', false], ['ephemeralContainers', true]] as const) {
    asArray(pod.spec[field]).forEach((container, i) => {
      if (isObject(container)) {
        out.push({ container, path: `${pod.specPath}.${field}[${i}]`, init });
      }
    });
  }
  return out;
}

/**
 * A label selector (`matchLabels` and `matchExpressions`) against labels. An empty selector selects everything;
 * `undefined` selects nothing.
 */
export function selectorMatches(selector: Json, labels: Readonly<Record<string, string>>): boolean {
  if (!isObject(selector)) {
    return false;
  }
  for (const [key, value] of Object.entries(asRecord(selector.matchLabels))) {
    if (own(labels, key) !== value) {
      return false;
    }
  }
  for (const expr of asArray(selector.matchExpressions)) {
    const key = expr?.key;
    const values: Json[] = asArray(expr?.values);
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    switch (expr?.operator) {
      case 'In': if (!has || !values.includes(own(labels, key))) return false; break;
      case 'NotIn': if (has && values.includes(own(labels, key))) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

/** A Service's selector (a plain map): selects pods that carry every pair. An empty map selects nothing. */
export function mapSelects(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([key, value]) => own(labels, key) === value);
}

export function describeItem(item: Item): string {
  return `${cut(item.kind, 60)} ${item.namespace}/${cut(item.name, 80)}`;
}

/** Levenshtein distance, for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 64 || a.length > 256 || b.length > 256) {
    return Math.max(a.length, b.length);
  }
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0];
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j];
      dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length];
}
