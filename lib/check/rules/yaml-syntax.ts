// A document the reader cannot turn into an object: YAML or JSON syntax, an undefined alias, excessive aliasing, bytes
// that are not UTF-8, a complex key. At most one per file: the first error usually causes the rest.
import { CheckContext } from '../context';
import { fileItem, isObject, makeItem } from '../model';
import { Report } from '../rule';

export const id = 'yaml-syntax';
export const severity = 'error';
export const group = 'schema';
export const description = 'a file or document that cannot be read as kubectl reads it: syntax, undefined or excessive aliases, not UTF-8, complex keys';

export function check(ctx: CheckContext, report: Report): void {
  for (const p of ctx.problems) {
    if (p.id === id) {
      report(isObject(p.object) ? makeItem(p.object, -1, p.file) : fileItem(p.file), undefined, p.message,
        p.fix ?? 'Fix the YAML syntax (indentation, quotes, brackets).');
    }
  }
}
