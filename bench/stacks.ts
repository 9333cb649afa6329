// The two workloads the benchmark compares, one "stack" each: a MySQL server, the ClusterIP Service in
// front of it, its root password Secret and a client Pod, in a namespace of its own.
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

/**
 * The baseline: the same stack written by hand with cdk8s-plus-28, as its documentation shows it
 * (same names, image, ports, environment, resources and writable volumes).
 */
export function addBaselineStack(app: App, i: number): void {
  const chart = new Chart(app, tenant(i), { namespace: tenant(i), disableResourceNameHashes: true });
  const secret = new kplus.Secret(chart, 'RootPassword', { metadata: { name: 'mysql-root-password' }, stringData: { password: 'verysecret' } });
  const securityContext: kplus.ContainerSecurityContextProps = {
    user: 999, group: 999, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false,
  };

  const deployment = new kplus.Deployment(chart, 'Deployment', {
    metadata: { name: 'mysql-deployment' },
    replicas: 1,
    strategy: kplus.DeploymentStrategy.recreate(),
    podMetadata: { labels: { app: 'mysql' } },
    automountServiceAccountToken: false,
    securityContext: { user: 999, group: 999, fsGroup: 999, ensureNonRoot: true },
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
  for (const [name, path] of [['data', '/var/lib/mysql'], ['run', '/var/run/mysqld'], ['tmp', '/tmp'], ['files', '/var/lib/mysql-files']]) {
    mysqld.mount(path, kplus.Volume.fromEmptyDir(chart, `Volume-${name}`, name));
  }
  deployment.exposeViaService({ name: 'mysql-service', serviceType: kplus.ServiceType.CLUSTER_IP, ports: [{ port: 3306, targetPort: 3306, name: 'mysql' }] });

  const client = new kplus.Pod(chart, 'Client', {
    metadata: { name: 'ubuntu-client' },
    automountServiceAccountToken: false,
    securityContext: { user: 999, group: 999, fsGroup: 999, ensureNonRoot: true },
  });
  const tmp = kplus.Volume.fromEmptyDir(chart, 'ClientTmp', 'tmp');
  client.addContainer({
    name: 'mysql-client',
    image: 'mysql:8.0.46',
    imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
    command: ['/bin/bash', '-c', 'trap "exit 0" TERM; sleep infinity & wait'],
    envVariables: {
      MYSQL_HOST: kplus.EnvValue.fromValue('mysql-service'),
      MYSQL_TCP_PORT: kplus.EnvValue.fromValue('3306'),
      MYSQL_PWD: kplus.EnvValue.fromSecretValue({ secret, key: 'password' }),
      HOME: kplus.EnvValue.fromValue('/tmp'),
      MYSQL_HISTFILE: kplus.EnvValue.fromValue('/dev/null'),
    },
    resources: {
      cpu: { request: kplus.Cpu.millis(50), limit: kplus.Cpu.millis(500) },
      memory: { request: Size.mebibytes(64), limit: Size.mebibytes(256) },
    },
    securityContext,
    volumeMounts: [{ path: '/tmp', volume: tmp }],
  });
}

