// Secret and ConfigMap (v1): with `immutable: true`, data, binaryData and immutable itself are frozen; a Secret's type
// never changes (pkg/apis/core/validation/validation.go, ValidateSecretUpdate, ValidateConfigMapUpdate).
import { asRecord, Item } from '../model';
import { diff, nsFlag, ref, reportChanges, UpgradeReport, UpgradeRule } from './_diff';

/** A Secret's data as stored: stringData is merged into data, base64-encoded. */
function data(item: Item): Record<string, unknown> {
  const obj = asRecord(item.object);
  const out: Record<string, unknown> = { ...asRecord(obj.data) };
  if (item.kind === 'Secret') {
    for (const [k, v] of Object.entries(asRecord(obj.stringData))) {
      out[k] = Buffer.from(String(v), 'utf8').toString('base64');
    }
  }
  return out;
}

export const config: UpgradeRule = {
  kinds: ['/Secret', '/ConfigMap'],
  compare(previous: Item, next: Item, report: UpgradeReport): void {
    const a = asRecord(previous.object);
    const b = asRecord(next.object);
    const renew = `Create the ${next.kind} under a new name (a name with a short hash of its data is the usual way) and point its users at it, `
      + `or \`kubectl delete ${nsFlag(next)}${ref(next)}\` before applying (pods that mount it keep the old data until they restart).`;
    if (next.kind === 'Secret') {
      reportChanges(diff(a.type ?? 'Opaque', b.type ?? 'Opaque', 'type'), report, 'a Secret\'s type is immutable ("type: Invalid value: ...: field is immutable")', renew);
    }
    if (a.immutable !== true) {
      return;
    }
    const why = `the ${next.kind} is marked immutable ("field is immutable when \`immutable\` is set")`;
    reportChanges(diff(true, b.immutable, 'immutable'), report, why, renew);
    reportChanges(diff(data(previous), data(next), 'data'), report, why, renew);
    reportChanges(diff(a.binaryData, b.binaryData, 'binaryData'), report, why, renew);
  },
};
