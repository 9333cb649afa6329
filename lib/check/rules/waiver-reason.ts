// A waiver annotation without a reason (it waives nothing), or for a check that does not exist.
import { CheckContext } from '../context';
import { asRecord, cut, WAIVER_PREFIX } from '../model';
import { Report } from '../rule';

export const id = 'waiver-reason';
export const severity = 'error';
export const group = 'waiver';
export const description = 'a waiver annotation without a reason, or for a check that does not exist';

export function check(ctx: CheckContext, report: Report): void {
  for (const item of ctx.objects) {
    for (const [key, value] of Object.entries(asRecord(item.object.metadata?.annotations))) {
      if (!key.startsWith(WAIVER_PREFIX)) {
        continue;
      }
      const waived = key.slice(WAIVER_PREFIX.length);
      const path = `metadata.annotations.${cut(key)}`;
      if (!ctx.checkIds.has(waived)) {
        report(item, path, `annotation ${cut(key)} waives "${cut(waived)}", which is not a check`, `Use one of: ${[...ctx.checkIds].join(', ')}.`);
      } else if (typeof value !== 'string' || value.trim() === '') {
        report(item, path, `annotation ${key} waives ${waived} without a reason, so it waives nothing`,
          'Write why the finding does not apply as the annotation value.');
      }
    }
  }
}
