// Reads YAML (and JSON) manifests the way kubectl does: YAML 1.1 scalars, one object per document,
// `kind: List` flattened, duplicate keys and syntax errors reported instead of silently resolved.
import * as fs from 'fs';
import * as path from 'path';
import * as jsYaml from 'js-yaml';
import { parseAllDocuments } from 'yaml';
import { Findings } from './catalog';
import { asArray, isObject, Item, Json, makeItem } from './model';

export interface LoadedObject {
  readonly object: Json;
  readonly file?: string;
}

export interface Loaded {
  readonly objects: LoadedObject[];
  /** Syntax and duplicate-key problems, keyed to the object they were found in. */
  readonly problems: { readonly id: 'yaml-syntax' | 'yaml-duplicate-key'; readonly object: Json; readonly file?: string; readonly message: string }[];
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

/**
 * Parses the documents of one YAML (or JSON) text. A fast parser reads well-formed files; a file it rejects
 * (syntax error, duplicate key) is read again with a parser that reports every problem with its line and
 * keeps the documents that are fine.
 */
export function parseManifestText(text: string, file?: string): Loaded {
  const objects: LoadedObject[] = [];
  try {
    for (const object of jsYaml.loadAll(text, undefined, { schema: KUBECTL_SCHEMA, filename: file })) {
      addObject(objects, object, file);
    }
    return { objects, problems: [] };
  } catch {
    objects.length = 0;
  }
  return parseSlowly(text, file);
}

function parseSlowly(text: string, file?: string): Loaded {
  const objects: LoadedObject[] = [];
  const problems: Loaded['problems'][number][] = [];
  // kubectl reads manifests with sigs.k8s.io/yaml (YAML 1.1 scalars: `yes` is a boolean, `0755` an octal)
  const docs = parseAllDocuments(text, { uniqueKeys: true, version: '1.1', prettyErrors: true });
  for (const doc of docs) {
    let object: Json;
    try {
      object = doc.toJS({ maxAliasCount: 1000 });
    } catch {
      object = undefined;
    }
    for (const error of doc.errors) {
      const where = error.linePos ? ` at line ${error.linePos[0].line}, column ${error.linePos[0].col}` : '';
      const first = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      problems.push({ id: error.code === 'DUPLICATE_KEY' ? 'yaml-duplicate-key' : 'yaml-syntax', object, file, message: `${first}${where}` });
    }
    addObject(objects, object, file);
  }
  return { objects, problems };
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

/** Reads every manifest file of the given files and folders. */
export function loadPaths(targets: readonly string[]): Loaded {
  const objects: LoadedObject[] = [];
  const problems: Loaded['problems'][number][] = [];
  for (const target of targets) {
    for (const file of manifestFiles(target)) {
      const loaded = parseManifestText(fs.readFileSync(file, 'utf8'), file);
      objects.push(...loaded.objects);
      problems.push(...loaded.problems);
    }
  }
  return { objects, problems };
}

/** Adds the loader's problems to the findings. */
export function reportLoadProblems(loaded: Loaded, out: Findings): void {
  for (const p of loaded.problems) {
    const item: Item = makeItem(isObject(p.object) ? p.object : {}, -1, p.file);
    out.add(p.id, item, undefined, p.message,
      p.id === 'yaml-duplicate-key' ? 'Remove one of the two keys: kubectl --validate=strict rejects the object, and other tools silently keep the last.'
        : 'Fix the YAML syntax (indentation, quotes, brackets).');
  }
}
