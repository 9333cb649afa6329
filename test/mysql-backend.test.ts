import { Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { MysqlBackend, MysqlImage, MysqlStorage } from '../lib';
import { backendChart } from './_fixtures';
import { find, synth } from './_manifests';

/** The recommended labels of a backend named "mysql", without the version (which comes from the image tag). */
const RECOMMENDED_LABELS = {
  'app.kubernetes.io/name': 'mysql',
  'app.kubernetes.io/instance': 'mysql',
  'app.kubernetes.io/component': 'database',
  'app.kubernetes.io/managed-by': 'cdk8s',
};

describe('MysqlBackend', () => {
  test('defaults: one mysql 8.4.9 pod on port 3306 named mysql, root password from the Secret', () => {
    // GIVEN
    const { chart } = backendChart();
    // WHEN
    const deployment = find(synth(chart), 'Deployment', 'mysql');
    // THEN
    // no namespace asked for: none written, the objects land where they are applied
    expect(deployment.metadata.namespace).toBeUndefined();
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
    expect(deployment.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'mysql', 'app.kubernetes.io/instance': 'mysql' });
    const pod = deployment.spec.template.spec;
    expect(pod.containers).toHaveLength(1);
    const [mysql] = pod.containers;
    expect(mysql.image).toBe('mysql:8.4.9');
    expect(mysql.imagePullPolicy).toBe('IfNotPresent');
    expect(mysql.ports).toEqual([{ name: 'mysql', containerPort: 3306, protocol: 'TCP' }]);
    expect(mysql.env).toEqual([
      { name: 'MYSQL_ROOT_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-root', key: 'password' } } },
    ]);
    expect(mysql.resources).toEqual({ requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } });
  });

  test('pod template labels contain the selector and the recommended labels', () => {
    const { chart } = backendChart({ labels: { team: 'orders' } });
    const deployment = find(synth(chart), 'Deployment', 'mysql');
    expect(deployment.spec.template.metadata.labels).toEqual({ ...RECOMMENDED_LABELS, 'app.kubernetes.io/version': '8.4.9', 'team': 'orders' });
    expect(deployment.metadata.labels).toEqual(deployment.spec.template.metadata.labels);
  });

  test('runs as the mysql user (999) with a read-only root filesystem and writable data, run, tmp and files dirs', () => {
    const { chart } = backendChart();
    const pod = find(synth(chart), 'Deployment', 'mysql').spec.template.spec;
    expect(pod.securityContext).toEqual({
      runAsNonRoot: true, runAsUser: 999, runAsGroup: 999, fsGroup: 999, fsGroupChangePolicy: 'OnRootMismatch', seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.enableServiceLinks).toBe(false);
    const [mysql] = pod.containers;
    expect(mysql.securityContext).toEqual({
      allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] },
    });
    expect(mysql.volumeMounts).toEqual([
      { name: 'data', mountPath: '/var/lib/mysql' },
      { name: 'run', mountPath: '/var/run/mysqld' },
      { name: 'tmp', mountPath: '/tmp' },
      { name: 'files', mountPath: '/var/lib/mysql-files' },
    ]);
    // A fresh volume may hold lost+found: the data directory is one level down.
    expect(mysql.args).toEqual(['mysqld', '--datadir=/var/lib/mysql/data']);
  });

  test('keeps /var/lib/mysql on a 10Gi ReadWriteOnce claim by default', () => {
    const { chart, backend } = backendChart();
    const manifests = synth(chart);
    const claim = find(manifests, 'PersistentVolumeClaim', 'mysql-data');
    expect(claim.metadata.namespace).toBeUndefined();
    expect(claim.spec).toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } });
    const volumes = find(manifests, 'Deployment', 'mysql').spec.template.spec.volumes;
    expect(volumes).toContainEqual({ name: 'data', persistentVolumeClaim: { claimName: 'mysql-data' } });
    expect(volumes.filter((v: { emptyDir?: object }) => v.emptyDir).map((v: { name: string }) => v.name)).toEqual(['run', 'tmp', 'files']);
    expect(backend.dataClaim).toBeDefined();
  });

  test('takes the claim size, storage class and name as props', () => {
    const { chart } = backendChart({ storage: MysqlStorage.persistent({ size: Size.gibibytes(50), storageClassName: 'fast-ssd', claimName: 'orders' }) });
    const claim = find(synth(chart), 'PersistentVolumeClaim', 'orders');
    expect(claim.spec).toEqual({ accessModes: ['ReadWriteOnce'], storageClassName: 'fast-ssd', resources: { requests: { storage: '50Gi' } } });
  });

  test('uses an emptyDir only when asked for explicitly', () => {
    const { chart, backend } = backendChart({ storage: MysqlStorage.ephemeral(Size.gibibytes(2)) });
    const manifests = synth(chart);
    expect(manifests.filter((m) => m.kind === 'PersistentVolumeClaim')).toEqual([]);
    expect(find(manifests, 'Deployment', 'mysql').spec.template.spec.volumes[0]).toEqual({ name: 'data', emptyDir: { sizeLimit: '2Gi' } });
    expect(backend.dataClaim).toBeUndefined();
  });

  test('never runs two servers on one volume: the old pod stops before the new one starts', () => {
    const { chart } = backendChart();
    expect(find(synth(chart), 'Deployment', 'mysql').spec.strategy).toEqual({ type: 'Recreate' });
  });

  test('probes: readiness over TCP, liveness over the socket, startup allowing a first boot 5 minutes, no password', () => {
    const { chart } = backendChart();
    const [mysql] = find(synth(chart), 'Deployment', 'mysql').spec.template.spec.containers;
    const tcpPing = ['mysqladmin', '--protocol=TCP', '--host=127.0.0.1', '--port=3306', '--connect-timeout=3', 'ping'];
    expect(mysql.readinessProbe).toEqual({ exec: { command: tcpPing }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 });
    expect(mysql.startupProbe).toEqual({ exec: { command: tcpPing }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 30 });
    expect(mysql.livenessProbe).toEqual({
      exec: { command: ['mysqladmin', '--protocol=SOCKET', '--socket=/var/run/mysqld/mysqld.sock', '--connect-timeout=3', 'ping'] },
      periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 6,
    });
    expect(mysql.livenessProbe).not.toEqual(mysql.readinessProbe);
    for (const probe of [mysql.readinessProbe, mysql.livenessProbe, mysql.startupProbe]) {
      for (const arg of probe.exec.command) {
        expect(arg).not.toMatch(/^-p|^--password|password|MYSQL_ROOT_PASSWORD/i);
      }
    }
  });

  test('the startup allowance is a prop', () => {
    const { chart } = backendChart({ startupAllowance: Duration.minutes(15) });
    const [mysql] = find(synth(chart), 'Deployment', 'mysql').spec.template.spec.containers;
    expect(mysql.startupProbe.periodSeconds * mysql.startupProbe.failureThreshold).toBe(900);
  });

  test('takes names, namespace, image, replicas, selector labels and resources from props', () => {
    const { chart, backend } = backendChart({
      name: 'orders',
      deploymentName: 'orders-mysql',
      namespace: 'shop',
      image: MysqlImage.MYSQL_8_0,
      replicas: 0,
      selectorLabels: { app: 'orders-db' },
      resources: { cpu: { request: kplus.Cpu.millis(500) }, memory: { request: Size.gibibytes(2), limit: Size.gibibytes(2) } },
    });
    const deployment = find(synth(chart), 'Deployment', 'orders-mysql');
    expect(deployment.metadata.namespace).toBe('shop');
    expect(deployment.spec.replicas).toBe(0);
    expect(deployment.spec.selector.matchLabels).toEqual({ app: 'orders-db' });
    expect(deployment.spec.template.metadata.labels).toEqual(expect.objectContaining({ 'app': 'orders-db', 'app.kubernetes.io/instance': 'orders' }));
    expect(deployment.spec.template.spec.containers[0].image).toBe('mysql:8.0.46');
    expect(deployment.spec.template.spec.containers[0].resources).toEqual({ requests: { cpu: '500m', memory: '2Gi' }, limits: { memory: '2Gi' } });
    expect(backend.selectorLabels).toEqual({ app: 'orders-db' });
    expect(backend.namespace).toBe('shop');
  });

  test('writes sizes and CPU amounts the way the API server stores them, whatever unit they were given in', () => {
    const { chart } = backendChart({
      resources: {
        cpu: { request: kplus.Cpu.units(0.5), limit: kplus.Cpu.millis(2000) },
        memory: { request: Size.kibibytes(524288), limit: Size.mebibytes(1536) },
      },
      storage: MysqlStorage.persistent({ size: Size.mebibytes(20480) }),
    });
    const manifests = synth(chart);
    expect(find(manifests, 'Deployment', 'mysql').spec.template.spec.containers[0].resources)
      .toEqual({ requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '2', memory: '1536Mi' } });
    expect(find(manifests, 'PersistentVolumeClaim', 'mysql-data').spec.resources.requests.storage).toBe('20Gi');
  });

  test("uses the chart's namespace when none is given", () => {
    const { chart, backend } = backendChart({}, 'team-a');
    expect(backend.namespace).toBe('team-a');
    expect(find(synth(chart), 'Deployment', 'mysql').metadata.namespace).toBe('team-a');
  });

  test('accepts any image pinned by tag or digest', () => {
    expect(MysqlImage.fromReference('registry.example.com:5000/db/mysql:8.4.9').tag).toBe('8.4.9');
    const digest = `mysql@sha256:${'a'.repeat(64)}`;
    expect(MysqlImage.fromReference(digest).reference).toBe(digest);
    expect(MysqlImage.fromReference(digest).tag).toBeUndefined();
  });

  test('the startup probe allows at least the startup allowance: whole periods of 10 s, rounded up', () => {
    const threshold = (seconds: number): number => {
      const { chart } = backendChart({ startupAllowance: Duration.seconds(seconds) });
      return find(synth(chart), 'Deployment', 'mysql').spec.template.spec.containers[0].startupProbe.failureThreshold;
    };
    expect([threshold(10), threshold(95), threshold(100), threshold(3600)]).toEqual([1, 10, 10, 360]);
  });

  test('an image pinned by digest only carries no version label', () => {
    const { chart } = backendChart({ image: MysqlImage.fromReference(`mysql@sha256:${'a'.repeat(64)}`) });
    const deployment = find(synth(chart), 'Deployment', 'mysql');
    expect(deployment.spec.template.metadata.labels).toEqual(RECOMMENDED_LABELS);
  });

  test('a selector label repeated in labels with the same value is accepted', () => {
    const { chart, backend } = backendChart({ labels: { 'app.kubernetes.io/name': 'mysql', 'team': 'orders' } });
    expect(find(synth(chart), 'Deployment', 'mysql').spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'mysql', 'app.kubernetes.io/instance': 'mysql' });
    expect(backend.podLabels).toEqual(expect.objectContaining({ 'app.kubernetes.io/name': 'mysql', 'team': 'orders' }));
  });

  test('the selector labels, pod labels and root password the backend publishes are those of its pods', () => {
    const { chart, backend } = backendChart({ name: 'orders', labels: { team: 'orders' } });
    const deployment = find(synth(chart), 'Deployment', 'orders');
    expect(backend.selectorLabels).toEqual(deployment.spec.selector.matchLabels);
    expect(backend.podLabels).toEqual(deployment.spec.template.metadata.labels);
    expect([backend.name, backend.port, backend.portName, backend.protocol, backend.image.reference]).toEqual(['orders', 3306, 'mysql', 'TCP', 'mysql:8.4.9']);
    expect(backend.rootPassword.key).toBe('password');
    expect(backend.rootPassword.secret.name).toBe('db-root');
  });

  test('an ephemeral volume without a size has no size limit', () => {
    const { chart } = backendChart({ storage: MysqlStorage.ephemeral() });
    expect(find(synth(chart), 'Deployment', 'mysql').spec.template.spec.volumes[0]).toEqual({ name: 'data', emptyDir: {} });
  });

  test('each exposure of one backend is its own construct', () => {
    const { chart, backend } = backendChart();
    const a = backend.exposeViaClusterIp({ serviceName: 'db-a' });
    const b = backend.exposeViaClusterIp({ serviceName: 'db-b' });
    expect([a.node.id, b.node.id]).toEqual(['ClusterIp', 'ClusterIp2']);
    expect(synth(chart).filter((m) => m.kind === 'Service').map((m) => m.metadata.name)).toEqual(['db-a', 'db-b']);
  });

  test('matches the snapshot', () => {
    const { chart } = backendChart();
    expect(synth(chart)).toMatchSnapshot();
  });
});

