import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ClusterIpExposure, MysqlClientPeer } from '../lib';
import { backendChart } from './_fixtures';
import { Endpoint, find, resolveTargetPort, selectedPods, synth } from './_manifests';

describe('ClusterIpExposure', () => {
  test("selects the backend's pods by its selector labels and targets the named container port", () => {
    // GIVEN
    const { chart, backend } = backendChart();
    // WHEN
    const exposure = backend.exposeViaClusterIp();
    const manifests = synth(chart);
    // THEN
    const service = find(manifests, 'Service', 'mysql');
    expect(service.spec.type).toBe('ClusterIP');
    expect(service.spec.selector).toEqual({ 'app.kubernetes.io/name': 'mysql', 'app.kubernetes.io/instance': 'mysql' });
    expect(service.spec.ports).toEqual([{ name: 'mysql', port: 3306, targetPort: 'mysql', protocol: 'TCP' }]);
    const pods = selectedPods(service, manifests);
    expect(pods.map((p) => p.name)).toEqual(['mysql']);
    expect(resolveTargetPort(service.spec.ports[0], pods[0])).toEqual({ name: 'mysql', containerPort: 3306, protocol: 'TCP' });
    expect(exposure.serviceName).toBe('mysql');
    expect(exposure.port).toBe(3306);
  });

  test('exposes the service name, namespace, DNS name, port and the cdk8s-plus Service', () => {
    const { backend } = backendChart({ namespace: 'shop' });
    const exposure = backend.exposeViaClusterIp({ serviceName: 'orders-db', port: 13306 });
    expect(exposure.serviceName).toBe('orders-db');
    expect(exposure.namespace).toBe('shop');
    expect(exposure.dnsName).toBe('orders-db.shop.svc.cluster.local');
    expect(exposure.port).toBe(13306);
    expect(exposure.service).toBeInstanceOf(kplus.Service);
    expect(exposure.service.name).toBe('orders-db');
    expect(exposure.hostFor('shop')).toBe('orders-db');
    expect(exposure.hostFor('web')).toBe('orders-db.shop.svc.cluster.local');
  });

  test('with no namespace on the props or the chart: no metadata.namespace, the short name, no namespaceSelector', () => {
    // GIVEN a chart without a namespace
    const { chart, backend } = backendChart();
    // WHEN
    const exposure = backend.exposeViaClusterIp({ serviceName: 'db' });
    exposure.allowFrom(MysqlClientPeer.fromLabels({ app: 'api' }));
    const manifests = synth(chart);
    // THEN every object lands in the namespace it is applied to
    expect(manifests.filter((m) => m.metadata.namespace !== undefined)).toEqual([]);
    expect(exposure.namespace).toBeUndefined();
    // clients applied with it dial the short name; a peer without a namespace is in the same namespace
    expect(exposure.hostFor()).toBe('db');
    expect(find(manifests, 'NetworkPolicy', 'db-ingress').spec.ingress[0].from).toEqual([{ podSelector: { matchLabels: { app: 'api' } } }]);
    // the DNS name depends on where it lands: asking for it, or reaching it from a named namespace, is an error
    expect(() => exposure.dnsName)
      .toThrow(/the DNS name of Service "db" in ClusterIpExposure at 'test\/Backend\/ClusterIp' is not known at synth: it has no namespace/);
    expect(() => exposure.hostFor('web')).toThrow(new RegExp('cannot reach Service "db" of ClusterIpExposure at \'test/Backend/ClusterIp\' from namespace "web": '
      + 'the Service has no namespace .*give the backend \\(or its chart\\) a namespace'));
  });

  test('a peer in a named namespace is named with a namespaceSelector, even from a Service without a namespace', () => {
    const { chart, backend } = backendChart();
    const exposure = backend.exposeViaClusterIp({ serviceName: 'db' });
    exposure.allowFrom(MysqlClientPeer.fromLabels({ app: 'api' }, 'web'));
    expect(find(synth(chart), 'NetworkPolicy', 'db-ingress').spec.ingress[0].from).toEqual([{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'web' } }, podSelector: { matchLabels: { app: 'api' } },
    }]);
  });

  test("with a namespace (the chart's), every object carries it", () => {
    const { chart, backend } = backendChart({}, 'shop');
    const exposure = backend.exposeViaClusterIp({ serviceName: 'db' });
    const manifests = synth(chart);
    expect(manifests.map((m) => `${m.kind} ${m.metadata.namespace}`)).toEqual(
      ['PersistentVolumeClaim shop', 'Deployment shop', 'Service shop', 'NetworkPolicy shop']);
    expect(exposure.dnsName).toBe('db.shop.svc.cluster.local');
    expect(exposure.hostFor()).toBe('db.shop.svc.cluster.local');
  });

  test("writes no empty externalIPs list (cdk8s-plus's Service does): the server stores none, so apply would never converge", () => {
    const { chart, backend } = backendChart();
    backend.exposeViaClusterIp({ serviceName: 'db' });
    expect(find(synth(chart), 'Service', 'db').spec).not.toHaveProperty('externalIPs');
  });

  test('a different Service port still forwards to the container port by name', () => {
    const { chart, backend } = backendChart();
    backend.exposeViaClusterIp({ serviceName: 'db', port: 13306 });
    const service = find(synth(chart), 'Service', 'db');
    expect(service.spec.ports).toEqual([{ name: 'mysql', port: 13306, targetPort: 'mysql', protocol: 'TCP' }]);
  });

  test('one backend can be exposed twice, and the constructor works like the method', () => {
    const { chart, backend } = backendChart();
    backend.exposeViaClusterIp({ serviceName: 'db-a' });
    backend.exposeViaClusterIp({ serviceName: 'db-b' });
    new ClusterIpExposure(chart, 'Direct', { backend, serviceName: 'db-c', labels: { tier: 'data' } });
    const manifests = synth(chart);
    for (const name of ['db-a', 'db-b', 'db-c']) {
      expect(find(manifests, 'Service', name).spec.selector).toEqual(backend.selectorLabels);
    }
    expect(find(manifests, 'Service', 'db-c').metadata.labels.tier).toBe('data');
  });

  test('admits no pod to the database port until peers are allowed', () => {
    const { chart, backend } = backendChart();
    const exposure = backend.exposeViaClusterIp({ serviceName: 'db' });
    const policy = find(synth(chart), 'NetworkPolicy', 'db-ingress');
    // no ingress rule at all under policyTypes Ingress: nothing is admitted (and no `ingress: []` the server would drop)
    expect(policy.spec).toEqual({
      podSelector: { matchLabels: backend.selectorLabels },
      policyTypes: ['Ingress'],
    });
    expect(exposure.allowedPeers).toEqual([]);
  });

  test('allowFrom admits pods by labels on the container port, in the same or another namespace', () => {
    const { chart, backend } = backendChart({ namespace: 'db' });
    const exposure = backend.exposeViaClusterIp({ serviceName: 'orders-db', port: 13306 });
    exposure.allowFrom(MysqlClientPeer.fromLabels({ app: 'api' }, 'db'), MysqlClientPeer.fromLabels({ app: 'web' }, 'shop'));
    exposure.allowFrom(MysqlClientPeer.fromLabels({ app: 'api' }, 'db')); // a repeat changes nothing
    const manifests = synth(chart);
    const policy = find(manifests, 'NetworkPolicy', 'orders-db-ingress');
    expect(policy.metadata.namespace).toBe('db');
    expect(policy.spec.ingress).toEqual([{
      from: [
        { podSelector: { matchLabels: { app: 'api' } } },
        { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } }, podSelector: { matchLabels: { app: 'web' } } },
      ],
      // NetworkPolicy ports are pod ports: 3306, not the Service's 13306.
      ports: [{ protocol: 'TCP', port: 3306 }],
    }]);
    const mysql: Endpoint = { namespace: 'db', labels: backend.podLabels as Record<string, string> };
    expect(manifests).toAllowConnection({ namespace: 'db', labels: { app: 'api' } }, mysql, 3306);
    expect(manifests).toAllowConnection({ namespace: 'shop', labels: { app: 'web' } }, mysql, 3306);
    expect(manifests).not.toAllowConnection({ namespace: 'db', labels: { app: 'web' } }, mysql, 3306);
    expect(manifests).not.toAllowConnection({ namespace: 'db', labels: { app: 'api' } }, mysql, 22);
  });

  test('writes no NetworkPolicy when turned off', () => {
    const { chart, backend } = backendChart();
    const exposure = backend.exposeViaClusterIp({ networkPolicy: false });
    exposure.allowFrom(MysqlClientPeer.fromLabels({ app: 'api' }, 'default'));
    expect(synth(chart).filter((m) => m.kind === 'NetworkPolicy')).toEqual([]);
    expect(exposure.networkPolicy).toBeUndefined();
  });

  test('matches the snapshot', () => {
    const { chart, backend } = backendChart();
    backend.exposeViaClusterIp({ serviceName: 'mysql-service' });
    expect(synth(chart)).toMatchSnapshot();
  });
});

