// ClusterIpExposure.connect(): a cdk8s-plus workload wired to an application database in one call.
import { ApiObject, Chart, Cron, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { IClusterIpExposure, MysqlBackend } from '../lib';
import '../lib/testing/jest';
import { secret, shop } from './_fixtures';
import { find, Manifest, ofKind, podTemplates, synth } from './_manifests';

const MYSQL = (namespace: string): { namespace: string; labels: Record<string, string> } => ({
  namespace, labels: { 'app.kubernetes.io/name': 'mysql', 'app.kubernetes.io/instance': 'mysql' },
});

function api(scope: Chart, id = 'Api'): kplus.Deployment {
  return new kplus.Deployment(scope, id, {
    containers: [{ name: 'api', image: 'example/api:1.0.0', portNumber: 8080 }, { name: 'proxy', image: 'example/proxy:1.0.0' }],
  });
}

const SHOP_ENV = [
  { name: 'DB_HOST', value: 'mysql' },
  { name: 'DB_PORT', value: '3306' },
  { name: 'DB_DATABASE', value: 'shop' },
  { name: 'DB_USER', value: 'shop' },
  { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'shop-db', key: 'password' } } },
];

describe('connect() in the backend\'s namespace', () => {
  test('gives every container host, port, database, user and the password from the Secret', () => {
    // GIVEN
    const { chart, exposure } = shop();
    const deployment = api(chart);
    // WHEN
    const wired = exposure.connect(deployment);
    // THEN
    const pod = podTemplates(Testing.synth(chart)).find((p) => p.kind === 'Deployment' && p.name !== 'mysql')!;
    for (const container of pod.spec.containers) {
      expect(container.env).toEqual(SHOP_ENV);
    }
    expect(wired.env).toEqual({ host: 'DB_HOST', port: 'DB_PORT', database: 'DB_DATABASE', user: 'DB_USER', password: 'DB_PASSWORD' });
    expect(wired.containers).toEqual(['api', 'proxy']);
    expect({ host: wired.host, port: wired.port, database: wired.database, user: wired.user }).toEqual({ host: 'mysql', port: 3306, database: 'shop', user: 'shop' });
    expect(wired.networkPolicy).toBe(exposure.networkPolicy);
    expect(wired.egressPolicy).toBeUndefined();
  });

  test('host and port reach the mysql container through the Service', () => {
    const { chart, exposure } = shop();
    exposure.connect(api(chart));
    const manifests = Testing.synth(chart);
    const service = find(manifests, 'Service', 'mysql');
    expect(service.spec.ports).toEqual([{ name: 'mysql', port: 3306, protocol: 'TCP', targetPort: 'mysql' }]);
    const db = find(manifests, 'Deployment', 'mysql').spec.template;
    expect(service.spec.selector).toEqual({ 'app.kubernetes.io/name': 'mysql', 'app.kubernetes.io/instance': 'mysql' });
    expect(Object.entries(service.spec.selector).every(([k, v]) => db.metadata.labels[k] === v)).toBe(true);
    expect(db.spec.containers[0].ports).toEqual([{ name: 'mysql', containerPort: 3306, protocol: 'TCP' }]);
    // the server sets the user's password from the same Secret key the client reads
    expect(db.spec.containers[0].env).toContainEqual({ name: 'MYSQL_APP_PASSWORD_shop', valueFrom: { secretKeyRef: { name: 'shop-db', key: 'password' } } });
  });

  test("the database's NetworkPolicy admits the workload's pods, by the labels read from it, and no others", () => {
    const { chart, exposure } = shop();
    const deployment = api(chart);
    api(chart, 'Other');
    const wired = exposure.connect(deployment);
    const manifests = Testing.synth(chart);
    const [apiPod, otherPod] = ['Api', 'Other'].map((id) => podTemplates(manifests).find((p) => p.name.startsWith(`shop-${id.toLowerCase()}`))!);
    expect(wired.peer).toEqual({ peerNamespace: 'shop', peerSelector: deployment.matchLabels });
    expect(find(manifests, 'NetworkPolicy', 'mysql-ingress').spec.ingress).toEqual([{
      from: [{ podSelector: { matchLabels: deployment.matchLabels } }], ports: [{ port: 3306, protocol: 'TCP' }],
    }]);
    expect(manifests).toAllowConnection(apiPod, MYSQL('shop'), 3306);
    expect(manifests).not.toAllowConnection(otherPod, MYSQL('shop'), 3306);
  });

  test('passes the manifest checker and the wiring matcher', () => {
    const { chart, exposure } = shop();
    exposure.connect(api(chart), { url: true });
    expect(chart).toHaveConsistentWiring();
  });

  test('only the containers named, with another prefix', () => {
    const { chart, exposure } = shop();
    const wired = exposure.connect(api(chart), { containers: ['api'], envPrefix: 'MYSQL_' });
    const pod = podTemplates(Testing.synth(chart)).find((p) => p.name.startsWith('shop-api'))!;
    const [apiContainer, proxy] = pod.spec.containers;
    expect(apiContainer.env.map((e: Manifest) => e.name)).toEqual(['MYSQL_HOST', 'MYSQL_PORT', 'MYSQL_DATABASE', 'MYSQL_USER', 'MYSQL_PASSWORD']);
    expect(proxy.env).toBeUndefined();
    expect(wired.containers).toEqual(['api']);
  });

  test('a URL built by the kubelet from the other variables, after them', () => {
    const { chart, exposure } = shop();
    const wired = exposure.connect(api(chart), { url: true });
    const [container] = podTemplates(Testing.synth(chart)).find((p) => p.name.startsWith('shop-api'))!.spec.containers;
    expect(container.env).toEqual([...SHOP_ENV, { name: 'DB_URL', value: 'mysql://$(DB_USER):$(DB_PASSWORD)@$(DB_HOST):$(DB_PORT)/$(DB_DATABASE)' }]);
    expect(wired.env.url).toBe('DB_URL');
  });

  test('an egress policy to the database port and DNS only when asked for', () => {
    const { chart, exposure } = shop();
    const deployment = api(chart);
    const wired = exposure.connect(deployment, { egress: true });
    const manifests = Testing.synth(chart);
    const egress = ofKind(manifests, 'NetworkPolicy').find((p) => p.spec.policyTypes.includes('Egress'))!;
    expect(egress.metadata.name).toBe(`${deployment.name}-mysql-egress`);
    expect(egress.spec.podSelector).toEqual({ matchLabels: deployment.matchLabels });
    expect(egress.spec.egress[0]).toEqual({
      to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'mysql', 'app.kubernetes.io/instance': 'mysql' } } }],
      ports: [{ port: 3306, protocol: 'TCP' }],
    });
    expect(egress.spec.egress[1].ports).toEqual([{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }]);
    expect(wired.egressPolicy).toBeDefined();
    const pod = podTemplates(manifests).find((p) => p.name.startsWith('shop-api'))!;
    expect(manifests).toAllowConnection(pod, MYSQL('shop'), 3306);
    expect(chart).toHaveConsistentWiring();
  });

  test('a workload connected to two databases behind one Service, with egress, gets one egress policy', () => {
    const { chart, exposure } = shop((c) => [{ name: 'a', password: secret(c, 'a') }, { name: 'b', password: secret(c, 'b') }]);
    const deployment = api(chart);
    const first = exposure.connect(deployment, { database: 'a', envPrefix: 'A_', egress: true });
    const second = exposure.connect(deployment, { database: 'b', envPrefix: 'B_', egress: true });
    expect(second.egressPolicy).toBe(first.egressPolicy);
    expect(ofKind(Testing.synth(chart), 'NetworkPolicy').map((p) => p.metadata.name)).toEqual(['mysql-ingress', `${deployment.name}-mysql-egress`]);
  });

  test('picks the database by name when the backend has several', () => {
    const { chart, exposure } = shop((c) => [
      { name: 'shop', password: secret(c, 'shop-db') },
      { name: 'blog_data', user: 'blogger', password: secret(c, 'blog-db') },
    ]);
    const wired = exposure.connect(api(chart), { database: 'blog_data' });
    expect({ user: wired.user, database: wired.database, secret: wired.password.secret.name }).toEqual({ user: 'blogger', database: 'blog_data', secret: 'blog-db' });
  });

  test('works through the IClusterIpExposure interface', () => {
    const { chart, exposure } = shop();
    const asInterface: IClusterIpExposure = exposure;
    expect(asInterface.connect(api(chart)).user).toBe('shop');
  });

  test('matches the snapshot', () => {
    const { chart, exposure } = shop();
    exposure.connect(api(chart), { url: true, egress: true });
    expect(synthLoose(chart)).toMatchSnapshot();
  });
});

