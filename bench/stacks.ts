// The two workloads the benchmark compares, one "stack" each, in a namespace of its own: a MySQL server with its
// data claim and root password Secret, the ClusterIP Service in front of it, a client Pod, a connectivity check
// Job, and the NetworkPolicies between them.
import { App, Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { MysqlClusterIpLab } from '../lib';

/** The namespace of stack `i`, as a platform team would stamp out one database per tenant. */
export function tenant(i: number): string {
  return `tenant-${String(i).padStart(4, '0')}`;
}

/** Ours: the library's own lab chart, so every object the library emits is counted. */
export function addOurStack(app: App, i: number): void {
  new MysqlClusterIpLab(app, tenant(i), { namespace: tenant(i) });
}

/** The connectivity check's script, in the shape of the library's: wait for the server, then one query. */
const CHECK_SCRIPT = [
  'set -u',
  'deadline=$((SECONDS + CHECK_WAIT_SECONDS))',
  "until out=$(mysql --user=root --connect-timeout=5 --execute='SHOW DATABASES;' 2>&1); do",
  '  if [ "${SECONDS}" -ge "${deadline}" ]; then',
  '    echo "failed: no answer from ${MYSQL_HOST}: ${out}" >&2',
  '    exit 1',
  '  fi',
  '  sleep 5',
  'done',
  'echo "ok: ${out}"',
].join('\n');

/**
 * The baseline: the same stack written by hand with cdk8s-plus-28, as its documentation shows it: the Secret,
 * the data claim, the Deployment (same names, image, ports, environment, resources, probes and volumes), its
 * ClusterIP Service, the client Pod, the connectivity check Job, and NetworkPolicies from `connections.allowFrom`.
 */
export function addBaselineStack(app: App, i: number): void {
  const chart = new Chart(app, tenant(i), { namespace: tenant(i), disableResourceNameHashes: true });
  const secret = new kplus.Secret(chart, 'RootPassword', { metadata: { name: 'mysql-root-password' }, stringData: { password: 'verysecret' } });
  const podSecurity: kplus.PodSecurityContextProps = { user: 999, group: 999, fsGroup: 999, ensureNonRoot: true };
  const securityContext: kplus.ContainerSecurityContextProps = {
    user: 999, group: 999, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false,
  };
  const clientResources: kplus.ContainerResources = {
    cpu: { request: kplus.Cpu.millis(50), limit: kplus.Cpu.millis(500) },
    memory: { request: Size.mebibytes(64), limit: Size.mebibytes(256) },
  };
  const clientEnv = {
    MYSQL_HOST: kplus.EnvValue.fromValue('mysql-service'),
    MYSQL_TCP_PORT: kplus.EnvValue.fromValue('3306'),
    MYSQL_PWD: kplus.EnvValue.fromSecretValue({ secret, key: 'password' }),
    HOME: kplus.EnvValue.fromValue('/tmp'),
    MYSQL_HISTFILE: kplus.EnvValue.fromValue('/dev/null'),
  };

  const claim = new kplus.PersistentVolumeClaim(chart, 'Data', {
    metadata: { name: 'mysql-data' },
    accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE],
    storage: Size.gibibytes(1),
  });
  const deployment = new kplus.Deployment(chart, 'Deployment', {
    metadata: { name: 'mysql-deployment' },
    replicas: 1,
    strategy: kplus.DeploymentStrategy.recreate(),
    podMetadata: { labels: { app: 'mysql' } },
    automountServiceAccountToken: false,
    securityContext: podSecurity,
  });
  const mysqld = deployment.addContainer({
    name: 'mysql',
    image: 'mysql:8.0.46',
    imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
    ports: [{ number: 3306, name: 'mysql' }],
    envVariables: { MYSQL_ROOT_PASSWORD: kplus.EnvValue.fromSecretValue({ secret, key: 'password' }) },
    resources: {
      cpu: { request: kplus.Cpu.millis(250), limit: kplus.Cpu.units(1) },
      memory: { request: Size.mebibytes(512), limit: Size.gibibytes(1) },
    },
    securityContext,
    startup: kplus.Probe.fromTcpSocket({ port: 3306, periodSeconds: Duration.seconds(10), failureThreshold: 30 }),
    readiness: kplus.Probe.fromTcpSocket({ port: 3306, periodSeconds: Duration.seconds(10) }),
  });
  mysqld.mount('/var/lib/mysql', kplus.Volume.fromPersistentVolumeClaim(chart, 'Volume-data', claim));
  for (const [name, path] of [['run', '/var/run/mysqld'], ['tmp', '/tmp'], ['files', '/var/lib/mysql-files']]) {
    mysqld.mount(path, kplus.Volume.fromEmptyDir(chart, `Volume-${name}`, name));
  }
  deployment.exposeViaService({ name: 'mysql-service', serviceType: kplus.ServiceType.CLUSTER_IP, ports: [{ port: 3306, targetPort: 3306, name: 'mysql' }] });

  const client = new kplus.Pod(chart, 'Client', {
    metadata: { name: 'ubuntu-client' },
    automountServiceAccountToken: false,
    securityContext: podSecurity,
  });
  client.addContainer({
    name: 'mysql-client',
    image: 'mysql:8.0.46',
    imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
    command: ['/bin/bash', '-c', 'trap "exit 0" TERM; sleep infinity & wait'],
    envVariables: clientEnv,
    resources: clientResources,
    securityContext,
    volumeMounts: [{ path: '/tmp', volume: kplus.Volume.fromEmptyDir(chart, 'ClientTmp', 'tmp') }],
  });

  const check = new kplus.Job(chart, 'Check', {
    metadata: { name: 'mysql-connectivity-check' },
    activeDeadline: Duration.seconds(600),
    backoffLimit: 2,
    ttlAfterFinished: Duration.hours(1),
    automountServiceAccountToken: false,
    securityContext: podSecurity,
  });
  check.addContainer({
    name: 'check',
    image: 'mysql:8.0.46',
    imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
    command: ['/bin/bash', '-c', CHECK_SCRIPT],
    envVariables: { ...clientEnv, CHECK_WAIT_SECONDS: kplus.EnvValue.fromValue('300') },
    resources: clientResources,
    securityContext,
    volumeMounts: [{ path: '/tmp', volume: kplus.Volume.fromEmptyDir(chart, 'CheckTmp', 'tmp') }],
  });

  for (const peer of [client, check]) {
    deployment.connections.allowFrom(peer, { ports: [kplus.NetworkPolicyPort.tcp(3306)] });
  }
}
