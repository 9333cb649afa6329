// Follows each connection of the set: client env var -> Service -> selected pods -> container port, and the
// NetworkPolicies on both ends. The API server checks none of this.
import { isIanaSvcName } from '../_k8s-rules';
import { Findings } from './catalog';
import { environment, hostRefs, parseServiceHost } from './clients';
import { asArray, asRecord, containersOf, describeItem, editDistance, isObject, Item, Json, mapSelects, PodShape, selectorMatches, stringMap } from './model';
import { ContainerPort, describeSelector, Endpoint, KUBE_DNS, PolicyIndex } from './netpol';

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


function portsOf(pod: PodShape): ContainerPort[] {
  return containersOf(pod).filter((c) => !c.init).flatMap(({ container }) => asArray(container.ports)
    .filter((p) => typeof p?.containerPort === 'number')
    .map((p) => ({ number: p.containerPort, name: typeof p.name === 'string' ? p.name : undefined, protocol: p.protocol ?? 'TCP' })));
}

/** The container port of `pod` a Service port's targetPort reaches, or undefined. */
function resolveTarget(servicePort: Json, pod: PodShape): ContainerPort | undefined {
  const target = servicePort?.targetPort ?? servicePort?.port;
  const protocol = servicePort?.protocol ?? 'TCP';
  const numeric = typeof target === 'number' ? target : (typeof target === 'string' && /^[0-9]+$/.test(target) ? Number(target) : undefined);
  return portsOf(pod).find((p) => p.protocol === protocol && (numeric !== undefined ? p.number === numeric : p.name === target));
}

function portLabel(servicePort: Json): string {
  const target = servicePort?.targetPort ?? servicePort?.port;
  const protocol = servicePort?.protocol ?? 'TCP';
  return `${servicePort?.port}→${target}${protocol === 'TCP' ? '' : `/${protocol}`}`;
}

/** The workload an object belongs to, for messages. */
function owner(pod: PodShape): string {
  return describeItem(pod.item);
}

