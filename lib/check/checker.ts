// The checker's pipeline: read the objects (load.ts), build the model of the set once (context.ts), run every check of
// the catalog (rules/<id>.ts) that is not disabled, then apply waivers; the report as text or JSON.
import { CheckId, Findings, isCheckId } from './catalog';
import { CheckContext } from './context';
import { Loaded, LoadedObject, loadPaths } from './load';
import { asRecord, Finding, isObject, WaivedFinding, WAIVER_PREFIX } from './model';
import { Rule } from './rule';
import { RULES } from './rules';
import { buildWiring, Wiring } from './wiring';

export interface CheckOptions {
  /** Check ids not to run. */
  readonly disable?: readonly string[];
}

export interface CheckResult {
  /** Findings not waived, errors first, then in the order of the objects. */
  readonly findings: Finding[];
  /** Findings waived by an annotation, with its reason. */
  readonly waived: WaivedFinding[];
  readonly objects: number;
  readonly errors: number;
  readonly warnings: number;
  /** The connections of the set, for the diagram. */
  readonly wiring: Wiring;
}

const CATALOG: readonly Rule[] = RULES;
const CHECK_IDS: ReadonlySet<string> = new Set(CATALOG.map((r) => r.id));

function run(loaded: Loaded, options: CheckOptions): CheckResult {
  const ctx = new CheckContext(loaded, CHECK_IDS);
  const out = new Findings();
  const disabled = new Set(options.disable ?? []);
  for (const rule of CATALOG) {
    if (disabled.has(rule.id) || !isCheckId(rule.id)) {
      continue;
    }
    const id: CheckId = rule.id;
    rule.check(ctx, (item, path, message, fix, severity) => out.add(id, item, path, message, fix, severity));
  }

  const findings: Finding[] = [];
  const waived: WaivedFinding[] = [];
  const order = out.list.map((entry, n) => ({ ...entry, n }))
    .sort((a, b) => (a.item.index - b.item.index) || (a.n - b.n));
  for (const { finding, item } of order) {
    const annotations = isObject(item.object) ? asRecord(asRecord(item.object.metadata).annotations) : {};
    const key = WAIVER_PREFIX + finding.id;
    const reason = Object.prototype.hasOwnProperty.call(annotations, key) ? annotations[key] : undefined;
    if (typeof reason === 'string' && reason.trim() !== '' && finding.id !== 'waiver-reason') {
      waived.push({ ...finding, reason: reason.trim() });
    } else {
      findings.push(finding);
    }
  }
  findings.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  const errors = findings.filter((f) => f.severity === 'error').length;
  let wiring: Wiring | undefined;
  return {
    findings, waived, objects: ctx.items.length, errors, warnings: findings.length - errors,
    get wiring(): Wiring {
      wiring ??= buildWiring(ctx);
      return wiring;
    },
  };
}

/** Checks objects already in memory (for example `Testing.synth(chart)` or parsed YAML). */
export function checkManifests(objects: readonly unknown[], options: CheckOptions = {}): CheckResult {
  const loaded: LoadedObject[] = objects.map((object) => ({ object }));
  return run({ objects: loaded, problems: [] }, options);
}

/** Checks every YAML and JSON manifest in the given files and folders (folders recursively). */
export function checkPaths(paths: readonly string[], options: CheckOptions = {}): CheckResult {
  return run(loadPaths(paths), options);
}

/** Checks every YAML and JSON manifest under a folder. */
export function checkDirectory(dir: string, options: CheckOptions = {}): CheckResult {
  return checkPaths([dir], options);
}

/** Checks already loaded files (with duplicate-key and syntax problems). */
export function checkLoaded(loaded: Loaded, options: CheckOptions = {}): CheckResult {
  return run(loaded, options);
}

function where(f: Finding): string {
  if (!f.kind && !f.name) {
    return `${f.file ?? '<input>'}${f.path ? ` ${f.path}` : ''}`;
  }
  return `${f.kind || '?'} ${f.namespace ? `${f.namespace}/` : ''}${f.name || '?'}${f.file ? ` (${f.file})` : ''}${f.path ? ` ${f.path}` : ''}`;
}

/** The report as text: one block per finding, then a summary line. */
export function formatText(result: CheckResult): string {
  const lines: string[] = [];
  for (const f of result.findings) {
    lines.push(`${f.severity.padEnd(7)} ${f.id}  ${where(f)}`);
    lines.push(`        ${f.message}`);
    lines.push(`        fix: ${f.fix}`);
  }
  for (const f of result.waived) {
    lines.push(`waived  ${f.id}  ${where(f)}`);
    lines.push(`        ${f.message}`);
    lines.push(`        reason: ${f.reason}`);
  }
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  lines.push(`${plural(result.objects, 'object')} checked: ${plural(result.errors, 'error')}, ${plural(result.warnings, 'warning')}, ${result.waived.length} waived`);
  return lines.join('\n');
}

/** The report as JSON (without the diagram data). */
export function formatJson(result: CheckResult): string {
  const { findings, waived, objects, errors, warnings } = result;
  return JSON.stringify({ objects, errors, warnings, findings, waived }, undefined, 2);
}
