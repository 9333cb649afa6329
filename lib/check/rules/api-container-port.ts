// Container ports: 1-65535, TCP/UDP/SCTP, IANA service names unique in the container, no port twice.
import { isIanaSvcName, isPort } from '../../_k8s-rules';
import { podReport } from '../api-rules';
import { CheckContext } from '../context';
import { asArray, containersOf, cut, show } from '../model';
import { Report } from '../rule';

export const id = 'api-container-port';
export const severity = 'error';
export const group = 'api';
export const description = 'container ports: 1-65535, protocol, IANA port names (<= 15 characters) unique in the container';

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

export function check(ctx: CheckContext, report: Report): void {
  for (const pod of ctx.pods) {
    const out = podReport(report, pod.item);
    for (const { container, path } of containersOf(pod)) {
      const name = cut(String(container.name));
      const portNames = new Set<string>();
      const portKeys = new Set<string>();
      asArray(container.ports).forEach((port, i) => {
        const p = `${path}.ports[${i}]`;
        if (!isPort(port?.containerPort)) {
          out(pod.item, `${p}.containerPort`, `containerPort ${show(port?.containerPort)} is not an integer from 1 to 65535`,
            'Set containerPort to the port the process listens on.');
        }
        if (port?.hostPort !== undefined && !(port.hostPort === 0 || isPort(port.hostPort))) {
          out(pod.item, `${p}.hostPort`, `hostPort ${show(port.hostPort)} is not from 1 to 65535`, 'Remove hostPort, or fix it.');
        }
        const protocol = port?.protocol ?? 'TCP';
        if (!PROTOCOLS.includes(protocol)) {
          out(pod.item, `${p}.protocol`, `protocol ${show(protocol)} is not TCP, UDP or SCTP`, 'Use TCP, UDP or SCTP.');
        }
        const key = `${show(port?.containerPort)}/${show(protocol)}`;
        if (portKeys.has(key)) {
          out(pod.item, p, `port ${key} is declared twice in container "${name}"`, 'Remove the duplicate.');
        }
        portKeys.add(key);
        if (port?.name !== undefined) {
          if (!isIanaSvcName(port.name)) {
            out(pod.item, `${p}.name`, `port name ${show(port.name)} is not an IANA service name`,
              "Use at most 15 lowercase letters, digits and '-', with at least one letter and no leading, trailing or double '-' (e.g. \"http-metrics\" not \"http-metrics-port\").");
          } else if (portNames.has(port.name)) {
            out(pod.item, `${p}.name`, `port name "${port.name}" is used twice in container "${name}"`, 'Give every port its own name.');
          }
          portNames.add(port.name);
        }
      });
    }
  }
}