/** Runs the wiring checks and returns the graph of the set. */
export function checkWiring(items: readonly Item[], pods: readonly PodShape[], out: Findings): Wiring {
  const services = items.filter((i) => i.kind === 'Service' && isObject(i.object.spec));
  const policies = items.filter((i) => i.kind === 'NetworkPolicy' && isObject(i.object.spec));
  const namespaceItems = items.filter((i) => i.kind === 'Namespace');
  const namespaces = new Set<string>([
    ...items.filter((i) => i.object?.metadata?.namespace).map((i) => i.namespace),
    ...namespaceItems.map((i) => i.name),
  ]);
  const podsByNs = new Map<string, PodShape[]>();
  for (const pod of pods) {
    podsByNs.set(pod.item.namespace, [...(podsByNs.get(pod.item.namespace) ?? []), pod]);
  }
  const servicesByKey = new Map<string, Item>();
  for (const s of services) {
    servicesByKey.set(`${s.namespace}/${s.name}`, s);
  }
  const index = new PolicyIndex(policies, namespaceItems);
  const configMaps = new Map(items.filter((i) => i.kind === 'ConfigMap').map((i) => [`${i.namespace}/${i.name}`, stringMap(i.object.data)]));

  // clients first: a Service that selects its own client is one of the mistakes below
  const clientEdges: ClientEdge[] = [];
  const clientsOf = new Map<Item, Set<PodShape>>();
  for (const pod of pods) {
    for (const { container, path } of containersOf(pod)) {
      for (const ref of hostRefs(environment(container, path, configMaps, pod.item.namespace))) {
        const target = parseServiceHost(ref.host, pod.item.namespace, namespaces);
        if (!target) {
          continue;
        }
        if (target.name === 'kubernetes' && target.namespace === 'default') {
          continue; // the API server's own Service, in every cluster
        }
        const service = servicesByKey.get(`${target.namespace}/${target.name}`);
        const edge: ClientEdge = {
          client: pod, env: ref.env, host: ref.host, port: ref.port, service,
          serviceName: target.name, serviceNamespace: target.namespace, problems: [], allowedBy: new Set(),
        };
        clientEdges.push(edge);
        if (!service) {
          const candidates = services.filter((s) => s.name === target.name
            || (s.namespace === target.namespace && editDistance(s.name, target.name) <= Math.max(1, Math.floor(target.name.length / 3))));
          const hint = candidates.length
            ? ` Did you mean ${candidates.map((s) => s.namespace === pod.item.namespace ? `"${s.name}"` : `"${s.name}.${s.namespace}"`).join(' or ')}?`
            : '';
          out.add('client-unknown-host', pod.item, ref.path,
            `env ${ref.env} points at "${ref.host}", but the set has no Service "${target.name}" in namespace "${target.namespace}"`,
            `Point ${ref.env} at an existing Service (<service>, <service>.<namespace> or <service>.<namespace>.svc.cluster.local), or add the Service.${hint}`);
          edge.problems.push('no such Service');
          continue;
        }
        const set = clientsOf.get(service) ?? new Set<PodShape>();
        set.add(pod);
        clientsOf.set(service, set);
        const sports = asArray(service.object.spec.ports);
        if (ref.port !== undefined && service.object.spec.type !== 'ExternalName' && !sports.some((p) => p?.port === ref.port)) {
          const selector = stringMap(service.object.spec.selector);
          const backends = (podsByNs.get(service.namespace) ?? []).filter((p) => mapSelects(selector, p.labels));
          const targetHit = sports.find((sp) => sp?.targetPort === ref.port || backends.some((b) => resolveTarget(sp, b)?.number === ref.port));
          out.add('client-wrong-port', pod.item, ref.path,
            `env ${ref.env} dials port ${ref.port} on Service ${service.namespace}/${service.name}, which serves ${sports.map((p) => p?.port).join(', ') || 'no port'}`
            + (targetHit ? ` (${ref.port} is the pods' targetPort, not the Service port)` : ''),
            `Use port ${sports.map((p) => p?.port).join(' or ')}, or add port ${ref.port} to the Service.`);
          edge.problems.push(`port ${ref.port} not served`);
        }
      }
    }
  }

  // Services -> pods -> ports
  const serviceEdges: ServiceEdge[] = [];
  const servicesWithoutPods: Item[] = [];
  for (const service of services) {
    const spec = service.object.spec;
    const selector = stringMap(spec.selector);
    if (spec.type === 'ExternalName' || Object.keys(selector).length === 0) {
      continue;
    }
    const candidates = podsByNs.get(service.namespace) ?? [];
    const selected = candidates.filter((p) => mapSelects(selector, p.labels));
    const sports = asArray(spec.ports);
    if (selected.length === 0) {
      servicesWithoutPods.push(service);
      const best = candidates.map((p) => ({ p, score: Object.entries(selector).filter(([k, v]) => p.labels[k] === v).length }))
        .sort((a, b) => b.score - a.score)[0];
      const sel = Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(',');
      const diff = best ? Object.entries(selector).filter(([k, v]) => best.p.labels[k] !== v)
        .map(([k, v]) => (best.p.labels[k] === undefined ? `no label ${k}` : `${k}=${best.p.labels[k]}, not ${v}`)) : [];
      const fix = best && best.score > 0
        ? `Set spec.selector to labels the pods carry: ${owner(best.p)} has ${diff.join('; ')}.`
        : `Set spec.selector to the labels of the pod template of the workload this Service fronts, in the same namespace${candidates.length
          ? ` (pods in ${service.namespace}: ${candidates.slice(0, 3).map((p) => `${owner(p)} has ${Object.entries(p.labels).map(([k, v]) => `${k}=${v}`).join(',')}`)
            .join('; ')})` : ''}.`;
      const elsewhere = pods.filter((p) => p.item.namespace !== service.namespace && mapSelects(selector, p.labels));
      out.add('service-no-pods', service, 'spec.selector', `selector ${sel} matches no pod template in namespace "${service.namespace}"`, elsewhere.length
        ? `A Service selects pods of its own namespace only, and ${elsewhere.map(owner).join(', ')} matches: put the Service in namespace "${elsewhere[0].item.namespace}".`
        : fix);
      continue;
    }
    const exposes = (pod: PodShape, sp: Json): boolean => resolveTarget(sp, pod) !== undefined;
    // target ports
    sports.forEach((sp, i) => {
      if (selected.some((p) => exposes(p, sp))) {
        return;
      }
      const target = sp?.targetPort ?? sp?.port;
      const named = typeof target === 'string' && isIanaSvcName(target);
      const declared = selected.flatMap(portsOf);
      const available = declared.map((p) => `${p.number}${p.name ? ` (${p.name})` : ''}${p.protocol === 'TCP' ? '' : `/${p.protocol}`}`).join(', ');
      const severity = !named && declared.length === 0 ? 'warning' : 'error';
      out.add('service-target-port', service, `spec.ports[${i}].targetPort`,
        `targetPort ${JSON.stringify(target)}${sp?.protocol && sp.protocol !== 'TCP' ? `/${sp.protocol}` : ''} is exposed by no selected container `
        + `(${selected.map(owner).join(', ')}: ${available || 'no ports declared'})`,
        available ? `Set targetPort to one of ${available}, or declare the port on the container.` : 'Declare the port on the container (name and containerPort) and target it by name.',
        severity);
    });
    // unintended pods: a client of the Service that does not serve its port (a peer of a cluster, which both
    // dials and serves, is fine), pods without the target port next to pods with it, several workloads
    const exposing = selected.filter((p) => sports.some((sp) => exposes(p, sp)));
    const clients = clientsOf.get(service) ?? new Set<PodShape>();
    const unintended = new Set<PodShape>();
    for (const pod of selected) {
      if (exposing.includes(pod)) {
        continue;
      }
      if (clients.has(pod)) {
        unintended.add(pod);
        out.add('service-unintended-pods', service, 'spec.selector',
          `selector also selects ${owner(pod)}, which is a client of this Service: connections can land on the client itself`,
          "Add a label to the selector that only the server pods carry (for example app.kubernetes.io/component), or change the client's labels.");
      } else if (exposing.length > 0) {
        unintended.add(pod);
        out.add('service-unintended-pods', service, 'spec.selector',
          `selector also selects ${owner(pod)}, which exposes none of the Service's target ports: connections routed there fail`,
          'Narrow the selector with a label only the intended pods carry.');
      }
    }
    if (exposing.length > 1) {
      out.add('service-unintended-pods', service, 'spec.selector',
        `selector matches pods of ${exposing.length} workloads (${exposing.map(owner).join(', ')}): traffic is spread over all of them`,
        'Narrow the selector to one workload (e.g. add a role or component label); waive with a reason if spreading is intended (canary).', 'warning');
    }
    for (const pod of selected) {
      serviceEdges.push({
        service, pod, unintended: unintended.has(pod),
        ports: sports.map((sp) => ({ label: portLabel(sp), broken: !exposes(pod, sp) })),
      });
    }
  }

  // workloads whose selectors overlap: their controllers fight over the same pods
  const workloads = pods.filter((p) => ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ReplicationController'].includes(p.item.kind));
  for (const a of workloads) {
    const selector = a.item.kind === 'ReplicationController' ? { matchLabels: stringMap(a.item.object.spec?.selector) } : a.item.object.spec?.selector;
    if (!isObject(selector) || (Object.keys(asRecord(selector.matchLabels)).length === 0 && asArray(selector.matchExpressions).length === 0)) {
      continue;
    }
    const others = workloads.filter((b) => b !== a && b.item.namespace === a.item.namespace && selectorMatches(selector, b.labels));
    if (others.length) {
      out.add('workload-selector-overlap', a.item, 'spec.selector',
        `spec.selector ${describeSelector(selector)} also matches the pods of ${others.map(owner).join(', ')}: the controllers fight over them`,
        'Add a label to the selector and the template that only this workload carries (selectors cannot change after creation: recreate the workload).');
    }
  }

  // probes
  for (const pod of pods) {
    for (const { container, path } of containersOf(pod)) {
      const ports = asArray(container.ports).filter((p) => typeof p?.containerPort === 'number');
      for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
        for (const h of ['httpGet', 'tcpSocket', 'grpc']) {
          const port = container[probe]?.[h]?.port;
          if (port === undefined) {
            continue;
          }
          const p = `${path}.${probe}.${h}.port`;
          if (typeof port === 'string' && !/^[0-9]+$/.test(port)) {
            if (!ports.some((x) => x.name === port)) {
              out.add('probe-port', pod.item, p, `${probe} of container "${container.name}" uses port name "${port}", which the container does not declare`,
                `Use one of the container's port names (${ports.map((x) => x.name).filter(Boolean).join(', ') || 'none declared'}) or its number.`);
            }
          } else if (!ports.some((x) => x.containerPort === Number(port))) {
            out.add('probe-port', pod.item, p, `${probe} of container "${container.name}" uses port ${port}, which the container does not declare`,
              ports.length ? `Use one of ${ports.map((x) => x.containerPort).join(', ')}, or declare ${port} in ports.` : `Declare port ${port} in the container's ports.`,
              'warning');
          }
        }
      }
    }
  }

  // NetworkPolicies along every client edge
  const dnsChecked = new Set<PodShape>();
  for (const edge of clientEdges) {
    const { client, service } = edge;
    const from: Endpoint = { namespace: client.item.namespace, labels: client.labels };
    if (!dnsChecked.has(client)) {
      dnsChecked.add(client);
      const udp = index.egressBlockers(from, KUBE_DNS, { number: 53, name: 'dns', protocol: 'UDP' });
      const tcp = index.egressBlockers(from, KUBE_DNS, { number: 53, name: 'dns-tcp', protocol: 'TCP' });
      if (udp || tcp) {
        const blockers = [...new Set([...(udp ?? []), ...(tcp ?? [])])].map((p) => p.name).join(', ');
        out.add('netpol-blocks-dns', client.item, `${client.templatePath}.labels`,
          `egress NetworkPolicies (${blockers}) select this pod and allow no DNS on ${[udp ? 'UDP 53' : '', tcp ? 'TCP 53' : ''].filter(Boolean).join(' and ')}: `
          + `"${edge.host}" cannot be resolved`,
          'Add an egress rule to namespace kube-system (namespaceSelector kubernetes.io/metadata.name: kube-system, podSelector k8s-app: kube-dns) '
          + 'on port 53 with protocol UDP and port 53 with protocol TCP.',
          udp ? 'error' : 'warning');
        edge.problems.push('DNS blocked');
      }
    }
    if (!service || service.object.spec.type === 'ExternalName') {
      continue;
    }
    const sports = asArray(service.object.spec.ports).filter((sp) => edge.port === undefined || sp?.port === edge.port);
    if (sports.length === 0) {
      continue;
    }
    const targets = (serviceEdges.filter((e) => e.service === service && !e.unintended)).map((e) => e.pod);
    const blocked: string[] = [];
    let anyOpen = false;
    for (const pod of targets) {
      const to: Endpoint = { namespace: pod.item.namespace, labels: pod.labels };
      for (const sp of sports) {
        const cport = resolveTarget(sp, pod);
        if (!cport) {
          continue;
        }
        const ing = index.ingressBlockers(from, to, cport);
        const egr = index.egressBlockers(from, to, cport);
        if (!ing && !egr) {
          anyOpen = true;
          index.allowing(from, to, cport).forEach((p) => edge.allowedBy.add(p.name));
          continue;
        }
        const why = [
          ing ? `ingress of ${owner(pod)} is limited by ${ing.map((p) => p.name).join(', ')}, which admit no traffic from this pod on ${cport.number}/${cport.protocol}` : '',
          egr ? `egress of this pod is limited by ${egr.map((p) => p.name).join(', ')}, which allow nothing to ${owner(pod)} on ${cport.number}/${cport.protocol}` : '',
        ].filter(Boolean).join('; ');
        blocked.push(why);
      }
    }
    if (!anyOpen && blocked.length > 0) {
      out.add('netpol-blocks-client', client.item, `${client.templatePath}.labels`,
        `${edge.env}=${edge.host} cannot reach Service ${service.namespace}/${service.name}: ${[...new Set(blocked)].join('; ')}`,
        "Allow it in a policy: an ingress rule on the server pods from this pod's labels (with a namespaceSelector when it is in another namespace), "
        + "and, if the client's egress is limited, an egress rule to the server pods; policy ports are the pods' ports (targetPort), not the Service port.");
      edge.problems.push('blocked by NetworkPolicy');
    }
  }

  const policyEdges: PolicyEdge[] = [];
  for (const policy of policies) {
    const allows = index.summary(policy);
    for (const pod of podsByNs.get(policy.namespace) ?? []) {
      if (selectorMatches(policy.object.spec?.podSelector ?? {}, pod.labels)) {
        policyEdges.push({ policy, pod, allows });
      }
    }
  }
  // Ingress backends: a Service of the Ingress's namespace, and one of its ports (by number or by name)
  const ingressEdges: IngressEdge[] = [];
  for (const ingress of items.filter((i) => i.kind === 'Ingress' && isObject(i.object.spec))) {
    const spec = ingress.object.spec;
    const backends: { backend: Json; path: string }[] = [];
    if (isObject(spec.defaultBackend)) {
      backends.push({ backend: spec.defaultBackend, path: 'spec.defaultBackend' });
    }
    asArray(spec.rules).forEach((rule, i) => asArray(rule?.http?.paths).forEach((p, j) => {
      backends.push({ backend: p?.backend, path: `spec.rules[${i}].http.paths[${j}].backend` });
    }));
    for (const { backend, path } of backends) {
      const ref = backend?.service;
      if (!isObject(ref) || typeof ref.name !== 'string') {
        continue;
      }
      const service = servicesByKey.get(`${ingress.namespace}/${ref.name}`);
      const port = ref.port?.number ?? ref.port?.name;
      const edge: IngressEdge = { ingress, serviceName: ref.name, service, port: String(port ?? ''), problems: [] };
      ingressEdges.push(edge);
      if (!service) {
        const near = services.filter((x) => x.namespace === ingress.namespace && editDistance(x.name, ref.name) <= Math.max(1, Math.floor(ref.name.length / 3))).map((x) => `"${x.name}"`);
        out.add('ingress-backend', ingress, `${path}.service.name`, `backend Service "${ref.name}" is not in namespace "${ingress.namespace}" of the set`,
          `Point the backend at a Service of the Ingress's own namespace${near.length ? ` (did you mean ${near.join(' or ')}?)` : ''}, or add the Service.`);
        edge.problems.push('no such Service');
        continue;
      }
      const sports = asArray(service.object.spec.ports);
      if (port !== undefined && service.object.spec.type !== 'ExternalName'
        && !sports.some((sp) => (typeof port === 'number' ? sp?.port === port : sp?.name === port))) {
        const served = sports.map((sp) => `${sp?.port}${sp?.name ? ` (${sp.name})` : ''}`).join(', ') || 'no port';
        out.add('ingress-backend', ingress, `${path}.service.port`,
          `backend port ${JSON.stringify(port)} is not a port of Service ${service.namespace}/${service.name}, which serves ${served}`,
          `Use one of ${served}: an Ingress names the Service port (number or name), not the container port.`);
        edge.problems.push(`port ${port} not served`);
      }
    }
  }

  return { services, pods: [...pods], policies, serviceEdges, servicesWithoutPods, clientEdges, policyEdges, ingressEdges };
}
