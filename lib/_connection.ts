// The one way a pod connects to a MySQL backend through its exposure, shared by DebugClient, MysqlConnectivityCheck
// and ClusterIpExposure.connect(): where it dials (the Service's short name or FQDN from the pod's namespace), as whom
// (root, or an application user of the backend), with which Secret (the backend's own in its namespace, one given in
// any other), the env vars that carry it, and the pods' admission by the NetworkPolicies.
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { clientEgressPolicy } from './_network';
import { checkDns1123Subdomain, checkSecretKey, fail, isConstruct } from './_validation';
import type { IClusterIpExposure } from './cluster-ip-exposure';
import type { IMysqlClientPeer } from './mysql-client-peer';

/** As whom a client logs in: root (the debugging tools), or the user of one of the backend's application databases. */
export type Login = 'root' | { readonly database?: string };

/** Where and as whom a client connects. */
export interface Connection {
  readonly exposure: IClusterIpExposure;
  /** The client pods' namespace (undefined: none set, they land beside the other objects without one). */
  readonly namespace?: string;
  /** The host name the client dials from its namespace. */
  readonly host: string;
  /** The Service port. */
  readonly port: number;
  readonly user: string;
  /** The application database; undefined for root. */
  readonly database?: string;
  /** The password's Secret, in the client's namespace. */
  readonly password: kplus.SecretValue;
}

/**
 * Resolves a connection. The password is the backend's own Secret (root's, or the application user's) when the client
 * is in the backend's namespace; in any other, a pod cannot read it, and `password` must name a copy in the client's.
 */
export function resolveConnection(
  scope: Construct, exposure: IClusterIpExposure, namespace: string | undefined, login: Login, password?: kplus.SecretValue,
): Connection {
  const host = exposure.hostFor(namespace);
  let user: string;
  let database: string | undefined;
  let own: kplus.SecretValue;
  if (login === 'root') {
    user = 'root';
    own = exposure.backend.rootPassword;
  } else {
    const databases = exposure.backend.databases ?? [];
    if (databases.length === 0) {
      fail(scope, 'backend', exposure.backend.name, 'it creates no application database, and a client never logs in as root: '
        + 'give the MysqlBackend `databases: [{ name, user, password }]`');
    }
    const wanted = login.database;
    if (wanted === undefined && databases.length > 1) {
      fail(scope, 'database', wanted, `the backend has ${databases.length} (${databases.map((d) => d.name).join(', ')}): name one with \`database\``);
    }
    const db = wanted === undefined ? databases[0] : databases.find((d) => d.name === wanted);
    if (!db) {
      fail(scope, 'database', wanted, `the backend "${exposure.backend.name}" has no such database: use one of ${databases.map((d) => d.name).join(', ')}`);
    }
    user = db.user ?? db.name;
    database = db.name;
    own = db.password;
  }
  if (!password && namespace !== exposure.namespace) {
    fail(scope, 'namespace', namespace, `the password Secret "${own?.secret?.name}" of ${user} is in namespace `
      // (hostFor() has refused any other namespace when the Service has none)
      + `"${exposure.namespace}" and a pod can only read Secrets of its own: pass \`password\` with a Secret in "${namespace ?? '(none)'}"`);
  }
  const secret = password ?? own;
  // The prop the Secret came from, for the error: the client's own `password`, else the backend's.
  const prop = password !== undefined ? 'password' : login === 'root' ? "the backend's rootPassword" : `the backend's password of ${user}`;
  if (secret === null || typeof secret !== 'object' || isConstruct(secret) || !isConstruct(secret.secret) || typeof secret.secret.name !== 'string') {
    fail(scope, prop, secret, "pass the Secret that holds the password and the key in it, as { secret, key } (for example { secret: kplus.Secret.fromSecretName(this, 'Pw', 'db-root'), key: 'password' })");
  }
  checkDns1123Subdomain(scope, `${prop}.secret.name`, secret.secret.name);
  checkSecretKey(scope, `${prop}.key`, secret.key);
  return { exposure, namespace, host, port: exposure.port, user, database, password: secret };
}

/** The names of the env vars a client reads its connection from; a name left out is not written. */
export interface ConnectionEnvNames {
  readonly host: string;
  readonly port: string;
  readonly password: string;
  readonly user?: string;
  readonly database?: string;
  /** A URL built from the others by the kubelet's `$(VAR)` expansion: the password never appears in the manifest. */
  readonly url?: string;
}

/** One env var of a connection: a literal, or a key of the password Secret. */
export interface ConnectionVar {
  readonly name: string;
  readonly value?: string;
  readonly secret?: kplus.SecretValue;
}

/** The env vars of a connection, in an order where every `$(VAR)` comes after VAR (the kubelet expands only those). */
export function connectionVars(connection: Connection, names: ConnectionEnvNames): ConnectionVar[] {
  const vars: ConnectionVar[] = [
    { name: names.host, value: connection.host },
    { name: names.port, value: String(connection.port) },
    ...(names.database && connection.database !== undefined ? [{ name: names.database, value: connection.database }] : []),
    ...(names.user ? [{ name: names.user, value: connection.user }] : []),
    { name: names.password, secret: connection.password },
  ];
  if (names.url) {
    if (!names.user || !names.database || connection.database === undefined) {
      throw new Error('a connection URL needs the user and database variables');
    }
    vars.push({
      name: names.url,
      value: `mysql://$(${names.user}):$(${names.password})@$(${names.host}):$(${names.port})/$(${names.database})`,
    });
  }
  return vars;
}

/** The env vars as Kubernetes writes them. */
export function toEnvVars(vars: readonly ConnectionVar[]): k8s.EnvVar[] {
  return vars.map((v) => (v.secret
    ? { name: v.name, valueFrom: { secretKeyRef: { name: v.secret.secret.name, key: v.secret.key } } }
    : { name: v.name, value: v.value }));
}

/** The env vars as cdk8s-plus values. */
export function toEnvValue(v: ConnectionVar): kplus.EnvValue {
  return v.secret ? kplus.EnvValue.fromSecretValue(v.secret) : kplus.EnvValue.fromValue(v.value!);
}

/**
 * Admits the client's pods to the backend's port through the exposure's NetworkPolicy, and when `egress` is given,
 * writes the egress policy of the client's pods (the backend's pods on their port, and DNS).
 */
export function admitClient(
  exposure: IClusterIpExposure, peer: IMysqlClientPeer, egress?: { scope: Construct; id?: string; name: string },
): k8s.KubeNetworkPolicy | undefined {
  exposure.allowFrom(peer);
  return egress ? clientEgressPolicy(egress.scope, egress.name, peer, exposure, egress.id) : undefined;
}