describe('MysqlBackend rejects bad input at synth', () => {
  test.each([
    [{ name: 'My_SQL' }, /invalid name "My_SQL" in MysqlBackend at 'test\/Backend': must be a DNS-1123 label/],
    [{ name: 'a'.repeat(64) }, /invalid name "a{64}" .*at most 63 characters/],
    [{ deploymentName: 'Mysql.Deployment' }, /invalid deploymentName "Mysql.Deployment" .*DNS-1123 subdomain/],
    [{ namespace: 'Shop' }, /invalid namespace "Shop" .*DNS-1123 label/],
    [{ replicas: 2 }, /invalid replicas 2 .*from 0 to 1: each pod of a Deployment is an independent mysqld/],
    [{ replicas: 0.5 }, /invalid replicas 0.5/],
    [{ labels: { 'bad key!': 'x' } }, /invalid labels key "bad key!"/],
    [{ labels: { team: '-orders' } }, /invalid labels\["team"\] "-orders"/],
    [{ labels: { team: 'x'.repeat(64) } }, /invalid labels\["team"\] "x{64}"/],
    [{ labels: { 'app.kubernetes.io/instance': 'other' } }, /invalid labels\["app.kubernetes.io\/instance"\] "other" .*it is a selector label/],
    [{ selectorLabels: {} }, /invalid selectorLabels \{\} .*at least one selector label/],
    [{ selectorLabels: { 'app/': 'mysql' } }, /invalid selectorLabels key "app\/"/],
    [{ resources: { cpu: { request: kplus.Cpu.units(2), limit: kplus.Cpu.units(1) } } },
      /invalid resources.cpu.request "2" .*must not exceed the cpu limit/],
    [{ resources: { memory: { request: Size.gibibytes(2), limit: Size.gibibytes(1) } } },
      /invalid resources.memory.request "2Gi" .*must not exceed the memory limit "1Gi"/],
    [{ resources: { cpu: { limit: kplus.Cpu.millis(NaN) } } },
      /invalid resources.cpu.limit "NaNm" in MysqlBackend at '.*': use kplus.Cpu.millis\(n\)/],
    [{ storage: MysqlStorage.persistent({ claimName: 'Data' }) }, /invalid storage.claimName "Data"/],
    [{ storage: MysqlStorage.persistent({ storageClassName: 'Fast SSD' }) }, /invalid storage.storageClassName "Fast SSD"/],
    [{ startupAllowance: Duration.seconds(5) },
      /invalid startupAllowance <Duration 5 seconds> .*must be from 10 to 3600 seconds: allow a first boot at least 10 seconds/],
    [{ startupAllowance: Duration.seconds(9) }, /invalid startupAllowance <Duration 9 seconds> .*must be from 10 to 3600 seconds/],
    [{ startupAllowance: Duration.seconds(3601) }, /invalid startupAllowance <Duration 3601 seconds> .*must be from 10 to 3600 seconds/],
  ])('fails on %p', (props, error) => {
    expect(() => backendChart(props)).toThrow(error);
  });

  test('fails without a root password Secret', () => {
    const chart = Testing.chart();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    expect(() => new MysqlBackend(chart, 'Db', {} as any)).toThrow(/invalid rootPassword undefined in MysqlBackend at 'test\/Db': pass the Secret/);
  });

  test('fails on an invalid Secret key', () => {
    const chart = Testing.chart();
    const secret = kplus.Secret.fromSecretName(chart, 'S', 'db-root');
    expect(() => new MysqlBackend(chart, 'Db', { rootPassword: { secret, key: 'pass word' } })).toThrow(/invalid rootPassword.key "pass word" in MysqlBackend at 'test\/Db': must consist of letters/);
  });

  test.each(['mysql', 'mysql:latest', 'registry:5000/mysql'])('fails on the unpinned image %p', (ref) => {
    expect(() => MysqlImage.fromReference(ref)).toThrow(/invalid mysql image .*pin an exact version with a tag or digest/);
  });
});
