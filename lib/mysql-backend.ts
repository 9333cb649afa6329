import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import * as k8s from '../imports/k8s';
import { brand, hasBrand } from './_brand';
import { InitDatabase, INITDB_DIR, INITDB_FILE, initScript, passwordEnvName } from './_initdb';
import { mysqlInstanceLabels, renderResources, resolveNamespace, restrictedContainerSecurityContext, restrictedPodSecurityContext, sizeQuantity } from './_pod';
import { isLabelValue } from './_k8s-rules';
import { refuseDuplicateObjects } from './_unique';
import {
  checkDns1123Label, checkDns1123Subdomain, checkImage, checkInteger, checkLabels, checkSecretKey, durationSeconds, fail, isConstruct,
} from './_validation';
import { ClusterIpExposure, ClusterIpExposureOptions } from './cluster-ip-exposure';
import { MysqlDatabase } from './mysql-database';
import { MysqlImage } from './mysql-image';
import { MysqlStorage } from './mysql-storage';

/**
 * What a Service and its clients need to know about a MySQL server: its names, namespace, port, the labels that
 * select its pods, and where its root password lives. `MysqlBackend` implements it; props take this interface, so
 * that a backend from another copy of this package (or your own implementation) works as well.
 */
export interface IMysqlBackend extends IConstruct {
  /** The instance name (`app.kubernetes.io/instance`), and the default Service name. */
  readonly name: string;

  /** The namespace of the server's pods, or undefined when none is set. */
  readonly namespace?: string;

  /** The container port mysqld listens on. */
  readonly port: number;

  /** The name of that container port, which Services target. */
  readonly portName: string;

  /** The protocol of that container port. */
  readonly protocol: string;

  /** The server image; clients use it by default, since it contains the `mysql` client. */
  readonly image: MysqlImage;

  /** The Secret key holding the root password. */
  readonly rootPassword: kplus.SecretValue;

  /** The labels that select the server's pods: a Service's selector, a NetworkPolicy's podSelector. */
  readonly selectorLabels: Readonly<Record<string, string>>;

  /** All labels of the server's pods. */
  readonly podLabels: Readonly<Record<string, string>>;

  /** The application databases and their users, with the user name resolved; none when the backend creates none. */
  readonly databases?: readonly MysqlDatabase[];
}

/**
 * Properties of a `MysqlBackend`.
 */
export interface MysqlBackendProps {
  /**
   * Where the root password lives: an existing Secret and the key inside it. The construct never
   * invents a password; create the Secret yourself (or with a secrets operator) and pass it here. The key is a Secret
   * data key: letters, digits, '-', '_' and '.', at most 253 characters, not `.` and not starting with `..`.
   *
   * @see https://kubernetes.io/docs/concepts/configuration/secret/
   */
  readonly rootPassword: kplus.SecretValue;

  /**
   * The instance name: the `app.kubernetes.io/instance` label, the default Deployment name and the
   * default Service name of `exposeViaClusterIp()`. A DNS-1123 label (at most 63 characters); as the default
   * Service name it must also start with a letter (DNS-1035).
   *
   * @default 'mysql'
   */
  readonly name?: string;

  /**
   * The Deployment's `metadata.name` (a DNS-1123 subdomain, at most 253 characters). It must differ from every other
   * Deployment's name in the namespace: the app refuses to synthesize two of one name.
   *
   * @default - the `name`
   */
  readonly deploymentName?: string;

  /**
   * The namespace of the Deployment. Services that expose it live in the same namespace.
   *
   * @default - the chart's namespace, else none: the objects carry no `metadata.namespace` and land in the namespace
   * they are applied to (`kubectl apply -n <namespace>`, `helm install -n <namespace>`)
   */
  readonly namespace?: string;

  /**
   * The MySQL server image, pinned to an exact version.
   *
   * A server started on an 8.0 data directory upgrades it in place on its first start; MySQL cannot go back to 8.0
   * on that data.
   *
   * @default MysqlImage.MYSQL_8_4 (mysql:8.4.9, of the 8.4 long-term-support line)
   */
  readonly image?: MysqlImage;

  /**
   * Extra labels for the Deployment and its pods, merged with the recommended `app.kubernetes.io/*` labels.
   * They must not redefine a selector label.
   *
   * @default - no extra labels
   */
  readonly labels?: Record<string, string>;

