import { Chart, Cron, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  ClusterIpExposure, DebugClient, IClusterIpExposure, IMysqlBackend, MysqlBackend, MysqlClientPeer, MysqlClusterIpLab, MysqlImage,
} from '../lib';
import { backendChart } from './_fixtures';
import { find, Manifest, synth } from './_manifests';

const MYSQL = { namespace: 'db', labels: { 'app.kubernetes.io/name': 'mysql', 'app.kubernetes.io/instance': 'mysql' } };

/** A backend in namespace "db", exposed, and a second chart in namespace "web" for the application. */
function twoCharts(): { app: ReturnType<typeof Testing.app>; db: Chart; web: Chart; exposure: ClusterIpExposure } {
  const app = Testing.app();
  const db = new Chart(app, 'db', { namespace: 'db' });
  const backend = new MysqlBackend(db, 'Backend', {
    rootPassword: { secret: kplus.Secret.fromSecretName(db, 'Root', 'db-root'), key: 'password' },
  });
  const web = new Chart(app, 'web', { namespace: 'web' });
  return { app, db, web, exposure: backend.exposeViaClusterIp() };
}

function apiDeployment(scope: Chart, props: kplus.DeploymentProps = {}): kplus.Deployment {
  const deployment = new kplus.Deployment(scope, 'Api', {
    podMetadata: { labels: { app: 'api' } },
    ...props,
  });
  deployment.addContainer({ image: 'example/api:1.0.0', portNumber: 8080 });
  return deployment;
}

/** The application's chart as cdk8s-plus writes it (its default resources are not in the server's canonical form). */
function plain(chart: Chart): Manifest[] {
  return Testing.synth(chart);
}

function ingressPeers(manifests: ReturnType<typeof synth>): unknown {
  return find(manifests, 'NetworkPolicy', 'mysql-ingress').spec.ingress[0].from;
}

