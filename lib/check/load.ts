// Reads YAML (and JSON) manifests the way kubectl does: YAML 1.1 scalars, one object per document,
// `kind: List` flattened, duplicate keys and syntax errors reported instead of silently resolved.
import * as fs from 'fs';
import * as path from 'path';
import * as jsYaml from 'js-yaml';
import { Document, isAlias, isCollection, isScalar, parseAllDocuments, visit } from 'yaml';
import { asArray, cut, isObject, Json } from './model';

export interface LoadedObject {
  readonly object: Json;
  readonly file?: string;
}

export interface LoadProblem {
  readonly id: 'yaml-syntax' | 'yaml-duplicate-key' | 'template-file';
  /** The object the problem was found in, when the reader got that far. */
  readonly object: Json;
  readonly file?: string;
  readonly message: string;
  /** How to fix it, when the check's default advice does not fit. */
  readonly fix?: string;
}

export interface Loaded {
  readonly objects: LoadedObject[];
  /** Syntax, duplicate-key, alias, encoding and template problems, keyed to the object they were found in. */
  readonly problems: LoadProblem[];
}

// YAML 1.1 booleans (yes/no/on/off), as kubectl's sigs.k8s.io/yaml reads them; js-yaml's core schema is YAML 1.2.
const YAML11_BOOL = new jsYaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && /^(true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF)$/.test(data),
  construct: (data: string) => /^(true|yes|on)$/i.test(data),
});
// no timestamps: Kubernetes keeps them as strings
const MERGE = (jsYaml as unknown as { types: { merge: jsYaml.Type } }).types.merge;
const KUBECTL_SCHEMA = jsYaml.CORE_SCHEMA.extend({ implicit: [YAML11_BOOL, MERGE] });

/**
 * Aliases a document may expand, counted as the `yaml` package counts them (nodes reached through aliases). kubectl's
 * reader refuses excessive aliasing the same way ("document contains excessive aliasing"); without a limit a 500-byte
 * file expands to gigabytes.
 */
export const MAX_ALIAS_COUNT = 1000;

function addObject(objects: LoadedObject[], object: Json, file?: string): void {
  if (object === null || object === undefined) {
    return;
  }
  if (isObject(object) && typeof object.kind === 'string' && object.kind.endsWith('List') && Array.isArray(object.items)) {
    for (const inner of asArray(object.items)) {
      objects.push({ object: inner, file });
    }
    return;
  }
  objects.push({ object, file });
}

