// restartPolicy per workload kind, replicas, a Recreate strategy with a rollingUpdate block.
import { CheckContext } from '../context';
import { asRecord, show } from '../model';
import { Report } from '../rule';

export const id = 'api-workload-spec';
export const severity = 'error';
export const group = 'api';
export const description = 'restartPolicy per workload kind, replicas, a Recreate strategy with rollingUpdate';

export function check(ctx: CheckContext, report: Report): void {
  for (const pod of ctx.pods) {
    const item = pod.item;
    if (item.kind === 'Pod') {
      continue;
    }
    const spec = asRecord(item.object.spec);
    const restartPolicy = pod.spec.restartPolicy;
    const runToCompletion = item.kind === 'Job' || item.kind === 'CronJob';
    if (runToCompletion && restartPolicy !== 'OnFailure' && restartPolicy !== 'Never') {
      report(item, `${pod.specPath}.restartPolicy`,
        `a ${item.kind}'s pod template needs restartPolicy OnFailure or Never${restartPolicy === undefined ? ' (the default, Always, is rejected)' : `, not ${show(restartPolicy)}`}`,
        'Set restartPolicy: OnFailure (retry in place) or Never (a new pod per retry).');
    }
    if (!runToCompletion && restartPolicy !== undefined && restartPolicy !== 'Always') {
      report(item, `${pod.specPath}.restartPolicy`, `a ${item.kind}'s pod template must have restartPolicy Always, not ${show(restartPolicy)}`,
        'Remove restartPolicy (Always is the default), or use a Job for a task that ends.');
    }
    if (typeof spec.replicas === 'number' && spec.replicas < 0) {
      report(item, 'spec.replicas', `replicas is ${spec.replicas}`, 'Use 0 or more replicas.');
    }
    if (item.kind === 'Deployment' && spec.strategy?.type === 'Recreate' && spec.strategy?.rollingUpdate !== undefined) {
      report(item, 'spec.strategy.rollingUpdate', 'strategy Recreate with a rollingUpdate block: the API server rejects it',
        'Remove spec.strategy.rollingUpdate, or use type RollingUpdate.');
    }
  }
}
