// Deployment, ReplicaSet and DaemonSet: `spec.selector` is immutable (apps/v1). StatefulSet: every spec field but
// replicas, template, updateStrategy, minReadySeconds, persistentVolumeClaimRetentionPolicy and ordinals
// (pkg/apis/apps/validation/validation.go, ValidateDeploymentUpdate, ValidateReplicaSetUpdate, ValidateDaemonSetUpdate,
// ValidateStatefulSetUpdate).
import { asRecord, Item } from '../model';
import { diff, nsFlag, ref, reportChanges, UpgradeReport, UpgradeRule } from './_diff';

function selectorFix(next: Item): string {
  return `Revert spec.selector. To change it on purpose: create the ${next.kind} under a new name and delete the old one, or `
    + `\`kubectl delete ${nsFlag(next)}${ref(next)} --cascade=orphan\` and apply again (the new ${next.kind} adopts the running pods its selector matches); `
    + '`kubectl apply --force` deletes and re-creates it, pods included.';
}

/** Deployment, ReplicaSet, DaemonSet: the selector. */
export const workloadSelector: UpgradeRule = {
  kinds: ['apps/Deployment', 'apps/ReplicaSet', 'apps/DaemonSet'],
  compare(previous: Item, next: Item, report: UpgradeReport): void {
    const changes = diff(asRecord(previous.object.spec).selector, asRecord(next.object.spec).selector, 'spec.selector');
    reportChanges(changes, report, `a ${next.kind}'s selector is immutable ("spec.selector: Invalid value: ...: field is immutable")`, selectorFix(next));
  },
};

/** What the API server lets change in a StatefulSet's spec (1.28). */
const STATEFULSET_MUTABLE = ['replicas', 'template', 'updateStrategy', 'minReadySeconds', 'persistentVolumeClaimRetentionPolicy', 'ordinals'];

/** The server's defaults for the fields compared, so that an explicit default equals an omitted one. */
function statefulSetSpec(spec: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { podManagementPolicy: 'OrderedReady', revisionHistoryLimit: 10, ...spec };
  for (const field of STATEFULSET_MUTABLE) delete out[field];
  // The server fills in each claim template's volumeMode and status; compare what manifests write.
  out.volumeClaimTemplates = (Array.isArray(spec.volumeClaimTemplates) ? spec.volumeClaimTemplates : []).map((t) => {
    const claim = asRecord(t);
    return { ...claim, spec: { volumeMode: 'Filesystem', ...asRecord(claim.spec) }, status: undefined };
  });
  return out;
}

/** StatefulSet: everything but the fields above. */
export const statefulSet: UpgradeRule = {
  kinds: ['apps/StatefulSet'],
  compare(previous: Item, next: Item, report: UpgradeReport): void {
    const changes = diff(statefulSetSpec(asRecord(previous.object.spec)), statefulSetSpec(asRecord(next.object.spec)), 'spec');
    const claims = changes.some((c) => c.path.startsWith('spec.volumeClaimTemplates'));
    reportChanges(changes, report,
      'a StatefulSet\'s spec is immutable but for replicas, template, updateStrategy, minReadySeconds, persistentVolumeClaimRetentionPolicy '
      + 'and ordinals ("spec: Forbidden: updates to statefulset spec for fields other than ... are forbidden")',
      `Revert the field. To change it on purpose: \`kubectl delete ${nsFlag(next)}${ref(next)} --cascade=orphan\`, then apply: the new StatefulSet adopts `
      + `the running pods${claims ? ' (existing claims keep their old size and class: a new volumeClaimTemplate applies only to new claims)' : ' and their claims'}.`);
  },
};
