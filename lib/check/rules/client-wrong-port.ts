// A client env var naming a port its Service does not serve. A headless Service (clusterIP: None) resolves to the pods,
// so its clients may dial any port the pods expose.
import { CheckContext, isHeadless, portsOf, resolveTarget } from '../context';
import { asArray, isObject, show } from '../model';
import { Report } from '../rule';

export const id = 'client-wrong-port';
export const severity = 'error';
export const group = 'wiring';
export const description = 'a client env var naming a port its Service does not serve (for a headless Service: a port its pods do not listen on)';

export function check(ctx: CheckContext, report: Report): void {
  for (const { client, ref, service } of ctx.clients) {
    if (!service || ref.port === undefined || service.object.spec.type === 'ExternalName' || ctx.servesPort(service, ref.port)) {
      continue;
    }
    const sports = asArray(service.object.spec.ports).filter(isObject);
    const backends = ctx.backends(service)?.selected ?? [];
    const env = ref.portEnv ?? ref.env;
    // a port variable is set to the port; a URL or host:port gets the port in its value
    const use = (port: string): string => (ref.portEnv ? `Set ${env} to ${port}` : `Use port ${port} in ${env}`);
    const where = `env ${env} dials port ${ref.port} on Service ${service.namespace}/${service.name}${ref.portEnv ? ` (the host is in ${ref.env})` : ''}`;
    if (isHeadless(service)) {
      const podPorts = [...new Set(backends.flatMap(portsOf).map((p) => p.number))];
      const translated = sports.find((sp) => sp.port === ref.port);
      report(client.item, ref.portPath ?? ref.path,
        `${where}, a headless Service (clusterIP: None): its name resolves to the pods, which listen on ${podPorts.join(', ')}`
        + (translated ? ` (a headless Service does not translate port ${ref.port} to targetPort ${show(translated.targetPort ?? translated.port)})` : ''),
        `${use(podPorts.join(' or '))}: the port the pods listen on.`);
      continue;
    }
    const targetHit = sports.find((sp) => sp.targetPort === ref.port || backends.some((b) => resolveTarget(sp, b)?.number === ref.port));
    const served = sports.map((p) => p.port).join(', ') || 'no port';
    report(client.item, ref.portPath ?? ref.path,
      `${where}, which serves ${served}` + (targetHit ? ` (${ref.port} is the pods' targetPort, not the Service port)` : ''),
      `${use(sports.map((p) => p.port).join(' or ') || 'a port of the Service')}, or add port ${ref.port} to the Service.`);
  }
}