describe('allowFrom with cdk8s-plus workloads and pods', () => {
  test('a Deployment in another chart: its own selector, in its chart\'s namespace, read from the workload', () => {
    // GIVEN
    const { db, web, exposure } = twoCharts();
    const api = apiDeployment(web);
    // WHEN
    exposure.allowFrom(api);
    // THEN the policy names exactly the Deployment's selector, in namespace web
    const deployment = plain(web).find((m) => m.kind === 'Deployment')!;
    const selector = deployment.spec.selector.matchLabels;
    expect(Object.keys(selector)).toEqual(['cdk8s.io/metadata.addr']);
    expect(ingressPeers(synth(db))).toEqual([{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'web' } },
      podSelector: { matchLabels: selector },
    }]);
    const pod = { namespace: 'web', labels: deployment.spec.template.metadata.labels };
    expect([...synth(db), ...plain(web)]).toAllowConnection(pod, MYSQL, 3306);
    expect([...synth(db), ...plain(web)]).not.toAllowConnection({ namespace: 'web', labels: { app: 'api' } }, MYSQL, 3306);
  });

  test('a Deployment created with select: false and its own selector labels', () => {
    const { db, web, exposure } = twoCharts();
    const api = apiDeployment(web, { select: false });
    api.select(kplus.LabelSelector.of({ labels: { app: 'api' } }));
    exposure.allowFrom(api);
    expect(ingressPeers(synth(db))).toEqual([{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'web' } },
      podSelector: { matchLabels: { app: 'api' } },
    }]);
  });

  test('a workload with its own metadata.namespace, a Pod, a Job, a StatefulSet and a CronJob', () => {
    const { db, web, exposure } = twoCharts();
    const api = apiDeployment(web, { metadata: { namespace: 'shop' } });
    const pod = new kplus.Pod(web, 'Pod', { containers: [{ image: 'example/tool:1.0.0' }] });
    const job = new kplus.Job(web, 'Job', { containers: [{ image: 'example/migrate:1.0.0' }] });
    const set = new kplus.StatefulSet(web, 'Set', {
      containers: [{ image: 'example/worker:1.0.0' }],
      service: new kplus.Service(web, 'SetService', { ports: [{ port: 80 }] }),
    });
    const cron = new kplus.CronJob(web, 'Cron', { containers: [{ image: 'example/report:1.0.0' }], schedule: Cron.daily() });
    exposure.allowFrom(api, pod, job, set, cron);
    const manifests = plain(web);
    const addr = (kind: string): Record<string, string> => {
      const m = manifests.find((x) => x.kind === kind)!;
      const labels = kind === 'Pod' ? m.metadata.labels : kind === 'CronJob' ? m.spec.jobTemplate.spec.template.metadata.labels : m.spec.template.metadata.labels;
      return { 'cdk8s.io/metadata.addr': labels['cdk8s.io/metadata.addr'] };
    };
    const peer = (namespace: string, labels: Record<string, string>) => ({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } }, podSelector: { matchLabels: labels },
    });
    expect(ingressPeers(synth(db))).toEqual([
      peer('shop', addr('Deployment')), peer('web', addr('Pod')), peer('web', addr('Job')), peer('web', addr('StatefulSet')),
      peer('web', addr('CronJob')),
    ]);
  });

  test('Pods.select: its labels, in the one namespace it names, else the exposure\'s', () => {
    const { db, web, exposure } = twoCharts();
    exposure.allowFrom(
      kplus.Pods.select(web, 'Workers', { labels: { role: 'worker' }, namespaces: kplus.Namespaces.select(web, 'Ns', { names: ['jobs'] }) }),
      kplus.Pods.select(web, 'Local', { labels: { role: 'admin' } }),
    );
    expect(ingressPeers(synth(db))).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'jobs' } }, podSelector: { matchLabels: { role: 'worker' } } },
      { podSelector: { matchLabels: { role: 'admin' } } },
    ]);
  });

  test.each([
    ['label expressions', (web: Chart) => kplus.Pods.select(web, 'P', { expressions: [kplus.LabelExpression.in('tier', ['api'])], labels: { app: 'a' } }),
      /invalid client peer Pods at 'web\/P': it selects pods by label expressions, .*select them by labels \(matchLabels\) only/],
    ['namespaces by labels', (web: Chart) => kplus.Pods.select(web, 'P', { labels: { app: 'a' }, namespaces: kplus.Namespaces.select(web, 'N', { labels: { team: 'a' } }) }),
      /invalid client peer Pods at 'web\/P': it selects namespaces by labels, and a peer is one namespace/],
    ['two namespaces', (web: Chart) => kplus.Pods.select(web, 'P', { labels: { app: 'a' }, namespaces: kplus.Namespaces.select(web, 'N', { names: ['a', 'b'] }) }),
      /invalid client peer Pods at 'web\/P': it selects pods in 2 namespaces \(a, b\), and a peer is one namespace: pass one selector per namespace/],
    ['no labels', (web: Chart) => kplus.Pods.select(web, 'P', {}),
      /invalid client peer labels \{\} in MysqlClientPeer.fromPodSelector\(Pods at 'web\/P'\): name at least one label/],
    ['an invalid label value', (web: Chart) => kplus.Pods.select(web, 'P', { labels: { app: 'not valid' } }),
      /invalid client peer label\["app"\] "not valid" in MysqlClientPeer.fromPodSelector\(Pods at 'web\/P'\)/],
  ])('fails on a selector by %s', (_, make, error) => {
    const { web, exposure } = twoCharts();
    expect(() => exposure.allowFrom(make(web))).toThrow(error);
  });

  test.each([
    [{ 'app/x/y': 'a' }, undefined, /invalid client peer label key "app\/x\/y" in MysqlClientPeer.fromLabels\(\)/],
    [{ app: 'a'.repeat(64) }, undefined, /invalid client peer label\["app"\] "a{64}" in MysqlClientPeer.fromLabels\(\): .*at most 63/],
    [{ app: 3 }, undefined, /invalid client peer label\["app"\] 3 in MysqlClientPeer.fromLabels\(\): must be a string/],
    [{ app: 'api' }, 'Shop', /invalid client peer namespace "Shop" in MysqlClientPeer.fromLabels\(\): must be a DNS-1123 label/],
    [{ app: 'api' }, 'a'.repeat(64), /invalid client peer namespace "a{64}"/],
  ])('fromLabels fails on %p in %p', (labels, namespace, error) => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    expect(() => MysqlClientPeer.fromLabels(labels as any, namespace)).toThrow(error);
  });
});