/** Explicit (`? `) or flow-collection keys, and aliases used as keys: text the fast reader would turn into "[object Object]" keys. */
const COMPLEX_KEYS = /(^|[\s,[{])\?(\s|$)|^\s*(- +)?[[{].*[\]}]\s*:(\s|$)|(^|[\s,[{])\*[^\s,\]}]+\s*:(\s|$)/m;
const ALIAS = /(^|[\s,[{])\*[^\s,\]}]/g;
/** A tab at the start of a line: YAML forbids tabs as indentation, yet the fast reader takes `\t---` for a document marker. */
const TAB_INDENT = /^\t/m;
/**
 * A tag (`!!str`, `!foo`, `!<...>`) where a node may start: the fast reader reads `!!str #comment` as no document at all.
 * Not `!` before a space or `=`, as shell scripts in ConfigMaps write it (`if ! cmd`, `[ ! -f x ]`, `!=`).
 */
const TAG = /(^|[\s,[{])!(!|<|[A-Za-z])/m;

/**
 * How many nodes the documents have with every alias expanded, counted without expanding them (each shared node once),
 * and stopping past `limit`.
 */
function expandedSize(values: readonly Json[], limit: number): number {
  const memo = new Map<object, number>();
  const size = (value: object): number => {
    const known = memo.get(value);
    if (known !== undefined) {
      return known;
    }
    memo.set(value, limit + 1); // a node that contains itself (`&a [*a]`) has no end
    let total = 1;
    if (Array.isArray(value)) {
      for (const child of value) {
        total += typeof child === 'object' && child !== null ? size(child) : 1;
        if (total > limit) break;
      }
    } else {
      for (const key in value) {
        const child = (value as Record<string, unknown>)[key];
        total += typeof child === 'object' && child !== null ? size(child) : 1;
        if (total > limit) break;
      }
    }
    memo.set(value, total);
    return total;
  };
  let total = 0;
  for (const value of values) {
    total += typeof value === 'object' && value !== null ? size(value) : 1;
    if (total > limit) break;
  }
  return total;
}

/** Whether a text is a Go template (a Helm chart's templates/), not YAML: `{{ ... }}` actions outside quoted and block scalars. */
export function isGoTemplate(text: string): boolean {
  if (!text.includes('{{')) {
    return false;
  }
  let blockIndent = -1;
  for (const line of text.split('\n')) {
    const indent = line.search(/\S/);
    if (indent < 0) {
      continue;
    }
    if (blockIndent >= 0 && indent > blockIndent) {
      continue; // inside a block scalar (`key: |`): configuration files there may use {{ }} themselves
    }
    blockIndent = -1;
    const content = line.slice(indent);
    if (/^(- +)?\{\{/.test(content) || /^[^#'"]*?:\s+\{\{/.test(content)) {
      return true;
    }
    if (/:\s*[|>][-+0-9]*\s*(#.*)?$/.test(content) || /^-\s*[|>][-+0-9]*\s*$/.test(content)) {
      blockIndent = indent;
    }
  }
  return false;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Reads a file's bytes as kubectl does: UTF-8 only (a byte-order mark is dropped). */
export function parseManifestBytes(bytes: Uint8Array, file?: string): Loaded {
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    let offset = 0;
    for (let n = Math.min(bytes.length, 1 << 16); offset < bytes.length; offset += n) {
      try {
        UTF8.decode(bytes.subarray(0, offset + n));
      } catch {
        break;
      }
    }
    return {
      objects: [],
      problems: [{
        id: 'yaml-syntax', object: undefined, file,
        message: `the file is not UTF-8 text (invalid bytes within the first ${Math.min(bytes.length, offset + (1 << 16))} bytes): kubectl rejects it`,
        fix: 'Save the file as UTF-8, or remove it if it is not a manifest.',
      }],
    };
  }
  return parseManifestText(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, file);
}

/**
 * Parses the documents of one YAML (or JSON) text. A text that starts with `{` is JSON, read strictly (no trailing
 * comma), as kubectl reads it. A fast parser reads YAML; a text with complex keys, a line indented by a tab, a tag,
 * more than 1,000 aliases or aliases that expand to far more nodes than the text holds, or one the fast parser rejects
 * (syntax error, duplicate key, undefined alias), is read with a parser that limits aliases and reports every problem
 * with its line. A Go template (Helm) is skipped with a note.
 */
export function parseManifestText(text: string, file?: string): Loaded {
  const objects: LoadedObject[] = [];
  if (/^\s*\{/.test(text)) {
    try {
      for (const value of jsonValues(text)) {
        addObject(objects, JSON.parse(value), file);
      }
      return { objects, problems: [] };
    } catch (e) {
      objects.length = 0;
      if (!isGoTemplate(text)) {
        return {
          objects, problems: [{
            id: 'yaml-syntax', object: undefined, file, message: `invalid JSON: ${cut((e as Error).message, 200)}`,
            fix: 'Fix the JSON (no trailing commas, double-quoted keys and strings).',
          }],
        };
      }
    }
  }
  if (isGoTemplate(text)) {
    return { objects, problems: [{ id: 'template-file', object: undefined, file, message: 'a Go template, not YAML' }] };
  }
  // the fast reader, unless the text has complex keys, tab indentation, tags or more aliases than the careful reader allows
  const aliases = text.includes('*') ? (text.match(ALIAS)?.length ?? 0) : 0;
  if (aliases <= MAX_ALIAS_COUNT && !COMPLEX_KEYS.test(text) && !TAB_INDENT.test(text) && !TAG.test(text)) {
    try {
      const docs = jsYaml.loadAll(text, undefined, { schema: KUBECTL_SCHEMA, filename: file });
      // aliases share their node: a few of them can stand for billions of nodes (an alias bomb), which the careful reader reports
      const limit = text.length + 100_000;
      if (aliases === 0 || expandedSize(docs, limit) <= limit) {
        for (const object of docs) {
          addObject(objects, object, file);
        }
        return { objects, problems: [] };
      }
    } catch {
      objects.length = 0;
    }
  }
  return parseSlowly(text, file);
}

/** Whether a value contains itself (a recursive alias: `data: &d {a: *d}`), which kubectl's reader refuses. */
function containsItself(value: Json): boolean {
  const open = new Set<object>();
  const done = new Set<object>();
  const visit = (v: Json): boolean => {
    if (typeof v !== 'object' || v === null || done.has(v)) {
      return false;
    }
    if (open.has(v)) {
      return true;
    }
    open.add(v);
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (visit(child)) {
        return true;
      }
    }
    open.delete(v);
    done.add(v);
    return false;
  };
  return visit(value);
}

/** The top-level values of a JSON stream (`{...}{...}`, as kubectl reads several objects from one JSON file). */
function jsonValues(text: string): string[] {
  const values: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === '{' || c === '[') {
      if (depth++ === 0) start = i;
    } else if (c === '}' || c === ']') {
      if (--depth === 0) values.push(text.slice(start, i + 1));
    } else if (depth === 0 && !/\s/.test(c)) {
      return [text]; // something between values: JSON.parse says what
    }
  }
  return depth === 0 && values.length > 0 ? values : [text];
}

function hasComplexKey(doc: Document.Parsed): boolean {
  let found = false;
  visit(doc, {
    Pair(_, pair) {
      const key = isAlias(pair.key) ? pair.key.resolve(doc) : pair.key;
      // a list, a map, or a scalar that is not one in JSON (`!!binary` bytes)
      if (isCollection(key) || (isScalar(key) && typeof key.value === 'object' && key.value !== null)) {
        found = true;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

function parseSlowly(text: string, file?: string): Loaded {
  const objects: LoadedObject[] = [];
  const problems: LoadProblem[] = [];
  let syntaxErrors = 0;
  let firstSyntax: LoadProblem | undefined;
  // kubectl reads manifests with sigs.k8s.io/yaml (YAML 1.1 scalars: `yes` is a boolean, `0755` an octal)
  const docs = parseAllDocuments(text, { uniqueKeys: true, version: '1.1', prettyErrors: true, logLevel: 'error' });
  const syntax = (object: Json, message: string, fix?: string): void => {
    syntaxErrors++;
    firstSyntax ??= { id: 'yaml-syntax', object, file, message, ...(fix ? { fix } : {}) };
  };
  for (const doc of docs) {
    let object: Json;
    let failure: string | undefined;
    if (hasComplexKey(doc)) {
      failure = 'a mapping key that is itself a mapping or a list: kubectl rejects it (JSON keys are strings)';
    } else {
      try {
        object = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
        if (/[&*]/.test(text) && containsItself(object)) {
          object = undefined;
          failure = 'an anchor that contains an alias to itself: kubectl refuses it (the value has no end)';
        }
      } catch (e) {
        const message = (e as Error).message;
        failure = /alias count/i.test(message)
          ? `the document contains excessive aliasing (more than ${MAX_ALIAS_COUNT} aliased nodes): kubectl refuses it, and expanding it could take gigabytes`
          : /unresolved alias/i.test(message)
            ? `alias *${cut(message.split(': ').pop() ?? '', 60)} has no anchor before it in its document: kubectl rejects the file (anchors do not cross documents)`
            : `the document cannot be read: ${cut(message, 200)}`;
      }
    }
    for (const error of doc.errors) {
      const where = error.linePos ? ` at line ${error.linePos[0].line}, column ${error.linePos[0].col}` : '';
      const raw = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      const first = /call stack/i.test(raw) ? 'the document nests too deep to read (kubectl\'s reader refuses deep nesting too)' : cut(raw, 200);
      if (error.code === 'DUPLICATE_KEY') {
        problems.push({ id: 'yaml-duplicate-key', object, file, message: `${first}${where}` });
      } else {
        syntax(object, `${first}${where}`);
      }
    }
    if (failure !== undefined) {
      const line = doc.range ? lineOf(text, doc.range[0]) : undefined;
      syntax(undefined, `${failure}${line !== undefined ? ` (document at line ${line})` : ''}`,
        failure.includes('aliasing') ? 'Write the values out instead of through anchors and aliases, or remove the document.'
          : failure.includes('to itself') ? 'Write the value out instead of through an alias inside its own anchor.'
            : failure.includes('anchor') ? 'Define the anchor (&name) in the same document, before the alias (*name).'
              : failure.includes('mapping key') ? 'Use a string key.' : undefined);
      continue;
    }
    addObject(objects, object, file);
  }
  if (firstSyntax) {
    problems.unshift(syntaxErrors > 1 ? { ...firstSyntax, message: `${firstSyntax.message} (and ${syntaxErrors - 1} more errors in this file, often caused by the first)` }
      : firstSyntax);
  }
  return { objects, problems };
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
  }
  return line;
}

const MANIFEST_FILE = /\.(ya?ml|json)$/i;
/** Files found in folders of manifests that are not manifests: Helm, kustomize, cdk8s and npm configuration. */
const NOT_MANIFESTS = new RegExp('^(Chart\\.ya?ml|values(\\.[-\\w]+)?\\.ya?ml|kustomization\\.ya?ml|cdk8s\\.ya?ml|package(-lock)?\\.json'
  + '|tsconfig(\\.[-\\w]+)?\\.json|construct-metadata\\.json)$');

/**
 * The manifest files under `target`: the file itself, or the .yaml, .yml and .json files of a folder, recursively, skipping
 * node_modules, hidden folders and configuration files (Chart.yaml, values.yaml, kustomization.yaml, package.json, ...).
 */
export function manifestFiles(target: string): string[] {
  const stat = fs.statSync(target);
  if (stat.isFile()) {
    return [target];
  }
  const out: string[] = [];
  for (const entry of fs.readdirSync(target, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(target, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && entry.name !== 'node_modules') {
        out.push(...manifestFiles(full));
      }
    } else if (MANIFEST_FILE.test(entry.name) && !NOT_MANIFESTS.test(entry.name)) {
      out.push(full);
    }
  }
  return out;
}

/** Reads every manifest file of the given files and folders, each file once however often it is named. */
export function loadPaths(targets: readonly string[]): Loaded {
  const objects: LoadedObject[] = [];
  const problems: LoadProblem[] = [];
  const seen = new Set<string>();
  for (const target of targets) {
    for (const file of manifestFiles(target)) {
      const key = path.resolve(file);
      if (seen.has(key)) {
        continue;
      }
      seen.add(key);
      const loaded = parseManifestBytes(fs.readFileSync(file), file);
      objects.push(...loaded.objects);
      problems.push(...loaded.problems);
    }
  }
  return { objects, problems };
}
