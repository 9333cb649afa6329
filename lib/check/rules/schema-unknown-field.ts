// Strict schema validation against the Kubernetes 1.28 OpenAPI definitions (kubeconform -strict, kubectl --validate=strict):
// the walk runs once for the three schema checks (CheckContext.schemaViolations); this one reports its share.
import { CheckContext } from '../context';
import { Report } from '../rule';

export const id = 'schema-unknown-field';
export const severity = 'error';
export const group = 'schema';
export const description = 'a field Kubernetes 1.28 does not know';

export function check(ctx: CheckContext, report: Report): void {
  for (const v of ctx.schemaViolations) {
    if (v.id === id) {
      report(v.item, v.path, v.message, v.fix);
    }
  }
}
