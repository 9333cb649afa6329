import { Testing } from 'cdk8s';
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
    expect(policy.spec).toEqual({
      podSelector: { matchLabels: backend.selectorLabels },
      policyTypes: ['Ingress'],
      ingress: [],
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
    [{ serviceName: 'MySQL_Svc' }, /invalid service name "MySQL_Svc" in ClusterIpExposure at 'test\/Backend\/ClusterIp': must be a DNS-1035 label/],
    [{ serviceName: '1mysql' }, /invalid service name "1mysql" .*starting with a letter/],
    [{ serviceName: 'mysql.svc' }, /invalid service name "mysql.svc"/],
    [{ serviceName: `s${'x'.repeat(63)}` }, /at most 63 characters/],
    [{ port: 0 }, /invalid port 0 .*from 1 to 65535/],
    [{ port: 65536 }, /invalid port 65536/],
    [{ port: 33.5 }, /invalid port 33.5/],
    [{ labels: { '': 'x' } }, /invalid label key ""/],
  ])('fails on %p', (options, error) => {
    const { backend } = backendChart();
    expect(() => backend.exposeViaClusterIp(options)).toThrow(error);
  });

  test('fails on a peer with no labels', () => {
    expect(() => MysqlClientPeer.fromLabels({}, 'web')).toThrow(/invalid client peer labels \{\}: name at least one label/);
    const { backend } = backendChart();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    expect(() => backend.exposeViaClusterIp().allowFrom({ peerNamespace: 'web', peerSelector: {} } as any)).toThrow(/invalid client peer/);
  });

  test('fails without a backend', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    expect(() => new ClusterIpExposure(Testing.chart(), 'Svc', {} as any)).toThrow(/invalid backend undefined in ClusterIpExposure at 'test\/Svc': pass the MysqlBackend/);
  });
});
