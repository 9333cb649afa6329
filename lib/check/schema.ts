// Strict schema validation against the Kubernetes 1.28 OpenAPI definitions, as `kubeconform -strict` and
// `kubectl apply --validate=strict` do it: unknown fields, wrong types, missing required fields.
// The schema is a trimmed copy of Kubernetes' own definitions, shipped in this package (see
// scripts/trim-k8s-schema.js); nothing is downloaded.
import * as fs from 'fs';
import * as path from 'path';
import { Findings } from './catalog';
import { editDistance, isObject, Item, Json } from './model';

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
  return loaded().schema.definitions[name];
}

/** The type name for an apiVersion and kind, or undefined when Kubernetes 1.28 does not serve it. */
export function schemaFor(apiVersion: string, kind: string): string | undefined {
  return loaded().schema.kinds[`${apiVersion}/${kind}`];
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

interface Ctx {
  readonly item: Item;
  readonly out: Findings;
}

function wrongType(ctx: Ctx, path: string, expected: string, value: unknown): void {
  const shown = JSON.stringify(value);
  ctx.out.add('schema-type', ctx.item, path, `${path} is ${typeName(value)} ${shown && shown.length <= 40 ? shown : ''}, expected ${expected}`.replace('  ', ' '),
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
  if ('a' in spec) {
    if (!Array.isArray(value)) {
      wrongType(ctx, path, 'array', value);
      return;
    }
    value.forEach((v, i) => validate(ctx, v, spec.a, `${path}[${i}]`));
    return;
  }
  if (!isObject(value)) {
    wrongType(ctx, path, 'object', value);
    return;
  }
  for (const [k, v] of Object.entries(value)) {
    validate(ctx, v, spec.m, `${path}.${k}`);
  }
}

function validateObject(ctx: Ctx, value: unknown, name: string, path: string): void {
  const def = loaded().schema.definitions[name];
  if (!def) {
    return;
  }
  if (!isObject(value)) {
    wrongType(ctx, path || 'the object', 'object', value);
    return;
  }
  const prefix = path ? `${path}.` : '';
  for (const [k, v] of Object.entries(value)) {
    const spec = def.p[k];
    if (spec === undefined) {
      const known = Object.keys(def.p);
      const close = known.map((f) => ({ f, d: editDistance(f.toLowerCase(), k.toLowerCase()) })).sort((a, b) => a.d - b.d)[0];
      const hint = close && close.d <= Math.max(2, Math.floor(k.length / 4)) ? `Did you mean "${close.f}"? ` : '';
      ctx.out.add('schema-unknown-field', ctx.item, `${prefix}${k}`, `unknown field "${prefix}${k}" (${name.split('.').pop()} has no field "${k}")`,
        `${hint}Remove or rename it${known.length <= 12 ? `; known fields: ${known.join(', ')}.` : ' (`kubectl explain` lists the known fields).'}`);
      continue;
    }
    validate(ctx, v, spec, `${prefix}${k}`);
  }
  for (const r of def.r ?? []) {
    if (value[r] === undefined || value[r] === null) {
      ctx.out.add('schema-required', ctx.item, `${prefix}${r}`, `required field "${prefix}${r}" is missing`, `Set ${prefix}${r}.`);
    }
  }
}

export function checkSchema(items: readonly Item[], out: Findings): void {
  const { schema, builtinGroups } = loaded();
  for (const item of items) {
    const obj: Json = item.object;
    if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string' || obj.apiVersion === '' || obj.kind === '') {
      out.add('schema-kind', item, obj.apiVersion ? 'kind' : 'apiVersion', 'the object has no apiVersion or no kind', 'Set apiVersion and kind.');
      continue;
    }
    const group = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0] : '';
    const name = schemaFor(obj.apiVersion, obj.kind);
    if (!name) {
      if (builtinGroups.has(group)) {
        const served = Object.keys(schema.kinds).filter((k) => k.endsWith(`/${obj.kind}`)).map((k) => k.slice(0, -obj.kind.length - 1));
        out.add('schema-kind', item, 'apiVersion', `Kubernetes 1.28 serves no ${obj.kind} in ${obj.apiVersion}`,
          served.length ? `Use apiVersion ${served.join(' or ')}.` : 'Check the kind and apiVersion (kubectl api-resources).');
      }
      continue;
    }
    validateObject({ item, out }, obj, name, '');
  }
}
