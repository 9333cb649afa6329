// Resource quantities that do not parse, requests above limits, and a volume claim of no storage.
import { parseQuantity, podReport } from '../api-rules';
import { CheckContext } from '../context';
import { asArray, asRecord, containersOf, cut, Item, Json, show } from '../model';
import { Report } from '../rule';

export const id = 'api-resources';
export const severity = 'error';
export const group = 'api';
export const description = 'resource quantities that do not parse, requests above limits, a PersistentVolumeClaim requesting no storage';

function checkStorage(report: Report, item: Item, path: string, claimSpec: Json): void {
  const storage = asRecord(asRecord(claimSpec?.resources).requests).storage;
  if (storage === undefined) {
    return;
  }
  const q = parseQuantity(storage);
  if (q === undefined || q < 0) {
    report(item, `${path}.resources.requests.storage`, `requests.storage ${show(storage)} is not a quantity`, 'Use a quantity such as 1Gi or 500Mi.');
  } else if (q === 0) {
    report(item, `${path}.resources.requests.storage`, `requests.storage is ${show(storage)}: the API server requires more than zero`,
      'Request the size the volume needs, for example 1Gi.');
  }
}

export function check(ctx: CheckContext, report: Report): void {
  for (const pod of ctx.pods) {
    const out = podReport(report, pod.item);
    for (const { container, path } of containersOf(pod)) {
      const requests = asRecord(container.resources?.requests);
      const limits = asRecord(container.resources?.limits);
      for (const [kind, map] of [['requests', requests], ['limits', limits]] as const) {
        for (const [resource, value] of Object.entries(map)) {
          const q = parseQuantity(value);
          if (q === undefined || q < 0) {
            out(pod.item, `${path}.resources.${kind}.${cut(resource)}`, `${kind}.${cut(resource)} ${show(value)} is not a quantity`,
              'Use a quantity such as 250m or 1 (cpu), 512Mi or 1Gi (memory).');
          }
        }
      }
      for (const [resource, value] of Object.entries(requests)) {
        const request = parseQuantity(value);
        const limit = parseQuantity(Object.prototype.hasOwnProperty.call(limits, resource) ? limits[resource] : undefined);
        if (request !== undefined && limit !== undefined && request > limit) {
          out(pod.item, `${path}.resources.requests.${cut(resource)}`,
            `requests.${cut(resource)} ${show(value)} is above limits.${cut(resource)} ${show(limits[resource])}: the API server rejects it`,
            `Lower requests.${cut(resource)} to at most the limit, or raise the limit.`);
        }
      }
    }
  }
  for (const item of ctx.objects) {
    if (item.kind === 'PersistentVolumeClaim') {
      checkStorage(report, item, 'spec', item.object.spec);
    } else if (item.kind === 'StatefulSet') {
      asArray(item.object.spec?.volumeClaimTemplates).forEach((t, i) => checkStorage(report, item, `spec.volumeClaimTemplates[${i}].spec`, t?.spec));
    }
  }
}
