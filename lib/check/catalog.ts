// The checks by id, built from the rule files (rules/<id>.ts), and the collector of their findings.
import { cut, Finding, Item, Severity } from './model';
import { CheckGroup } from './rule';
import { RULES } from './rules';

export type CheckId = (typeof RULES)[number]['id'];

/** Every check: its stable id, its severity, its group and what it catches. The table of docs/checker.md lists the same. */
export const CHECKS = Object.fromEntries(RULES.map((r) => [r.id, { severity: r.severity, group: r.group, title: r.description }])) as
  Record<CheckId, { readonly severity: Severity; readonly group: CheckGroup; readonly title: string }>;

export function isCheckId(id: string): id is CheckId {
  return Object.prototype.hasOwnProperty.call(CHECKS, id);
}

/** Collects findings. */
export class Findings {
  public readonly list: { readonly finding: Finding; readonly item: Item }[] = [];

  public add(id: CheckId, item: Item, path: string | undefined, message: string, fix: string, severity?: Severity): void {
    this.list.push({ item, finding: {
      id,
      severity: severity ?? CHECKS[id].severity,
      kind: cut(item.kind, 100),
      namespace: cut(item.namespace, 100),
      name: cut(item.name, 253),
      ...(item.file !== undefined ? { file: item.file } : {}),
      ...(path !== undefined ? { path: cut(path, 300) } : {}),
      message: cut(message, 1000),
      fix: cut(fix, 1000),
    } });
  }
}