  /**
   * The labels the Deployment selects its pods by, and that a `ClusterIpExposure` selects them by.
   * A Deployment's selector is immutable on a live cluster: set this only to adopt an existing
   * Deployment whose selector you must keep.
   *
   * @default - `app.kubernetes.io/name: mysql` and `app.kubernetes.io/instance: <name>`
   */
  readonly selectorLabels?: Record<string, string>;

  /**
   * Number of MySQL pods: 1, or 0 to stop the server. Each pod of a Deployment would be an independent
   * server with its own data, so more than one is refused: use a replication operator for that.
   *
   * @default 1
   */
  readonly replicas?: number;

  /**
   * CPU and memory for the mysqld container.
   *
   * @default - requests 250m CPU and 512Mi memory; limits 1 CPU and 1Gi memory
   * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
   */
  readonly resources?: kplus.ContainerResources;

  /**
   * Where `/var/lib/mysql` lives. A PersistentVolumeClaim keeps the data when the pod is replaced;
   * `MysqlStorage.ephemeral()` loses it, and is only used when asked for.
   *
   * @default MysqlStorage.persistent() (a 10Gi ReadWriteOnce claim from the default StorageClass)
   */
  readonly storage?: MysqlStorage;

  /**
   * How long a starting mysqld may take before Kubernetes restarts it. A first boot initializes the
   * data directory before it listens, which takes well over 30 s on a slow node. Whole seconds, from 10 seconds to
   * an hour.
   *
   * @default Duration.minutes(5)
   * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
   */
  readonly startupAllowance?: Duration;

  /**
   * Application databases, each with its own user and a password from a Secret in the backend's namespace, created
   * on the first start of an empty data directory by an init script (a ConfigMap mounted at
   * `/docker-entrypoint-initdb.d`; the passwords reach it as environment variables from their Secrets, never as
   * text). Each user has all privileges on its own database and none elsewhere. Clients get them with
   * `exposure.connect(workload)`.
   *
   * The mysql image runs init scripts only when the data directory is empty: a database added here later, on a
   * volume that holds data already, is not created until you run the script by hand (docs/connect.md shows how).
   *
   * @default - none: only root exists
   * @see https://hub.docker.com/_/mysql (Initializing a fresh instance)
   */
  readonly databases?: MysqlDatabase[];
}

/**
 * A MySQL server: a single-replica Deployment of the official mysql image, listening on port 3306
 * (named `mysql`), its root password read from a Secret.
 *
 * Its Kubernetes names and selector labels come from props only, never from construct ids, so
 * refactoring the construct tree never changes the Deployment's immutable selector.
 */
export class MysqlBackend extends Construct implements IMysqlBackend {
  /**
   * True when `x` is a `MysqlBackend` of any installed copy of this package (`instanceof` is not: two copies
   * have two classes).
   */
  public static isMysqlBackend(x: unknown): x is MysqlBackend {
    return hasBrand(x, 'MysqlBackend');
  }

  /** The port mysqld listens on. */
  public static readonly PORT = 3306;

  /** The name of the container port, which Services target. */
  public static readonly PORT_NAME = 'mysql';

  /** The data directory: a subdirectory of the `/var/lib/mysql` volume. */
  public static readonly DATA_DIR = '/var/lib/mysql/data';

  /** The instance name. */
  public readonly name: string;

  /**
   * The namespace of the Deployment and its pods, or undefined when none is set (on the props or the chart): the
   * objects then carry no `metadata.namespace` and land in whatever namespace they are applied to.
   */
  public readonly namespace?: string;

  /** The container port mysqld listens on. */
  public readonly port = MysqlBackend.PORT;

  /** The name of that container port. */
  public readonly portName = MysqlBackend.PORT_NAME;

  /** The protocol of that container port. */
  public readonly protocol = 'TCP';

  /** The server image. */
  public readonly image: MysqlImage;

  /** The Secret key holding the root password. */
  public readonly rootPassword: kplus.SecretValue;

  /** The labels that select this backend's pods (a copy: changing it changes nothing). */
  public readonly selectorLabels: Readonly<Record<string, string>>;

  /** All labels of this backend's pods. */
  public readonly podLabels: Readonly<Record<string, string>>;

  /** The Deployment, as an escape hatch (for example `addJsonPatch`). */
  public readonly deployment: k8s.KubeDeployment;

  /** The PersistentVolumeClaim holding the data, unless the storage is ephemeral. */
  public readonly dataClaim?: k8s.KubePersistentVolumeClaim;

