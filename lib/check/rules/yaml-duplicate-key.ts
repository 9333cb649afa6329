// A key twice in one mapping: kubectl --validate=strict rejects the object, other tools silently keep the last.
import { CheckContext } from '../context';
import { fileItem, isObject, makeItem } from '../model';
import { Report } from '../rule';

export const id = 'yaml-duplicate-key';
export const severity = 'error';
export const group = 'schema';
export const description = 'a key twice in the same YAML mapping (kubectl rejects it under --validate=strict)';

export function check(ctx: CheckContext, report: Report): void {
  for (const p of ctx.problems) {
    if (p.id === id) {
      report(isObject(p.object) ? makeItem(p.object, -1, p.file) : fileItem(p.file), undefined, p.message,
        'Remove one of the two keys: kubectl --validate=strict rejects the object, and other tools silently keep the last.');
    }
  }
}