describe('interfaces and brands', () => {
  test('isMysqlBackend and isClusterIpExposure recognise instances, and nothing else', () => {
    const { chart, backend } = backendChart();
    const exposure = backend.exposeViaClusterIp();
    expect(MysqlBackend.isMysqlBackend(backend)).toBe(true);
    expect(ClusterIpExposure.isClusterIpExposure(exposure)).toBe(true);
    for (const other of [exposure, chart, {}, null, undefined, 'mysql', { ...backend }]) {
      expect(MysqlBackend.isMysqlBackend(other)).toBe(false);
    }
    expect(ClusterIpExposure.isClusterIpExposure(backend)).toBe(false);
    expect(exposure.selectorLabels).toEqual(backend.selectorLabels);
  });

  test('a backend and an exposure from a second copy of the package work with this one', () => {
    // GIVEN a second copy of the package (its own module instances, as a second install would give)
    // (cdk8s, cdk8s-plus-28 and constructs are peer dependencies: one copy of each, shared by both)
    let copy: typeof import('../lib') | undefined;
    const shared = { cdk8s: jest.requireActual('cdk8s'), plus: jest.requireActual('cdk8s-plus-28'), constructs: jest.requireActual('constructs') };
    jest.isolateModules(() => {
      jest.doMock('cdk8s', () => shared.cdk8s);
      jest.doMock('cdk8s-plus-28', () => shared.plus);
      jest.doMock('constructs', () => shared.constructs);
      copy = require('../lib');
    });
    expect(copy!.ClusterIpExposure).not.toBe(ClusterIpExposure);
    const chart = Testing.chart();
    const backend = new copy!.MysqlBackend(chart, 'Backend', {
      rootPassword: { secret: kplus.Secret.fromSecretName(chart, 'Root', 'db-root'), key: 'password' },
    });
    // WHEN this copy's constructs take the other copy's objects
    expect(backend instanceof MysqlBackend).toBe(false);
    expect(MysqlBackend.isMysqlBackend(backend)).toBe(true);
    const exposure = new ClusterIpExposure(chart, 'Exposure', { backend, serviceName: 'db' });
    const otherExposure = backend.exposeViaClusterIp({ serviceName: 'db2' });
    expect(ClusterIpExposure.isClusterIpExposure(otherExposure)).toBe(true);
    new DebugClient(chart, 'Client', { exposure: otherExposure, name: 'client' });
    // THEN the wiring holds
    const manifests = synth(chart);
    expect(find(manifests, 'Service', 'db').spec.selector).toEqual(backend.selectorLabels);
    expect(find(manifests, 'Pod', 'client').spec.containers[0].env[0]).toEqual({ name: 'MYSQL_HOST', value: 'db2' });
    expect(exposure.backend).toBe(backend);
  });

  test('an implementation of IMysqlBackend of your own can be exposed, and an IClusterIpExposure used by a client', () => {
    const chart = Testing.chart();
    const external: IMysqlBackend = Object.assign(new Chart(chart, 'External'), {
      name: 'legacy', port: 3306, portName: 'mysql', protocol: 'TCP',
      image: MysqlImage.MYSQL_8_4,
      rootPassword: { secret: kplus.Secret.fromSecretName(chart, 'Root', 'legacy-root'), key: 'password' },
      selectorLabels: { app: 'legacy' }, podLabels: { app: 'legacy' },
    });
    const exposure: IClusterIpExposure = new ClusterIpExposure(chart, 'Legacy', { backend: external, networkPolicy: false });
    new DebugClient(chart, 'Client', { exposure, name: 'client' });
    const manifests = synth(chart);
    expect(find(manifests, 'Service', 'legacy').spec.selector).toEqual({ app: 'legacy' });
    expect(find(manifests, 'Pod', 'client').spec.containers[0].env[2])
      .toEqual({ name: 'MYSQL_PWD', valueFrom: { secretKeyRef: { name: 'legacy-root', key: 'password' } } });
  });
});

describe('one name per idea', () => {
  test('the lab takes networkPolicy and waitForServer, as the constructs do', () => {
    const lab = new MysqlClusterIpLab(Testing.app(), 'lab', { networkPolicy: false, waitForServer: Duration.seconds(42) });
    const manifests = synth(lab);
    expect(manifests.filter((m) => m.kind === 'NetworkPolicy')).toEqual([]);
    const job = manifests.find((m) => m.kind === 'Job')!;
    expect(job.spec.template.spec.containers[0].env).toContainEqual({ name: 'CHECK_WAIT_SECONDS', value: '42' });
  });

  test('the deprecated names networkPolicies and connectivityCheckWait still work', () => {
    const lab = new MysqlClusterIpLab(Testing.app(), 'lab', { networkPolicies: false, connectivityCheckWait: Duration.seconds(42) });
    const manifests = synth(lab);
    expect(manifests.filter((m) => m.kind === 'NetworkPolicy')).toEqual([]);
    expect(manifests.find((m) => m.kind === 'Job')!.spec.template.spec.containers[0].env).toContainEqual({ name: 'CHECK_WAIT_SECONDS', value: '42' });
  });

  test('fails when a prop and its deprecated name disagree', () => {
    expect(() => new MysqlClusterIpLab(Testing.app(), 'lab', { networkPolicy: true, networkPolicies: false }))
      .toThrow("invalid props in MysqlClusterIpLab at 'lab': both `networkPolicy` and its deprecated name `networkPolicies` are set, "
        + 'to different values: remove `networkPolicies`');
  });

  test('MysqlBackend runs MySQL 8.4 by default, and so does the lab', () => {
    const { chart } = backendChart();
    expect(find(synth(chart), 'Deployment', 'mysql').spec.template.spec.containers[0].image).toBe('mysql:8.4.9');
    const lab = synth(new MysqlClusterIpLab(Testing.app(), 'lab'));
    expect(find(lab, 'Deployment', 'mysql-deployment').spec.template.spec.containers[0].image).toBe('mysql:8.4.9');
    expect(find(lab, 'Pod', 'ubuntu-client').spec.containers[0].image).toBe('mysql:8.4.9');
  });
});
