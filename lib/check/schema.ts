// Strict schema validation against the Kubernetes 1.28 OpenAPI definitions, as `kubeconform -strict` and
// `kubectl apply --validate=strict` do it: unknown fields, wrong types, missing required fields.
// The schema is a trimmed copy of Kubernetes' own definitions, shipped in this package (see
// scripts/trim-k8s-schema.js); nothing is downloaded.
import * as fs from 'fs';
import * as path from 'path';
import { editDistance, isObject, Item, Json, own, show } from './model';

/** A field's type: a scalar name, `#<definition>`, an array (`a`) or a map (`m`) of a type. */
export type Spec = string | { readonly a: Spec } | { readonly m: Spec };

export interface Definition {
  readonly p: Record<string, Spec>;
  readonly r?: readonly string[];
}

interface Schema {
  readonly source: string;
  readonly kinds: Record<string, string>;
  readonly definitions: Record<string, Definition>;
}


/**
 * Reads the schema next to this file, or, from a compiled copy of this file (build/...), in the package's
 * lib/check/: the JSON file is data, which a TypeScript build does not copy.
 */
function loadSchema(): Schema {
  const name = 'k8s-1.28-schema.json';
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    for (const candidate of [path.join(dir, name), path.join(dir, 'lib', 'check', name)]) {
      if (fs.existsSync(candidate)) {
        return JSON.parse(fs.readFileSync(candidate, 'utf8'));
      }
    }
    if (path.dirname(dir) === dir) {
      throw new Error(`${name} not found from ${__dirname}`);
    }
  }
}

// read on first use: importing the package for its constructs costs nothing
let cached: { schema: Schema; builtinGroups: Set<string> } | undefined;

function loaded(): { schema: Schema; builtinGroups: Set<string> } {
  if (!cached) {
    const schema = loadSchema();
    // groups Kubernetes serves (and `extensions`, whose kinds are gone): a kind missing there is a mistake, not a custom resource
    const builtinGroups = new Set(['extensions', ...Object.keys(schema.kinds).map((k) => {
      const parts = k.split('/');
      return parts.length === 3 ? parts[0] : '';
    })]);
    cached = { schema, builtinGroups };
  }
  return cached;
}

/** The fields of a definition (`io.k8s.api.core.v1.Container`), or undefined when the schema has none by that name. */
export function schemaDefinition(name: string): Definition | undefined {
  return own(loaded().schema.definitions, name);
}

/** The type name for an apiVersion and kind, or undefined when Kubernetes 1.28 does not serve it. */
export function schemaFor(apiVersion: string, kind: string): string | undefined {
  return own(loaded().schema.kinds, `${apiVersion}/${kind}`);
}

/** Whether an API group is one Kubernetes serves (a kind missing there is a mistake, not a custom resource). */
export function isBuiltinGroup(group: string): boolean {
  return loaded().builtinGroups.has(group);
}

/** The apiVersions that serve a kind. */
export function apiVersionsOf(kind: string): string[] {
  return Object.keys(loaded().schema.kinds).filter((k) => k.endsWith(`/${kind}`)).map((k) => k.slice(0, -kind.length - 1));
}

