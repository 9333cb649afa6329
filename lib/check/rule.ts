// What a check is: one file under rules/ exports its id, severity, group, description and the function that reports
// its findings. The function reads the model of the set (CheckContext) and reports through `report`.
import type { CheckContext } from './context';
import type { Item, Severity } from './model';

export type CheckGroup = 'schema' | 'api' | 'wiring' | 'security' | 'waiver';

/** Reports one finding of the running check; `severity` overrides the check's own (a likely, not a proven, defect). */
export type Report = (item: Item, path: string | undefined, message: string, fix: string, severity?: Severity) => void;

/** A check, as a file under rules/ exports it. */
export interface Rule {
  readonly id: string;
  readonly severity: Severity;
  readonly group: CheckGroup;
  /** What it catches, in one line (the checks table of docs/checker.md says the same). */
  readonly description: string;
  readonly check: (ctx: CheckContext, report: Report) => void;
}
