// apply-drift: what the API server stores differently from what a manifest sends. `kubectl apply` compares the
// manifest with the live object and sends a patch for every field that differs, so such a manifest never converges:
// every apply says "configured" and sends the same patch again, and tools that compare desired and live state
// (GitOps controllers, drift alerts) report a change that is none. Measured on a real kube-apiserver: a second
// `kubectl apply -v=8` of the same file shows each patch.
//
// What the server rewrites, and this check reports (built-in kinds only, read with their schema):
// - quantities not in canonical form (`1024Mi` is stored as `1Gi`, `1000m` as `1`, `0.5` as `500m`), and
//   quantities written as YAML numbers (`cpu: 1` is stored as the string "1");
// - empty lists and empty maps (`externalIPs: []`, `args: []`, `labels: {}`): the server keeps none (empty
//   objects such as `emptyDir: {}` or `podSelector: {}` are kept and are fine);
// - `null` values (`creationTimestamp: null` from `kubectl create --dry-run -o yaml`);
// - an env var's `value: ""`, which the server drops;
// - a Secret's `stringData`, which the server merges into `data` and never stores;
// - the zero value of a field the server leaves out when it is zero (`hostNetwork: false`, `minReadySeconds: 0`, as
//   cdk8s-plus writes them), or replaces by its default (a probe's `periodSeconds: 0` is stored as 10).
import { storedQuantity } from '../../_quantity';
import { CheckContext } from '../context';
import { asRecord, cut, isObject, Json, own, show } from '../model';
import { Report } from '../rule';
import { schemaDefinition, schemaFor, Spec } from '../schema';

export const id = 'apply-drift';
export const severity = 'warning';
export const group = 'api';
export const description = 'a value the API server stores in another form (1024Mi as 1Gi, externalIPs: [] as none), so kubectl apply never converges';

/** One field the server stores differently from what the manifest sends. */
export interface ApplyDrift {
  /** Dotted path of the field in the object. */
  readonly path: string;
  readonly message: string;
  readonly fix: string;
}

const AGAIN = 'so every kubectl apply sends it again';

/**
 * Fields whose Go type is a plain bool or integer with `omitempty` (not a pointer): the server stores nothing for the
 * zero value, or, where it defaults the field, the default. From the Kubernetes 1.28 API types (core/v1, apps/v1).
 */
const ZERO_VALUES: Readonly<Record<string, Readonly<Record<string, { readonly zero: boolean | number; readonly stored?: number }>>>> = {
  'io.k8s.api.apps.v1.DeploymentSpec': { minReadySeconds: { zero: 0 }, paused: { zero: false } },
  'io.k8s.api.apps.v1.StatefulSetSpec': { minReadySeconds: { zero: 0 } },
  'io.k8s.api.apps.v1.DaemonSetSpec': { minReadySeconds: { zero: 0 } },
  'io.k8s.api.apps.v1.ReplicaSetSpec': { minReadySeconds: { zero: 0 } },
  'io.k8s.api.core.v1.PodSpec': { hostNetwork: { zero: false }, hostPID: { zero: false }, hostIPC: { zero: false } },
  'io.k8s.api.core.v1.Container': { stdin: { zero: false }, stdinOnce: { zero: false }, tty: { zero: false } },
  'io.k8s.api.core.v1.VolumeMount': { readOnly: { zero: false } },
  'io.k8s.api.core.v1.ContainerPort': { hostPort: { zero: 0 } },
  'io.k8s.api.core.v1.ServiceSpec': { publishNotReadyAddresses: { zero: false } },
  'io.k8s.api.core.v1.Probe': {
    initialDelaySeconds: { zero: 0 },
    timeoutSeconds: { zero: 0, stored: 1 },
    periodSeconds: { zero: 0, stored: 10 },
    successThreshold: { zero: 0, stored: 1 },
    failureThreshold: { zero: 0, stored: 3 },
  },
};

