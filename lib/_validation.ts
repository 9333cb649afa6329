import { Construct } from 'constructs';
import {
  isDns1035Label, isDns1123Label, isDns1123Subdomain, isLabelValue, isPort, isQualifiedName,
} from './_k8s-rules';

// The rules below are the API server's own (k8s.io/apimachinery/pkg/util/validation, Kubernetes 1.28),
// checked at synth so that bad input never becomes YAML a cluster would reject.

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
  if (!isDns1123Label(value)) {
    fail(scope, what, value, "must be a DNS-1123 label (lowercase letters, digits and '-', "
      + 'starting and ending with a letter or digit, at most 63 characters)');
  }
}

/** A DNS-1035 label: Service names, which become DNS names and environment variable prefixes in pods. */
export function checkDns1035Label(scope: Construct, what: string, value: string): void {
  if (!isDns1035Label(value)) {
    fail(scope, what, value, "must be a DNS-1035 label (lowercase letters, digits and '-', "
      + 'starting with a letter, ending with a letter or digit, at most 63 characters)');
  }
}

/** A DNS-1123 subdomain: names of Deployments, Pods, Secrets and most other objects. */
export function checkDns1123Subdomain(scope: Construct, what: string, value: string): void {
  if (!isDns1123Subdomain(value)) {
    fail(scope, what, value, "must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', "
      + 'starting and ending with a letter or digit, at most 253 characters)');
  }
}

/** Label keys and values, as metadata.labels and label selectors require them. */
export function checkLabels(scope: Construct, what: string, labels: Readonly<Record<string, string>>): void {
  for (const [key, value] of Object.entries(labels)) {
    if (!isQualifiedName(key)) {
      fail(scope, `${what} key`, key, "must be an optional DNS-1123 subdomain prefix and '/', then a name of at most 63 characters "
        + "(letters, digits, '-', '_' and '.', starting and ending with a letter or digit)");
    }
    if (!isLabelValue(value)) {
      fail(scope, `${what} value for "${key}"`, value, "must be empty or at most 63 characters (letters, digits, '-', '_' and '.', "
        + 'starting and ending with a letter or digit)');
    }
  }
}

/** A TCP or UDP port number. */
export function checkPort(scope: Construct, what: string, value: number): void {
  if (!isPort(value)) {
    fail(scope, what, value, 'must be an integer from 1 to 65535');
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