/** The manifests of a chart with cdk8s-plus's own workloads, whose default resources are not in the server's canonical form. */
function synthLoose(chart: Chart): Manifest[] {
  return Testing.synth(chart);
}

describe('connect() from another namespace', () => {
  test('dials the fully qualified name, reads the copy of the Secret in its own namespace, and is admitted there', () => {
    // GIVEN
    const { app, chart, exposure } = shop();
    const web = new Chart(app, 'web', { namespace: 'web' });
    const deployment = api(web);
    // WHEN
    const wired = exposure.connect(deployment, { password: secret(web, 'shop-db-copy') });
    // THEN
    const [container] = podTemplates(Testing.synth(web)).find((p) => p.name.startsWith('web-api'))!.spec.containers;
    expect(container.env).toEqual([
      { name: 'DB_HOST', value: 'mysql.shop.svc.cluster.local' },
      ...SHOP_ENV.slice(1, 4),
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'shop-db-copy', key: 'password' } } },
    ]);
    expect(wired.peer.peerNamespace).toBe('web');
    expect(find(synth(chart), 'NetworkPolicy', 'mysql-ingress').spec.ingress[0].from).toEqual([{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'web' } }, podSelector: { matchLabels: deployment.matchLabels },
    }]);
    const pod = podTemplates(Testing.synth(web)).find((p) => p.name.startsWith('web-api'))!;
    expect([...synth(chart), ...Testing.synth(web)]).toAllowConnection(pod, MYSQL('shop'), 3306);
    expect([...synth(chart), ...Testing.synth(web)]).not.toAllowConnection({ ...pod, namespace: 'other' }, MYSQL('shop'), 3306);
  });

  test('fails without a password Secret in its namespace, naming the fix', () => {
    const { app, exposure } = shop();
    const web = new Chart(app, 'web', { namespace: 'web' });
    expect(() => exposure.connect(api(web))).toThrow('invalid namespace "web" in ClusterIpExposure at \'shop/Db/ClusterIp\': the password Secret "shop-db" '
      + 'of shop is in namespace "shop" and a pod can only read Secrets of its own: pass `password` with a Secret in "web"');
  });
});

