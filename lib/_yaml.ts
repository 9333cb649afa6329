import { Yaml } from 'cdk8s';

// A block-style YAML writer for the documents cdk8s synthesizes, byte for byte what `Yaml.stringify` writes
// (the `yaml` package, YAML 1.1, no line folding) for the shapes Kubernetes manifests have: maps, lists,
// scalars, and multi-line strings such as scripts. Each distinct scalar is rendered once by `Yaml.stringify`
// itself and reused, so quoting and block styles stay the `yaml` package's decision. A document with anything
// else (lists of lists, shared objects, null) is left to `Yaml.stringify` whole.

type Json = string | number | boolean | JsonObject | Json[];
interface JsonObject { [key: string]: Json }

/** Thrown inside the writer when a document needs the full `yaml` package. */
const UNSUPPORTED = Symbol('unsupported');

export class YamlWriter {
  private readonly values = new Map<unknown, string | typeof UNSUPPORTED>();
  private readonly keys = new Map<string, string | typeof UNSUPPORTED>();
  private readonly blocks = new Map<string, string | typeof UNSUPPORTED>();

  /** @param render renders one document, as cdk8s does; also used for each distinct scalar */
  public constructor(private readonly render: (doc: unknown) => string = (doc) => Yaml.stringify(doc)) {}

  /** The YAML of one document, exactly as `render(doc)` would write it. */
  public document(doc: unknown): string {
    if (isObject(doc)) {
      const keys = Object.keys(doc);
      if (keys.length > 0) {
        try {
          return this.map(doc, keys, '', '', new Set());
        } catch (e) {
          if (e !== UNSUPPORTED) throw e;
        }
      }
    }
    return this.render(doc);
  }

  // The entries of a non-empty map, each line starting with `indent` but the first, which starts with `first`.
  private map(obj: JsonObject, keys: string[], indent: string, first: string, seen: Set<object>): string {
    enter(obj, seen);
    let out = '';
    for (let i = 0; i < keys.length; i++) {
      out += `${i === 0 ? first : indent}${this.key(keys[i])}:${this.value(obj[keys[i]], indent, seen)}`;
    }
    return out;
  }

  // What follows `key:` (or `-`): a scalar on the same line, or a nested block on the next lines.
  private value(value: Json, indent: string, seen: Set<object>): string {
    if (typeof value !== 'object' || value === null) {
      return typeof value === 'string' && value.includes('\n') ? ` ${this.block(value, indent)}\n` : ` ${this.scalar(value)}\n`;
    }
    const inner = `${indent}  `;
    if (Array.isArray(value)) {
      if (value.length > 0) return `\n${this.seq(value, inner, seen)}`;
      enter(value, seen);
      return ' []\n';
    }
    if (!isObject(value)) throw UNSUPPORTED;
    const keys = Object.keys(value);
    if (keys.length > 0) return `\n${this.map(value, keys, inner, inner, seen)}`;
    enter(value, seen);
    return ' {}\n';
  }

  private seq(items: Json[], indent: string, seen: Set<object>): string {
    enter(items, seen);
    let out = '';
    for (const item of items) {
      if (isObject(item)) {
        const keys = Object.keys(item);
        if (keys.length > 0) {
          out += this.map(item, keys, `${indent}  `, `${indent}- `, seen);
        } else {
          enter(item, seen);
          out += `${indent}- {}\n`;
        }
      } else if (Array.isArray(item) && item.length > 0) {
        throw UNSUPPORTED;
      } else {
        out += `${indent}-${this.value(item, indent, seen)}`;
      }
    }
    return out;
  }

  private scalar(value: unknown): string {
    let text = this.values.get(value);
    if (text === undefined) {
      text = UNSUPPORTED;
      if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) {
        const rendered = this.render(value);
        // One line, not a block scalar: the same text in a map or a list as at the top of a document.
        if (rendered.indexOf('\n') === rendered.length - 1 && !/^[|>]/.test(rendered)) text = rendered.slice(0, -1);
      }
      this.values.set(value, text);
    }
    if (text === UNSUPPORTED) throw UNSUPPORTED;
    return text;
  }

  /**
   * A multi-line string after `key:` or `-` at `indent`: a block scalar (`|-` and its lines, one level deeper),
   * or a quoted string, as the `yaml` package writes it there. Written once as the value of a top-level key;
   * used only when that text, indented, is what the `yaml` package writes one level down, in a map and in a list.
   */
  private block(value: string, indent: string): string {
    let text = this.blocks.get(value);
    if (text === undefined) {
      text = UNSUPPORTED;
      const probe = this.render({ a: value });
      if (probe.startsWith('a: ') && probe.endsWith('\n')) {
        const body = probe.slice(3, -1);
        if (this.render({ a: { a: value } }) === `a:\n  a: ${reindent(body, '  ')}\n`
          && this.render({ a: [value] }) === `a:\n  - ${reindent(body, '  ')}\n`) {
          text = body;
        }
      }
      this.blocks.set(value, text);
    }
    if (text === UNSUPPORTED) throw UNSUPPORTED;
    return reindent(text, indent);
  }

  private key(key: string): string {
    let text = this.keys.get(key);
    if (text === undefined) {
      // Only keys that the `yaml` package writes plain in any position: no flow indicators, no explicit `? ` keys.
      text = key.length > 0 && key.length <= 1024 && !/[\n[\]{},]/.test(key) && this.render(key) === `${key}\n` ? key : UNSUPPORTED;
      this.keys.set(key, text);
    }
    if (text === UNSUPPORTED) throw UNSUPPORTED;
    return text;
  }
}

/** Moves every line but the first `indent` further right; empty lines stay empty, as the `yaml` package writes them. */
function reindent(text: string, indent: string): string {
  return indent ? text.replace(/\n(?=[^\n])/g, `\n${indent}`) : text;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

// The `yaml` package writes an object met twice as an anchor and an alias: leave those documents to it.
function enter(value: object, seen: Set<object>): void {
  if (seen.has(value)) throw UNSUPPORTED;
  seen.add(value);
}
