import { Construct } from 'constructs';
import { hasBrand } from './_brand';
import {
  isConfigKey, isDns1035Label, isDns1123Label, isDns1123Subdomain, isLabelValue, isPort, isQualifiedName,
} from './_k8s-rules';

// The rules below are the API server's own (k8s.io/apimachinery/pkg/util/validation, Kubernetes 1.28),
// checked at synth so that bad input never becomes YAML a cluster would reject.

/** The longest text of a value in an error message. */
const MAX_SHOWN = 120;

/**
 * Names of props and fields whose values are secrets: their text is never shown, only its type. Names of Secrets
 * (`secretName`, `rootPasswordSecretName`) are not secrets.
 */
const SENSITIVE_KEY = /passw(or)?d|pwd|secret|token|credential|^(string)?data$/i;
const NOT_SENSITIVE_KEY = /name$/i;

/** True when a prop or field of this name holds a secret: `rootPassword`, `password`, `stringData`, ... */
export function isSensitiveName(name: string): boolean {
  const last = name.split(/[.[\]"]+/).filter((part) => part.length > 0).pop() ?? name;
  return SENSITIVE_KEY.test(last) && !NOT_SENSITIVE_KEY.test(last);
}

/**
 * Shows any value safely in an error message: never throws, never echoes a secret, never prints pages.
 * - a construct by its class and path: `<MysqlBackend lab/Backend>` (the root by its class: `<App>`);
 * - `Duration`, `Size` and `Cpu` by their amount (`<Duration 10500 millis>`), other class instances by class name;
 * - NaN, Infinity, undefined, `-0` as written in JavaScript; strings quoted; functions by name; symbols and bigints
 *   as written;
 * - plain objects and arrays as JSON-like text, a circular reference as `<circular>`, nesting below 3 levels as `{…}`;
 * - the value of a sensitive name (see `isSensitiveName`), and everything inside it, by type only:
 *   `<redacted string>`;
 * - at most 120 characters, cut with `…`.
 *
 * @param value the value to show
 * @param sensitive show primitives by type only (the value of `rootPassword`, `password`, ...)
 */
export function formatValue(value: unknown, sensitive = false): string {
  let text: string;
  try {
    text = show(value, sensitive, new Set(), 0);
  } catch {
    text = `<unprintable ${typeof value}>`;
  }
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}

function show(value: unknown, sensitive: boolean, seen: Set<object>, depth: number): string {
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'boolean':
      return String(value);
    case 'number':
      if (sensitive) return '<redacted number>';
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return sensitive ? '<redacted bigint>' : `${value}n`;
    case 'string':
      if (sensitive) return '<redacted string>';
      return JSON.stringify(value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value);
    case 'symbol':
      return String(value);
    case 'function':
      return `[function ${value.name || '(anonymous)'}]`;
  }
  if (value === null) return 'null';
  const obj = value as object;
  if (isConstruct(obj)) {
    const path = obj.node.path;
    return path ? `<${className(obj)} ${path}>` : `<${className(obj)}>`;
  }
  if (seen.has(obj)) return '<circular>';
  const known = showKnownClass(obj);
  if (known !== undefined) return known;
  const proto = Object.getPrototypeOf(obj);
  if (!Array.isArray(obj) && proto !== null && proto !== Object.prototype) {
    return `<${className(obj)}>`;
  }
  if (depth >= 3) return Array.isArray(obj) ? '[…]' : '{…}';
  seen.add(obj);
  try {
    if (Array.isArray(obj)) {
      const items = obj.slice(0, 10).map((item) => show(item, sensitive, seen, depth + 1));
      return `[${items.join(',')}${obj.length > 10 ? ',…' : ''}]`;
    }
    const entries = Object.entries(obj);
    const shown = entries.slice(0, 10).map(([key, item]) => `${JSON.stringify(key)}:${show(item, sensitive || isSensitiveName(key), seen, depth + 1)}`);
    return `{${shown.join(',')}${entries.length > 10 ? ',…' : ''}}`;
  } finally {
    seen.delete(obj);
  }
}

/** True for a construct (anything with a node and a path), of any copy of the constructs library. */
export function isConstruct(x: unknown): x is Construct {
  if (x === null || typeof x !== 'object') return false;
  const node = (x as { node?: { path?: unknown } }).node;
  return node !== null && typeof node === 'object' && typeof node.path === 'string';
}

function className(x: object): string {
  return (x as { constructor?: { name?: unknown } }).constructor?.name as string || 'Object';
}

/** cdk8s's amounts by what they hold: `Duration`, `Size` (amount and unit) and cdk8s-plus `Cpu` (its text). */
function showKnownClass(x: object): string | undefined {
  const name = className(x);
  const { amount, unit } = x as { amount?: unknown; unit?: { label?: unknown } };
  if ((name === 'Duration' || name === 'Size') && typeof unit?.label === 'string' && typeof amount === 'number') {
    return `<${name} ${amount} ${unit.label}>`;
  }
  if (name === 'Cpu' && typeof amount === 'string') {
    return `<Cpu ${JSON.stringify(amount)}>`;
  }
  return undefined;
}

/** Describes a construct in an error message: its class and its path in the construct tree. */
export function describe(scope: Construct): string {
  return `${scope.constructor.name} at '${scope.node.path}'`;
}

/**
 * Throws the error format used across this library: `invalid <prop> <value> in <Class> at '<path>': <rule and fix>`.
 * The value is shown by `formatValue`; a prop whose name holds a secret (`rootPassword`, `password`) by its type only.
 *
 * @param scope the construct that received the value, or the name of a static factory (`MysqlImage.fromReference()`)
 * @param what the prop, as the caller wrote it (`storage.claimName`, `labels["app"]`)
 */
export function fail(scope: Construct | string, what: string, value: unknown, rule: string): never {
  const where = typeof scope === 'string' ? scope : describe(scope);
  throw new Error(`invalid ${what} ${formatValue(value, isSensitiveName(what))} in ${where}: ${rule}`);
}

/**
 * Runs a cdk8s conversion (`Duration.toSeconds()`, `Size.toKibibytes()`) and re-throws its error naming the construct
 * and the prop. A value that is not the expected class at all (a number from JavaScript) is refused first.
 */
export function convert<T, R>(
  scope: Construct, what: string, value: T, expected: { className: string; method: string; example: string }, conversion: (v: T) => R,
): R {
  const method = (value as Record<string, unknown> | null | undefined)?.[expected.method];
  if (value === null || typeof value !== 'object' || typeof method !== 'function') {
    fail(scope, what, value, `must be a ${expected.className}, for example ${expected.example}`);
  }
  try {
    return conversion(value);
  } catch (e) {
    const reason = String((e as Error)?.message ?? e).replace(/\.$/, '');
    // Lowercase a capitalized first word ("Cannot ..."), never a value or an acronym ("NaN", "TB").
    const lowered = /^[A-Z][a-z]*(?![A-Za-z])/.test(reason) ? `${reason.charAt(0).toLowerCase()}${reason.slice(1)}` : reason;
    fail(scope, what, value, `${lowered}: use a ${expected.className} that converts exactly, `
      + `for example ${expected.example}`);
  }
}

/** A `Duration` in whole seconds, from `min` to `max`. */
export function durationSeconds(scope: Construct, what: string, value: unknown, min: number, max: number, why: string): number {
  const seconds = convert(scope, what, value as { toSeconds(): number }, {
    className: 'Duration', method: 'toSeconds', example: 'Duration.minutes(5)',
  }, (d) => d.toSeconds());
  if (!Number.isInteger(seconds) || seconds < min || seconds > max) {
    fail(scope, what, value, `must be from ${min} to ${max} seconds${why ? `: ${why}` : ''}`);
  }
  return seconds;
}

/** A `Size` in kibibytes (fractions allowed: `0.5Ki` is 512 bytes), refusing zero and below when `positive`. */
export function sizeKibibytes(scope: Construct, what: string, value: unknown, positive: boolean): number {
  const kib = convert(scope, what, value as { toKibibytes(): number }, {
    className: 'Size', method: 'toKibibytes', example: 'Size.gibibytes(10)',
  }, (s) => s.toKibibytes());
  if (!Number.isFinite(kib) || kib < 0 || (positive && kib <= 0)) {
    fail(scope, what, value, `must be a finite size${positive ? ' above zero' : ''}, for example Size.gibibytes(10)`);
  }
  return kib;
}

/** A DNS-1123 label: namespaces, container names, Service port names. */
export function checkDns1123Label(scope: Construct | string, what: string, value: string): void {
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
export function checkLabels(scope: Construct | string, what: string, labels: Readonly<Record<string, string>>): void {
  if (labels === null || typeof labels !== 'object' || Array.isArray(labels) || isConstruct(labels)) {
    fail(scope, what, labels, 'must be an object of label keys and string values, for example { team: "orders" }');
  }
  for (const [key, value] of Object.entries(labels)) {
    if (!isQualifiedName(key)) {
      fail(scope, `${what} key`, key, "must be an optional DNS-1123 subdomain prefix and '/', then a name of at most 63 characters "
        + "(letters, digits, '-', '_' and '.', starting and ending with a letter or digit)");
    }
    if (!isLabelValue(value)) {
      fail(scope, `${what}[${JSON.stringify(key)}]`, value, "must be a string, empty or at most 63 characters (letters, digits, '-', '_' and '.', "
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
  if (!isConfigKey(value)) {
    fail(scope, what, value, "must consist of letters, digits, '-', '_' and '.' (at most 253 characters), and be neither '.' nor "
      + "start with '..' (the kubelet writes each key as a file beside its '..data' link): use a key like \"password\"");
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

/** A `MysqlImage` of any copy of this package, not a string or a construct passed by mistake. */
export function checkImage<T extends { readonly reference: string }>(scope: Construct, what: string, image: T): T {
  if (!hasBrand(image, 'MysqlImage')) {
    fail(scope, what, image, 'pass a MysqlImage: MysqlImage.MYSQL_8_4, or MysqlImage.fromReference("registry.example.com/mysql:8.4.9")');
  }
  return image;
}

/** An optional switch: `true`, `false` or undefined (its default), never a string such as `'false'` from JavaScript. */
export function optionalBoolean(scope: Construct, what: string, value: unknown, defaultValue: boolean): boolean {
  if (value === undefined) return defaultValue;
  if (typeof value !== 'boolean') {
    fail(scope, what, value, `must be true or false (default ${defaultValue})`);
  }
  return value;
}
