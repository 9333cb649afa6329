import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { clientPodSpec, resolveClient } from './_client';
import { clientEgressPolicy } from './_network';
import { checkInteger } from './_validation';
import { MysqlClientOptions } from './mysql-client-options';
import { IMysqlClientPeer } from './mysql-client-peer';

/**
 * Properties of a `MysqlConnectivityCheck`.
 */
export interface MysqlConnectivityCheckProps extends MysqlClientOptions {
  /**
   * The Job's `metadata.name` (a DNS-1123 label: the Job controller copies it into a pod label).
   *
   * @default - `<service name>-check`
   */
  readonly name?: string;

  /**
   * How long one attempt keeps retrying while the server cannot be reached (a first boot takes a while).
   * Wrong credentials fail at once.
   *
   * @default Duration.minutes(5)
   */
  readonly waitForServer?: Duration;

  /**
   * How long a finished Job stays for `kubectl logs` before Kubernetes deletes it.
   *
   * @default Duration.hours(1)
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/ttlafterfinished/
   */
  readonly ttlAfterFinished?: Duration;
}

/**
 * The shell script the check runs. It connects as root through the Service (MYSQL_HOST, MYSQL_TCP_PORT,
 * password from MYSQL_PWD), runs `SHOW DATABASES;`, and exits 0 on success; it retries while the server
 * cannot be reached, up to CHECK_WAIT_SECONDS, and stops at once when the credentials are refused.
 */
export const CONNECTIVITY_CHECK_SCRIPT = [
  'set -u',
  'target="root@${MYSQL_HOST}:${MYSQL_TCP_PORT}"',
  'deadline=$((SECONDS + CHECK_WAIT_SECONDS))',
  'while true; do',
  "  if out=$(mysql --user=root --connect-timeout=5 --batch --skip-column-names --execute='SHOW DATABASES;' 2>&1); then",
  '    echo "ok: connected to ${target} and ran SHOW DATABASES:"',
  '    printf "%s\\n" "${out}"',
  '    exit 0',
  '  fi',
  '  case "${out}" in',
  '    *"ERROR 1045"*|*"ERROR 1044"*|*"ERROR 1698"*)',
  '      echo "failed: ${target} refused the credentials from the Secret: ${out}" >&2',
  '      exit 1;;',
  '  esac',
  '  if [ "${SECONDS}" -ge "${deadline}" ]; then',
  '    echo "failed: no answer from ${target} within ${CHECK_WAIT_SECONDS}s: ${out}" >&2',
  '    exit 1',
  '  fi',
  '  echo "waiting for ${target}: ${out}"',
  '  sleep 5',
  'done',
].join('\n');

/**
 * A Job that automates the tutorial's manual test: it connects to the database through the Service's
 * DNS name with the Secret's credentials and runs `SHOW DATABASES;`. It completes when that works and
 * fails with a message that says why when it does not.
 *
 * `kubectl wait --for=condition=complete job/<name>`, then `kubectl logs job/<name>`.
 */
export class MysqlConnectivityCheck extends Construct implements IMysqlClientPeer {
  /** The Job's name. */
  public readonly name: string;

  /** The Job's namespace, or undefined when it has none (it then lands beside the Service, wherever that is applied). */
  public readonly namespace?: string;

  /** The host name the check dials. */
  public readonly host: string;

  /** The Job, as an escape hatch. */
  public readonly job: k8s.KubeJob;

  /** The check's egress NetworkPolicy, unless turned off. */
  public readonly networkPolicy?: k8s.KubeNetworkPolicy;

  public readonly peerNamespace?: string;
  public readonly peerSelector: Readonly<Record<string, string>>;

  public constructor(scope: Construct, id: string, props: MysqlConnectivityCheckProps) {
    super(scope, id);
    const client = resolveClient(this, props, { kind: 'Job',
      name: `${props?.exposure?.serviceName}-check`,
      appName: 'mysql-connectivity-check',
      component: 'connectivity-check',
    });
    this.name = client.name;
    this.namespace = this.peerNamespace = client.namespace;
    this.host = client.host;
    this.peerSelector = client.selector;

    const waitSeconds = (props.waitForServer ?? Duration.minutes(5)).toSeconds();
    checkInteger(this, 'waitForServer (seconds)', waitSeconds, 0, 3600, 'wait at most an hour');
    const ttlSeconds = (props.ttlAfterFinished ?? Duration.hours(1)).toSeconds();
    checkInteger(this, 'ttlAfterFinished (seconds)', ttlSeconds, 0, 7 * 24 * 3600, 'keep a finished Job at most a week');

    this.job = new k8s.KubeJob(this, 'Resource', {
      metadata: { name: this.name, namespace: this.namespace, labels: client.labels },
      spec: {
        // Two retries after a failed attempt; every attempt, and the Job as a whole, is bounded in time.
        backoffLimit: 2,
        activeDeadlineSeconds: waitSeconds + 300,
        ttlSecondsAfterFinished: ttlSeconds,
        template: {
          metadata: { labels: client.labels },
          spec: clientPodSpec(client, {
            name: 'check',
            command: ['/bin/bash', '-c', CONNECTIVITY_CHECK_SCRIPT],
            env: [{ name: 'CHECK_WAIT_SECONDS', value: String(waitSeconds) }],
          }, 'Never'),
        },
      },
    });

    client.exposure.allowFrom(this);
    if (props.networkPolicy ?? true) {
      this.networkPolicy = clientEgressPolicy(this, this.name, this, client.exposure);
    }
  }
}
