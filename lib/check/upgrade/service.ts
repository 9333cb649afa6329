// Service (v1): a clusterIP (and clusterIPs) once allocated cannot change or be unset, except by a type change to or
// from ExternalName (pkg/apis/core/validation/validation.go, ValidateServiceUpdate).
import { asArray, asRecord, Item } from '../model';
import { nsFlag, ref, UpgradeReport, UpgradeRule } from './_diff';

function primaryIp(spec: Record<string, unknown>): string {
  const ip = typeof spec.clusterIP === 'string' ? spec.clusterIP : '';
  const first = asArray(spec.clusterIPs)[0];
  return ip || (typeof first === 'string' ? first : '');
}

export const service: UpgradeRule = {
  kinds: ['/Service'],
  compare(previous: Item, next: Item, report: UpgradeReport): void {
    const a = asRecord(previous.object.spec);
    const b = asRecord(next.object.spec);
    if (a.type === 'ExternalName' || b.type === 'ExternalName') {
      return; // to ExternalName the IP is released, from it a new one is allocated
    }
    const before = primaryIp(a);
    const after = primaryIp(b);
    const fix = `Write the clusterIP the Service had (or leave it out in both versions), or \`kubectl delete ${nsFlag(next)}${ref(next)}\` before applying `
      + '(`kubectl apply --force` does both): the Service then gets a new IP, and clients that cached the old one lose it.';
    const path = typeof b.clusterIP === 'string' || typeof a.clusterIP === 'string' ? 'spec.clusterIP' : 'spec.clusterIPs';
    if (before !== '' && after === '') {
      report(path, `${path} is removed (it was ${JSON.stringify(before)}): kubectl apply unsets it, and the API server refuses `
        + '("spec.clusterIPs[0]: Invalid value: []string(nil): primary clusterIP can not be unset")', fix);
    } else if (after !== '' && before !== after) {
      report(path, `${path} changes from ${before === '' ? '(allocated by the cluster)' : JSON.stringify(before)} to ${JSON.stringify(after)}: `
        + `a Service's clusterIP is immutable ("${path}: Invalid value: ...: field is immutable")${before === '' ? ' unless it happens to equal the allocated one' : ''}`, fix);
    }
  },
};
