import type * as kplus from 'cdk8s-plus-28';
import type * as k8s from '../imports/k8s';
import type { IMysqlClientPeer } from './mysql-client-peer';

/**
 * Options for `exposure.connect(workload, options)`.
 */
export interface MysqlConnectOptions {
  /**
   * The application database to connect to, by its name in the backend's `databases`; the client logs in as its user.
   *
   * @default - the backend's only database (a backend with several needs the name)
   */
  readonly database?: string;

  /**
   * The names of the containers to give the variables to (init containers are never given them).
   *
   * @default - every container of the workload
   */
  readonly containers?: string[];

  /**
   * The prefix of the variables' names: `<prefix>HOST`, `<prefix>PORT`, `<prefix>DATABASE`, `<prefix>USER`,
   * `<prefix>PASSWORD` (and `<prefix>URL` with `url`).
   *
   * @default 'DB_'
   */
  readonly envPrefix?: string;

  /**
   * The user's password in the workload's namespace. A pod reads only Secrets of its own namespace: in the backend's,
   * the database's own Secret serves; from any other namespace, copy it there (or sync it with a secrets operator) and
   * pass the copy.
   *
   * @default - the database's password Secret (only in the backend's namespace)
   */
  readonly password?: kplus.SecretValue;

  /**
   * Also write `<prefix>URL`, `mysql://$(<prefix>USER):$(<prefix>PASSWORD)@$(<prefix>HOST):$(<prefix>PORT)/$(<prefix>DATABASE)`,
   * which the kubelet expands when it starts the container: the password is never in the manifest. The kubelet does not
   * percent-encode: use it only with a password of URL-safe characters (letters, digits, `-`, `.`, `_`, `~`).
   *
   * @default false
   * @see https://kubernetes.io/docs/tasks/inject-data-application/define-interdependent-environment-variables/
   */
  readonly url?: boolean;

  /**
   * Write an egress NetworkPolicy for the workload's pods: the database's pods on their port, and the cluster DNS (UDP
   * and TCP 53). Set it when the workload's namespace restricts egress (a default-deny egress policy), where the pods
   * could otherwise not reach the database. Leave it off elsewhere: once a policy selects a pod for egress, every
   * connection no policy allows is denied, so this policy alone would cut all the workload's other traffic.
   *
   * @default false
   * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
   */
  readonly egress?: boolean;
}

/** The env var names `connect()` wrote, by what they hold. */
export interface MysqlConnectionEnv {
  /** The host name: the Service's short name from its namespace, the fully qualified name from any other. */
  readonly host: string;
  /** The Service port. */
  readonly port: string;
  /** The database name. */
  readonly database: string;
  /** The user name. */
  readonly user: string;
  /** The password, from the Secret (`secretKeyRef`). */
  readonly password: string;
  /** The URL, when asked for. */
  readonly url?: string;
}

/**
 * What `exposure.connect(workload)` wired.
 */
export interface MysqlConnection {
  /** The names of the env vars, by what they hold. */
  readonly env: MysqlConnectionEnv;
  /** The containers that got them. */
  readonly containers: string[];
  /** The host name the workload dials. */
  readonly host: string;
  /** The port it dials. */
  readonly port: number;
  /** The database. */
  readonly database: string;
  /** The user it logs in as. */
  readonly user: string;
  /** The Secret key its password comes from. */
  readonly password: kplus.SecretValue;
  /** The workload's pods, as the database's NetworkPolicy admits them: labels read from the workload, and its namespace. */
  readonly peer: IMysqlClientPeer;
  /** The database's ingress NetworkPolicy that admits them (unless the exposure writes none). */
  readonly networkPolicy?: k8s.KubeNetworkPolicy;
  /** The workload's egress NetworkPolicy, with `egress: true`. */
  readonly egressPolicy?: k8s.KubeNetworkPolicy;
}
