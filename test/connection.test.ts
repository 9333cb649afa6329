// How a client resolves its connection (lib/_connection.ts) and its peers (lib/_network.ts): as whom it logs in,
// which Secret it reads and from where, which prop a bad Secret came from, and how admitted peers are de-duplicated,
// including through an IMysqlBackend written by hand, which the library does not validate itself.
import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  ClusterIpExposure, DebugClient, IMysqlBackend, MysqlBackend, MysqlClientPeer, MysqlDatabase, MysqlImage,
} from '../lib';
import { Connection, connectionVars } from '../lib/_connection';
import { podPeer } from '../lib/_network';
import { secret, shop } from './_fixtures';
import { find, synth } from './_manifests';

/** An IMysqlBackend of one's own, "legacy" in namespace "data", with what is given over its defaults. */
function handWritten(chart: Chart, overrides: Record<string, unknown> = {}): ClusterIpExposure {
  const backend = Object.assign(new Chart(chart, 'Legacy'), {
    name: 'legacy', namespace: 'data', port: 3306, portName: 'mysql', protocol: 'TCP', image: MysqlImage.MYSQL_8_4,
    rootPassword: secret(chart, 'legacy-root'), selectorLabels: { app: 'legacy' }, podLabels: { app: 'legacy' },
    ...overrides,
  }) as unknown as IMysqlBackend;
  return new ClusterIpExposure(chart, 'Exposure', { backend });
}

function web(chart: Chart): kplus.Deployment {
  return new kplus.Deployment(chart, 'Web', { containers: [{ name: 'web', image: 'example/web:1.0.0' }] });
}

