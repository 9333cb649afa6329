// The checker's pipeline: read the objects (load.ts), then the strict schema (schema.ts), the API server's rules
// (api-rules.ts), the wiring across objects (wiring.ts, with clients.ts and netpol.ts), the pod security checks
// (security.ts); then waivers, and the report as text or JSON.
import { checkApiRules } from './api-rules';
import { checkApplyDrift } from './apply-drift';
import { CHECKS, Findings, isCheckId } from './catalog';
import { Loaded, LoadedObject, loadPaths, reportLoadProblems } from './load';
import { asRecord, Finding, isObject, Item, makeItem, podOf, PodShape, WaivedFinding, WAIVER_PREFIX } from './model';
import { checkSchema } from './schema';
import { checkContainerHygiene, checkPodSecurity } from './security';
import { checkWiring, Wiring } from './wiring';

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

function run(loaded: Loaded, options: CheckOptions): CheckResult {
  const out = new Findings();
  reportLoadProblems(loaded, out);
  const items: Item[] = loaded.objects.map((o, i) => makeItem(o.object, i, o.file));
  for (const item of items) {
    if (!isObject(item.object)) {
      out.add('schema-kind', item, undefined, `a document that is not an object (${JSON.stringify(item.object).slice(0, 40)})`, 'Remove it, or make it a Kubernetes object.');
    }
  }
  const objects = items.filter((i) => isObject(i.object));
  checkSchema(objects, out);
  checkApiRules(objects, out);
  checkApplyDrift(objects, out);
  const pods = objects.map(podOf).filter((p): p is PodShape => p !== undefined);
  const wiring = checkWiring(objects, pods, out);
  for (const pod of pods) {
    checkPodSecurity(pod, out);
    checkContainerHygiene(pod, out);
  }
  checkWaiverAnnotations(objects, out);

  const disabled = new Set(options.disable ?? []);
  const findings: Finding[] = [];
  const waived: WaivedFinding[] = [];
  const order = out.list.map((entry, n) => ({ ...entry, n }))
    .sort((a, b) => (a.item.index - b.item.index) || (a.n - b.n));
  for (const { finding, item } of order) {
    if (disabled.has(finding.id)) {
      continue;
    }
    const reason = asRecord(asRecord(item.object).metadata?.annotations)[WAIVER_PREFIX + finding.id];
    if (typeof reason === 'string' && reason.trim() !== '' && finding.id !== 'waiver-reason') {
      waived.push({ ...finding, reason: reason.trim() });
    } else {
      findings.push(finding);
    }
  }
  findings.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  const errors = findings.filter((f) => f.severity === 'error').length;
  return { findings, waived, objects: items.length, errors, warnings: findings.length - errors, wiring };
}

function checkWaiverAnnotations(items: readonly Item[], out: Findings): void {
  for (const item of items) {
    for (const [key, value] of Object.entries(asRecord(item.object.metadata?.annotations))) {
      if (!key.startsWith(WAIVER_PREFIX)) {
        continue;
      }
      const id = key.slice(WAIVER_PREFIX.length);
      const path = `metadata.annotations.${key}`;
      if (!isCheckId(id)) {
        out.add('waiver-reason', item, path, `annotation ${key} waives "${id}", which is not a check`,
          `Use one of: ${Object.keys(CHECKS).join(', ')}.`);
      } else if (typeof value !== 'string' || value.trim() === '') {
        out.add('waiver-reason', item, path, `annotation ${key} waives ${id} without a reason, so it waives nothing`,
          'Write why the finding does not apply as the annotation value.');
      }
    }
  }
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
