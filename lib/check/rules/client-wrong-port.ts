// A client env var naming a port its Service does not serve. A headless Service (clusterIP: None) resolves to the pods,
// so its clients may dial any port the pods expose.
import { CheckContext, isHeadless, resolveTarget } from '../context';
import { asArray } from '../model';
import { Report } from '../rule';

export const id = 'client-wrong-port';
export const severity = 'error';
export const group = 'wiring';
export const description = 'a client env var naming a port its Service does not serve';

export function check(ctx: CheckContext, report: Report): void {
  for (const { client, ref, service } of ctx.clients) {
    if (!service || ref.port === undefined || service.object.spec.type === 'ExternalName' || ctx.servesPort(service, ref.port)) {
      continue;
    }
    const sports = asArray(service.object.spec.ports);
    const backends = ctx.backends(service)?.selected ?? [];
    const targetHit = sports.find((sp) => sp?.targetPort === ref.port || backends.some((b) => resolveTarget(sp, b)?.number === ref.port));
    const served = sports.map((p) => p?.port).join(', ') || 'no port';
    const env = ref.portEnv ?? ref.env;
    report(client.item, ref.portPath ?? ref.path,
      `env ${env} dials port ${ref.port} on Service ${service.namespace}/${service.name}${ref.portEnv ? ` (the host is in ${ref.env})` : ''}, which serves ${served}`
      + (targetHit ? ` (${ref.port} is the pods' targetPort, not the Service port)` : '')
      + (isHeadless(service) ? ' (a headless Service: the pods expose no such port either)' : ''),
      `Set ${env} to ${sports.map((p) => p?.port).join(' or ') || 'a port of the Service'}, or add port ${ref.port} to the Service.`);
  }
}