describe('the Secret a client reads, and the error when it cannot', () => {
  test('fails for a debug client in another namespace without a copy of the root password, naming root and both namespaces', () => {
    const app = Testing.app();
    const data = new Chart(app, 'data', { namespace: 'data' });
    const exposure = new MysqlBackend(data, 'Db', { rootPassword: secret(data, 'db-root') }).exposeViaClusterIp();
    const tools = new Chart(app, 'tools', { namespace: 'tools' });
    expect(() => new DebugClient(tools, 'Client', { exposure, namespace: 'tools' })).toThrow(
      'invalid namespace "tools" in DebugClient at \'tools/Client\': the password Secret "db-root" of root is in namespace "data" '
      + 'and a pod can only read Secrets of its own: pass `password` with a Secret in "tools"');
  });

  test('fails for a workload of a chart without a namespace, which cannot read the Secret of a namespaced backend', () => {
    const app = Testing.app();
    const data = new Chart(app, 'data', { namespace: 'data' });
    const exposure = new MysqlBackend(data, 'Db', {
      rootPassword: secret(data, 'db-root'), databases: [{ name: 'shop', password: secret(data, 'shop-db') }],
    }).exposeViaClusterIp();
    expect(() => exposure.connect(web(new Chart(app, 'plain')))).toThrow(
      'invalid namespace undefined in ClusterIpExposure at \'data/Db/ClusterIp\': the password Secret "shop-db" of shop is in namespace "data" '
      + 'and a pod can only read Secrets of its own: pass `password` with a Secret in "(none)"');
  });

  test.each<[string, Record<string, unknown>, RegExp]>([
    ['a root password with an invalid key', { rootPassword: { secret: kplus.Secret.fromSecretName(Testing.chart(), 'R', 'legacy-root'), key: 'pass word' } },
      /^invalid the backend's rootPassword.key "pass word" in DebugClient at 'test\/Client': must consist of letters/],
    ['a root password Secret with an invalid name', { rootPassword: { secret: kplus.Secret.fromSecretName(Testing.chart(), 'R', 'Legacy_Root'), key: 'password' } },
      /^invalid the backend's rootPassword.secret.name "Legacy_Root" in DebugClient at 'test\/Client': must be a DNS-1123 subdomain/],
    ['a null root password (JavaScript)', { rootPassword: null },
      /^invalid the backend's rootPassword null in DebugClient at 'test\/Client': pass the Secret that holds the password and the key in it/],
    ['an image of its own making', { image: { reference: 'mysql:8.4.9' } },
      /^invalid the backend's image {"reference":"mysql:8.4.9"} in DebugClient at 'test\/Client': pass a MysqlImage/],
  ])('fails for a debug client of a hand-written backend with %s, naming the backend\'s prop', (_name, overrides, error) => {
    const chart = Testing.chart();
    const exposure = handWritten(chart, { namespace: undefined, ...overrides });
    expect(() => new DebugClient(chart, 'Client', { exposure })).toThrow(error);
  });

  test.each<[string, Record<string, unknown>]>([
    ['a null root password', { rootPassword: null }],
    ['a root password without a Secret', { rootPassword: {} }],
  ])('fails for a client in another namespace of a hand-written backend with %s, on the namespace, never on a TypeError', (_name, overrides) => {
    const chart = new Chart(Testing.app(), 'tools', { namespace: 'tools' });
    const exposure = handWritten(chart, overrides);
    expect(() => new DebugClient(chart, 'Client', { exposure, namespace: 'tools' })).toThrow(new Error(
      'invalid namespace "tools" in DebugClient at \'tools/Client\': the password Secret "undefined" of root is in namespace "data" '
      + 'and a pod can only read Secrets of its own: pass `password` with a Secret in "tools"'));
  });

  test("fails for connect() to a hand-written backend's database whose password has an invalid key, naming the user", () => {
    const chart = new Chart(Testing.app(), 'data', { namespace: 'data' });
    const databases: MysqlDatabase[] = [{ name: 'shop', user: 'shopper', password: secret(chart, 'shop-db', '..data') }];
    const exposure = handWritten(chart, { databases });
    expect(() => exposure.connect(web(chart))).toThrow(
      /^invalid the backend's password of shopper.key "..data" in ClusterIpExposure at 'data\/Exposure': must consist of letters/);
  });

  test("fails for connect() to a hand-written backend's database without a password, never on a TypeError", () => {
    const chart = new Chart(Testing.app(), 'data', { namespace: 'data' });
    const exposure = handWritten(chart, { databases: [{ name: 'shop', user: 'shopper' }] });
    expect(() => exposure.connect(web(chart))).toThrow(new Error(
      "invalid the backend's password of shopper undefined in ClusterIpExposure at 'data/Exposure': pass the Secret that holds the password and "
      + "the key in it, as { secret, key } (for example { secret: kplus.Secret.fromSecretName(this, 'Pw', 'db-root'), key: 'password' })"));
  });

  test('fails for connect() to a hand-written backend that lists no databases, naming the backend', () => {
    const chart = new Chart(Testing.app(), 'data', { namespace: 'data' });
    expect(() => handWritten(chart).connect(web(chart))).toThrow(new Error(
      'invalid backend "legacy" in ClusterIpExposure at \'data/Exposure\': it creates no application database, and a client never '
      + 'logs in as root: give the MysqlBackend `databases: [{ name, user, password }]`'));
  });

  test('a client in the backend\'s namespace reads the user\'s own Secret and logs in as that user', () => {
    const chart = new Chart(Testing.app(), 'data', { namespace: 'data' });
    const databases: MysqlDatabase[] = [{ name: 'shop', user: 'shopper', password: secret(chart, 'shop-db') }];
    const wired = handWritten(chart, { databases }).connect(web(chart));
    expect({ host: wired.host, user: wired.user, database: wired.database, secret: wired.password.secret.name, key: wired.password.key })
      .toEqual({ host: 'legacy', user: 'shopper', database: 'shop', secret: 'shop-db', key: 'password' });
  });
});

describe('connectionVars: the env vars of a connection', () => {
  const chart = (): Chart => Testing.chart();
  function connection(database?: string): Connection {
    const c = chart();
    return {
      exposure: undefined as never, host: 'mysql', port: 3306, user: database === undefined ? 'root' : 'shop', database,
      password: { secret: kplus.Secret.fromSecretName(c, 'S', 'db'), key: 'password' },
    };
  }
  const ALL = { host: 'H', port: 'P', password: 'PW', user: 'U', database: 'D' };

  test('writes the user but no database for root, which has none', () => {
    expect(connectionVars(connection(), ALL).map((v) => [v.name, v.value])).toEqual([['H', 'mysql'], ['P', '3306'], ['U', 'root'], ['PW', undefined]]);
  });

  test('writes no database variable when none is named, even for a connection to one', () => {
    expect(connectionVars(connection('shop'), { host: 'H', port: 'P', password: 'PW', user: 'U' }).map((v) => v.name)).toEqual(['H', 'P', 'U', 'PW']);
  });

  test.each<[string, Parameters<typeof connectionVars>[1], string | undefined]>([
    ['without a user variable', { host: 'H', port: 'P', password: 'PW', database: 'D', url: 'URL' }, 'shop'],
    ['without a database variable', { host: 'H', port: 'P', password: 'PW', user: 'U', url: 'URL' }, 'shop'],
    ['for root, which has no database', { ...ALL, url: 'URL' }, undefined],
  ])('fails to build a URL %s', (_name, names, database) => {
    expect(() => connectionVars(connection(database), names)).toThrow(new Error('a connection URL needs the user and database variables'));
  });
});

describe('the peers an exposure admits', () => {
  test('a peer is admitted once, whatever the order of its labels, and the first one given is kept', () => {
    const chart = new Chart(Testing.app(), 'data', { namespace: 'data' });
    const exposure = new MysqlBackend(chart, 'Db', { rootPassword: secret(chart, 'db-root') }).exposeViaClusterIp();
    const first = MysqlClientPeer.fromLabels({ app: 'web', tier: 'front' });
    const second = MysqlClientPeer.fromLabels({ tier: 'front', app: 'web' });
    exposure.allowFrom(first, second);
    expect(exposure.allowedPeers).toEqual([first]);
    expect(exposure.allowedPeers[0]).toBe(first);
    expect(find(synth(chart), 'NetworkPolicy', 'mysql-ingress').spec.ingress[0].from).toEqual([{ podSelector: { matchLabels: { app: 'web', tier: 'front' } } }]);
  });

  test('a peer with no namespace is one in the policy\'s own namespace: a pod selector alone', () => {
    expect(podPeer('data', undefined, { app: 'web' })).toEqual({ podSelector: { matchLabels: { app: 'web' } } });
    expect(podPeer('data', 'data', { app: 'web' })).toEqual({ podSelector: { matchLabels: { app: 'web' } } });
    expect(podPeer('data', 'shop', { app: 'web' })).toEqual({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } }, podSelector: { matchLabels: { app: 'web' } },
    });
  });
});

describe('what connect() and allowFrom() take, and how they name what they refuse', () => {
  test.each<[string, unknown, string]>([
    ['nothing', undefined, 'undefined'],
    ['containers without a pod selector', { containers: [] }, '{"containers":[]}'],
  ])('fails on %s as the workload, naming the kinds it takes', (_name, workload, shown) => {
    expect(() => shop().exposure.connect(workload as kplus.Deployment)).toThrow(new Error(`invalid workload ${shown} in ClusterIpExposure at 'shop/Db/ClusterIp': `
      + 'pass a cdk8s-plus Deployment, StatefulSet, Job, CronJob, DaemonSet or Pod'));
  });

  test('names a workload without a construct path or class by what it is', () => {
    const workload = Object.assign(Object.create(null), {
      containers: [{ name: 'app', env: { variables: {} } }], toPodSelectorConfig: () => ({ labelSelector: { _matchLabels: { app: 'x' } } }),
    });
    expect(() => shop().exposure.connect(workload, { containers: ['web'] }))
      .toThrow(/^invalid container "web" in ClusterIpExposure at 'shop\/Db\/ClusterIp': object has no such container: use one of "app"$/);
  });

  test('lists every variable a container has already', () => {
    const { chart, exposure } = shop();
    const deployment = web(chart);
    deployment.containers[0].env.addVariable('DB_HOST', kplus.EnvValue.fromValue('legacy'));
    deployment.containers[0].env.addVariable('DB_PORT', kplus.EnvValue.fromValue('3307'));
    expect(() => exposure.connect(deployment))
      .toThrow(/invalid envPrefix "DB_" .*container "web" of Deployment at 'shop\/Web' has DB_HOST, DB_PORT already: choose another prefix$/);
  });

  test('takes a peer by its peerSelector even when it could also be read as a pod selector', () => {
    const { chart, exposure } = shop();
    exposure.allowFrom({ peerSelector: { app: 'tool' }, toPodSelectorConfig: () => { throw new Error('read as a pod selector'); } } as unknown as MysqlClientPeer);
    expect(find(synth(chart), 'NetworkPolicy', 'mysql-ingress').spec.ingress[0].from).toEqual([{ podSelector: { matchLabels: { app: 'tool' } } }]);
  });

  test("the Service is labelled as the backend's database component", () => {
    const { chart } = shop();
    expect(find(synth(chart), 'Service', 'mysql').metadata.labels).toEqual({
      'app.kubernetes.io/name': 'mysql', 'app.kubernetes.io/instance': 'mysql', 'app.kubernetes.io/component': 'database',
      'app.kubernetes.io/managed-by': 'cdk8s',
    });
  });

  test('without a namespace, the DNS name is refused with the way out', () => {
    const chart = Testing.chart();
    const exposure = new MysqlBackend(chart, 'Db', { rootPassword: secret(chart, 'db-root') }).exposeViaClusterIp();
    expect(() => exposure.dnsName).toThrow(new Error('the DNS name of Service "mysql" in ClusterIpExposure at \'test/Db/ClusterIp\' is not known at synth: '
      + 'it has no namespace (none on the backend or its chart), so it lands wherever it is applied; '
      + 'give the backend (or its chart) a namespace, or dial the short name `serviceName` from the same namespace'));
  });

  test('with a namespace on the chart of the exposure only, the exposure is refused with the way out', () => {
    const app = Testing.app();
    const plain = new Chart(app, 'plain');
    const backend = new MysqlBackend(plain, 'Db', { rootPassword: secret(plain, 'db-root') });
    const other = new Chart(app, 'other', { namespace: 'shop' });
    expect(() => new ClusterIpExposure(other, 'Exposure', { backend })).toThrow(new Error(
      'invalid namespace "shop" in ClusterIpExposure at \'other/Exposure\': the backend has no namespace, so its Service must have none either: '
      + "create the exposure in the backend's chart, or give the backend a namespace"));
  });
});

describe('database names and users at their limits', () => {
  test('a database name of 64 characters and a user of 32 are accepted', () => {
    const chart = Testing.chart();
    const backend = new MysqlBackend(chart, 'Db', {
      rootPassword: secret(chart, 'db-root'), databases: [{ name: `d${'b'.repeat(63)}`, user: `u${'s'.repeat(31)}`, password: secret(chart, 'db') }],
    });
    expect(backend.databases.map((d) => [d.name.length, d.user!.length])).toEqual([[64, 32]]);
  });
});
