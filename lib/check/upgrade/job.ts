// Job (batch/v1): selector, template, completionMode, podFailurePolicy and backoffLimitPerIndex are immutable, and
// completions too unless the Job is an elastic Indexed Job (completions = parallelism before and after)
// (pkg/apis/batch/validation/validation.go, ValidateJobSpecUpdate).
import { asRecord, Item } from '../model';
import { diff, nsFlag, ref, reportChanges, UpgradeReport, UpgradeRule } from './_diff';

function jobFix(next: Item): string {
  return 'Give the Job a new name whenever its spec changes (for example one that ends in a short hash of the spec, as MysqlConnectivityCheck does; '
    + `the finished Job expires by its ttlSecondsAfterFinished), or \`kubectl delete ${nsFlag(next)}${ref(next)}\` before applying; `
    + '`kubectl apply --force` deletes and re-creates it.';
}

export const job: UpgradeRule = {
  kinds: ['batch/Job'],
  compare(previous: Item, next: Item, report: UpgradeReport): void {
    const a = asRecord(previous.object.spec);
    const b = asRecord(next.object.spec);
    const fix = jobFix(next);
    for (const field of ['selector', 'template', 'completionMode', 'podFailurePolicy', 'backoffLimitPerIndex']) {
      const defaults: Record<string, unknown> = field === 'completionMode' ? { completionMode: 'NonIndexed' } : {};
      const changes = diff({ ...defaults, ...a }[field], { ...defaults, ...b }[field], `spec.${field}`);
      reportChanges(changes, report, `a Job's spec.${field} is immutable ("spec.${field}: Invalid value: ...: field is immutable")`, fix);
    }
    const elastic = (s: Record<string, unknown>): boolean => s.completionMode === 'Indexed' && s.completions === s.parallelism;
    if (!(elastic(a) && elastic(b))) {
      reportChanges(diff(a.completions, b.completions, 'spec.completions'), report,
        'a Job\'s spec.completions is immutable (except in an Indexed Job that keeps completions equal to parallelism)', fix);
    }
  },
};
