// Compares two versions of a set of manifests, the one a cluster holds and the one about to be applied, for changes the
// API server refuses in place (`immutable-field`, an error) and objects that `kubectl apply` leaves behind
// (`upgrade-orphan`, a warning: removed from the set, or moved to another namespace). Objects are paired by API group,
// kind, namespace and name; each kind's rule is one file of this folder.
import { Loaded, loadPaths } from '../load';
import { cut, Finding, Item, makeItem, Severity } from '../model';
import { nsFlag, UpgradeRule } from './_diff';
import { claim } from './claim';
import { config } from './config';
import { job } from './job';
import { pod } from './pod';
import { service } from './service';
import { statefulSet, workloadSelector } from './workload';

/** The comparisons, one per kind of immutable rule. */
export const UPGRADE_RULES: readonly UpgradeRule[] = [workloadSelector, statefulSet, job, pod, service, claim, config];

/** The finding ids of the comparison, with their severity and what they catch. */
export const UPGRADE_CHECKS = {
  'immutable-field': {
    severity: 'error' as Severity,
    title: 'a change the API server refuses in place (a warning where it may refuse it: a larger claim) (selectors, a Job\'s template, a Pod\'s spec, StatefulSet fields, a Service\'s clusterIP, '
      + 'a claim\'s spec, the data of an immutable Secret or ConfigMap): kubectl apply stops there, after applying what came before',
  },
  'upgrade-orphan': {
    severity: 'warning' as Severity,
    title: 'an object of the previous set missing from the next, or moved to another namespace: kubectl apply neither deletes nor moves it',
  },
} as const;

export type UpgradeCheckId = keyof typeof UPGRADE_CHECKS;

export interface UpgradeResult {
  /** Findings, errors first, in the order of the next set's objects (removed objects last). */
  readonly findings: Finding[];
  readonly errors: number;
  readonly warnings: number;
  /** Objects found in both sets and compared. */
  readonly compared: number;
  readonly previousObjects: number;
  readonly nextObjects: number;
}

function group(item: Item): string {
  const apiVersion = typeof item.object?.apiVersion === 'string' ? item.object.apiVersion : '';
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

const keyOf = (item: Item, namespace = item.namespace): string => `${group(item)}/${item.kind}\n${namespace}\n${item.name}`;

function items(loaded: Loaded): Item[] {
  return loaded.objects.map((o, n) => makeItem(o.object, n, o.file))
    .filter((i) => i.kind !== '' && i.name !== '' && !i.name.endsWith('*'));
}

function finding(id: UpgradeCheckId, item: Item, path: string | undefined, message: string, fix: string, severity?: Severity): Finding {
  return {
    id, severity: severity ?? UPGRADE_CHECKS[id].severity, kind: cut(item.kind, 100), namespace: cut(item.namespace, 100), name: cut(item.name, 253),
    ...(item.file !== undefined ? { file: item.file } : {}), ...(path !== undefined ? { path } : {}),
    message: cut(message, 1000), fix: cut(fix, 1000),
  };
}

/** Compares loaded sets (with `loadPaths` or `parseManifestText`); syntax problems of either set are not reported here. */
export function checkUpgradeLoaded(previous: Loaded, next: Loaded): UpgradeResult {
  const before = items(previous);
  const after = items(next);
  const byKey = new Map<string, Item[]>();
  for (const i of before) {
    const list = byKey.get(keyOf(i)) ?? [];
    list.push(i);
    byKey.set(keyOf(i), list);
  }
  const nextCount = new Map<string, number>();
  for (const i of after) nextCount.set(keyOf(i), (nextCount.get(keyOf(i)) ?? 0) + 1);
  const rules = new Map<string, UpgradeRule>();
  for (const rule of UPGRADE_RULES) for (const kind of rule.kinds) rules.set(kind, rule);

  const findings: Finding[] = [];
  const paired = new Set<Item>();
  for (const item of after) {
    const olds = byKey.get(keyOf(item)) ?? [];
    olds.forEach((o) => paired.add(o));
    // The same object twice in either set (api-duplicate-object reports it): which one the cluster holds is unknown.
    if (olds.length !== 1 || nextCount.get(keyOf(item)) !== 1) continue;
    const out: Finding[] = [];
    try {
      rules.get(`${group(item)}/${item.kind}`)?.compare(olds[0], item, (path, message, fix, severity) => out.push(finding('immutable-field', item, path, message, fix, severity)));
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      continue; // nested deeper than the call stack: no API server stores such an object, and the set's own checks say so
    }
    findings.push(...out);
  }
  const nextByName = new Map<string, Item[]>();
  for (const item of after) {
    const k = `${group(item)}/${item.kind}\n${item.name}`;
    const list = nextByName.get(k) ?? [];
    list.push(item);
    nextByName.set(k, list);
  }
  for (const old of before) {
    // A Job that expires by its TTL needs no clean-up: a Job renamed after its spec leaves the finished one to expire.
    if (paired.has(old) || (old.kind === 'Job' && typeof old.object?.spec?.ttlSecondsAfterFinished === 'number')) continue;
    const moved = (nextByName.get(`${group(old)}/${old.kind}\n${old.name}`) ?? []).filter((i) => i.namespace !== old.namespace && !byKey.has(keyOf(i)));
    const named = typeof old.object?.metadata?.namespace === 'string' && old.object.metadata.namespace !== '';
    const where = named ? ` in namespace "${old.namespace}"` : '';
    const remove = `kubectl delete ${nsFlag(old)}${old.kind.toLowerCase()}/${old.name}`;
    if (moved.length) {
      findings.push(finding('upgrade-orphan', old, 'metadata.namespace', `${old.kind} ${old.name} moves from namespace "${old.namespace}" to `
        + `${moved.map((m) => `"${m.namespace}"`).join(', ')}: kubectl apply creates a new object there and leaves this one running`,
      `After the new one works, \`${remove}\` (a claim's data goes with it); or keep the namespace.`));
    } else {
      findings.push(finding('upgrade-orphan', old, undefined, `${old.kind} ${old.name}${where} is in the previous set and not in the next: `
        + 'kubectl apply leaves it in the cluster', `\`${remove}\` if it should go (\`kubectl apply --prune\` with a label selector does it on each apply); or keep it in the set.`));
    }
  }
  findings.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  const errors = findings.filter((f) => f.severity === 'error').length;
  return { findings, errors, warnings: findings.length - errors, compared: paired.size, previousObjects: before.length, nextObjects: after.length };
}

/** Compares objects in memory (for example `Testing.synth(chart)` of two versions, or parsed YAML). */
export function checkUpgrade(previous: readonly unknown[], next: readonly unknown[]): UpgradeResult {
  const loaded = (objects: readonly unknown[]): Loaded => ({ objects: objects.map((object) => ({ object })), problems: [] });
  return checkUpgradeLoaded(loaded(previous), loaded(next));
}

/** Compares the manifests of two lists of files and folders: what the cluster holds, and what is about to be applied. */
export function checkUpgradePaths(previous: readonly string[], next: readonly string[]): UpgradeResult {
  return checkUpgradeLoaded(loadPaths(previous), loadPaths(next));
}
