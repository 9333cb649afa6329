import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { clientPodSpec, resolveClient } from './_client';
import { admitClient } from './_connection';
import { refuseDuplicateObjects } from './_unique';
import { checkDns1123Subdomain, optionalBoolean } from './_validation';
import { IClusterIpExposure } from './cluster-ip-exposure';
import { MysqlClientOptions } from './mysql-client-options';
import { IMysqlClientPeer } from './mysql-client-peer';

/**
 * Properties of a `DebugClient`.
 */
export interface DebugClientProps extends MysqlClientOptions {
  /**
   * The Pod's `metadata.name` (a DNS-1123 subdomain), as in `kubectl exec -it <name> -- bash`.
   *
   * @default 'mysql-client'
   */
  readonly name?: string;
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

  /** The Pod's namespace, or undefined when it has none (it then lands beside the Service, wherever that is applied). */
  public readonly namespace?: string;

  /** The exposure the client connects through. */
  public readonly exposure: IClusterIpExposure;

  /** The host name the client dials (the value of `MYSQL_HOST`). */
  public readonly host: string;

  /** The labels of the Pod. */
  public readonly podLabels: Readonly<Record<string, string>>;

  /** The Pod, as an escape hatch. */
  public readonly pod: k8s.KubePod;

  /** The client's egress NetworkPolicy, unless turned off. */
  public readonly networkPolicy?: k8s.KubeNetworkPolicy;

  public readonly peerNamespace?: string;
  public readonly peerSelector: Readonly<Record<string, string>>;

  public constructor(scope: Construct, id: string, props: DebugClientProps) {
    super(scope, id);
    refuseDuplicateObjects(this);
    const client = resolveClient(this, props, { checkName: checkDns1123Subdomain, name: 'mysql-client', appName: 'mysql-client', component: 'debug-client' });
    this.exposure = client.exposure;
    this.name = client.name;
    this.namespace = this.peerNamespace = client.namespace;
    this.host = client.host;
    this.podLabels = client.labels;
    this.peerSelector = client.selector;

    this.pod = new k8s.KubePod(this, 'Resource', {
      metadata: { name: this.name, namespace: this.namespace, labels: client.labels },
      // Sleep until deleted; exit at once on SIGTERM instead of waiting out the grace period.
      spec: clientPodSpec(client, { name: 'mysql-client', command: ['/bin/bash', '-c', 'trap "exit 0" TERM; sleep infinity & wait'] }, 'Always'),
    });

    const egress = optionalBoolean(this, 'networkPolicy', props.networkPolicy, true);
    this.networkPolicy = admitClient(this.exposure, this, egress ? { scope: this, name: this.name } : undefined);
  }
}