  /** The application databases and their users (the user name resolved), in the order given. */
  public readonly databases: readonly MysqlDatabase[];

  /** The ConfigMap holding the init script that creates the application databases, when there are any. */
  public readonly initScript?: k8s.KubeConfigMap;

  private exposures = 0;

  public constructor(scope: Construct, id: string, props: MysqlBackendProps) {
    super(scope, id);
    brand(this, 'MysqlBackend');
    refuseDuplicateObjects(this);
    const rootPassword = props?.rootPassword;
    if (rootPassword === null || typeof rootPassword !== 'object' || isConstruct(rootPassword)) {
      fail(this, 'rootPassword', rootPassword, 'pass the Secret that holds the root password and the key in it, as { secret, key } '
        + "(for example { secret: kplus.Secret.fromSecretName(this, 'Root', 'db-root'), key: 'password' })");
    }
    if (!isConstruct(rootPassword.secret) || typeof (rootPassword.secret as Partial<kplus.ISecret>).name !== 'string') {
      fail(this, 'rootPassword.secret', rootPassword.secret, 'pass a cdk8s-plus Secret (kplus.Secret, or kplus.Secret.fromSecretName() for one '
        + 'that exists)');
    }
    this.name = props.name ?? 'mysql';
    checkDns1123Label(this, 'name', this.name);
    const deploymentName = props.deploymentName ?? this.name;
    checkDns1123Subdomain(this, 'deploymentName', deploymentName);
    checkDns1123Subdomain(this, 'rootPassword.secret.name', rootPassword.secret.name);
    checkSecretKey(this, 'rootPassword.key', rootPassword.key);
    this.namespace = resolveNamespace(this, props.namespace);
    this.image = checkImage(this, 'image', props.image ?? MysqlImage.MYSQL_8_4);
    this.rootPassword = rootPassword;

    const replicas = props.replicas ?? 1;
    checkInteger(this, 'replicas', replicas, 0, 1,
      'each pod of a Deployment is an independent mysqld with its own data; use a replication operator for more');

    const selectorLabels = props.selectorLabels ?? {
      'app.kubernetes.io/name': 'mysql',
      'app.kubernetes.io/instance': this.name,
    };
    checkLabels(this, 'selectorLabels', selectorLabels);
    if (Object.keys(selectorLabels).length === 0) {
      fail(this, 'selectorLabels', selectorLabels, 'a Deployment needs at least one selector label');
    }
    const extraLabels = props.labels ?? {};
    checkLabels(this, 'labels', extraLabels);
    for (const [key, value] of Object.entries(extraLabels)) {
      if (key in selectorLabels && selectorLabels[key] !== value) {
        fail(this, `labels[${JSON.stringify(key)}]`, value, `it is a selector label whose value is ${JSON.stringify(selectorLabels[key])}: `
          + 'remove it from labels, or change selectorLabels instead');
      }
    }
    const labels: Record<string, string> = {
      ...mysqlInstanceLabels(this.name),
      'app.kubernetes.io/component': 'database',
      // A tag may be longer than a label value (128 characters, or ending in '-'): such a tag gets no version label.
      ...(this.image.tag && isLabelValue(this.image.tag) ? { 'app.kubernetes.io/version': this.image.tag } : {}),
      ...extraLabels,
      ...selectorLabels,
    };
    this.selectorLabels = { ...selectorLabels };
    this.podLabels = labels;

    const resources = renderResources(this, 'resources', props.resources ?? {
      cpu: { request: kplus.Cpu.millis(250), limit: kplus.Cpu.units(1) },
      memory: { request: Size.mebibytes(512), limit: Size.gibibytes(1) },
    });

    const storage = props.storage ?? MysqlStorage.persistent();
    if (!MysqlStorage.isMysqlStorage(storage)) {
      fail(this, 'storage', storage, 'pass MysqlStorage.persistent() (a PersistentVolumeClaim) or MysqlStorage.ephemeral() (an emptyDir)');
    }
    let dataVolume: k8s.Volume;
    if (storage.persistent) {
      const claimName = storage.claimName ?? `${this.name}-data`;
      checkDns1123Subdomain(this, 'storage.claimName', claimName);
      if (storage.storageClassName !== undefined) checkDns1123Subdomain(this, 'storage.storageClassName', storage.storageClassName);
      this.dataClaim = new k8s.KubePersistentVolumeClaim(this, 'Data', {
        metadata: { name: claimName, namespace: this.namespace, labels },
        spec: {
          accessModes: ['ReadWriteOnce'],
          storageClassName: storage.storageClassName,
          resources: { requests: { storage: sizeQuantity(this, 'storage.size', storage.size, true) } },
        },
      });
      dataVolume = { name: 'data', persistentVolumeClaim: { claimName } };
    } else {
      const sizeLimit = storage.size !== undefined ? sizeQuantity(this, 'storage.sizeLimit', storage.size, true) : undefined;
      dataVolume = { name: 'data', emptyDir: { sizeLimit } };
    }

    this.databases = checkDatabases(this, props.databases ?? []);
    let initVolume: k8s.Volume | undefined;
    if (this.databases.length > 0) {
      const configMapName = `${this.name}-initdb`;
      this.initScript = new k8s.KubeConfigMap(this, 'InitDb', {
        metadata: { name: configMapName, namespace: this.namespace, labels },
        data: { [INITDB_FILE]: initScript(this.databases as InitDatabase[]) },
      });
      // Not executable (0444): the entrypoint sources it, so it runs with the entrypoint's docker_process_sql.
      initVolume = { name: 'initdb', configMap: { name: configMapName, defaultMode: 0o444 } };
    }

    const startupSeconds = durationSeconds(this, 'startupAllowance', props.startupAllowance ?? Duration.minutes(5), 10, 3600,
      'allow a first boot at least 10 seconds and at most an hour');

    // mysqld writes its data directory, its socket and pid file, its tmpdir and secure-file-priv;
    // everything else stays read-only. As uid 999 the entrypoint cannot chown, so each is a volume.
    const scratch: Array<[string, string]> = [
      ['run', '/var/run/mysqld'],
      ['tmp', '/tmp'],
      ['files', '/var/lib/mysql-files'],
    ];

    this.deployment = new k8s.KubeDeployment(this, 'Resource', {
      metadata: { name: deploymentName, namespace: this.namespace, labels },
      spec: {
        replicas,
        // Never two mysqld on one data directory: the old pod stops before the new one starts.
        strategy: { type: 'Recreate' },
        selector: { matchLabels: { ...selectorLabels } },
        template: {
          metadata: { labels },
          spec: {
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            // fsGroup makes the volumes writable for uid 999; re-chown only a volume whose root is not yet ours.
            securityContext: { ...restrictedPodSecurityContext(), fsGroupChangePolicy: 'OnRootMismatch' },
            containers: [{
              name: 'mysql',
              image: this.image.reference,
              imagePullPolicy: 'IfNotPresent',
              // A fresh volume may hold lost+found, and mysqld refuses to initialize a non-empty directory:
              // keep the data one level down. The entrypoint reads --datadir from these arguments.
              args: ['mysqld', `--datadir=${MysqlBackend.DATA_DIR}`],
              ports: [{ name: this.portName, containerPort: this.port, protocol: this.protocol }],
              env: [
                {
                  name: 'MYSQL_ROOT_PASSWORD',
                  valueFrom: { secretKeyRef: { name: this.rootPassword.secret.name, key: this.rootPassword.key } },
                },
                ...this.databases.map((db) => ({
                  name: passwordEnvName(db.user!),
                  valueFrom: { secretKeyRef: { name: db.password.secret.name, key: db.password.key } },
                })),
              ],
              resources,
              securityContext: restrictedContainerSecurityContext(),
              // The entrypoint's temporary init server does not listen on TCP, so a ping over TCP succeeds
              // only once the real server accepts connections. `mysqladmin ping` exits 0 whenever the server
              // answers, even when it denies the (absent) credentials: no password on any probe.
              startupProbe: {
                exec: { command: mysqladminPing('tcp') },
                periodSeconds: 10,
                timeoutSeconds: 5,
                failureThreshold: Math.ceil(startupSeconds / 10),
              },
              readinessProbe: {
                exec: { command: mysqladminPing('tcp') },
                periodSeconds: 10,
                timeoutSeconds: 5,
                failureThreshold: 3,
              },
              // Liveness asks over the unix socket, so a network hiccup never restarts a healthy database,
              // and tolerates two minutes of silence (a long checkpoint or a busy node) before a restart.
              livenessProbe: {
                exec: { command: mysqladminPing('socket') },
                periodSeconds: 20,
                timeoutSeconds: 5,
                failureThreshold: 6,
              },
              volumeMounts: [
                { name: 'data', mountPath: '/var/lib/mysql' },
                ...scratch.map(([name, mountPath]) => ({ name, mountPath })),
                ...(initVolume ? [{ name: initVolume.name, mountPath: INITDB_DIR, readOnly: true }] : []),
              ],
            }],
            volumes: [dataVolume, ...scratch.map(([name]) => ({ name, emptyDir: {} })), ...(initVolume ? [initVolume] : [])],
          },
        },
      },
    });
  }

