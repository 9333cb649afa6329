import * as kplus from 'cdk8s-plus-28';
import type { IClusterIpExposure } from './cluster-ip-exposure';
import type { MysqlImage } from './mysql-image';

/**
 * What every pod that connects to a database through an exposure takes: `DebugClient` and
 * `MysqlConnectivityCheck` props extend it.
 */
export interface MysqlClientOptions {
  /** The exposure to connect through. The pod dials its Service by name, never a pod IP. */
  readonly exposure: IClusterIpExposure;

  /**
   * The namespace of the pod. From another namespace than the Service's, it dials the fully qualified
   * DNS name and needs a `password` Secret in its own namespace; that needs the Service's namespace to be known
   * (set on the backend or its chart), or the construct throws.
   *
   * @default - the exposure's namespace (none when the exposure has none: the pod lands beside the Service)
   */
  readonly namespace?: string;

  /**
   * The image. It must contain bash and the `mysql` client; the official mysql server image does.
   *
   * @default - the backend's image
   */
  readonly image?: MysqlImage;

  /**
   * The password to log in with as root, given to the mysql client as `MYSQL_PWD`. A pod can only read
   * Secrets of its own namespace.
   *
   * @default - the backend's root password Secret (only in the backend's namespace)
   */
  readonly password?: kplus.SecretValue;

  /**
   * Extra labels for the pod. They must not make the exposure's Service select it.
   *
   * @default - the recommended `app.kubernetes.io/*` labels only
   */
  readonly labels?: Record<string, string>;

  /**
   * CPU and memory for the container.
   *
   * @default - requests 50m CPU and 64Mi memory; limits 500m CPU and 256Mi memory
   */
  readonly resources?: kplus.ContainerResources;

  /**
   * Write an egress NetworkPolicy that lets the pod reach only the backend's pods on the database port
   * and the cluster DNS (UDP and TCP 53). The exposure's ingress policy admits the pod either way.
   *
   * @default true
   */
  readonly networkPolicy?: boolean;
}
