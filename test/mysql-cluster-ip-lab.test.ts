import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as k8s from '../imports/k8s';
import { DebugClient, DEMO_ROOT_PASSWORD, MysqlBackend, MysqlClusterIpLab, MysqlImage, MysqlStorage } from '../lib';
import {
  CLUSTER_DNS, Endpoint, envValue, find, identities, Manifest, matches, ofKind, podTemplates, resolveTargetPort, selectedPods, synth,
} from './_manifests';

function lab(props = {}) {
  return synth(new MysqlClusterIpLab(Testing.app(), 'lab', props));
}

/** The check's Job: `mysql-connectivity-check-<8 hex digits of its spec>`. */
function checkJob(manifests: Manifest[]): Manifest {
  const jobs = manifests.filter((m) => m.kind === 'Job');
  expect(jobs.map((j) => j.metadata.name)).toEqual([expect.stringMatching(/^mysql-connectivity-check-[0-9a-f]{8}$/)]);
  return jobs[0];
}

describe('the ClusterIP tutorial lab', () => {
  // built in beforeAll, not in the describe body, so that mutation testing sees which test runs which code
  let manifests: Manifest[];
  beforeAll(() => {
    manifests = lab();
  });

  test('has the objects and names the tutorial uses', () => {
    // GIVEN the default lab THEN the tutorial's kubectl commands find these objects
    expect(identities(manifests).sort()).toEqual([
      'Deployment/default/mysql-deployment',
      `Job/default/${checkJob(manifests).metadata.name}`,
      'NetworkPolicy/default/mysql-connectivity-check-egress',
      'NetworkPolicy/default/mysql-service-ingress',
      'NetworkPolicy/default/ubuntu-client-egress',
      'PersistentVolumeClaim/default/mysql-data',
      'Pod/default/ubuntu-client',
      'Secret/default/mysql-root-password',
      'Secret/default/ubuntu-client-credentials',
      'Service/default/mysql-service',
    ]);
    const deployment = find(manifests, 'Deployment', 'mysql-deployment');
    expect(deployment.spec.replicas).toBe(1);
    // `kubectl get pods -l app=mysql`
    expect(deployment.spec.template.metadata.labels.app).toBe('mysql');
    const service = find(manifests, 'Service', 'mysql-service');
    expect(service.spec.type).toBe('ClusterIP');
    expect(service.spec.ports).toEqual([{ name: 'mysql', port: 3306, protocol: 'TCP', targetPort: 'mysql' }]);
  });

  test('names no namespace, so `kubectl apply -n <ns>` and `helm install -n <ns>` put every object in <ns>', () => {
    // kubectl refuses -n when an object names another namespace; with none, the objects land where they are applied
    expect(manifests.filter((m) => 'namespace' in m.metadata)).toEqual([]);
    // in whatever namespace that is, the client and the check dial the Service by its short name ...
    const clients = podTemplates(manifests).filter((p) => p.kind === 'Pod' || p.kind === 'Job');
    expect(clients.map((p) => [p.kind, envValue(p, 'MYSQL_HOST')])).toEqual([['Pod', 'mysql-service'], ['Job', 'mysql-service']]);
    // ... and the NetworkPolicies name their peers in the same namespace by podSelector alone
    const peers = ofKind(manifests, 'NetworkPolicy').flatMap((p) => [...(p.spec.ingress ?? []).flatMap((r: Manifest) => r.from),
      ...(p.spec.egress ?? []).flatMap((r: Manifest) => r.to)]);
    expect(peers.filter((p: Manifest) => p.namespaceSelector).map((p: Manifest) => p.namespaceSelector.matchLabels)).toEqual([
      { 'kubernetes.io/metadata.name': 'kube-system' }, { 'kubernetes.io/metadata.name': 'kube-system' },
    ]);
  });

  test('with a namespace, every object carries it, and the client still dials the short name', () => {
    const namespaced = lab({ namespace: 'lab' });
    expect([...new Set(namespaced.map((m) => m.metadata.namespace))]).toEqual(['lab']);
    expect(envValue(find(namespaced, 'Pod', 'ubuntu-client'), 'MYSQL_HOST')).toBe('mysql-service');
  });

  test('every Deployment selects its own pod template', () => {
    for (const deployment of ofKind(manifests, 'Deployment')) {
      const { matchLabels } = deployment.spec.selector;
      expect(Object.keys(matchLabels).length).toBeGreaterThan(0);
      expect(deployment.spec.template.metadata.labels).toEqual(expect.objectContaining(matchLabels));
    }
  });

  test('the Service selects the MySQL pods and not the client', () => {
    const service = find(manifests, 'Service', 'mysql-service');
    const selected = selectedPods(service, manifests).map((p) => `${p.kind}/${p.name}`);
    expect(selected).toEqual(['Deployment/mysql-deployment']);
    for (const name of ['ubuntu-client', checkJob(manifests).metadata.name]) {
      const other = podTemplates(manifests).find((p) => p.name === name)!;
      expect(matches(service.spec.selector, other.labels)).toBe(false);
    }
  });

  test('the Service targetPort resolves to a MySQL container port with the same protocol, 3306 -> 3306', () => {
    const service = find(manifests, 'Service', 'mysql-service');
    const [pod] = selectedPods(service, manifests);
    for (const port of service.spec.ports) {
      const target = resolveTargetPort(port, pod);
      expect(target).toEqual({ name: 'mysql', containerPort: 3306, protocol: 'TCP' });
      expect(port.port).toBe(3306);
    }
  });

  test("the client's host and port environment are the Service's name and port", () => {
    const service = find(manifests, 'Service', 'mysql-service');
    const client = podTemplates(manifests).find((p) => p.name === 'ubuntu-client')!;
    expect(envValue(client, 'MYSQL_HOST')).toBe(service.metadata.name);
    expect(envValue(client, 'MYSQL_TCP_PORT')).toBe(String(service.spec.ports[0].port));
  });

  test('the server and the check read the root password from its Secret, the client from its own copy', () => {
    const deployment = find(manifests, 'Deployment', 'mysql-deployment');
    const serverEnv = deployment.spec.template.spec.containers[0].env;
    const checkEnv = checkJob(manifests).spec.template.spec.containers[0].env;
    const clientEnv = find(manifests, 'Pod', 'ubuntu-client').spec.containers[0].env;
    const secretRef = { secretKeyRef: { name: 'mysql-root-password', key: 'password' } };
    expect(serverEnv).toContainEqual({ name: 'MYSQL_ROOT_PASSWORD', valueFrom: secretRef });
    expect(checkEnv).toContainEqual({ name: 'MYSQL_PWD', valueFrom: secretRef });
    // A Pod's env cannot change in place: the client names a Secret whose name never changes with the lab's props.
    expect(clientEnv).toContainEqual({ name: 'MYSQL_PWD', valueFrom: { secretKeyRef: { name: 'ubuntu-client-credentials', key: 'password' } } });
    for (const name of ['mysql-root-password', 'ubuntu-client-credentials']) {
      expect(Buffer.from(find(manifests, 'Secret', name).data.password, 'base64').toString()).toBe(DEMO_ROOT_PASSWORD);
    }
  });

  test('fails on a password Secret name that is not a DNS-1123 subdomain, or the client\'s own', () => {
    expect(() => lab({ rootPasswordSecretName: 'Root_Password' })).toThrow(/invalid rootPasswordSecretName "Root_Password"/);
    expect(() => lab({ rootPasswordSecretName: 'ubuntu-client-credentials' })).toThrow(/the client's own Secret/);
  });

  test('only the client and the check reach MySQL, on 3306; they reach DNS and nothing else', () => {
    const pods = podTemplates(manifests);
    const mysql: Endpoint = pods.find((p) => p.name === 'mysql-deployment')!;
    const client: Endpoint = pods.find((p) => p.name === 'ubuntu-client')!;
    const check: Endpoint = pods.find((p) => p.name === checkJob(manifests).metadata.name)!;
    for (const peer of [client, check]) {
      expect(manifests).toAllowConnection(peer, mysql, 3306);
      expect(manifests).toAllowConnection(peer, CLUSTER_DNS, 53, 'UDP');
      expect(manifests).toAllowConnection(peer, CLUSTER_DNS, 53, 'TCP');
      expect(manifests).not.toAllowConnection(peer, { namespace: 'default', labels: { app: 'web' } }, 443);
    }
    expect(manifests).not.toAllowConnection({ namespace: 'default', labels: { app: 'web' } }, mysql, 3306);
    expect(manifests).not.toAllowConnection({ namespace: 'other', labels: client.labels }, mysql, 3306);
  });

  test('the data lives on a claim the tutorial clean-up leaves alone', () => {
    const claim = find(manifests, 'PersistentVolumeClaim', 'mysql-data');
    expect(claim.spec.resources.requests.storage).toBe('1Gi');
    expect(find(manifests, 'Deployment', 'mysql-deployment').spec.template.spec.volumes)
      .toContainEqual({ name: 'data', persistentVolumeClaim: { claimName: 'mysql-data' } });
  });

  test('the check, the NetworkPolicies and persistence can each be turned off', () => {
    const kinds = (m: Manifest[]) => identities(m).sort();
    expect(kinds(lab({ connectivityCheck: false })).filter((i) => i.startsWith('Job/'))).toEqual([]);
    expect(kinds(lab({ networkPolicy: false })).filter((i) => i.startsWith('NetworkPolicy'))).toEqual([]);
    expect(kinds(lab({ storage: MysqlStorage.ephemeral() }))).not.toContain('PersistentVolumeClaim/default/mysql-data');
  });

  test('the password appears in the Secret only', () => {
    const encoded = Buffer.from(DEMO_ROOT_PASSWORD).toString('base64');
    for (const m of manifests.filter((x) => x.kind !== 'Secret')) {
      const text = JSON.stringify(m);
      expect(text).not.toContain(DEMO_ROOT_PASSWORD);
      expect(text).not.toContain(encoded);
    }
  });

  test('the root password is one prop away', () => {
    const secret = find(lab({ rootPassword: 's3cret!' }), 'Secret', 'mysql-root-password');
    expect(Buffer.from(secret.data.password, 'base64').toString()).toBe('s3cret!');
  });

  test('another image is one prop away, for the server, the client and the check', () => {
    const out = lab({ image: MysqlImage.MYSQL_8_0 });
    expect(find(out, 'Deployment', 'mysql-deployment').spec.template.spec.containers[0].image).toBe('mysql:8.0.46');
    expect(find(out, 'Pod', 'ubuntu-client').spec.containers[0].image).toBe('mysql:8.0.46');
    expect(checkJob(out).spec.template.spec.containers[0].image).toBe('mysql:8.0.46');
  });

  test('matches the snapshot', () => {
    expect(manifests).toMatchSnapshot();
  });
});

describe('stable wiring', () => {
  // The same objects composed by hand under two unrelated sets of construct ids.
  function compose(ids: { chart: string; secret: string; backend: string; exposure: string; client: string }) {
    const chart = new Chart(Testing.app(), ids.chart, { namespace: 'shop' });
    new k8s.KubeSecret(chart, ids.secret, { metadata: { name: 'db-root' }, data: { password: 'c2VjcmV0' } });
    const backend = new MysqlBackend(chart, ids.backend, {
      name: 'orders-db',
      rootPassword: { secret: kplus.Secret.fromSecretName(chart, `${ids.secret}Ref`, 'db-root'), key: 'password' },
    });
    const exposure = backend.exposeViaClusterIp({ serviceName: 'orders-db' });
    new DebugClient(chart, ids.client, { exposure });
    return synth(chart);
  }

  test('renaming every construct id leaves every Kubernetes name, label and selector unchanged', () => {
    const before = compose({ chart: 'shop', secret: 'Secret', backend: 'Db', exposure: 'Svc', client: 'Client' });
    const after = compose({ chart: 'renamed-chart', secret: 'Other', backend: 'Database', exposure: 'X', client: 'Debugger' });
    expect(after).toEqual(before);
    expect(JSON.stringify(after)).not.toMatch(/cdk8s\.io\/metadata\.addr/);
  });

  test('the lab chart does not depend on its construct id either', () => {
    const a = synth(new MysqlClusterIpLab(Testing.app(), 'lab'));
    const b = synth(new MysqlClusterIpLab(Testing.app(), 'something-else'));
    expect(b).toEqual(a);
  });

  function assertNoCollisions(charts: Chart[]) {
    const all = charts.flatMap((c) => synth(c));
    const ids = identities(all);
    expect(new Set(ids).size).toBe(ids.length);
    // Each Service selects exactly its own lab's MySQL pods.
    for (const chart of charts) {
      const own = synth(chart);
      const service = ofKind(own, 'Service')[0];
      const ownDeployment = ofKind(own, 'Deployment')[0];
      expect(selectedPods(service, all).map((p) => `${p.namespace}/${p.name}`))
        .toEqual([`${ownDeployment.metadata.namespace ?? 'default'}/${ownDeployment.metadata.name}`]);
    }
  }

  test('two labs with different names in one namespace do not collide', () => {
    const app = new App();
    assertNoCollisions([
      new MysqlClusterIpLab(app, 'one'),
      new MysqlClusterIpLab(app, 'two', { name: 'orders', clientName: 'orders-client' }),
    ]);
  });

  test('two labs in different namespaces do not collide', () => {
    const app = new App();
    assertNoCollisions([
      new MysqlClusterIpLab(app, 'one', { namespace: 'team-a' }),
      new MysqlClusterIpLab(app, 'two', { namespace: 'team-b' }),
    ]);
  });
});

describe('bad lab input', () => {
  test('fails on an empty root password', () => {
    expect(() => lab({ rootPassword: '' })).toThrow(/invalid rootPassword <redacted string> in MysqlClusterIpLab at 'lab': must be a non-empty string/);
  });

  test('fails on a namespace that is not a DNS-1123 label', () => {
    expect(() => lab({ namespace: 'Team_A' })).toThrow(/invalid namespace "Team_A"/);
  });

  test('fails on a name that makes an invalid Service name', () => {
    expect(() => lab({ name: '1db' })).toThrow(/invalid name "1db" in MysqlClusterIpLab at 'lab': must be a DNS-1035 label .*starting with a letter\) of at most 35 characters \(55 with connectivityCheck: false\): the lab names .*the Service "<name>-service" after it/);
  });
});
