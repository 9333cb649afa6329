import { Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { mysqlInstanceLabels } from './_pod';
import { isDns1035Label, isDns1123Subdomain } from './_k8s-rules';
import { refuseDuplicateObjects } from './_unique';
import { checkDns1123Label, checkDns1123Subdomain, fail, optionalBoolean } from './_validation';
import { ClusterIpExposure } from './cluster-ip-exposure';
import { DebugClient } from './debug-client';
import { MysqlBackend } from './mysql-backend';
import { MysqlConnectivityCheck } from './mysql-connectivity-check';
import { MysqlImage } from './mysql-image';
import { MysqlStorage } from './mysql-storage';

/**
 * The password of the ClusterIP tutorial. A demo value: it is public, so replace it for anything but a lab.
 */
export const DEMO_ROOT_PASSWORD = 'verysecret';

/**
 * Properties of a `MysqlClusterIpLab`.
 */
export interface MysqlClusterIpLabProps {
  /**
   * The namespace of every object of the lab.
   *
   * @default - none: no object carries `metadata.namespace`, and the lab lands in the namespace it is applied to
   * (`kubectl apply -n lab -f dist/`, `helm install -n lab`); the client and the check dial the short Service name
   */
  readonly namespace?: string;

  /**
   * The instance name. Objects are named after it as the tutorial names them: Deployment
   * `<name>-deployment` with pods labelled `app: <name>`, Service `<name>-service`, Secret `<name>-root-password`.
   *
   * A DNS-1035 label of at most 35 characters (`MAX_LAB_NAME.withCheck`), or 55 with `connectivityCheck: false`
   * (`MAX_LAB_NAME.withoutCheck`): the Service `<name>-service` is a DNS-1035 label of at most 63 characters, and the
   * check `<name>-connectivity-check` at most 54 (its Job is `<that>-<8 hex digits>`).
   *
   * @default 'mysql'
   */
  readonly name?: string;

  /**
   * The name of the client Pod.
   *
   * @default 'ubuntu-client'
   */
  readonly clientName?: string;

  /**
   * The name of the Secret that holds the root password (the server and the connectivity check read it).
   *
   * @default `<name>-root-password`
   */
  readonly rootPasswordSecretName?: string;

  /**
   * The root password written into the lab's Secret.
   *
   * @default DEMO_ROOT_PASSWORD ('verysecret', the tutorial's public demo value)
   */
  readonly rootPassword?: string;

  /**
   * The MySQL image for the server and the client.
   *
   * @default - the `MysqlBackend` default, MysqlImage.MYSQL_8_4 (mysql:8.4.9)
   */
  readonly image?: MysqlImage;

  /**
   * Where the database keeps its data.
   *
   * @default MysqlStorage.persistent({ size: Size.gibibytes(1) }) (claim `<name>-data`)
   */
  readonly storage?: MysqlStorage;

  /**
   * Add the Job `<name>-connectivity-check`, which runs the tutorial's connection test on its own.
   *
   * @default true
   */
  readonly connectivityCheck?: boolean;

  /**
   * How long the connectivity check waits for a server it cannot reach yet (`MysqlConnectivityCheck`'s
   * `waitForServer`).
   *
   * @default Duration.minutes(5)
   */
  readonly waitForServer?: Duration;

  /**
   * @deprecated use `waitForServer`, the name `MysqlConnectivityCheck` gives it. Removed in 0.3.0.
   * @default - `waitForServer`
   */
  readonly connectivityCheckWait?: Duration;

  /**
   * Write NetworkPolicies: only the client and the check reach MySQL, on 3306; they reach nothing else but DNS. The
   * same switch as the `networkPolicy` of `exposeViaClusterIp()`, `DebugClient` and `MysqlConnectivityCheck`.
   *
   * @default true
   */
  readonly networkPolicy?: boolean;

  /**
   * @deprecated use `networkPolicy`, the name every construct of this package gives it. Removed in 0.3.0.
   * @default - `networkPolicy`
   */
  readonly networkPolicies?: boolean;
}

/**
 * The ClusterIP tutorial's lab as one chart: a MySQL Deployment, the ClusterIP Service in front of it,
 * a Secret with the root password, and a client Pod that reaches the database by the Service's name.
 * With the defaults, the tutorial's own kubectl commands work against its output unchanged.
 */
export class MysqlClusterIpLab extends Chart {
  /** The MySQL server. */
  public readonly backend: MysqlBackend;

  /** The ClusterIP Service in front of it. */
  public readonly exposure: ClusterIpExposure;

  /** The client Pod. */
  public readonly client: DebugClient;

  /** The connectivity check Job, unless turned off. */
  public readonly check?: MysqlConnectivityCheck;

  /** The Secret holding the root password under the key `password`. */
  public readonly rootPasswordSecret: k8s.KubeSecret;

  /**
   * The client Pod's own copy of the password, `<clientName>-credentials`: a Pod's env cannot change in place, so the
   * Pod names only a Secret whose name never changes, and renaming `rootPasswordSecretName` re-applies cleanly.
   */
  public readonly clientPasswordSecret: k8s.KubeSecret;

  public constructor(scope: Construct, id: string, props: MysqlClusterIpLabProps = {}) {
    const namespace = props.namespace;
    super(scope, id, { namespace, disableResourceNameHashes: true });
    refuseDuplicateObjects(this);
    if (namespace !== undefined) checkDns1123Label(this, 'namespace', namespace);
    const name = props.name ?? 'mysql';
    const withCheck = optionalBoolean(this, 'connectivityCheck', props.connectivityCheck, true);
    checkLabName(this, name, withCheck);
    const rootPassword = props.rootPassword ?? DEMO_ROOT_PASSWORD;
    if (typeof rootPassword !== 'string' || rootPassword.length === 0) {
      fail(this, 'rootPassword', rootPassword, 'must be a non-empty string: it is written into the lab\'s Secret');
    }

    const secretName = props.rootPasswordSecretName ?? `${name}-root-password`;
    checkDns1123Subdomain(this, 'rootPasswordSecretName', secretName);
    const data = { password: Buffer.from(rootPassword, 'utf8').toString('base64') };
    this.rootPasswordSecret = new k8s.KubeSecret(this, 'RootPassword', {
      metadata: {
        name: secretName,
        namespace,
        labels: mysqlInstanceLabels(name),
      },
      type: 'Opaque',
      data,
    });
    const clientName = props.clientName ?? 'ubuntu-client';
    if (!isDns1123Subdomain(clientName) || clientName.length > 63) {
      fail(this, 'clientName', clientName, "must be a DNS-1123 subdomain of at most 63 characters (lowercase letters, digits, '-' and '.', "
        + 'starting and ending with a letter or digit): it names the client Pod and is the value of its app.kubernetes.io/instance label');
    }
    const clientSecretName = `${clientName}-credentials`;
    if (clientSecretName === secretName) {
      fail(this, 'rootPasswordSecretName', secretName, `"${clientSecretName}" is the client's own Secret: choose another name`);
    }
    this.clientPasswordSecret = new k8s.KubeSecret(this, 'ClientPassword', {
      metadata: { name: clientSecretName, namespace, labels: mysqlInstanceLabels(name) },
      type: 'Opaque',
      data,
    });

    this.backend = new MysqlBackend(this, 'Backend', {
      name,
      deploymentName: `${name}-deployment`,
      namespace,
      image: props.image,
      labels: { app: name },
      storage: props.storage ?? MysqlStorage.persistent({ size: Size.gibibytes(1) }),
      rootPassword: { secret: kplus.Secret.fromSecretName(this, 'RootPasswordRef', secretName), key: 'password' },
    });
    const networkPolicy = deprecatedAlias(this, props, 'networkPolicy', 'networkPolicies') ?? true;
    this.exposure = this.backend.exposeViaClusterIp({ serviceName: `${name}-service`, networkPolicy });
    this.client = new DebugClient(this, 'Client', {
      exposure: this.exposure,
      name: clientName,
      password: { secret: kplus.Secret.fromSecretName(this, 'ClientPasswordRef', clientSecretName), key: 'password' },
      networkPolicy,
    });
    if (withCheck) {
      this.check = new MysqlConnectivityCheck(this, 'Check', {
        exposure: this.exposure,
        name: `${name}-connectivity-check`,
        waitForServer: deprecatedAlias(this, props, 'waitForServer', 'connectivityCheckWait'),
        networkPolicy,
      });
    }
  }
}

/** The value of a renamed prop, given under its new name or its old one; both at once with two values is refused. */
function deprecatedAlias<K extends keyof MysqlClusterIpLabProps>(
  scope: Construct, props: MysqlClusterIpLabProps, name: K, oldName: keyof MysqlClusterIpLabProps,
): MysqlClusterIpLabProps[K] {
  const value = props[name];
  const old = props[oldName] as MysqlClusterIpLabProps[K];
  if (value !== undefined && old !== undefined && value !== old) {
    throw new Error(`invalid props in ${scope.constructor.name} at '${scope.node.path}': both \`${String(name)}\` and its deprecated `
      + `name \`${String(oldName)}\` are set, to different values: remove \`${String(oldName)}\``);
  }
  return value ?? old;
}

/** The suffixes the lab adds to `name`, and the longest name each leaves room for. */
const SERVICE_SUFFIX = '-service';
const CHECK_SUFFIX = '-connectivity-check';

/** The longest lab `name`: with the connectivity check, and without it. */
export const MAX_LAB_NAME = {
  withCheck: MysqlConnectivityCheck.MAX_NAME_LENGTH - CHECK_SUFFIX.length,
  withoutCheck: 63 - SERVICE_SUFFIX.length,
} as const;

/**
 * The lab names its objects after `name`; the tightest are the Service `<name>-service` (a DNS-1035 label, at most 63
 * characters) and the check `<name>-connectivity-check` (at most 54, since its Job is `<that>-<8 hex digits>`): check
 * `name` here, so the error names the prop the derived value came from.
 */
function checkLabName(scope: Construct, name: string, withCheck: boolean): void {
  const max = withCheck ? MAX_LAB_NAME.withCheck : MAX_LAB_NAME.withoutCheck;
  const derived = withCheck
    ? `the connectivity check "<name>${CHECK_SUFFIX}" (whose Job "<that>-<8 hex digits>" must fit 63), and the Service "<name>${SERVICE_SUFFIX}"`
    : `the Service "<name>${SERVICE_SUFFIX}" (a DNS-1035 label of at most 63)`;
  if (typeof name !== 'string' || !isDns1035Label(`${name}${SERVICE_SUFFIX}`) || name.length > max) {
    const otherwise = withCheck ? ` (${MAX_LAB_NAME.withoutCheck} with connectivityCheck: false)` : '';
    fail(scope, 'name', name, `must be a DNS-1035 label (lowercase letters, digits and '-', starting with a letter) of at most ${max} characters`
      + `${otherwise}: the lab names ${derived} after it`);
  }
}
