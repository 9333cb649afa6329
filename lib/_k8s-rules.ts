// The API server's own syntax rules for names, labels, ports and env vars (Kubernetes 1.28,
// k8s.io/apimachinery/pkg/util/validation and validation.go), as predicates: the constructs throw on them
// at synth (lib/_validation.ts), and the manifest checker reports them (lib/check/api-rules.ts).

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

/** A DNS-1123 label: namespaces, container names, Service port names, StatefulSets. */
export function isDns1123Label(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 63 && DNS1123_LABEL.test(value);
}

/** A DNS-1035 label: Service names. */
export function isDns1035Label(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 63 && DNS1035_LABEL.test(value);
}

/** A DNS-1123 subdomain: most object names, label key prefixes. */
export function isDns1123Subdomain(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 253 && DNS1123_SUBDOMAIN.test(value);
}

/** IANA_SVC_NAME: container port names and named targetPorts. */
export function isIanaSvcName(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 1 && value.length <= 15 && /^[-a-z0-9]+$/.test(value) && /[a-z]/.test(value)
    && !value.includes('--') && !value.startsWith('-') && !value.endsWith('-');
}

/** A label or annotation key: an optional DNS-1123 subdomain prefix and '/', then a name of at most 63 characters. */
export function isQualifiedName(key: unknown): key is string {
  if (typeof key !== 'string') {
    return false;
  }
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  return (prefix === undefined || isDns1123Subdomain(prefix)) && name.length <= 63 && QUALIFIED_NAME.test(name);
}

/** A label value: empty, or at most 63 characters of the qualified-name alphabet. */
export function isLabelValue(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 63 && (value === '' || QUALIFIED_NAME.test(value));
}

/** A TCP, UDP or SCTP port number. */
export function isPort(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535;
}

/** An environment variable name. */
export function isEnvVarName(value: unknown): value is string {
  return typeof value === 'string' && ENV_VAR_NAME.test(value);
}

/**
 * A key of a Secret's or ConfigMap's data (IsConfigMapKey): letters, digits, '-', '_' and '.', at most 253 characters,
 * and not `.`, `..` or anything starting with `..` (the kubelet writes each key as a file, beside its `..data` link).
 */
export function isConfigKey(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 253 && CONFIG_KEY.test(value) && value !== '.' && !value.startsWith('..');
}
