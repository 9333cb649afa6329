import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { DebugClient, MysqlImage } from '../lib';
import { CLIENT_ENV, exposureChart } from './_fixtures';
import { CLUSTER_DNS, Endpoint, envValue, find, matches, podTemplates, synth } from './_manifests';

const setup = exposureChart;

describe('DebugClient', () => {
  test("dials the exposure's Service name and port, with the password from the Secret", () => {
    // GIVEN
    const { chart, exposure } = setup();
    // WHEN
    const client = new DebugClient(chart, 'Client', { exposure });
    const manifests = synth(chart);
    // THEN
    const pod = find(manifests, 'Pod', 'mysql-client');
    const [container] = pod.spec.containers;
    expect(container.env).toEqual(CLIENT_ENV);
    expect(client.host).toBe('mysql-service');
  });

  test('uses an image that has the mysql client, and installs nothing at run time', () => {
    const { chart, exposure } = setup({ image: MysqlImage.MYSQL_8_4 });
    new DebugClient(chart, 'Client', { exposure });
    const [container] = find(synth(chart), 'Pod', 'mysql-client').spec.containers;
    expect(container.image).toBe('mysql:8.4.9');
    expect(JSON.stringify(container)).not.toMatch(/apt-get|yum|microdnf/);
    // Sleeps until deleted, and leaves at once on SIGTERM.
    expect(container.command).toEqual(['/bin/bash', '-c', 'trap "exit 0" TERM; sleep infinity & wait']);
  });

  test('never carries a password on its command line or in a literal env value', () => {
    const { chart, exposure } = setup();
    new DebugClient(chart, 'Client', { exposure });
    const [container] = find(synth(chart), 'Pod', 'mysql-client').spec.containers;
    expect(container.command.join(' ')).not.toMatch(/-p|--password/);
    expect(container.env.find((e: { name: string }) => e.name === 'MYSQL_PWD').value).toBeUndefined();
  });

  test("its labels do not match the exposure's selector", () => {
    const { chart, exposure } = setup();
    new DebugClient(chart, 'Client', { exposure, labels: { team: 'orders' } });
    const service = find(synth(chart), 'Service', 'mysql-service');
    const client = podTemplates(synth(chart)).find((p) => p.kind === 'Pod')!;
    expect(matches(service.spec.selector, client.labels)).toBe(false);
    expect(client.labels.team).toBe('orders');
  });

  test('from another namespace it dials the fully qualified DNS name with a Secret of its own namespace', () => {
    const { chart, exposure } = setup({ namespace: 'db' });
    new DebugClient(chart, 'Client', {
      exposure,
      namespace: 'web',
      password: { secret: kplus.Secret.fromSecretName(chart, 'WebSecret', 'web-db-password'), key: 'pw' },
    });
    const pod = podTemplates(synth(chart)).find((p) => p.kind === 'Pod')!;
    expect(pod.namespace).toBe('web');
    expect(envValue(pod, 'MYSQL_HOST')).toBe('mysql-service.db.svc.cluster.local');
    expect(pod.spec.containers[0].env).toContainEqual({ name: 'MYSQL_PWD', valueFrom: { secretKeyRef: { name: 'web-db-password', key: 'pw' } } });
  });

  test('may reach only the backend pods on the database port, and DNS; the backend admits it', () => {
    const { chart, backend } = setup({ namespace: 'db' });
    const exposure = backend.exposeViaClusterIp({ serviceName: 'alt', port: 13306 });
    const client = new DebugClient(chart, 'Client', { exposure });
    const manifests = synth(chart);
    const egress = find(manifests, 'NetworkPolicy', 'mysql-client-egress');
    expect(egress.spec.podSelector).toEqual({ matchLabels: client.peerSelector });
    expect(egress.spec.policyTypes).toEqual(['Egress']);
    const me: Endpoint = { namespace: 'db', labels: client.podLabels as Record<string, string> };
    const mysql: Endpoint = { namespace: 'db', labels: backend.podLabels as Record<string, string> };
    expect(manifests).toAllowConnection(me, mysql, 3306);
    expect(manifests).toAllowConnection(me, CLUSTER_DNS, 53, 'UDP');
    expect(manifests).toAllowConnection(me, CLUSTER_DNS, 53, 'TCP');
    expect(manifests).not.toAllowConnection(me, { namespace: 'db', labels: { app: 'other' } }, 3306);
    expect(manifests).not.toAllowConnection(me, mysql, 13306); // the Service port is not a pod port
    expect(exposure.allowedPeers).toEqual([client]);
  });

  test('from another namespace, its egress names the backend namespace and the backend admits it from there', () => {
    const { chart, backend, exposure } = setup({ namespace: 'db' });
    const client = new DebugClient(chart, 'Client', {
      exposure, namespace: 'web', password: { secret: kplus.Secret.fromSecretName(chart, 'S', 'pw'), key: 'pw' },
    });
    const manifests = synth(chart);
    const me: Endpoint = { namespace: 'web', labels: client.podLabels as Record<string, string> };
    const mysql: Endpoint = { namespace: 'db', labels: backend.podLabels as Record<string, string> };
    expect(manifests).toAllowConnection(me, mysql, 3306);
    expect(manifests).not.toAllowConnection({ ...me, namespace: 'db' }, mysql, 3306);
  });

  test('writes no egress policy when turned off, and is still admitted', () => {
    const { chart, exposure } = setup();
    const client = new DebugClient(chart, 'Client', { exposure, networkPolicy: false });
    expect(synth(chart).filter((m) => m.kind === 'NetworkPolicy').map((m) => m.metadata.name)).toEqual(['mysql-service-ingress']);
    expect(exposure.allowedPeers).toEqual([client]);
  });

  test('matches the snapshot', () => {
    const { chart, exposure } = setup();
    new DebugClient(chart, 'Client', { exposure, name: 'ubuntu-client' });
    expect(synth(chart)).toMatchSnapshot();
  });
});

