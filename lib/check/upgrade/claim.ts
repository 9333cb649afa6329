// PersistentVolumeClaim (v1): the spec is immutable except a larger resources.requests.storage, where the class
// allows expansion (pkg/apis/core/validation/validation.go, ValidatePersistentVolumeClaimUpdate).
import { compareQuantities, parseQuantity } from '../../_quantity';
import { asRecord, Item } from '../model';
import { diff, nsFlag, ref, reportChanges, UpgradeReport, UpgradeRule } from './_diff';

function storage(spec: Record<string, unknown>): unknown {
  return asRecord(asRecord(asRecord(spec.resources).requests)).storage;
}

function comparable(spec: Record<string, unknown>): Record<string, unknown> {
  const resources = asRecord(spec.resources);
  return { volumeMode: 'Filesystem', ...spec, resources: { ...resources, requests: { ...asRecord(resources.requests), storage: undefined } } };
}

export const claim: UpgradeRule = {
  kinds: ['/PersistentVolumeClaim'],
  compare(previous: Item, next: Item, report: UpgradeReport): void {
    const a = asRecord(previous.object.spec);
    const b = asRecord(next.object.spec);
    const fix = 'Revert the field: a claim\'s spec is fixed once it is created (only a larger storage request may change, where its StorageClass allows '
      + `expansion). To change it on purpose, create a claim under a new name and copy the data; \`kubectl delete ${nsFlag(next)}${ref(next)}\` deletes the data with it.`;
    const changes = diff(comparable(a), comparable(b), 'spec')
      // An omitted class is filled in with the cluster's default at creation: writing that default later is no change.
      .filter((c) => !(c.path === 'spec.storageClassName' && c.previous === undefined));
    reportChanges(changes, report, 'a PersistentVolumeClaim\'s spec is immutable ("spec: Forbidden: spec is immutable after creation except resources.requests ...")', fix);

    const before = parseQuantity(String(storage(a) ?? ''));
    const after = parseQuantity(String(storage(b) ?? ''));
    if (before && after && compareQuantities(after, before) < 0) {
      report('spec.resources.requests.storage', `spec.resources.requests.storage shrinks from ${String(storage(a))} to ${String(storage(b))}: `
        + 'a claim can grow, never shrink ("spec.resources.requests.storage: Forbidden: field can not be less than previous value")', fix);
    } else if (before && after && compareQuantities(after, before) > 0) {
      report('spec.resources.requests.storage', `spec.resources.requests.storage grows from ${String(storage(a))} to ${String(storage(b))}: `
        + 'the API server accepts it only for a bound claim whose StorageClass has allowVolumeExpansion: true '
        + '("spec: Forbidden: spec is immutable after creation except resources.requests for bound claims")',
      'Check that the claim is Bound and `kubectl get storageclass <class> -o jsonpath={.allowVolumeExpansion}` is true; otherwise keep the size, '
        + 'or create a larger claim under a new name and copy the data.', 'warning');
    }
  },
};
