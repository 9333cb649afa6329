// The same group, kind, namespace and name twice in the set: the second apply overwrites the first.
import { CheckContext } from '../context';
import { Item } from '../model';
import { Report } from '../rule';

export const id = 'api-duplicate-object';
export const severity = 'error';
export const group = 'api';
export const description = 'the same kind, namespace and name twice in the set';

export function check(ctx: CheckContext, report: Report): void {
  const seen = new Map<string, Item>();
  for (const item of ctx.objects) {
    if (!item.kind || !item.name || item.name.endsWith('*')) {
      continue;
    }
    const key = `${String(item.object.apiVersion).split('/')[0]}|${item.kind}|${item.namespace}|${item.name}`;
    const first = seen.get(key);
    if (first) {
      report(item, 'metadata.name', `${item.kind} ${item.namespace}/${item.name} is defined twice${first.file ? ` (also in ${first.file})` : ''}`,
        'Keep one definition: the second apply overwrites the first.');
    } else {
      seen.set(key, item);
    }
  }
}