/** What in one object the API server will store differently from what the object says; nothing for unknown kinds. */
export function applyDriftOf(object: Json): ApplyDrift[] {
  const found: ApplyDrift[] = [];
  if (!isObject(object) || typeof object.apiVersion !== 'string' || typeof object.kind !== 'string') {
    return found;
  }
  const name = schemaFor(object.apiVersion, object.kind);
  if (!name) {
    // a custom resource: the server stores its fields as sent (after pruning, which its CRD decides)
    return found;
  }
  const def = schemaDefinition(name);
  for (const [key, value] of Object.entries(object)) {
    const spec = own(def?.p, key);
    // status is the server's to write; a field the schema does not know is schema-unknown-field's
    if (key !== 'status' && spec !== undefined) {
      walk(found, value, spec, key, name, key);
    }
  }
  if (object.kind === 'Secret' && object.apiVersion === 'v1' && isObject(object.stringData) && Object.keys(object.stringData).length > 0) {
    found.push({
      path: 'stringData',
      message: `stringData is write-only: the server merges it into data and stores no stringData, ${AGAIN}`,
      fix: 'Put the values under data, base64-encoded (or accept a patch on every apply).',
    });
  }
  return found;
}

function walk(found: ApplyDrift[], value: unknown, spec: Spec, path: string, definition: string, field: string): void {
  if (value === undefined) {
    return;
  }
  if (value === null) {
    found.push({ path, message: `${path} is null: the server stores no null, ${AGAIN} (as a deletion)`, fix: `Remove ${field}.` });
    return;
  }
  if (typeof spec === 'string') {
    if (spec === 'quantity') {
      quantity(found, value, path);
    } else if (spec.startsWith('#')) {
      const def = schemaDefinition(spec.slice(1));
      if (def && isObject(value)) {
        for (const [key, v] of Object.entries(value)) {
          const inner = own(def.p, key);
          if (inner !== undefined) {
            walk(found, v, inner, `${path}.${key}`, spec.slice(1), key);
          }
        }
      }
    } else if (own(ZERO_VALUES[definition], field)?.zero === value) {
      const { stored } = ZERO_VALUES[definition][field];
      found.push(stored === undefined
        ? { path, message: `${path} is ${value}: the server leaves the field out when it is ${value}, ${AGAIN}`, fix: `Remove ${field}: ${value} (it is the default).` }
        : { path, message: `${path} is 0: the server stores its default, ${stored}, ${AGAIN}`, fix: `Write ${field}: ${stored}, or remove it.` });
    } else if (value === '' && definition === 'io.k8s.api.core.v1.EnvVar' && field === 'value') {
      found.push({ path, message: `${path} is "": the server drops an empty env value, ${AGAIN}`, fix: 'Remove value: "" (the variable is still set, to the empty string).' });
    }
    return;
  }
  if (Object.prototype.hasOwnProperty.call(spec, 'a')) {
    const item = (spec as { a: Spec }).a;
    if (Array.isArray(value)) {
      if (value.length === 0) {
        found.push({ path, message: `${path} is an empty list: the server stores none (to it, empty and absent are the same), ${AGAIN}`, fix: `Remove ${field}: [].` });
      }
      value.forEach((v, i) => walk(found, v, item, `${path}[${i}]`, definition, field));
    }
    return;
  }
  if (isObject(value)) {
    // kubectl apply adds its own annotation, so an empty annotations map is never empty on the server
    if (Object.keys(value).length === 0 && path !== 'metadata.annotations') {
      found.push({ path, message: `${path} is an empty map: the server stores none (to it, empty and absent are the same), ${AGAIN}`, fix: `Remove ${field}: {}.` });
    }
    const inner = (spec as { m: Spec }).m;
    for (const [key, v] of Object.entries(asRecord(value))) {
      walk(found, v, inner, `${path}.${cut(key)}`, definition, key);
    }
  }
}

function quantity(found: ApplyDrift[], value: unknown, path: string): void {
  if (typeof value === 'number') {
    const stored = Number.isFinite(value) ? storedQuantity(String(value)) : undefined;
    if (stored !== undefined) {
      found.push({ path, message: `${path} is the number ${value}: the server stores the string "${stored}", ${AGAIN}`, fix: `Write the string "${stored}".` });
    }
    return;
  }
  if (typeof value !== 'string') {
    return;
  }
  // a quantity the server rejects is api-resources' (or the server's) to report
  const stored = storedQuantity(value);
  if (stored !== undefined && stored !== value) {
    found.push({ path, message: `${path} ${show(value)} is stored as "${stored}" by the API server, ${AGAIN}`, fix: `Write "${stored}", the form the server stores.` });
  }
}

export function check(ctx: CheckContext, report: Report): void {
  for (const item of ctx.objects) {
    for (const drift of applyDriftOf(item.object)) {
      report(item, drift.path, drift.message, drift.fix);
    }
  }
}
