import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { renderResources, resolveNamespace, restrictedContainerSecurityContext, restrictedPodSecurityContext } from './_pod';
import { checkDns1123Subdomain, checkLabels, checkSecretKey, fail, selects } from './_validation';
import { ClusterIpExposure } from './cluster-ip-exposure';
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
}

/**
 * A long-running client Pod for poking at a database by hand, the way the ClusterIP tutorial does:
 * `kubectl exec -it <name> -- bash`, then `mysql -h <service> -u root`.
 *
 * Its environment carries the Service's host name (`MYSQL_HOST`), port (`MYSQL_TCP_PORT`) and the
 * password (`MYSQL_PWD`, from a Secret), so the mysql client connects without a password on any
 * command line. It sleeps until deleted and stops at once when it is.
 */
export class DebugClient extends Construct {
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

  public constructor(scope: Construct, id: string, props: DebugClientProps) {
    super(scope, id);
    const exposure = props?.exposure;
    if (!(exposure instanceof ClusterIpExposure)) {
      fail(this, 'exposure', exposure, 'pass the ClusterIpExposure to connect through (for example backend.exposeViaClusterIp())');
    }
    this.exposure = exposure;
    this.name = props.name ?? 'mysql-client';
    checkDns1123Subdomain(this, 'pod name', this.name);
    this.namespace = resolveNamespace(this, props.namespace ?? exposure.namespace);
    this.host = exposure.hostFor(this.namespace);

    const password = props.password ?? exposure.backend.rootPassword;
    if (!props.password && this.namespace !== exposure.namespace) {
      fail(this, 'namespace', this.namespace, `the backend's password Secret "${password.secret.name}" is in namespace `
        + `"${exposure.namespace}" and a pod can only read Secrets of its own: pass \`password\` with a Secret in "${this.namespace}"`);
    }
    checkDns1123Subdomain(this, 'password secret name', password.secret.name);
    checkSecretKey(this, 'password secret key', password.key);

    const extraLabels = props.labels ?? {};
    checkLabels(this, 'label', extraLabels);
    const labels: Record<string, string> = {
      'app.kubernetes.io/name': 'mysql-client',
      'app.kubernetes.io/instance': this.name,
      'app.kubernetes.io/component': 'debug-client',
      'app.kubernetes.io/managed-by': 'cdk8s',
      ...extraLabels,
    };
    if (this.namespace === exposure.namespace && selects(exposure.backend.selectorLabels, labels)) {
      fail(this, 'labels', extraLabels, `they match the selector of Service "${exposure.serviceName}" `
        + `(${JSON.stringify(exposure.backend.selectorLabels)}), which would send database traffic to the client: remove them`);
    }
    this.podLabels = labels;

    const resources = renderResources(this, props.resources ?? {
      cpu: { request: kplus.Cpu.millis(50), limit: kplus.Cpu.millis(500) },
      memory: { request: Size.mebibytes(64), limit: Size.mebibytes(256) },
    });

    this.pod = new k8s.KubePod(this, 'Resource', {
      metadata: { name: this.name, namespace: this.namespace, labels },
      spec: {
        automountServiceAccountToken: false,
        enableServiceLinks: false,
        securityContext: restrictedPodSecurityContext(),
        containers: [{
          name: 'mysql-client',
          image: (props.image ?? exposure.backend.image).reference,
          imagePullPolicy: 'IfNotPresent',
          // Sleep until deleted; exit at once on SIGTERM instead of waiting out the grace period.
          command: ['/bin/bash', '-c', 'trap "exit 0" TERM; sleep infinity & wait'],
          env: [
            { name: 'MYSQL_HOST', value: this.host },
            { name: 'MYSQL_TCP_PORT', value: String(exposure.port) },
            { name: 'MYSQL_PWD', valueFrom: { secretKeyRef: { name: password.secret.name, key: password.key } } },
            // The root filesystem is read-only: keep shell and client state in /tmp, and no history file.
            { name: 'HOME', value: '/tmp' },
            { name: 'MYSQL_HISTFILE', value: '/dev/null' },
          ],
          resources,
          securityContext: restrictedContainerSecurityContext(),
          volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
        }],
        volumes: [{ name: 'tmp', emptyDir: {} }],
      },
    });
  }
}
