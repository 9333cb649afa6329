// The model of the set under check, built once and read by every check: the objects, the pods they create, the
// Services and what they select, the clients (env vars naming a Service), the NetworkPolicies and what they let
// through. The costly parts (the schema walk, the policy analysis) are computed on first use, so a check that is
// disabled costs nothing.
import { environment, HostRef, hostRefs, parseServiceHost } from './clients';
import { Loaded } from './load';
import { asArray, containersOf, editDistance, isObject, Item, Json, makeItem, mapSelects, podOf, PodShape, stringMap } from './model';
import { ContainerPort, Endpoint, KUBE_DNS, PolicyIndex } from './netpol';
import { SchemaViolation, validateSchema } from './schema';

/** A client env var that names a Service of the cluster. */
export interface ClientRef {
  readonly client: PodShape;
  readonly ref: HostRef;
  readonly serviceName: string;
  readonly serviceNamespace: string;
  /** Whether the namespace is one the set defines or uses (a Service of an unknown namespace is deployed from elsewhere). */
  readonly knownNamespace: boolean;
  /** The Service the host names, if the set has it. */
  readonly service?: Item;
}

/** What a Service with a selector selects. */
export interface Backends {
  /** Pod templates of the Service's namespace that its selector matches. */
  readonly selected: PodShape[];
  /** Those that expose one of its target ports. */
  readonly exposing: PodShape[];
  /** Selected pods that should not be: a client of the Service, or a pod without the target port next to pods with it. */
  readonly unintended: Map<PodShape, 'client' | 'no-port'>;
}

/** Whether the NetworkPolicies of the set let a client reach its Service's pods. */
export interface Reach {
  /** Why each (pod, port) is blocked; empty when some pod is reachable or no policy applies. */
  readonly blocked: { readonly pod: PodShape; readonly port: ContainerPort; readonly ingress?: Item[]; readonly egress?: Item[] }[];
  open: boolean;
  /** The policies that let the connection through. */
  readonly allowedBy: Set<string>;
}

export interface IngressRef {
  readonly ingress: Item;
  readonly path: string;
  readonly serviceName: string;
  readonly service?: Item;
  /** The backend port as written: a number, a Service port name, or undefined. */
  readonly port?: number | string;
}

export function portsOf(pod: PodShape): ContainerPort[] {
  return containersOf(pod).filter((c) => !c.init).flatMap(({ container }) => asArray(container.ports)
    .filter((p) => typeof p?.containerPort === 'number')
    .map((p) => ({ number: p.containerPort, name: typeof p.name === 'string' ? p.name : undefined, protocol: typeof p.protocol === 'string' ? p.protocol : 'TCP' })));
}

/** The container port of `pod` a Service port's targetPort reaches, or undefined. */
export function resolveTarget(servicePort: Json, pod: PodShape): ContainerPort | undefined {
  const target = servicePort?.targetPort ?? servicePort?.port;
  const protocol = servicePort?.protocol ?? 'TCP';
  const numeric = typeof target === 'number' ? target : (typeof target === 'string' && /^[0-9]+$/.test(target) ? Number(target) : undefined);
  return portsOf(pod).find((p) => p.protocol === protocol && (numeric !== undefined ? p.number === numeric : p.name === target));
}

/** A headless Service (`clusterIP: None`): its DNS name resolves to the pods, so clients dial the pods' ports. */
export function isHeadless(service: Item): boolean {
  return service.object.spec?.clusterIP === 'None';
}

function memo<K, V>(cache: Map<K, V>, key: K, compute: () => V): V {
  let value = cache.get(key);
  if (value === undefined && !cache.has(key)) {
    value = compute();
    cache.set(key, value);
  }
  return value as V;
}

export class CheckContext {
  /** Every document, objects or not, in the order read. */
  public readonly items: Item[];
  /** The documents that are objects. */
  public readonly objects: Item[];
  /** Problems the reader found (syntax, duplicate keys, aliases, encoding, template files). */
  public readonly problems: Loaded['problems'];
  public readonly pods: PodShape[];
  public readonly services: Item[];
  public readonly policies: Item[];
  public readonly namespaceItems: Item[];
  /** Namespaces the set defines or puts objects in. */
  public readonly namespaces: Set<string>;
  public readonly podsByNamespace = new Map<string, PodShape[]>();
  public readonly servicesByKey = new Map<string, Item>();
  public readonly configMaps: Map<string, Record<string, string>>;
  public readonly policyIndex: PolicyIndex;

