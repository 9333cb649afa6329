// Shared by the upgrade comparisons: values normalized the way the API server stores them (empty lists, maps and
// nulls dropped), a structural diff that names each changed field, and the shape of one comparison.
import { compareQuantities, parseQuantity } from '../../_quantity';
import { isObject, Item, Json, Severity, show } from '../model';

/** One field that differs between the previous and the next version of an object. */
export interface FieldChange {
  /** Dotted path (`spec.template.spec.containers[0].image`). */
  readonly path: string;
  readonly previous: Json;
  readonly next: Json;
}

/** Reports one refused change of the object being compared; `severity` `warning` for a change the server may refuse. */
export type UpgradeReport = (path: string, message: string, fix: string, severity?: Severity) => void;

/** The comparison of one kind of object: the fields its API server refuses to change in place. */
export interface UpgradeRule {
  /** `group/Kind` pairs it compares (`apps/Deployment`, `/Pod` for the core group). */
  readonly kinds: readonly string[];
  readonly compare: (previous: Item, next: Item, report: UpgradeReport) => void;
}

/**
 * A value without the empty lists and maps, nulls and empty strings that the server drops or never stores, so that two
 * spellings of one stored value compare equal (`emptyDir: {}` drops on both sides alike).
 */
export function normalize(value: Json): Json {
  if (Array.isArray(value)) {
    const items = value.map(normalize);
    return items.length ? items : undefined;
  }
  if (isObject(value)) {
    const out: Record<string, Json> = {};
    for (const key of Object.keys(value).sort()) {
      const v = normalize(value[key]);
      if (v !== undefined) out[key] = v;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return value === null || value === '' ? undefined : value;
}

const key = (k: string): string => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`);

/** Every leaf that differs between two values, after normalization, as dotted paths under `base`. */
export function diff(previous: Json, next: Json, base: string): FieldChange[] {
  const out: FieldChange[] = [];
  walk(normalize(previous), normalize(next), base, out);
  return out;
}

function walk(a: Json, b: Json, at: string, out: FieldChange[]): void {
  if (isObject(a) && isObject(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      walk(a[k], b[k], `${at}${key(k)}`, out);
    }
  } else if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((item, n) => walk(item, b[n], `${at}[${n}]`, out));
  } else if (JSON.stringify(a) !== JSON.stringify(b) && !sameQuantity(a, b, at)) {
    out.push({ path: at.replace(/^\./, ''), previous: a, next: b });
  }
}

/** Two spellings of one quantity under `resources` (`1024Mi` and `1Gi`, `1000m` and `1`): the server stores one form. */
function sameQuantity(a: Json, b: Json, at: string): boolean {
  if (!/\.resources\.(requests|limits)\./.test(at) || (typeof a !== 'string' && typeof a !== 'number') || (typeof b !== 'string' && typeof b !== 'number')) {
    return false;
  }
  const x = parseQuantity(String(a));
  const y = parseQuantity(String(b));
  return x !== undefined && y !== undefined && compareQuantities(x, y) === 0;
}

/** `"a" to "b"`, `(unset) to 3`: the two values of a change, short. */
export function fromTo(change: FieldChange): string {
  const v = (x: Json): string => (x === undefined ? '(unset)' : show(x, 80));
  return `from ${v(change.previous)} to ${v(change.next)}`;
}

/** The kind and name as kubectl names them: `job/mysql-connectivity-check`. */
export function ref(item: Item): string {
  return `${item.kind.toLowerCase()}/${item.name}`;
}

/** `-n <ns> ` when the object names a namespace, for the commands in a fix. */
export function nsFlag(item: Item): string {
  return typeof item.object?.metadata?.namespace === 'string' && item.object.metadata.namespace !== '' ? `-n ${item.object.metadata.namespace} ` : '';
}

/** At most this many changed fields are reported per object and rule; the last finding says how many more there are. */
export const MAX_FIELDS = 8;

/** Reports each change (at most MAX_FIELDS, then one line for the rest) with the same reason and fix. */
export function reportChanges(changes: readonly FieldChange[], report: UpgradeReport, why: string, fix: string): void {
  changes.slice(0, MAX_FIELDS).forEach((c, n) => {
    const more = n === MAX_FIELDS - 1 && changes.length > MAX_FIELDS ? ` (and ${changes.length - MAX_FIELDS} more fields)` : '';
    report(c.path, `${c.path} changes ${fromTo(c)}${more}: ${why}`, fix);
  });
}
