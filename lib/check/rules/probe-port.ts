// A probe port the container does not expose: a port name it does not declare (the kubelet cannot resolve it), or a
// number it does not declare among ports it does declare (likely the wrong number). A container that declares no
// ports at all is not reported: a numeric probe port works without a declaration.
import { CheckContext } from '../context';
import { asArray, containersOf, cut, show } from '../model';
import { Report } from '../rule';

export const id = 'probe-port';
export const severity = 'error';
export const group = 'wiring';
export const description = 'a probe port the container does not expose';

export function check(ctx: CheckContext, report: Report): void {
  for (const pod of ctx.pods) {
    for (const { container, path } of containersOf(pod)) {
      const ports = asArray(container.ports).filter((p) => typeof p?.containerPort === 'number');
      const cname = cut(String(container.name));
      for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
        for (const h of ['httpGet', 'tcpSocket', 'grpc']) {
          const port = container[probe]?.[h]?.port;
          if (port === undefined) {
            continue;
          }
          const p = `${path}.${probe}.${h}.port`;
          if (typeof port === 'string' && !/^[0-9]+$/.test(port)) {
            if (!ports.some((x) => x.name === port)) {
              report(pod.item, p, `${probe} of container "${cname}" uses port name ${show(port)}, which the container does not declare`,
                `Use one of the container's port names (${ports.map((x) => x.name).filter(Boolean).join(', ') || 'none declared'}) or its number.`);
            }
          } else if (ports.length > 0 && !ports.some((x) => x.containerPort === Number(port))) {
            report(pod.item, p, `${probe} of container "${cname}" uses port ${show(port)}, which the container does not declare`,
              `Use one of ${ports.map((x) => x.containerPort).join(', ')}, or declare ${show(port)} in ports.`, 'warning');
          }
        }
      }
    }
  }
}