/** One schema problem: an unknown field, a value of the wrong type, a required field missing. */
export interface SchemaViolation {
  readonly id: 'schema-unknown-field' | 'schema-type' | 'schema-required';
  readonly item: Item;
  readonly path: string;
  readonly message: string;
  readonly fix: string;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

interface Ctx {
  readonly item: Item;
  readonly out: SchemaViolation[];
}

function add(ctx: Ctx, id: SchemaViolation['id'], path: string, message: string, fix: string): void {
  ctx.out.push({ id, item: ctx.item, path, message, fix });
}

function wrongType(ctx: Ctx, path: string, expected: string, value: unknown): void {
  // never the whole value: it may be megabytes, or an alias bomb
  add(ctx, 'schema-type', path, `${path} is ${typeName(value)} ${show(value, 40)}, expected ${expected}`,
    expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')
      ? `Quote the value ("${String(value)}"): YAML reads it as a ${typeName(value)}.`
      : `Give ${path} a value of type ${expected}.`);
}

function validate(ctx: Ctx, value: unknown, spec: Spec, path: string): void {
  if (value === null || value === undefined) {
    return;
  }
  if (typeof spec === 'string') {
    switch (spec) {
      case 'any': return;
      case 'string': if (typeof value !== 'string') wrongType(ctx, path, 'string', value); return;
      case 'integer': if (typeof value !== 'number' || !Number.isInteger(value)) wrongType(ctx, path, 'integer', value); return;
      case 'number': if (typeof value !== 'number') wrongType(ctx, path, 'number', value); return;
      case 'boolean': if (typeof value !== 'boolean') wrongType(ctx, path, 'boolean', value); return;
      case 'int-or-string': if (typeof value !== 'string' && !(typeof value === 'number' && Number.isInteger(value))) wrongType(ctx, path, 'integer or string', value); return;
      case 'quantity': if (typeof value !== 'string' && typeof value !== 'number') wrongType(ctx, path, 'quantity (string or number)', value); return;
      default: validateObject(ctx, value, spec.slice(1), path); return;
    }
  }
  if (typeof spec !== 'object' || spec === null) {
    return;
  }
  if (Object.prototype.hasOwnProperty.call(spec, 'a')) {
    const item = (spec as { a: Spec }).a;
    if (!Array.isArray(value)) {
      wrongType(ctx, path, 'array', value);
      return;
    }
    value.forEach((v, i) => validate(ctx, v, item, `${path}[${i}]`));
    return;
  }
  if (!isObject(value)) {
    wrongType(ctx, path, 'object', value);
    return;
  }
  const inner = (spec as { m: Spec }).m;
  for (const [k, v] of Object.entries(value)) {
    validate(ctx, v, inner, `${path}.${cutKey(k)}`);
  }
}

function validateObject(ctx: Ctx, value: unknown, name: string, path: string): void {
  const def = own(loaded().schema.definitions, name);
  if (!def) {
    return;
  }
  if (!isObject(value)) {
    wrongType(ctx, path || 'the object', 'object', value);
    return;
  }
  const prefix = path ? `${path}.` : '';
  for (const [k, v] of Object.entries(value)) {
    const spec = own(def.p, k);
    if (spec === undefined) {
      const known = Object.keys(def.p);
      const close = known.map((f) => ({ f, d: editDistance(f.toLowerCase(), k.toLowerCase()) })).sort((a, b) => a.d - b.d)[0];
      const hint = close && close.d <= Math.max(2, Math.floor(k.length / 4)) ? `Did you mean "${close.f}"? ` : '';
      const shown = cutKey(k);
      add(ctx, 'schema-unknown-field', `${prefix}${shown}`, `unknown field "${prefix}${shown}" (${name.split('.').pop()} has no field "${shown}")`,
        `${hint}Remove or rename it${known.length <= 12 ? `; known fields: ${known.join(', ')}.` : ' (`kubectl explain` lists the known fields).'}`);
      continue;
    }
    validate(ctx, v, spec, `${prefix}${k}`);
  }
  for (const r of def.r ?? []) {
    if (own(value, r) === undefined || own(value, r) === null) {
      add(ctx, 'schema-required', `${prefix}${r}`, `required field "${prefix}${r}" is missing`, `Set ${prefix}${r}.`);
    }
  }
}

function cutKey(key: string): string {
  return key.length <= 80 ? key : `${key.slice(0, 80)}…`;
}

/** Validates every object whose apiVersion and kind Kubernetes 1.28 serves (the others are schema-kind's business). */
export function validateSchema(items: readonly Item[]): SchemaViolation[] {
  const out: SchemaViolation[] = [];
  for (const item of items) {
    const obj: Json = item.object;
    if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') {
      continue;
    }
    const name = schemaFor(obj.apiVersion, obj.kind);
    if (name) {
      validateObject({ item, out }, obj, name, '');
    }
  }
  return out;
}
