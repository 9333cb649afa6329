// Which env vars of a container name an in-cluster host: `MYSQL_HOST=mysql`, `DB_URL=postgres://db.data:5432/app`,
// `REDIS_ADDR=redis:6379`, literal or from a ConfigMap of the set.
import { asArray, Json } from './model';

const HOST_VAR = /(^|_)(HOST|HOSTNAME|ADDR|ADDRESS|SERVER|ENDPOINT)$/;
const SVC_HOST = /^([a-z]([-a-z0-9]*[a-z0-9])?)(\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)(\.svc(\.cluster\.local)?)?)?\.?$/;
const URL_VALUE = /^[a-zA-Z][-+.a-zA-Z0-9]*:\/\/(?:[^@/?#]*@)?([^:/?#]+)(?::([0-9]+))?(?:[/?#].*)?$/;
const HOST_PORT = /^([^:/\s]+):([0-9]+)$/;

export interface HostRef {
  readonly env: string;
  readonly host: string;
  readonly port?: number;
  readonly path: string;
  /** The env var the port comes from when it is not in the host's own value (`DB_PORT` next to `DB_HOST`), and its path. */
  readonly portEnv?: string;
  readonly portPath?: string;
  /** Whether the host comes from a whole ConfigMap loaded with envFrom (often shared by every workload of an app). */
  readonly shared: boolean;
}

interface EnvEntry {
  readonly name: string;
  readonly value: string;
  /** Where the value comes from: the env entry, or the envFrom entry that brings a ConfigMap's key. */
  readonly path: string;
  readonly via?: string;
  readonly shared: boolean;
}

/** What a reference to a variable whose value the set does not show (a Secret's key, a field) expands to: no host or port. */
export const UNKNOWN_VALUE = '\u0000';

/**
 * Expands `$(VAR)` references the way the kubelet does (k8s.io/kubernetes third_party/forked/golang/expansion): a
 * reference to a variable defined before it is replaced by its value, `$$` is a literal `$`, and any other reference
 * stays as written. `defined` maps the names defined so far to their values, UNKNOWN_VALUE when the set does not show it.
 */
export function expandReferences(value: string, defined: ReadonlyMap<string, string>): string {
  if (!value.includes('$')) return value;
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c !== '$' || i + 1 >= value.length) {
      out += c;
    } else if (value[i + 1] === '$') {
      out += '$';
      i++;
    } else if (value[i + 1] === '(') {
      const end = value.indexOf(')', i + 2);
      const name = end < 0 ? undefined : value.slice(i + 2, end);
      if (name === undefined) {
        out += value.slice(i);
        break;
      }
      const resolved = defined.get(name);
      out += resolved ?? `$(${name})`;
      i = end;
    } else {
      out += c;
    }
  }
  return out;
}

/**
 * A container's environment as the kubelet builds it, as far as the set tells: envFrom ConfigMaps (with their
 * prefix) first, then env entries, literal or from a ConfigMap key, with `$(VAR)` references to earlier ones expanded;
 * later entries win.
 */
export function environment(container: Json, path: string, configMaps: ReadonlyMap<string, Record<string, string>>, namespace: string): EnvEntry[] {
  const env = new Map<string, EnvEntry>();
  // every name defined so far, with its value (UNKNOWN_VALUE from a Secret, a field, or a ConfigMap the set lacks)
  const defined = new Map<string, string>();
  asArray(container.envFrom).forEach((src, i) => {
    const data = typeof src?.configMapRef?.name === 'string' ? configMaps.get(`${namespace}/${src.configMapRef.name}`) : undefined;
    for (const [key, value] of Object.entries(data ?? {})) {
      const name = `${typeof src.prefix === 'string' ? src.prefix : ''}${key}`;
      env.set(name, { name, value, path: `${path}.envFrom[${i}]`, via: `ConfigMap ${src.configMapRef.name}`, shared: true });
      defined.set(name, value);
    }
  });
  asArray(container.env).forEach((e, i) => {
    if (typeof e?.name !== 'string') {
      return;
    }
    const ref = e.valueFrom?.configMapKeyRef;
    const data = ref && typeof ref.name === 'string' ? configMaps.get(`${namespace}/${ref.name}`) : undefined;
    const fromMap = data && typeof ref.key === 'string' && Object.prototype.hasOwnProperty.call(data, ref.key) ? data[ref.key] : undefined;
    if (typeof e.value === 'string' && e.valueFrom === undefined) {
      const value = e.value.length > 2048 ? e.value : expandReferences(e.value, defined);
      env.set(e.name, { name: e.name, value, path: `${path}.env[${i}]`, shared: false });
      defined.set(e.name, value);
    } else if (typeof fromMap === 'string') {
      env.set(e.name, { name: e.name, value: fromMap, path: `${path}.env[${i}]`, via: `ConfigMap ${ref.name}`, shared: false });
      defined.set(e.name, fromMap);
    } else {
      env.delete(e.name);
      defined.set(e.name, UNKNOWN_VALUE);
    }
  });
  return [...env.values()];
}

/** Host references in a container's env: `MYSQL_HOST=mysql`, `DB_URL=postgres://db.data:5432/app`, `REDIS_ADDR=redis:6379`. */
export function hostRefs(env: readonly EnvEntry[]): HostRef[] {
  const byName = new Map(env.map((e) => [e.name, e]));
  const out: HostRef[] = [];
  for (const e of env) {
    // `HOSTNAME` is the pod's own name; a `$(VAR)` left after expansion names nothing the set shows
    if (e.value.includes('$(') || e.name === 'HOSTNAME' || e.value.length > 2048) {
      continue;
    }
    const value = e.value.trim();
    const url = URL_VALUE.exec(value.replace(/^jdbc:/, ''));
    const hostVar = HOST_VAR.test(e.name);
    let host: string | undefined;
    let port: number | undefined;
    if (url) {
      host = url[1];
      port = url[2] ? Number(url[2]) : undefined;
    } else if (hostVar) {
      const hp = HOST_PORT.exec(value);
      host = hp ? hp[1] : value;
      port = hp ? Number(hp[2]) : undefined;
    }
    if (!host || host === 'localhost' || !SVC_HOST.test(host)) {
      continue;
    }
    let portVar: EnvEntry | undefined;
    if (port === undefined && hostVar) {
      const prefix = e.name.replace(HOST_VAR, '');
      if (prefix) {
        for (const suffix of ['_PORT', '_TCP_PORT', '_SERVICE_PORT']) {
          const v = byName.get(`${prefix}${suffix}`);
          if (v !== undefined && /^[0-9]+$/.test(v.value.trim())) {
            port = Number(v.value.trim());
            portVar = v;
            break;
          }
        }
      }
    }
    const label = (x: EnvEntry): string => (x.via ? `${x.name} (from ${x.via})` : x.name);
    out.push({
      env: label(e), host, port, path: e.path, shared: e.shared,
      ...(portVar ? { portEnv: label(portVar), portPath: portVar.path } : {}),
    });
  }
  return out;
}

/**
 * Splits a host into a Service name and namespace (`svcSuffix` when written `<service>.<namespace>.svc[.cluster.local]`), or
 * undefined when it does not look like an in-cluster name.
 */
export function parseServiceHost(host: string, clientNamespace: string): { name: string; namespace: string; svcSuffix: boolean } | undefined {
  const m = SVC_HOST.exec(host);
  if (!m) {
    return undefined;
  }
  const name = m[1];
  const ns = m[4];
  return { name, namespace: ns ?? clientNamespace, svcSuffix: m[6] !== undefined };
}
