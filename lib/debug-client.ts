import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { resolveClient } from './_client';
import { clientEgressPolicy } from './_network';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from './_pod';
import { ClusterIpExposure } from './cluster-ip-exposure';
import { IMysqlClientPeer } from './mysql-client-peer';
import { MysqlImage } from './mysql-image';

/**
 * Properties of a `DebugClient`.
 */
export interface DebugClientProps {
  /** The exposure to connect through. The client dials its Service by name, never a pod IP. */
  readonly exposure: ClusterIpExposure;

  /**
   * The Pod's `metadata.name` (a DNS-1123 subdomain), as in `kubectl exec -it <name> -- bash`.
   *
   * @default 'mysql-client'
   */
  readonly name?: string;

  /**
   * The Pod's namespace. From another namespace than the Service's, the client dials the fully
   * qualified DNS name and needs a `password` Secret in its own namespace.
   *
   * @default - the exposure's namespace
   */
  readonly namespace?: string;

  /**
   * The client image. It must contain the `mysql` client and bash; the official mysql server image does.
   *
   * @default - the backend's image
   */
  readonly image?: MysqlImage;

  /**
   * The password the client logs in with, as `MYSQL_PWD`. A pod can only read Secrets of its own namespace.
   *
   * @default - the backend's root password Secret (only when the client is in the backend's namespace)
   */
  readonly password?: kplus.SecretValue;

  /**
   * Extra labels for the Pod. They must not make the Pod match the exposure's selector.
   *
   * @default - the recommended `app.kubernetes.io/*` labels only
   */
  readonly labels?: Record<string, string>;

  /**
   * CPU and memory for the client container.
   *
   * @default - requests 50m CPU and 64Mi memory; limits 500m CPU and 256Mi memory
   */
  readonly resources?: kplus.ContainerResources;

  /**
   * Write an egress NetworkPolicy that lets the client reach only the backend's pods on the database
   * port and the cluster DNS (UDP and TCP 53). The client is always admitted by the exposure's
   * ingress policy.
   *
   * @default true
   */
  readonly networkPolicy?: boolean;
}

/**
 * A long-running client Pod for poking at a database by hand, the way the ClusterIP tutorial does:
 * `kubectl exec -it <name> -- bash`, then `mysql -h <service> -u root`.
 *
 * Its environment carries the Service's host name (`MYSQL_HOST`), port (`MYSQL_TCP_PORT`) and the
 * password (`MYSQL_PWD`, from a Secret), so the mysql client connects without a password on any
 * command line. It sleeps until deleted and stops at once when it is.
 */
export class DebugClient extends Construct implements IMysqlClientPeer {
  /** The Pod's name. */
  public readonly name: string;

  /** The Pod's namespace. */
  public readonly namespace: string;

  /** The exposure the client connects through. */
  public readonly exposure: ClusterIpExposure;

  /** The host name the client dials (the value of `MYSQL_HOST`). */
  public readonly host: string;

  /** The labels of the Pod. */
  public readonly podLabels: Readonly<Record<string, string>>;

  /** The Pod, as an escape hatch. */
  public readonly pod: k8s.KubePod;

  /** The client's egress NetworkPolicy, unless turned off. */
  public readonly networkPolicy?: k8s.KubeNetworkPolicy;

  public readonly peerNamespace: string;
  public readonly peerSelector: Readonly<Record<string, string>>;

  public constructor(scope: Construct, id: string, props: DebugClientProps) {
    super(scope, id);
    const client = resolveClient(this, props, { kind: 'Pod', name: 'mysql-client', appName: 'mysql-client', component: 'debug-client' });
    this.exposure = client.exposure;
    this.name = client.name;
    this.namespace = this.peerNamespace = client.namespace;
    this.host = client.host;
    this.podLabels = client.labels;
    this.peerSelector = client.selector;

    this.pod = new k8s.KubePod(this, 'Resource', {
      metadata: { name: this.name, namespace: this.namespace, labels: client.labels },
      spec: {
        automountServiceAccountToken: false,
        enableServiceLinks: false,
        securityContext: restrictedPodSecurityContext(),
        containers: [{
          name: 'mysql-client',
          image: client.image.reference,
          imagePullPolicy: 'IfNotPresent',
          // Sleep until deleted; exit at once on SIGTERM instead of waiting out the grace period.
          command: ['/bin/bash', '-c', 'trap "exit 0" TERM; sleep infinity & wait'],
          env: client.env,
          resources: client.resources,
          securityContext: restrictedContainerSecurityContext(),
          volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
        }],
        volumes: [{ name: 'tmp', emptyDir: {} }],
      },
    });

    this.exposure.allowFrom(this);
    if (props.networkPolicy ?? true) {
      this.networkPolicy = clientEgressPolicy(this, this.name, this, this.exposure);
    }
  }
}
