// The connections of the set, for the diagram: client env var -> Service -> selected pods -> container port, the
// NetworkPolicies on the pods, Ingress backends; each edge says why it is broken. Built from the model the checks read.
import { CheckContext, resolveTarget } from './context';
import { asArray, cut, Item, Json, PodShape, selectorMatches } from './model';

export interface ServiceEdge {
  readonly service: Item;
  readonly pod: PodShape;
  /** `port→target` per Service port; `broken` when this pod does not expose the target. */
  readonly ports: { readonly label: string; readonly broken: boolean }[];
  readonly unintended: boolean;
}

export interface ClientEdge {
  readonly client: PodShape;
  readonly env: string;
  readonly host: string;
  readonly port?: number;
  /** The Service the host names, if the set has it. */
  readonly service?: Item;
  readonly serviceName: string;
  readonly serviceNamespace: string;
  /** Why the edge is broken (unknown host, wrong port, blocked by policies); empty when it works. */
  readonly problems: string[];
  /** The NetworkPolicies that let the connection through, when policies apply to it. */
  readonly allowedBy: Set<string>;
}

export interface PolicyEdge {
  readonly policy: Item;
  readonly pod: PodShape;
  /** What the policy allows to or from the pod, in short (`ingress from app=web on 3306/TCP`). */
  readonly allows: string[];
}

export interface IngressEdge {
  readonly ingress: Item;
  readonly serviceName: string;
  readonly service?: Item;
  /** The backend port as written: a number or a Service port name. */
  readonly port: string;
  readonly problems: string[];
}

export interface Wiring {
  readonly services: Item[];
  readonly pods: PodShape[];
  readonly policies: Item[];
  readonly serviceEdges: ServiceEdge[];
  readonly servicesWithoutPods: Item[];
  readonly clientEdges: ClientEdge[];
  readonly policyEdges: PolicyEdge[];
  readonly ingressEdges: IngressEdge[];
}


function portLabel(servicePort: Json): string {
  const target = servicePort?.targetPort ?? servicePort?.port;
  const protocol = servicePort?.protocol ?? 'TCP';
  return `${cut(String(servicePort?.port), 20)}→${cut(String(target), 20)}${protocol === 'TCP' ? '' : `/${cut(String(protocol), 20)}`}`;
}

/** The graph of the set, from the model the checks read: what connects to what, and why an edge is broken. */
export function buildWiring(ctx: CheckContext): Wiring {
  const dnsReported = new Set<PodShape>();
  const clientEdges: ClientEdge[] = ctx.clients.map((c) => {
    const problems: string[] = [];
    const { service, ref } = c;
    if (!service) {
      problems.push('no such Service');
    } else if (ref.port !== undefined && service.object.spec.type !== 'ExternalName' && !ctx.servesPort(service, ref.port)) {
      problems.push(`port ${ref.port} not served`);
    }
    if (!dnsReported.has(c.client)) {
      dnsReported.add(c.client);
      const dns = ctx.dnsBlockers(c.client);
      if (dns.udp || dns.tcp) {
        problems.push('DNS blocked');
      }
    }
    const reach = service ? ctx.reach(c) : undefined;
    if (reach && !reach.open && reach.blocked.length > 0) {
      problems.push('blocked by NetworkPolicy');
    }
    return {
      client: c.client, env: ref.env, host: ref.host, port: ref.port, service, serviceName: c.serviceName, serviceNamespace: c.serviceNamespace,
      problems, allowedBy: new Set(reach?.allowedBy ?? []),
    };
  });

  const serviceEdges: ServiceEdge[] = [];
  const servicesWithoutPods: Item[] = [];
  for (const service of ctx.services) {
    const backends = ctx.backends(service);
    if (!backends) {
      continue;
    }
    if (backends.selected.length === 0) {
      servicesWithoutPods.push(service);
      continue;
    }
    const sports = asArray(service.object.spec.ports);
    for (const pod of backends.selected) {
      serviceEdges.push({
        service, pod, unintended: backends.unintended.has(pod),
        ports: sports.map((sp) => ({ label: portLabel(sp), broken: resolveTarget(sp, pod) === undefined })),
      });
    }
  }

  const policyEdges: PolicyEdge[] = [];
  for (const policy of ctx.policies) {
    const allows = ctx.policyIndex.summary(policy);
    for (const pod of ctx.podsByNamespace.get(policy.namespace) ?? []) {
      if (selectorMatches(policy.object.spec.podSelector ?? {}, pod.labels)) {
        policyEdges.push({ policy, pod, allows });
      }
    }
  }

  const ingressEdges: IngressEdge[] = ctx.ingresses.map(({ ingress, serviceName, service, port }) => {
    const problems: string[] = [];
    if (!service) {
      problems.push('no such Service');
    } else if (port !== undefined && service.object.spec.type !== 'ExternalName'
      && !asArray(service.object.spec.ports).some((sp) => (typeof port === 'number' ? sp?.port === port : sp?.name === port))) {
      problems.push(`port ${port} not served`);
    }
    return { ingress, serviceName, service, port: String(port ?? ''), problems };
  });

  const { services, pods, policies } = ctx;
  return { services, pods, policies, serviceEdges, servicesWithoutPods, clientEdges, policyEdges, ingressEdges };
}
