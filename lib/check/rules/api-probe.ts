// Probes: exactly one handler; liveness and startup successThreshold 1; port numbers and names.
import { isIanaSvcName, isPort } from '../../_k8s-rules';
import { podReport } from '../api-rules';
import { CheckContext } from '../context';
import { containersOf, isObject, show } from '../model';
import { Report } from '../rule';

export const id = 'api-probe';
export const severity = 'error';
export const group = 'api';
export const description = 'a probe with no handler or more than one; liveness/startup successThreshold other than 1';

export function check(ctx: CheckContext, report: Report): void {
  for (const pod of ctx.pods) {
    const out = podReport(report, pod.item);
    for (const { container, path } of containersOf(pod)) {
      for (const kind of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
        const probe = container[kind];
        const p = `${path}.${kind}`;
        if (!isObject(probe)) {
          continue;
        }
        const handlers = ['exec', 'httpGet', 'tcpSocket', 'grpc'].filter((h) => probe[h] !== undefined && probe[h] !== null);
        if (handlers.length !== 1) {
          out(pod.item, p, handlers.length === 0 ? `${kind} has no handler` : `${kind} has ${handlers.length} handlers (${handlers.join(', ')})`,
            'Give the probe exactly one of exec, httpGet, tcpSocket or grpc.');
        }
        if ((kind === 'livenessProbe' || kind === 'startupProbe') && probe.successThreshold !== undefined && probe.successThreshold !== 1) {
          out(pod.item, `${p}.successThreshold`, `${kind} successThreshold is ${show(probe.successThreshold)}; it must be 1`, 'Set successThreshold to 1 or remove it.');
        }
        for (const h of ['httpGet', 'tcpSocket']) {
          const port = probe[h]?.port;
          if (port !== undefined && !(typeof port === 'string' ? isIanaSvcName(port) : isPort(port))) {
            out(pod.item, `${p}.${h}.port`, `${kind} port ${show(port)} is neither a port number from 1 to 65535 nor a port name`,
              "Use the container port's number or its name.");
          }
        }
      }
    }
  }
}