  /**
   * Puts a ClusterIP Service in front of this backend.
   *
   * @returns the exposure, with the Service's name, DNS name and port.
   */
  public exposeViaClusterIp(options: ClusterIpExposureOptions = {}): ClusterIpExposure {
    const id = this.exposures++ === 0 ? 'ClusterIp' : `ClusterIp${this.exposures}`;
    return new ClusterIpExposure(this, id, { ...options, backend: this });
  }
}

/** Databases MySQL keeps for itself. */
const SYSTEM_DATABASES = new Set(['mysql', 'information_schema', 'performance_schema', 'sys']);

/**
 * A subset of MySQL's unquoted identifiers: no `$` (it is special in the shell script), no leading digit, ASCII only.
 * Names are written into the init script as they are, so nothing else may pass.
 */
const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;

function checkDatabases(scope: Construct, databases: readonly MysqlDatabase[]): MysqlDatabase[] {
  if (!Array.isArray(databases)) {
    fail(scope, 'databases', databases, 'pass a list of { name, user, password }');
  }
  const names = new Map<string, string>();
  const users = new Map<string, string>();
  return databases.map((db, i) => {
    const what = `databases[${i}]`;
    if (!db || typeof db !== 'object') fail(scope, what, db, 'pass { name, user, password }');
    const name = db.name;
    if (typeof name !== 'string' || !IDENTIFIER.test(name) || name.length > 64) {
      fail(scope, `${what}.name`, name, "must be a database name of letters, digits and '_', starting with a letter, at most 64 characters");
    }
    if (SYSTEM_DATABASES.has(name.toLowerCase())) {
      fail(scope, `${what}.name`, name, 'is a database of MySQL itself: choose a name of your own');
    }
    const user = db.user ?? name;
    if (typeof user !== 'string' || !IDENTIFIER.test(user) || user.length > 32) {
      fail(scope, `${what}.user`, user, "must be a user name of letters, digits and '_', starting with a letter, at most 32 characters (MySQL's limit)"
        + (db.user === undefined ? ': the user defaults to the database name, so set `user`' : ''));
    }
    if (user.toLowerCase() === 'root') {
      fail(scope, `${what}.user`, user, 'root exists already, with the root password: choose an application user of its own');
    }
    // MySQL compares database names by case on Linux but not on every file system, and env vars differ by case only
    // confusingly: one spelling per name.
    const sameName = names.get(name.toLowerCase());
    if (sameName !== undefined) fail(scope, `${what}.name`, name, `${sameName} names the same database: list each database once`);
    names.set(name.toLowerCase(), `databases[${i}]`);
    const sameUser = users.get(user.toLowerCase());
    if (sameUser !== undefined) {
      fail(scope, `${what}.user`, user, `${sameUser} has the same user: each user owns one database, with one password; give each its own user`);
    }
    users.set(user.toLowerCase(), `databases[${i}]`);
    const password = db.password;
    if (password === null || typeof password !== 'object' || isConstruct(password) || !isConstruct(password.secret)
      || typeof password.secret.name !== 'string') {
      fail(scope, `${what}.password`, password, `pass the Secret that holds the password of user ${user} and the key in it, as { secret, key }`);
    }
    checkDns1123Subdomain(scope, `${what}.password.secret.name`, password.secret.name);
    checkSecretKey(scope, `${what}.password.key`, password.key);
    return { name, user, password: db.password };
  });
}

function mysqladminPing(via: 'tcp' | 'socket'): string[] {
  const target = via === 'tcp'
    ? ['--protocol=TCP', '--host=127.0.0.1', `--port=${MysqlBackend.PORT}`]
    : ['--protocol=SOCKET', '--socket=/var/run/mysqld/mysqld.sock'];
  return ['mysqladmin', ...target, '--connect-timeout=3', 'ping'];
}