  private schemaCache?: SchemaViolation[];
  private clientCache?: ClientRef[];
  private ingressCache?: IngressRef[];
  private readonly backendCache = new Map<Item, Backends | undefined>();
  private readonly reachCache = new Map<ClientRef, Reach | undefined>();
  private readonly dnsCache = new Map<PodShape, { udp?: Item[]; tcp?: Item[] }>();

  /**
   * @param loaded the objects and the reader's problems
   * @param checkIds the ids of every check of the catalog (a waiver for another id is a mistake)
   */
  constructor(loaded: Loaded, public readonly checkIds: ReadonlySet<string> = new Set()) {
    this.problems = loaded.problems;
    this.items = loaded.objects.map((o, i) => makeItem(o.object, i, o.file));
    this.objects = this.items.filter((i) => isObject(i.object));
    this.pods = this.objects.map(podOf).filter((p): p is PodShape => p !== undefined);
    this.services = this.objects.filter((i) => i.kind === 'Service' && isObject(i.object.spec));
    this.policies = this.objects.filter((i) => i.kind === 'NetworkPolicy' && isObject(i.object.spec));
    this.namespaceItems = this.objects.filter((i) => i.kind === 'Namespace');
    this.namespaces = new Set<string>([
      ...this.objects.filter((i) => i.object.metadata?.namespace).map((i) => i.namespace),
      ...this.namespaceItems.map((i) => i.name),
    ]);
    for (const pod of this.pods) {
      const list = this.podsByNamespace.get(pod.item.namespace) ?? [];
      list.push(pod);
      this.podsByNamespace.set(pod.item.namespace, list);
    }
    for (const s of this.services) {
      this.servicesByKey.set(`${s.namespace}/${s.name}`, s);
    }
    this.configMaps = new Map(this.objects.filter((i) => i.kind === 'ConfigMap').map((i) => [`${i.namespace}/${i.name}`, stringMap(i.object.data)]));
    this.policyIndex = new PolicyIndex(this.policies, this.namespaceItems);
  }

  /** Unknown fields, wrong types and missing required fields, from one walk of every object against the schema. */
  public get schemaViolations(): SchemaViolation[] {
    this.schemaCache ??= validateSchema(this.objects);
    return this.schemaCache;
  }

  /** Env vars of every container that name a Service of the cluster (the API server's own `kubernetes.default` excepted). */
  public get clients(): ClientRef[] {
    if (!this.clientCache) {
      const out: ClientRef[] = [];
      for (const pod of this.pods) {
        for (const { container, path } of containersOf(pod)) {
          for (const ref of hostRefs(environment(container, path, this.configMaps, pod.item.namespace))) {
            const target = parseServiceHost(ref.host, pod.item.namespace);
            if (!target || (target.name === 'kubernetes' && target.namespace === 'default')) {
              continue;
            }
            const knownNamespace = target.namespace === pod.item.namespace || this.namespaces.has(target.namespace);
            // `<service>.<namespace>` of a namespace the set does not know is as likely an outside host name (`redis.internal`)
            if (!knownNamespace && !target.svcSuffix && !this.nearNamespace(target.namespace)) {
              continue;
            }
            out.push({
              client: pod, ref, serviceName: target.name, serviceNamespace: target.namespace, knownNamespace,
              service: this.servicesByKey.get(`${target.namespace}/${target.name}`),
            });
          }
        }
      }
      this.clientCache = out;
    }
    return this.clientCache;
  }

  /** A namespace of the set one typo away from `namespace`. */
  public nearNamespace(namespace: string): string | undefined {
    return [...this.namespaces].find((ns) => ns !== namespace && editDistance(ns, namespace) <= Math.max(1, Math.floor(namespace.length / 4)));
  }

