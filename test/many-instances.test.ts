// Several databases in one app: in one chart, in several namespaces, in several charts. Object names and
// selectors must not collide, and each client must reach its own database by a name that resolves from
// where it runs.
import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { DebugClient, MysqlBackend } from '../lib';
import { envValue, find, identities, Manifest, matches, ofKind, podTemplates, selectedPods, synth } from './_manifests';

function secret(chart: Chart, name: string, namespace?: string): kplus.SecretValue {
  // A Secret reference in another namespace than the chart's is its own construct.
  const id = `Secret-${namespace ?? 'chart'}-${name}`;
  return { secret: kplus.Secret.fromSecretName(chart, id, name), key: 'password' };
}

function backend(chart: Chart, id: string, props: { name: string; namespace?: string }): MysqlBackend {
  return new MysqlBackend(chart, id, { ...props, rootPassword: secret(chart, `${props.name}-root`, props.namespace) });
}

/** No two objects share kind, namespace and name; every selector picks exactly its own pods. */
function expectIsolated(manifests: Manifest[]): void {
  const ids = identities(manifests);
  expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  const pods = podTemplates(manifests);
  for (const deployment of ofKind(manifests, 'Deployment')) {
    const namespace = deployment.metadata.namespace ?? 'default';
    const selected = pods.filter((p) => p.namespace === namespace && matches(deployment.spec.selector.matchLabels, p.labels));
    expect({ deployment: deployment.metadata.name, selects: selected.map((p) => p.name) })
      .toEqual({ deployment: deployment.metadata.name, selects: [deployment.metadata.name] });
  }
  for (const service of ofKind(manifests, 'Service')) {
    expect(selectedPods(service, manifests).map((p) => p.kind)).toEqual(['Deployment']);
  }
}

/** The Service a client's MYSQL_HOST resolves to, from the client's namespace, as cluster DNS would. */
function serviceFor(host: string, clientNamespace: string, manifests: Manifest[]): Manifest {
  const [name, namespace = clientNamespace, ...rest] = host.split('.');
  expect(rest.length === 0 || rest.join('.') === 'svc.cluster.local').toBe(true);
  return find(manifests.filter((m) => (m.metadata.namespace ?? 'default') === namespace), 'Service', name);
}

describe('many instances', () => {
  test('two backends in one chart and one namespace: distinct names, selectors and Services', () => {
    const chart = Testing.chart();
    const orders = backend(chart, 'Orders', { name: 'orders-db' });
    const users = backend(chart, 'Users', { name: 'users-db' });
    orders.exposeViaClusterIp();
    users.exposeViaClusterIp();
    const manifests = synth(chart);

    expectIsolated(manifests);
    expect(orders.selectorLabels).not.toEqual(users.selectorLabels);
    expect(selectedPods(find(manifests, 'Service', 'orders-db'), manifests).map((p) => p.name)).toEqual(['orders-db']);
    expect(selectedPods(find(manifests, 'Service', 'users-db'), manifests).map((p) => p.name)).toEqual(['users-db']);
  });

  test('the same name in two namespaces of one chart: objects and selections stay per namespace', () => {
    const chart = Testing.chart();
    const shop = backend(chart, 'Shop', { name: 'mysql', namespace: 'shop' });
    const blog = backend(chart, 'Blog', { name: 'mysql', namespace: 'blog' });
    const shopDb = shop.exposeViaClusterIp();
    const blogDb = blog.exposeViaClusterIp();
    const manifests = synth(chart);

    expectIsolated(manifests);
    expect(identities(manifests).filter((id) => id.startsWith('Service/'))).toEqual(['Service/shop/mysql', 'Service/blog/mysql']);
    expect(shopDb.dnsName).toBe('mysql.shop.svc.cluster.local');
    expect(blogDb.dnsName).toBe('mysql.blog.svc.cluster.local');
  });

  test('backends in charts of their own, in different namespaces, in one app', () => {
    const app = Testing.app();
    const charts = ['shop', 'blog', 'wiki'].map((namespace) => new Chart(app, namespace, { namespace }));
    for (const chart of charts) {
      backend(chart, 'Db', { name: 'db' }).exposeViaClusterIp();
    }
    const manifests = charts.flatMap((chart) => synth(chart));

    expectIsolated(manifests);
    expect(ofKind(manifests, 'Service').map((s) => `${s.metadata.namespace}/${s.metadata.name}`)).toEqual(['shop/db', 'blog/db', 'wiki/db']);
  });

  test('a client in another namespace gets the namespace-qualified DNS name; one in the same namespace the short name', () => {
    const app = new App();
    const data = new Chart(app, 'data', { namespace: 'data' });
    const tools = new Chart(app, 'tools', { namespace: 'tools' });
    const orders = backend(data, 'Orders', { name: 'orders-db' }).exposeViaClusterIp();
    const users = backend(data, 'Users', { name: 'users-db' }).exposeViaClusterIp();

    const local = new DebugClient(data, 'Local', { exposure: orders, name: 'orders-client' });
    // A client's namespace defaults to its exposure's, not to its chart's: name the other one.
    const remote = (id: string, exposure: typeof orders, name: string) =>
      new DebugClient(tools, id, { exposure, name, namespace: 'tools', password: secret(tools, `${exposure.serviceName}-client`) });
    const remoteOrders = remote('Orders', orders, 'orders-client');
    const remoteUsers = remote('Users', users, 'users-client');

    expect(local.host).toBe('orders-db');
    expect(remoteOrders.host).toBe('orders-db.data.svc.cluster.local');
    expect(remoteUsers.host).toBe('users-db.data.svc.cluster.local');
    expect(remoteOrders.namespace).toBe('tools');

    const manifests = [...synth(data), ...synth(tools)];
    expectIsolated(manifests);
    const clients = podTemplates(manifests).filter((p) => p.kind === 'Pod');
    expect(clients.map((c) => `${c.namespace}/${c.name}`)).toEqual(['data/orders-client', 'tools/orders-client', 'tools/users-client']);
    for (const client of clients) {
      // Each client reaches its own database: host resolves to a Service that selects that backend's pods.
      const service = serviceFor(envValue(client, 'MYSQL_HOST')!, client.namespace, manifests);
      const [database] = selectedPods(service, manifests);
      expect(database.name).toBe(client.name.replace(/-client$/, '-db'));
      expect(envValue(client, 'MYSQL_TCP_PORT')).toBe(String(service.spec.ports[0].port));
      // ... with a password Secret of its own namespace.
      const pwd = client.spec.containers[0].env.find((e: Manifest) => e.name === 'MYSQL_PWD');
      expect(pwd.valueFrom.secretKeyRef.name).toBe(client.namespace === 'data' ? 'orders-db-root' : client.name.replace(/-client$/, '-db-client'));
    }
  });
});
