import { ApiObject, Chart, JsonPatch, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import * as k8s from '../imports/k8s';
import { brand, hasBrand, isBackend } from './_brand';
import { admitClient, connectionVars, resolveConnection, toEnvValue } from './_connection';
import { isEnvVarName } from './_k8s-rules';
import { podPeer, uniquePeers } from './_network';
import { refuseDuplicateObjects } from './_unique';
import { mysqlInstanceLabels } from './_pod';
import { checkDns1035Label, checkDns1123Subdomain, checkLabels, checkPort, fail, optionalBoolean } from './_validation';
import type { IMysqlBackend } from './mysql-backend';
import { IMysqlClientPeer, MysqlClientPeer, MysqlClientPeerSource } from './mysql-client-peer';
import type { MysqlConnection, MysqlConnectOptions } from './mysql-connection';

/**
 * What a client needs to know about a ClusterIP Service in front of a MySQL server: the server, the Service's name,
 * namespace and port, the labels it selects, the host name to dial from a namespace, and a way to be admitted by the
 * server's NetworkPolicy. `ClusterIpExposure` implements it; client props take this interface.
 */
export interface IClusterIpExposure extends IConstruct {
  /** The exposed backend. */
  readonly backend: IMysqlBackend;

  /** The Service's name: the host name for clients in the same namespace. */
  readonly serviceName: string;

  /** The Service's namespace, or undefined when none is set. */
  readonly namespace?: string;

  /** The port the Service listens on. */
  readonly port: number;

  /** The protocol of that port. */
  readonly protocol: string;

  /** The labels the Service selects its pods by: the backend's selector labels. */
  readonly selectorLabels: Readonly<Record<string, string>>;

  /** The fully qualified DNS name, `<serviceName>.<namespace>.svc.cluster.local` (needs a known namespace). */
  readonly dnsName: string;

  /** The host name a client in `namespace` dials: the short name from the Service's namespace, else the DNS name. */
  hostFor(namespace?: string): string;

  /** Admits these pods to the backend's database port. */
  allowFrom(...peers: MysqlClientPeerSource[]): void;

  /**
   * Connects a cdk8s-plus workload or pod to an application database of the backend: env vars for host, port,
   * database, user and password (from the Secret), and the workload's pods admitted by the NetworkPolicy.
   */
  connect(workload: kplus.AbstractPod, options?: MysqlConnectOptions): MysqlConnection;
}

/**
 * Options for `MysqlBackend.exposeViaClusterIp()`.
 */
export interface ClusterIpExposureOptions {
  /**
   * The Service's `metadata.name`: the host name clients in the same namespace dial. A DNS-1035 label.
   *
   * @default - the backend's `name`
   * @see https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/#services
   */
  readonly serviceName?: string;

  /**
   * The port the Service listens on. It always forwards to the backend's named container port.
   *
   * @default - the backend's port (3306)
   */
  readonly port?: number;

  /**
   * Extra labels for the Service object (not its selector).
   *
   * @default - the recommended `app.kubernetes.io/*` labels only
   */
  readonly labels?: Record<string, string>;

  /**
   * Write a NetworkPolicy that admits traffic to the backend's pods on the database port only from the
   * peers given to `allowFrom()` (clients and checks of this library add themselves). Without it, any pod
   * in the cluster can reach the database.
   *
   * @default true
   * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
   */
  readonly networkPolicy?: boolean;
}

/**
 * Properties of a `ClusterIpExposure`.
 */
export interface ClusterIpExposureProps extends ClusterIpExposureOptions {
  /** The backend to expose. The Service selects its pods by the backend's selector labels. */
  readonly backend: IMysqlBackend;
}

/**
 * A ClusterIP Service in front of a `MysqlBackend`: a stable internal IP and DNS name for pods
 * that come and go.
 *
 * The selector is the backend's selector labels and the target port is the backend's named container
 * port, so neither can drift from the pods they point at.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#type-clusterip
 */
export class ClusterIpExposure extends Construct implements IClusterIpExposure {
  /**
   * True when `x` is a `ClusterIpExposure` of any installed copy of this package (`instanceof` is not: two copies
   * have two classes).
   */
  public static isClusterIpExposure(x: unknown): x is ClusterIpExposure {
    return hasBrand(x, 'ClusterIpExposure');
  }

  /** The exposed backend. */
  public readonly backend: IMysqlBackend;

  /** The Service's name: the host name for clients in the same namespace. */
  public readonly serviceName: string;

  /**
   * The Service's namespace (always the backend's), or undefined when none is set: the Service then lands in the
   * namespace it is applied to, beside the backend.
   */
  public readonly namespace?: string;

  /** The port the Service listens on. */
  public readonly port: number;

  /** The protocol of that port. */
  public readonly protocol: string;

  /** The labels the Service selects its pods by: the backend's selector labels. */
  public readonly selectorLabels: Readonly<Record<string, string>>;

  /** The cdk8s-plus Service, as an escape hatch. */
  public readonly service: kplus.Service;

  /** The ingress NetworkPolicy of the backend's pods, unless turned off. */
  public readonly networkPolicy?: k8s.KubeNetworkPolicy;

  private readonly peers: IMysqlClientPeer[] = [];

  public constructor(scope: Construct, id: string, props: ClusterIpExposureProps) {
    super(scope, id);
    brand(this, 'ClusterIpExposure');
    refuseDuplicateObjects(this);
    const backend = props?.backend;
    if (!isBackend(backend)) {
      fail(this, 'backend', backend, 'pass the MysqlBackend to expose');
    }
    this.backend = backend;
    this.selectorLabels = { ...backend.selectorLabels };
    this.serviceName = props.serviceName ?? backend.name;
    checkDns1035Label(this, props.serviceName === undefined ? "serviceName (by default the backend's name)" : 'serviceName', this.serviceName);
    this.port = props.port ?? backend.port;
    checkPort(this, 'port', this.port);
    const extraLabels = props.labels ?? {};
    checkLabels(this, 'labels', extraLabels);
    this.namespace = backend.namespace;
    const chartNamespace = Chart.of(this).namespace;
    if (this.namespace === undefined && chartNamespace !== undefined) {
      fail(this, 'namespace', chartNamespace, 'the backend has no namespace, so its Service must have none either: '
        + "create the exposure in the backend's chart, or give the backend a namespace");
    }
    this.protocol = backend.protocol;

    this.service = new kplus.Service(this, 'Resource', {
      type: kplus.ServiceType.CLUSTER_IP,
      metadata: {
        name: this.serviceName,
        namespace: this.namespace,
        labels: {
          ...mysqlInstanceLabels(backend.name),
          'app.kubernetes.io/component': 'database',
          ...extraLabels,
        },
      },
    });
    for (const [key, value] of Object.entries(backend.selectorLabels)) {
      this.service.selectLabel(key, value);
    }
    this.service.bind(this.port, { name: backend.portName, protocol: kplus.Protocol.TCP });
    // cdk8s-plus only takes a numeric targetPort; target the container port by name, so the Service
    // follows the pods' port wherever its number goes.
    ApiObject.of(this.service).addJsonPatch(JsonPatch.add('/spec/ports/0/targetPort', k8s.IntOrString.fromString(backend.portName)));
    // cdk8s-plus writes `externalIPs: []`, which the API server drops: every `kubectl apply` would send it again.
    ApiObject.of(this.service).addJsonPatch(JsonPatch.remove('/spec/externalIPs'));

    if (optionalBoolean(this, 'networkPolicy', props.networkPolicy, true)) {
      this.networkPolicy = new k8s.KubeNetworkPolicy(this, 'Ingress', {
        metadata: {
          name: `${this.serviceName}-ingress`,
          namespace: this.namespace,
          labels: mysqlInstanceLabels(backend.name),
        },
        spec: {
          podSelector: { matchLabels: { ...backend.selectorLabels } },
          policyTypes: ['Ingress'],
          ingress: Lazy.any({ produce: () => this.renderIngress() }),
        },
      });
    }
  }

  /**
   * Admits these pods to the backend's database port (the NetworkPolicy's ports are pod ports, so this
   * is the container port, whatever port the Service listens on).
   *
   * Pass a cdk8s-plus workload or pod (`Deployment`, `StatefulSet`, `Job`, `CronJob`, `Pod`, `Pods.select()`) and its
   * labels and namespace are read from it (see `MysqlClientPeer.fromPodSelector()`); or a `DebugClient`, a
   * `MysqlConnectivityCheck`, or `MysqlClientPeer.fromLabels(labels, namespace)`.
   */
  public allowFrom(...peers: MysqlClientPeerSource[]): void {
    for (const source of peers) {
      const peer = toClientPeer(source);
      if (!peer?.peerSelector || Object.keys(peer.peerSelector).length === 0) {
        fail(this, 'client peer', source, 'pass a cdk8s-plus workload or pod, a DebugClient, a MysqlConnectivityCheck '
          + 'or MysqlClientPeer.fromLabels(labels, namespace)');
      }
      this.peers.push(peer);
    }
  }

  /**
   * Connects a cdk8s-plus workload or pod (`Deployment`, `StatefulSet`, `Job`, `CronJob`, `DaemonSet`, `Pod`) to an
   * application database of the backend, in one call:
   * - its containers (all, or `containers`) get `DB_HOST` (the Service's short name from its namespace, the fully
   *   qualified name from any other), `DB_PORT`, `DB_DATABASE`, `DB_USER` and `DB_PASSWORD` (a `secretKeyRef` to
   *   the user's Secret, never a literal), and `DB_URL` with `url`; `envPrefix` changes the `DB_`;
   * - the database's NetworkPolicy admits the workload's pods, by the labels and namespace read from the workload;
   * - with `egress`, an egress NetworkPolicy lets its pods reach the database's pods and the cluster DNS.
   *
   * The user is the application user of the database (see `MysqlBackendProps.databases`), never root. From another
   * namespace than the backend's, pass `password`: a copy of the Secret in the workload's namespace.
   *
   * @returns the names of the variables, the containers, the policies, and the values it wired
   */
  public connect(workload: kplus.AbstractPod, options: MysqlConnectOptions = {}): MysqlConnection {
    const containers = workloadContainers(this, workload, options.containers);
    const peer = MysqlClientPeer.fromPodSelector(workload);
    const connection = resolveConnection(this, this, peer.peerNamespace, { database: options.database }, options.password);
    const prefix = options.envPrefix ?? 'DB_';
    const url = optionalBoolean(this, 'url', options.url, false);
    const egress = optionalBoolean(this, 'egress', options.egress, false);
    const env = {
      host: `${prefix}HOST`, port: `${prefix}PORT`, database: `${prefix}DATABASE`, user: `${prefix}USER`, password: `${prefix}PASSWORD`,
      ...(url ? { url: `${prefix}URL` } : {}),
    };
    for (const name of Object.values(env)) {
      if (!isEnvVarName(name)) {
        fail(this, 'envPrefix', prefix, `makes the env var name ${JSON.stringify(name)}, which is not one (letters, digits, '_', '-' and '.', not starting with a digit)`);
      }
    }
    const vars = connectionVars(connection, env);
    // every container checked before any is changed: a refused call changes nothing
    for (const container of containers) {
      const taken = vars.map((v) => v.name).filter((name) => name in container.env.variables);
      if (taken.length > 0) {
        fail(this, 'envPrefix', prefix, `container "${container.name}" of ${describe(workload)} has ${taken.join(', ')} already: choose another prefix`);
      }
    }
    for (const container of containers) {
      for (const v of vars) container.env.addVariable(v.name, toEnvValue(v));
    }
    // One egress policy per workload and Service: a second connect() (another database behind the same Service) reuses it.
    const egressId = `MysqlEgress-${this.serviceName}`;
    const existing = workload.node.tryFindChild(egressId) as k8s.KubeNetworkPolicy | undefined;
    if (egress) checkDns1123Subdomain(this, 'egress policy name', `${workload.name}-${this.serviceName}-egress`);
    let egressPolicy: k8s.KubeNetworkPolicy | undefined;
    if (egress && existing) {
      this.allowFrom(peer);
      egressPolicy = existing;
    } else {
      egressPolicy = admitClient(this, peer, egress ? { scope: workload, id: egressId, name: `${workload.name}-${this.serviceName}` } : undefined);
    }
    return {
      env, containers: containers.map((c) => c.name),
      host: connection.host, port: connection.port, database: connection.database!, user: connection.user, password: connection.password,
      peer, networkPolicy: this.networkPolicy, egressPolicy,
    };
  }

  /** The peers admitted so far. */
  public get allowedPeers(): IMysqlClientPeer[] {
    return uniquePeers(this.peers);
  }

  private renderIngress(): k8s.NetworkPolicyIngressRule[] | undefined {
    const peers = this.allowedPeers;
    // An ingress rule with no `from` admits everyone: with no peer, admit no one. No rules at all (rather than
    // `ingress: []`, which the API server stores as none, so every apply would send it again) under policyTypes
    // Ingress denies all ingress.
    if (peers.length === 0) return undefined;
    return [{
      from: peers.map((p) => podPeer(this.namespace, p.peerNamespace ?? this.namespace, p.peerSelector)),
      ports: [{ protocol: this.backend.protocol, port: k8s.IntOrString.fromNumber(this.backend.port) }],
    }];
  }

  /**
   * The fully qualified DNS name, `<serviceName>.<namespace>.svc.cluster.local`, which resolves from any namespace.
   * It needs a known namespace: with none set on the backend or its chart, reading it throws, since the name would
   * depend on where the objects are applied (use `hostFor()`, or `serviceName` from the same namespace).
   */
  public get dnsName(): string {
    if (this.namespace === undefined) {
      throw new Error(`the DNS name of Service "${this.serviceName}" in ${this.constructor.name} at '${this.node.path}' is not known at synth: `
        + 'it has no namespace (none on the backend or its chart), so it lands wherever it is applied; '
        + 'give the backend (or its chart) a namespace, or dial the short name `serviceName` from the same namespace');
    }
    return `${this.serviceName}.${this.namespace}.svc.cluster.local`;
  }

  /**
   * The host name a client in `namespace` dials: the bare Service name in the Service's own namespace
   * (as `mysql -h <service>` does), the fully qualified DNS name from anywhere else.
   *
   * `undefined` means "no namespace set": a client with none and a Service with none are applied together, into one
   * namespace, so the client dials the short name. A client in a named namespace cannot reach a Service whose
   * namespace is not known at synth: that throws, naming the fix, rather than return a name that may not resolve.
   */
  public hostFor(namespace?: string): string {
    if (namespace === this.namespace) {
      return this.serviceName;
    }
    if (this.namespace === undefined) {
      throw new Error(`cannot reach Service "${this.serviceName}" of ${this.constructor.name} at '${this.node.path}' from namespace "${namespace}": `
        + 'the Service has no namespace (none on the backend or its chart), so its DNS name is not known at synth; '
        + 'give the backend (or its chart) a namespace, or put the client in the same namespace as the Service (no namespace)');
    }
    return this.dnsName;
  }
}

/** A workload that passed workloadContainers(), for an error: its class and path, as far as it has them. */
function describe(workload: object): string {
  const path = (workload as { node?: { path?: string } }).node?.path;
  return `${workload.constructor?.name ?? 'object'}${path !== undefined ? ` at '${path}'` : ''}`;
}

/** The containers of a cdk8s-plus workload or pod that `connect()` wires: all, or those named. */
function workloadContainers(scope: Construct, workload: kplus.AbstractPod, names: string[] | undefined): kplus.Container[] {
  const all = (workload as { containers?: unknown })?.containers;
  if (!Array.isArray(all) || typeof (workload as { toPodSelectorConfig?: unknown }).toPodSelectorConfig !== 'function') {
    fail(scope, 'workload', workload, 'pass a cdk8s-plus Deployment, StatefulSet, Job, CronJob, DaemonSet or Pod');
  }
  const containers = all as kplus.Container[];
  if (containers.length === 0) {
    fail(scope, 'workload', workload, 'it has no container yet: add its containers before connect()');
  }
  if (names === undefined) return containers;
  if (names.length === 0) fail(scope, 'containers', names, 'name at least one container, or leave containers out for all');
  return names.map((name) => containers.find((c) => c.name === name) ?? fail(scope, 'container', name,
    `${describe(workload)} has no such container: use one of ${containers.map((c) => JSON.stringify(c.name)).join(', ')}`));
}

/** A peer of this library as it is, or a cdk8s-plus pod selector read into one. */
function toClientPeer(source: MysqlClientPeerSource): IMysqlClientPeer {
  if (source !== null && typeof source === 'object' && 'peerSelector' in source) return source;
  if (source !== null && typeof source === 'object' && typeof (source as { toPodSelectorConfig?: unknown }).toPodSelectorConfig === 'function') {
    return MysqlClientPeer.fromPodSelector(source as Parameters<typeof MysqlClientPeer.fromPodSelector>[0]);
  }
  return source as unknown as IMysqlClientPeer; // not a peer: allowFrom() reports it
}