describe('connect() with every kind of cdk8s-plus workload', () => {
  const kinds: [string, (c: Chart) => kplus.AbstractPod][] = [
    ['StatefulSet', (c) => new kplus.StatefulSet(c, 'W', {
      containers: [{ image: 'example/w:1.0.0' }],
      service: new kplus.Service(c, 'Headless', { clusterIP: 'None', ports: [{ port: 80 }] }),
    })],
    ['Job', (c) => new kplus.Job(c, 'W', { containers: [{ image: 'example/w:1.0.0' }] })],
    ['CronJob', (c) => new kplus.CronJob(c, 'W', { schedule: Cron.daily(), containers: [{ image: 'example/w:1.0.0' }] })],
    ['Pod', (c) => new kplus.Pod(c, 'W', { containers: [{ image: 'example/w:1.0.0' }] })],
  ];
  test.each(kinds)('%s: its pods get the variables and are admitted', (kind, make) => {
    const { chart, exposure } = shop();
    exposure.connect(make(chart));
    const manifests = Testing.synth(chart);
    const pod = podTemplates(manifests).find((p) => p.kind === kind)!;
    expect(pod.spec.containers[0].env).toEqual(SHOP_ENV);
    expect(manifests).toAllowConnection(pod, MYSQL('shop'), 3306);
  });
});

