import { Construct } from 'constructs';

// The rules below are the API server's own (k8s.io/apimachinery/pkg/util/validation, Kubernetes 1.28),
// checked at synth so that bad input never becomes YAML a cluster would reject.

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const IANA_SVC_NAME = /^[-a-z0-9]+$/;
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/** Describes a construct in an error message: its class and its path in the construct tree. */
function describe(scope: Construct): string {
  return `${scope.constructor.name} at '${scope.node.path}'`;
}

/** Throws the error format used across this library: what was wrong, the value, where, and the rule or fix. */
export function fail(scope: Construct, what: string, value: unknown, rule: string): never {
  throw new Error(`invalid ${what} ${JSON.stringify(value)} in ${describe(scope)}: ${rule}`);
}

/** A DNS-1123 label: namespaces, container names, Service port names. */
export function checkDns1123Label(scope: Construct, what: string, value: string): void {
  if (typeof value !== 'string' || value.length > 63 || !DNS1123_LABEL.test(value)) {
    fail(scope, what, value, "must be a DNS-1123 label (lowercase letters, digits and '-', "
      + 'starting and ending with a letter or digit, at most 63 characters)');
  }
}

/** A DNS-1035 label: Service names, which become DNS names and environment variable prefixes in pods. */
export function checkDns1035Label(scope: Construct, what: string, value: string): void {
  if (typeof value !== 'string' || value.length > 63 || !DNS1035_LABEL.test(value)) {
    fail(scope, what, value, "must be a DNS-1035 label (lowercase letters, digits and '-', "
      + 'starting with a letter, ending with a letter or digit, at most 63 characters)');
  }
}

/** A DNS-1123 subdomain: names of Deployments, Pods, Secrets and most other objects. */
export function checkDns1123Subdomain(scope: Construct, what: string, value: string): void {
  if (typeof value !== 'string' || value.length > 253 || !DNS1123_SUBDOMAIN.test(value)) {
    fail(scope, what, value, "must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', "
      + 'starting and ending with a letter or digit, at most 253 characters)');
  }
}

/** Label keys and values, as metadata.labels and label selectors require them. */
export function checkLabels(scope: Construct, what: string, labels: Readonly<Record<string, string>>): void {
  for (const [key, value] of Object.entries(labels)) {
    const slash = key.lastIndexOf('/');
    const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
    const name = slash >= 0 ? key.slice(slash + 1) : key;
    const prefixOk = prefix === undefined || (prefix.length <= 253 && DNS1123_SUBDOMAIN.test(prefix));
    if (!prefixOk || name.length > 63 || !QUALIFIED_NAME.test(name)) {
      fail(scope, `${what} key`, key, "must be an optional DNS-1123 subdomain prefix and '/', then a name of at most 63 characters "
        + "(letters, digits, '-', '_' and '.', starting and ending with a letter or digit)");
    }
    if (typeof value !== 'string' || value.length > 63 || (value !== '' && !QUALIFIED_NAME.test(value))) {
      fail(scope, `${what} value for "${key}"`, value, "must be empty or at most 63 characters (letters, digits, '-', '_' and '.', "
        + 'starting and ending with a letter or digit)');
    }
  }
}

/** A TCP or UDP port number. */
export function checkPort(scope: Construct, what: string, value: number): void {
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    fail(scope, what, value, 'must be an integer from 1 to 65535');
  }
}

/** A container port name (IANA_SVC_NAME), which a Service's targetPort may refer to. */
export function checkPortName(scope: Construct, what: string, value: string): void {
  const ok = typeof value === 'string' && value.length <= 15 && IANA_SVC_NAME.test(value) && /[a-z]/.test(value)
    && !value.includes('--') && !value.startsWith('-') && !value.endsWith('-');
  if (!ok) {
    fail(scope, what, value, "must be an IANA service name (at most 15 lowercase letters, digits and '-', "
      + "at least one letter, no leading, trailing or double '-')");
  }
}

/** An environment variable name. */
export function checkEnvName(scope: Construct, what: string, value: string): void {
  if (typeof value !== 'string' || !ENV_VAR_NAME.test(value)) {
    fail(scope, what, value, "must consist of letters, digits, '_', '-' and '.', and not start with a digit");
  }
}

/** A key inside a Secret's data. */
export function checkSecretKey(scope: Construct, what: string, value: string): void {
  if (typeof value !== 'string' || value.length > 253 || !SECRET_KEY.test(value)) {
    fail(scope, what, value, "must consist of letters, digits, '-', '_' and '.' (at most 253 characters)");
  }
}

/** A whole number within bounds. */
export function checkInteger(scope: Construct, what: string, value: number, min: number, max: number, why: string): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    fail(scope, what, value, `must be an integer from ${min} to ${max}${why ? `: ${why}` : ''}`);
  }
}

/** True when every key/value of `selector` appears in `labels` (how a Service or matchLabels selects pods). */
export function selects(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([key, value]) => labels[key] === value);
}
