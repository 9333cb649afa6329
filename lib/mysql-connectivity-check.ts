import { createHash } from 'crypto';
import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { clientPodSpec, resolveClient } from './_client';
import { admitClient } from './_connection';
import { refuseDuplicateObjects } from './_unique';
import { checkDns1123Label, durationSeconds, fail, optionalBoolean } from './_validation';
import { MysqlClientOptions } from './mysql-client-options';
import { IMysqlClientPeer } from './mysql-client-peer';

/**
 * Properties of a `MysqlConnectivityCheck`.
 */
export interface MysqlConnectivityCheckProps extends MysqlClientOptions {
  /**
   * The check's name: the Job is named `<name>-<hash>`, where `<hash>` is 8 hex digits of a hash of its spec, and its pods
   * carry `app.kubernetes.io/instance: <name>` (select them with `-l app.kubernetes.io/instance=<name>`). A DNS-1123 label
   * of at most 54 characters, so that the Job's name fits the 63 of the label the Job controller copies it into.
   *
   * @default - `<service name>-check`
   */
  readonly name?: string;

  /**
   * How long one attempt keeps retrying while the server cannot be reached (a first boot takes a while).
   * Wrong credentials fail at once. Whole seconds, at most an hour.
   *
   * @default Duration.minutes(5)
   */
  readonly waitForServer?: Duration;

  /**
   * How long a finished Job stays for `kubectl logs` before Kubernetes deletes it. Whole seconds, at most a week.
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
 * A Job's pod template cannot change in place, so the Job's name follows its spec: `<name>-<hash of the spec>`. A changed
 * check (another image, wait, Secret, ...) is a new Job that `kubectl apply` creates beside the finished one, which
 * expires by its `ttlSecondsAfterFinished`. Select it by label:
 * `kubectl wait --for=condition=complete job -l app.kubernetes.io/instance=<name>`, then
 * `kubectl logs -l app.kubernetes.io/instance=<name> --tail=-1`.
 */
export class MysqlConnectivityCheck extends Construct implements IMysqlClientPeer {
  /** The longest `name`: the Job is named `<name>-<8 hex digits>`, at most 63 characters (a label value of its pods). */
  public static readonly MAX_NAME_LENGTH = 63 - 9;

  /** The check's name: the value of its `app.kubernetes.io/instance` label, and the start of the Job's name. */
  public readonly name: string;

  /** The Job's `metadata.name`: `<name>-<8 hex digits of a hash of its spec>`. */
  public readonly jobName: string;

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
    refuseDuplicateObjects(this);
    const client = resolveClient(this, props, {
      // The Job controller copies the Job's name into a label of its pods.
      checkName: checkDns1123Label,
      name: `${props?.exposure?.serviceName}-check`,
      nameFrom: "\"<the exposure's serviceName>-check\"",

      appName: 'mysql-connectivity-check',
      component: 'connectivity-check',
    });
    this.name = client.name;
    this.namespace = this.peerNamespace = client.namespace;
    this.host = client.host;
    this.peerSelector = client.selector;

    const waitSeconds = durationSeconds(this, 'waitForServer', props.waitForServer ?? Duration.minutes(5), 0, 3600, 'wait at most an hour');
    const ttlSeconds = durationSeconds(this, 'ttlAfterFinished', props.ttlAfterFinished ?? Duration.hours(1), 0, 7 * 24 * 3600,
      'keep a finished Job at most a week');

    if (this.name.length > MysqlConnectivityCheck.MAX_NAME_LENGTH) {
      fail(this, client.nameProp, this.name, `must be at most ${MysqlConnectivityCheck.MAX_NAME_LENGTH} characters: the Job is named "<name>-<8 hex digits>", at most 63`);
    }
    const spec: k8s.JobSpec = {
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
    };
    this.jobName = `${this.name}-${specHash(spec)}`;
    this.job = new k8s.KubeJob(this, 'Resource', { metadata: { name: this.jobName, namespace: this.namespace, labels: client.labels }, spec });

    const egress = optionalBoolean(this, 'networkPolicy', props.networkPolicy, true);
    this.networkPolicy = admitClient(client.exposure, this, egress ? { scope: this, name: this.name } : undefined);
  }
}


/** 8 hex digits of a SHA-256 of the spec as the construct writes it: any change to it names a new Job. */
function specHash(spec: k8s.JobSpec): string {
  return createHash('sha256').update(JSON.stringify(k8s.toJson_JobSpec(spec))).digest('hex').slice(0, 8);
}
