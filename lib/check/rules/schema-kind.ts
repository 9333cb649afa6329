// apiVersion and kind: present, and, in a group Kubernetes serves, a kind that 1.28 serves there. Documents that are not
// objects at all are reported here too.
import { CheckContext } from '../context';
import { isObject, Json, show } from '../model';
import { Report } from '../rule';
import { apiVersionsOf, isBuiltinGroup, schemaFor } from '../schema';

export const id = 'schema-kind';
export const severity = 'error';
export const group = 'schema';
export const description = 'apiVersion/kind missing, or a built-in group with a kind Kubernetes 1.28 does not serve';

export function check(ctx: CheckContext, report: Report): void {
  for (const item of ctx.items) {
    const obj: Json = item.object;
    if (!isObject(obj)) {
      report(item, undefined, `a document that is not an object (${show(obj, 40)})`, 'Remove it, or make it a Kubernetes object.');
      continue;
    }
    if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string' || obj.apiVersion === '' || obj.kind === '') {
      report(item, obj.apiVersion ? 'kind' : 'apiVersion', 'the object has no apiVersion or no kind', 'Set apiVersion and kind.');
      continue;
    }
    const apiGroup = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0] : '';
    if (!schemaFor(obj.apiVersion, obj.kind) && isBuiltinGroup(apiGroup)) {
      const served = apiVersionsOf(obj.kind);
      report(item, 'apiVersion', `Kubernetes 1.28 serves no ${show(obj.kind)} in ${show(obj.apiVersion)}`,
        served.length ? `Use apiVersion ${served.join(' or ')}.` : 'Check the kind and apiVersion (kubectl api-resources).');
    }
  }
}