  /** The pods a Service with a selector selects, and which of them it should not; undefined for ExternalName and selector-less Services. */
  public backends(service: Item): Backends | undefined {
    return memo(this.backendCache, service, () => {
      const spec = service.object.spec;
      const selector = stringMap(spec.selector);
      if (spec.type === 'ExternalName' || Object.keys(selector).length === 0) {
        return undefined;
      }
      const selected = (this.podsByNamespace.get(service.namespace) ?? []).filter((p) => mapSelects(selector, p.labels));
      const sports = asArray(spec.ports);
      const exposing = selected.filter((p) => sports.some((sp) => resolveTarget(sp, p) !== undefined));
      // a pod counts as a client when it names the Service itself, not when it loads a shared ConfigMap naming every Service
      const clients = new Set(this.clients.filter((c) => c.service === service && !c.ref.shared).map((c) => c.client));
      const unintended = new Map<PodShape, 'client' | 'no-port'>();
      for (const pod of selected) {
        if (exposing.includes(pod)) {
          continue;
        }
        if (clients.has(pod)) {
          unintended.set(pod, 'client');
        } else if (exposing.length > 0) {
          unintended.set(pod, 'no-port');
        }
      }
      return { selected, exposing, unintended };
    });
  }

  /**
   * Whether a client may dial `port` on a Service. A headless Service (`clusterIP: None`) is not translated: its name
   * resolves to the pods, so the port must be one the selected pods expose (when they declare ports); its own ports
   * do not count unless a pod listens on them.
   */
  public servesPort(service: Item, port: number): boolean {
    const sports = asArray(service.object.spec?.ports);
    if (!isHeadless(service)) {
      return sports.some((p) => p?.port === port);
    }
    const selected = this.backends(service)?.selected ?? [];
    const declared = selected.flatMap(portsOf);
    if (selected.length === 0 || declared.length === 0) {
      return true; // nothing to compare with
    }
    return declared.some((cp) => cp.number === port);
  }

  /** Egress policies that select the pod and allow no DNS, per protocol. */
  public dnsBlockers(pod: PodShape): { udp?: Item[]; tcp?: Item[] } {
    return memo(this.dnsCache, pod, () => {
      const from: Endpoint = { namespace: pod.item.namespace, labels: pod.labels };
      return {
        udp: this.policyIndex.egressBlockers(from, KUBE_DNS, { number: 53, name: 'dns', protocol: 'UDP' }),
        tcp: this.policyIndex.egressBlockers(from, KUBE_DNS, { number: 53, name: 'dns-tcp', protocol: 'TCP' }),
      };
    });
  }

  /** Whether the policies let a client reach the pods behind its Service; undefined when there is nothing to follow. */
  public reach(edge: ClientRef): Reach | undefined {
    return memo(this.reachCache, edge, () => {
      const { client, service } = edge;
      if (!service || service.object.spec.type === 'ExternalName') {
        return undefined;
      }
      const backends = this.backends(service);
      const targets = (backends?.selected ?? []).filter((p) => !backends?.unintended.has(p));
      const port = edge.ref.port;
      const sports = asArray(service.object.spec.ports).filter((sp) => port === undefined || sp?.port === port);
      const from: Endpoint = { namespace: client.item.namespace, labels: client.labels };
      const result: Reach = { blocked: [], open: false, allowedBy: new Set() };
      for (const pod of targets) {
        const to: Endpoint = { namespace: pod.item.namespace, labels: pod.labels };
        const cports = sports.map((sp) => resolveTarget(sp, pod)).filter((p): p is ContainerPort => p !== undefined);
        if (sports.length === 0 && port !== undefined && isHeadless(service)) {
          cports.push(...portsOf(pod).filter((p) => p.number === port));
        }
        for (const cport of cports) {
          const ingress = this.policyIndex.ingressBlockers(from, to, cport);
          const egress = this.policyIndex.egressBlockers(from, to, cport);
          if (!ingress && !egress) {
            result.open = true;
            this.policyIndex.allowing(from, to, cport).forEach((p) => result.allowedBy.add(p.name));
          } else {
            result.blocked.push({ pod, port: cport, ingress, egress });
          }
        }
      }
      return result;
    });
  }

  /** Ingress backends: a Service of the Ingress's namespace and one of its ports. */
  public get ingresses(): IngressRef[] {
    if (!this.ingressCache) {
      const out: IngressRef[] = [];
      for (const ingress of this.objects.filter((i) => i.kind === 'Ingress' && isObject(i.object.spec))) {
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
          const port = ref.port?.number ?? ref.port?.name;
          out.push({
            ingress, path, serviceName: ref.name, service: this.servicesByKey.get(`${ingress.namespace}/${ref.name}`),
            port: typeof port === 'number' || typeof port === 'string' ? port : undefined,
          });
        }
      }
      this.ingressCache = out;
    }
    return this.ingressCache;
  }
}
