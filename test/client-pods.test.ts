// What every client pod of the library shares (DebugClient and MysqlConnectivityCheck, both built by lib/_client.ts
// and lib/_network.ts): the egress policy, field by field, the pod's hardening, and the label rules.
import { Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { DebugClient, MysqlClientOptions, MysqlConnectivityCheck } from '../lib';
import { backendChart, exposureChart } from './_fixtures';
import { Manifest, synth } from './_manifests';

interface Kind {
  readonly name: string;
  readonly create: (scope: Construct, id: string, props: MysqlClientOptions) => { readonly peerSelector: Readonly<Record<string, string>> };
  readonly kind: 'Pod' | 'Job';
  /** The selector labels of the default instance (`app.kubernetes.io/name` and `instance`). */
  readonly selector: Record<string, string>;
  readonly restartPolicy: string | undefined;
}

const KINDS: Kind[] = [
  {
    name: 'DebugClient', kind: 'Pod', restartPolicy: undefined,
    create: (scope, id, props) => new DebugClient(scope, id, props),
    selector: { 'app.kubernetes.io/name': 'mysql-client', 'app.kubernetes.io/instance': 'mysql-client' },
  },
  {
    name: 'MysqlConnectivityCheck', kind: 'Job', restartPolicy: 'Never',
    create: (scope, id, props) => new MysqlConnectivityCheck(scope, id, props),
    selector: { 'app.kubernetes.io/name': 'mysql-connectivity-check', 'app.kubernetes.io/instance': 'mysql-service-check' },
  },
];

/** The pod spec and labels of the one client object. */
function clientPod(manifests: Manifest[], kind: Kind): { labels: Record<string, string>; spec: Manifest } {
  const object = manifests.find((m) => m.kind === kind.kind);
  return kind.kind === 'Pod'
    ? { labels: object.metadata.labels, spec: object.spec }
    : { labels: object.spec.template.metadata.labels, spec: object.spec.template.spec };
}

function egressPolicy(manifests: Manifest[]): Manifest {
  const policies = manifests.filter((m) => m.kind === 'NetworkPolicy' && m.spec.policyTypes.includes('Egress'));
  expect(policies).toHaveLength(1);
  return policies[0];
}

/** The cluster DNS rule: kube-dns pods in kube-system, on UDP and TCP 53, and nothing else. */
const DNS_RULE = {
  to: [{
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
    podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
  }],
  ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
};

const MYSQL_PODS = { 'app.kubernetes.io/name': 'mysql', 'app.kubernetes.io/instance': 'mysql' };

describe.each(KINDS)('$name', (kind) => {
  test('its egress policy allows exactly the backend pods on their container port and the cluster DNS', () => {
    const { chart, backend } = backendChart();
    // a Service port other than the pod port: the policy must name the pod port
    const exposure = backend.exposeViaClusterIp({ serviceName: 'mysql-service', port: 13306 });
    kind.create(chart, 'Client', { exposure });
    const policy = egressPolicy(synth(chart));
    expect(policy.metadata.labels).toEqual({ 'app.kubernetes.io/managed-by': 'cdk8s' });
    expect(policy.spec).toEqual({
      podSelector: { matchLabels: kind.selector },
      policyTypes: ['Egress'],
      egress: [
        { to: [{ podSelector: { matchLabels: MYSQL_PODS } }], ports: [{ protocol: 'TCP', port: 3306 }] },
        DNS_RULE,
      ],
    });
  });

  test('from another namespace, its egress names the backend namespace next to the backend pods', () => {
    const { chart, exposure } = exposureChart({ namespace: 'db' });
    const client = kind.create(chart, 'Client', {
      exposure, namespace: 'web', password: { secret: kplus.Secret.fromSecretName(chart, 'S', 'web-db'), key: 'pw' },
    });
    const policy = egressPolicy(synth(chart));
    expect(policy.metadata.namespace).toBe('web');
    expect(policy.spec.podSelector).toEqual({ matchLabels: client.peerSelector });
    expect(policy.spec.egress).toEqual([
      {
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'db' } }, podSelector: { matchLabels: MYSQL_PODS } }],
        ports: [{ protocol: 'TCP', port: 3306 }],
      },
      DNS_RULE,
    ]);
  });

  test('is admitted by the ingress policy under its selector labels', () => {
    const { chart, exposure } = exposureChart();
    kind.create(chart, 'Client', { exposure });
    const ingress = synth(chart).find((m) => m.kind === 'NetworkPolicy' && m.metadata.name === 'mysql-service-ingress');
    expect(ingress.spec.ingress).toEqual([{ from: [{ podSelector: { matchLabels: kind.selector } }], ports: [{ protocol: 'TCP', port: 3306 }] }]);
  });

  test('runs hardened: no service account token, no service links, restricted security, requests and limits, a writable /tmp', () => {
    const { chart, exposure } = exposureChart();
    kind.create(chart, 'Client', { exposure });
    const { spec } = clientPod(synth(chart), kind);
    expect(spec.restartPolicy).toBe(kind.restartPolicy);
    expect(spec.automountServiceAccountToken).toBe(false);
    expect(spec.enableServiceLinks).toBe(false);
    expect(spec.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 999, runAsGroup: 999, fsGroup: 999, seccompProfile: { type: 'RuntimeDefault' } });
    expect(spec.volumes).toEqual([{ name: 'tmp', emptyDir: {} }]);
    expect(spec.containers).toHaveLength(1);
    const [container] = spec.containers;
    expect(container.imagePullPolicy).toBe('IfNotPresent');
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] },
    });
    expect(container.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
    expect(container.resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
  });

  test('takes resources from props', () => {
    const { chart, exposure } = exposureChart();
    kind.create(chart, 'Client', { exposure, resources: { cpu: { request: kplus.Cpu.millis(100) }, memory: { limit: Size.mebibytes(300) } } });
    const { spec } = clientPod(synth(chart), kind);
    expect(spec.containers[0].resources).toEqual({ requests: { cpu: '100m' }, limits: { memory: '300Mi' } });
  });

  test('carries the recommended labels plus extra ones', () => {
    const { chart, exposure } = exposureChart();
    kind.create(chart, 'Client', { exposure, labels: { team: 'orders' } });
    const { labels } = clientPod(synth(chart), kind);
    expect(labels).toEqual({
      ...kind.selector,
      'app.kubernetes.io/component': kind.kind === 'Pod' ? 'debug-client' : 'connectivity-check',
      'app.kubernetes.io/managed-by': 'cdk8s',
      team: 'orders',
    });
  });

  test('accepts its own selector labels repeated with the same values in labels', () => {
    const { chart, exposure } = exposureChart();
    const client = kind.create(chart, 'Client', { exposure, labels: { ...kind.selector } });
    expect(client.peerSelector).toEqual(kind.selector);
    expect(clientPod(synth(chart), kind).labels).toMatchObject(kind.selector);
  });

  test('in another namespace, accepts labels equal to the Service selector (a Service selects pods of its own namespace only)', () => {
    const { chart, exposure } = exposureChart({ namespace: 'db', selectorLabels: { app: 'mysql' } });
    kind.create(chart, 'Client', {
      exposure, namespace: 'web', labels: { app: 'mysql' }, password: { secret: kplus.Secret.fromSecretName(chart, 'S', 'web-db'), key: 'pw' },
    });
    expect(clientPod(synth(chart), kind).labels.app).toBe('mysql');
  });

  test('fails when its labels equal the Service selector in the Service namespace', () => {
    const { chart, exposure } = exposureChart({ selectorLabels: { app: 'mysql' } });
    expect(() => kind.create(chart, 'Client', { exposure, labels: { app: 'mysql' } })).toThrow(
      `invalid labels {"app":"mysql"} in ${kind.name} at 'test/Client': they match the selector of Service "mysql-service" ({"app":"mysql"}), `
      + 'which would send database traffic to this pod: remove them');
  });

  test('fails when its labels change a selector label', () => {
    const { chart, exposure } = exposureChart();
    const key = 'app.kubernetes.io/instance';
    expect(() => kind.create(chart, 'Client', { exposure, labels: { [key]: 'other' } })).toThrow(
      `invalid labels["${key}"] "other" in ${kind.name} at 'test/Client': it selects this pod in NetworkPolicies and must be "${kind.selector[key]}": `
      + 'remove it from labels');
  });

  test.each<[string, { exposure?: unknown } | undefined]>([
    ['no props', undefined],
    ['no exposure', {}],
    ['a host name instead of an exposure', { exposure: 'mysql-service' }],
  ])('fails with a named error on %s', (_case, props) => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    expect(() => kind.create(Testing.chart(), 'Client', props as any)).toThrow(
      `invalid exposure ${JSON.stringify(props?.exposure)} in ${kind.name} at 'test/Client': `
      + 'pass the ClusterIpExposure to connect through (for example backend.exposeViaClusterIp())');
  });

  test('fails when a request is above its limit', () => {
    const { chart, exposure } = exposureChart();
    expect(() => kind.create(chart, 'Client', { exposure, resources: { memory: { request: Size.mebibytes(512), limit: Size.mebibytes(256) } } }))
      .toThrow(`invalid resources.memory.request "512Mi" in ${kind.name} at 'test/Client': must not exceed the memory limit "256Mi"`);
    const other = exposureChart();
    expect(() => kind.create(other.chart, 'Client', { exposure: other.exposure, resources: { cpu: { request: kplus.Cpu.units(1), limit: kplus.Cpu.millis(500) } } }))
      .toThrow(`invalid resources.cpu.request "1" in ${kind.name} at 'test/Client': must not exceed the cpu limit "500m"`);
  });
});

