// Env vars: names, valueFrom with exactly one source and no value, and the names of the Secrets and ConfigMaps they read.
import { isConfigKey, isDns1123Subdomain, isEnvVarName } from '../../_k8s-rules';
import { podReport } from '../api-rules';
import { CheckContext } from '../context';
import { asArray, containersOf, isObject, show } from '../model';
import { Report } from '../rule';

export const id = 'api-env';
export const severity = 'error';
export const group = 'api';
export const description = 'env var names (a name twice is a warning), valueFrom with exactly one source and no value, Secret and ConfigMap references by a valid name and key';

export function check(ctx: CheckContext, report: Report): void {
  for (const pod of ctx.pods) {
    const out = podReport(report, pod.item);
    for (const { container, path } of containersOf(pod)) {
      const seen = new Map<string, number>();
      asArray(container.env).forEach((env, i) => {
        const p = `${path}.env[${i}]`;
        if (typeof env?.name === 'string') {
          const first = seen.get(env.name);
          if (first !== undefined) {
            // the API server accepts it with a warning; kubectl apply's merge may then drop one of the two
            out(pod.item, `${p}.name`, `env var ${show(env.name)} is defined twice in container ${show(container.name)} (also env[${first}]): the later hides the earlier, `
              + 'and kubectl apply may drop one of them', `Keep one definition of ${show(env.name)}.`, 'warning');
          } else {
            seen.set(env.name, i);
          }
        }
        if (!isEnvVarName(env?.name)) {
          out(pod.item, `${p}.name`, `env var name ${show(env?.name)} is invalid`, "Use letters, digits, '_', '-' and '.', not starting with a digit.");
        }
        if (!isObject(env?.valueFrom)) {
          return;
        }
        const sources = ['configMapKeyRef', 'fieldRef', 'resourceFieldRef', 'secretKeyRef'].filter((s) => env.valueFrom[s] !== undefined);
        if (sources.length !== 1) {
          out(pod.item, `${p}.valueFrom`, `env var ${show(env.name)} valueFrom has ${sources.length} sources`,
            'Use exactly one of configMapKeyRef, fieldRef, resourceFieldRef or secretKeyRef.');
        }
        if (typeof env.value === 'string' && env.value !== '') {
          out(pod.item, `${p}.value`, `env var ${show(env.name)} has both value and valueFrom`, 'Keep one of them.');
        }
        for (const source of ['secretKeyRef', 'configMapKeyRef'] as const) {
          const ref = env.valueFrom[source];
          if (!isObject(ref)) {
            continue;
          }
          const what = source === 'secretKeyRef' ? 'Secret' : 'ConfigMap';
          if (typeof ref.name === 'string' && !isDns1123Subdomain(ref.name)) {
            out(pod.item, `${p}.valueFrom.${source}.name`, `${source}.name ${show(ref.name)} is not a valid ${what} name (a DNS-1123 subdomain)`,
              `Use the ${what}'s metadata.name: lowercase letters, digits, '-' and '.'.`);
          }
          if (typeof ref.key === 'string' && !isConfigKey(ref.key)) {
            out(pod.item, `${p}.valueFrom.${source}.key`, `${source}.key ${show(ref.key)} is not a valid ${what} key`,
              "Use a key of letters, digits, '-', '_' and '.' (not '.' or '..', at most 253 characters).");
          }
        }
      });
      asArray(container.envFrom).forEach((src, i) => {
        for (const source of ['secretRef', 'configMapRef'] as const) {
          const name = src?.[source]?.name;
          if (typeof name === 'string' && !isDns1123Subdomain(name)) {
            out(pod.item, `${path}.envFrom[${i}].${source}.name`, `${source}.name ${show(name)} is not a valid name (a DNS-1123 subdomain)`,
              "Use the object's metadata.name: lowercase letters, digits, '-' and '.'.");
          }
        }
      });
    }
  }
}