describe('DebugClient rejects bad input at synth', () => {
  test('fails without an exposure', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    expect(() => new DebugClient(Testing.chart(), 'Client', {} as any))
      .toThrow(/invalid exposure undefined in DebugClient at 'test\/Client': pass the ClusterIpExposure to connect through/);
  });

  test('fails when given a host string instead of an exposure', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    expect(() => new DebugClient(Testing.chart(), 'Client', { exposure: 'mysql-service' } as any)).toThrow(/invalid exposure "mysql-service"/);
  });

  test('fails when its labels would make the Service select it', () => {
    const { chart, exposure } = setup({ selectorLabels: { app: 'mysql' } });
    expect(() => new DebugClient(chart, 'Client', { exposure, labels: { app: 'mysql' } }))
      .toThrow(/invalid labels \{"app":"mysql"\} .* they match the selector of Service "mysql-service" \(\{"app":"mysql"\}\)/);
  });

  test('fails when its labels redefine the labels that select it', () => {
    const { chart, exposure } = setup();
    expect(() => new DebugClient(chart, 'Client', { exposure, labels: { 'app.kubernetes.io/name': 'mysql' } }))
      .toThrow(/invalid labels\["app.kubernetes.io\/name"\] "mysql" .*must be "mysql-client"/);
  });

  test("fails in a named namespace when the Service's namespace is not known at synth (none set)", () => {
    const { chart, exposure } = setup();
    const password = { secret: kplus.Secret.fromSecretName(chart, 'WebPw', 'web-db'), key: 'password' };
    expect(() => new DebugClient(chart, 'Client', { exposure, namespace: 'web', password }))
      .toThrow(/cannot reach Service "mysql-service" of ClusterIpExposure at '.*' from namespace "web": the Service has no namespace/);
  });

  test('fails in another namespace without a Secret it can read', () => {
    const { chart, exposure } = setup({ namespace: 'db' });
    expect(() => new DebugClient(chart, 'Client', { exposure, namespace: 'web' }))
      .toThrow(/invalid namespace "web" in DebugClient .*pass `password` with a Secret in "web"/);
  });

  test.each([
    [{ name: 'Ubuntu_Client' }, /invalid name "Ubuntu_Client" .*DNS-1123 subdomain/],
    [{ namespace: 'x'.repeat(64) }, /invalid namespace/],
    [{ labels: { 'a/b/c': 'x' } }, /invalid labels key "a\/b\/c"/],
  ])('fails on %p', (props, error) => {
    const { chart, exposure } = setup();
    expect(() => new DebugClient(chart, 'Client', { exposure, ...props })).toThrow(error);
  });
});