describe('connect() rejects what it cannot wire', () => {
  test('fails on a backend without application databases: never root', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c', { namespace: 'shop' });
    const exposure = new MysqlBackend(chart, 'Db', { rootPassword: secret(chart, 'db-root') }).exposeViaClusterIp();
    expect(() => exposure.connect(api(chart)))
      .toThrow(/invalid backend "mysql" .*it creates no application database, and a client never logs in as root/);
  });

  test('fails when the backend has several databases and none is named, listing them', () => {
    const { chart, exposure } = shop((c) => [{ name: 'a', password: secret(c, 'a') }, { name: 'b', password: secret(c, 'b') }]);
    expect(() => exposure.connect(api(chart))).toThrow(/invalid database undefined .*the backend has 2 \(a, b\): name one with `database`/);
    expect(() => exposure.connect(api(chart, 'Api2'), { database: 'c' })).toThrow(/invalid database "c" .*has no such database: use one of a, b/);
  });

  test('fails on an unknown container, listing the workload\'s', () => {
    const { chart, exposure } = shop();
    expect(() => exposure.connect(api(chart), { containers: ['app'] })).toThrow(/invalid container "app" .*has no such container: use one of "api", "proxy"/);
  });

  test('fails on a prefix that makes invalid names, or names the container has already', () => {
    const { chart, exposure } = shop();
    expect(() => exposure.connect(api(chart), { envPrefix: '1_' })).toThrow(/invalid envPrefix "1_" .*makes the env var name "1_HOST"/);
    const deployment = api(chart, 'Api2');
    deployment.containers[1].env.addVariable('DB_HOST', kplus.EnvValue.fromValue('legacy'));
    expect(() => exposure.connect(deployment))
      .toThrow(/invalid envPrefix "DB_" .*container "proxy" of Deployment at 'shop\/Api2' has DB_HOST already: choose another prefix/);
    // nothing changed: the first container got no variable
    expect(Object.keys(deployment.containers[0].env.variables)).toEqual([]);
  });

  test('fails on something that is not a cdk8s-plus workload', () => {
    const { exposure } = shop();
    expect(() => exposure.connect({} as kplus.Deployment))
      .toThrow(/invalid workload {} .*pass a cdk8s-plus Deployment, StatefulSet, Job, CronJob, DaemonSet or Pod/);
  });
});

describe('the wiring matcher over a connected chart', () => {
  function broken(patch: (chart: Chart, deployment: kplus.Deployment) => void): Chart {
    const { chart, exposure } = shop();
    const deployment = api(chart);
    exposure.connect(deployment);
    patch(chart, deployment);
    return chart;
  }

  test("fails when the user's Secret name is changed by hand, naming the Secret the server uses", () => {
    const chart = broken((_, d) => ApiObject.of(d).addJsonPatch(JsonPatch.replace('/spec/template/spec/containers/0/env/4/valueFrom/secretKeyRef/name', 'shop-dbx')));
    expect(() => expect(chart).toHaveConsistentWiring()).toThrow(new RegExp('client-wrong-secret .*\\n.*env DB_PASSWORD reads Secret shop-dbx key password to log in as shop '
      + '\\(DB_USER\\), but the server of Service shop/mysql \\(Deployment shop/mysql\\) sets that user\'s password from Secret shop-db key password'));
  });

  test('fails when the port is changed by hand, naming the env var and the Service', () => {
    const chart = broken((_, d) => ApiObject.of(d).addJsonPatch(JsonPatch.replace('/spec/template/spec/containers/0/env/1/value', '3307')));
    expect(() => expect(chart).toHaveConsistentWiring()).toThrow(/client-wrong-port .*\n.*env DB_PORT dials port 3307 on Service shop\/mysql/);
  });

  test('fails when the pod labels are changed by hand, naming the policy that blocks', () => {
    const chart = broken((_, d) => ApiObject.of(d).addJsonPatch(JsonPatch.replace('/spec/template/metadata/labels/cdk8s.io~1metadata.addr', 'renamed')));
    expect(() => expect(chart).toHaveConsistentWiring())
      .toThrow(/netpol-blocks-client .*\n.*DB_HOST=mysql cannot reach Service shop\/mysql: ingress .* limited by NetworkPolicy shop\/mysql-ingress/);
  });
});
