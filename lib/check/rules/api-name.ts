// Object names per kind (DNS-1035 label for Services, DNS-1123 label or subdomain elsewhere) and namespace names.
import { isDns1035Label, isDns1123Label, isDns1123Subdomain } from '../../_k8s-rules';
import { CheckContext } from '../context';
import { asRecord, cut, own } from '../model';
import { Report } from '../rule';

export const id = 'api-name';
export const severity = 'error';
export const group = 'api';
export const description = 'object name syntax per kind (DNS-1035 label for Services, DNS-1123 elsewhere)';

interface NameRule { readonly test: (v: string) => boolean; readonly rule: string }

/** How each kind's name is validated; kinds not listed (custom resources, RBAC path segments) are not checked. */
const NAME_RULES: Record<string, NameRule> = (() => {
  const label = { test: isDns1123Label, rule: "a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters" };
  const dns1035 = { test: isDns1035Label, rule: "a DNS-1035 label: lowercase letters, digits and '-', starting with a letter, ending with a letter or digit, at most 63 characters" };
  const subdomain = {
    test: isDns1123Subdomain,
    rule: "a DNS-1123 subdomain: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters",
  };
  const cronJob = { test: (v: string) => isDns1123Subdomain(v) && v.length <= 52, rule: `${subdomain.rule.replace('253', '52')} (Jobs get a suffix)` };
  const rules: Record<string, NameRule> = { Service: dns1035, Namespace: label, StatefulSet: label, CronJob: cronJob };
  for (const kind of ['Pod', 'Deployment', 'ReplicaSet', 'DaemonSet', 'Job', 'ReplicationController', 'Secret', 'ConfigMap', 'ServiceAccount',
    'PersistentVolumeClaim', 'PersistentVolume', 'NetworkPolicy', 'Ingress', 'IngressClass', 'PodDisruptionBudget', 'HorizontalPodAutoscaler',
    'Endpoints', 'EndpointSlice', 'LimitRange', 'ResourceQuota', 'StorageClass', 'PriorityClass']) {
    rules[kind] = subdomain;
  }
  return rules;
})();

export function suggestName(value: string): string {
  const s = value.slice(0, 300).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+/, '').replace(/-+$/, '').slice(0, 63).replace(/-+$/, '');
  return s || 'my-name';
}

export function check(ctx: CheckContext, report: Report): void {
  for (const item of ctx.objects) {
    const meta = asRecord(item.object.metadata);
    if (!item.kind) {
      continue;
    }
    if (meta.name === undefined && meta.generateName === undefined) {
      report(item, 'metadata.name', `${cut(item.kind)} has no metadata.name`, 'Set metadata.name.');
      continue;
    }
    const rule = own(NAME_RULES, item.kind);
    if (rule && typeof meta.name === 'string' && !rule.test(meta.name)) {
      report(item, 'metadata.name', `${item.kind} name "${cut(meta.name)}" is not ${rule.rule}`,
        `Rename the ${item.kind} to ${rule.rule.split(':')[0]}, for example "${suggestName(meta.name)}", and update everything that refers to it.`);
    }
    if (typeof meta.namespace === 'string' && !isDns1123Label(meta.namespace)) {
      report(item, 'metadata.namespace', `namespace "${cut(meta.namespace)}" is not a DNS-1123 label`,
        `Use a namespace name of lowercase letters, digits and '-', for example "${suggestName(meta.namespace)}".`);
    }
  }
}
