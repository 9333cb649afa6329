// An Ingress backend naming a Service of its namespace that the set lacks, or a port that Service does not serve.
import { CheckContext } from '../context';
import { asArray, cut, editDistance, show } from '../model';
import { Report } from '../rule';

export const id = 'ingress-backend';
export const severity = 'error';
export const group = 'wiring';
export const description = 'an Ingress backend naming a Service or a Service port that does not exist';

export function check(ctx: CheckContext, report: Report): void {
  for (const { ingress, path, serviceName, service, port } of ctx.ingresses) {
    if (!service) {
      const typo = Math.max(1, Math.floor(serviceName.length / 3));
      const near = ctx.services.filter((x) => x.namespace === ingress.namespace && editDistance(x.name, serviceName) <= typo).map((x) => `"${x.name}"`);
      report(ingress, `${path}.service.name`, `backend Service "${cut(serviceName)}" is not in namespace "${ingress.namespace}" of the set`,
        `Point the backend at a Service of the Ingress's own namespace${near.length ? ` (did you mean ${near.join(' or ')}?)` : ''}, or add the Service.`);
      continue;
    }
    const sports = asArray(service.object.spec.ports);
    if (port !== undefined && service.object.spec.type !== 'ExternalName'
      && !sports.some((sp) => (typeof port === 'number' ? sp?.port === port : sp?.name === port))) {
      const served = sports.map((sp) => `${sp?.port}${sp?.name ? ` (${sp.name})` : ''}`).join(', ') || 'no port';
      report(ingress, `${path}.service.port`, `backend port ${show(port)} is not a port of Service ${service.namespace}/${service.name}, which serves ${served}`,
        `Use one of ${served}: an Ingress names the Service port (number or name), not the container port.`);
    }
  }
}
