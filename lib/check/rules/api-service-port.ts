// Service ports: 1-65535, names required and unique with more than one port, targetPort syntax.
import { isDns1123Label, isIanaSvcName, isPort } from '../../_k8s-rules';
import { CheckContext } from '../context';
import { asArray, asRecord, show } from '../model';
import { Report } from '../rule';

export const id = 'api-service-port';
export const severity = 'error';
export const group = 'api';
export const description = 'Service ports: 1-65535, names required and unique with more than one port, targetPort syntax';

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

export function check(ctx: CheckContext, report: Report): void {
  for (const item of ctx.objects) {
    if (item.kind !== 'Service') {
      continue;
    }
    const spec = asRecord(item.object.spec);
    if (spec.type === 'ExternalName') {
      continue;
    }
    const ports = asArray(spec.ports);
    if (ports.length === 0 && spec.clusterIP !== 'None') {
      report(item, 'spec.ports', 'the Service has no ports', 'Add the port clients connect to, and the targetPort of the pods.');
    }
    const names = new Set<string>();
    const keys = new Set<string>();
    ports.forEach((port, i) => {
      const p = `spec.ports[${i}]`;
      if (ports.length > 1 && (port?.name === undefined || port.name === '')) {
        report(item, `${p}.name`, `port ${show(port?.port)} has no name; a Service with more than one port needs a name on every port`,
          'Name every port (a DNS-1123 label, e.g. "http", "metrics").');
      } else if (port?.name !== undefined && port.name !== '' && !isDns1123Label(port.name)) {
        report(item, `${p}.name`, `port name ${show(port.name)} is not a DNS-1123 label`, "Use lowercase letters, digits and '-'.");
      }
      if (typeof port?.name === 'string' && port.name !== '') {
        if (names.has(port.name)) {
          report(item, `${p}.name`, `port name ${show(port.name)} is used twice`, 'Give every Service port its own name.');
        }
        names.add(port.name);
      }
      if (!isPort(port?.port)) {
        report(item, `${p}.port`, `port ${show(port?.port)} is not an integer from 1 to 65535`, 'Set port to the port clients connect to.');
      }
      const protocol = port?.protocol ?? 'TCP';
      if (!PROTOCOLS.includes(protocol)) {
        report(item, `${p}.protocol`, `protocol ${show(protocol)} is not TCP, UDP or SCTP`, 'Use TCP, UDP or SCTP.');
      }
      const key = `${show(port?.port)}/${show(protocol)}`;
      if (keys.has(key)) {
        report(item, p, `port ${key} is declared twice`, 'Remove the duplicate port.');
      }
      keys.add(key);
      const target = port?.targetPort;
      // a quoted number is a port *name* to the API server, and a name needs a letter
      if (target !== undefined && !(typeof target === 'string' ? isIanaSvcName(target) : isPort(target))) {
        report(item, `${p}.targetPort`, `targetPort ${show(target)} is neither a port number from 1 to 65535 nor a port name`,
          'Use the number of the container port or its name (at most 15 lowercase letters, digits and -).');
      }
    });
  }
}