describe('ClusterIpExposure rejects bad input at synth', () => {
  test.each([
    [{ serviceName: 'MySQL_Svc' }, /invalid serviceName "MySQL_Svc" in ClusterIpExposure at 'test\/Backend\/ClusterIp': must be a DNS-1035 label/],
    [{ serviceName: '1mysql' }, /invalid serviceName "1mysql" .*starting with a letter/],
    [{ serviceName: 'mysql.svc' }, /invalid serviceName "mysql.svc"/],
    [{ serviceName: `s${'x'.repeat(63)}` }, /at most 63 characters/],
    [{ port: 0 }, /invalid port 0 .*from 1 to 65535/],
    [{ port: 65536 }, /invalid port 65536/],
    [{ port: 33.5 }, /invalid port 33.5/],
    [{ labels: { '': 'x' } }, /invalid labels key ""/],
  ])('fails on %p', (options, error) => {
    const { backend } = backendChart();
    expect(() => backend.exposeViaClusterIp(options)).toThrow(error);
  });

  test('fails on a peer with no labels', () => {
    expect(() => MysqlClientPeer.fromLabels({}, 'web')).toThrow(/invalid client peer labels \{\} in MysqlClientPeer.fromLabels\(\): name at least one label/);
    const { backend } = backendChart();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    expect(() => backend.exposeViaClusterIp().allowFrom({ peerNamespace: 'web', peerSelector: {} } as any)).toThrow(/invalid client peer/);
  });

  test.each<[unknown, string]>([
    [undefined, 'undefined'], [null, 'null'], ['api', '"api"'], [{ peerSelector: {} }, '{"peerSelector":{}}'], [{ peerNamespace: 'web' }, '{"peerNamespace":"web"}'],
  ])('fails on the client peer %p, naming what allowFrom takes', (peer, shown) => {
    const { backend } = backendChart();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    expect(() => backend.exposeViaClusterIp().allowFrom(peer as any)).toThrow(new Error(`invalid client peer ${shown} in ClusterIpExposure at 'test/Backend/ClusterIp': `
      + 'pass a cdk8s-plus workload or pod, a DebugClient, a MysqlConnectivityCheck or MysqlClientPeer.fromLabels(labels, namespace)'));
  });

  test('fails in a chart with a namespace for a backend without one', () => {
    const { backend } = backendChart();
    const other = new Chart(Testing.app(), 'other', { namespace: 'shop' });
    expect(() => new ClusterIpExposure(other, 'Db', { backend }))
      .toThrow(/invalid namespace "shop" in ClusterIpExposure at 'other\/Db': the backend has no namespace, so its Service must have none either/);
  });

  test('fails without a backend', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    expect(() => new ClusterIpExposure(Testing.chart(), 'Svc', {} as any)).toThrow(/invalid backend undefined in ClusterIpExposure at 'test\/Svc': pass the MysqlBackend/);
  });
});
