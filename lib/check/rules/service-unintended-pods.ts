// A Service that also selects pods it was not meant for: its own clients, pods without its target port next to pods
// with it, or the pods of several workloads.
import { CheckContext } from '../context';
import { describeItem } from '../model';
import { Report } from '../rule';

export const id = 'service-unintended-pods';
export const severity = 'error';
export const group = 'wiring';
export const description = 'a Service that also selects pods it was not meant for (its own clients, pods without its target port, other workloads)';

export function check(ctx: CheckContext, report: Report): void {
  for (const service of ctx.services) {
    const backends = ctx.backends(service);
    if (!backends) {
      continue;
    }
    for (const [pod, why] of backends.unintended) {
      if (why === 'client') {
        report(service, 'spec.selector', `selector also selects ${describeItem(pod.item)}, which is a client of this Service: connections can land on the client itself`,
          "Add a label to the selector that only the server pods carry (for example app.kubernetes.io/component), or change the client's labels.");
      } else {
        report(service, 'spec.selector', `selector also selects ${describeItem(pod.item)}, which exposes none of the Service's target ports: connections routed there fail`,
          'Narrow the selector with a label only the intended pods carry.');
      }
    }
    if (backends.exposing.length > 1) {
      report(service, 'spec.selector',
        `selector matches pods of ${backends.exposing.length} workloads (${backends.exposing.map((p) => describeItem(p.item)).join(', ')}): traffic is spread over all of them`,
        'Narrow the selector to one workload (e.g. add a role or component label); waive with a reason if spreading is intended (canary).', 'warning');
    }
  }
}
