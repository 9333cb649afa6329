/* eslint-disable @typescript-eslint/no-explicit-any */
// Every bad value a consumer can pass, from strict TypeScript or from JavaScript (`as any`): each is refused with an
// error that names the class, the construct path, the prop, the value (shown safely) and the fix, and no file is
// written. Then values at the edge of each rule, which synthesize.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  ClusterIpExposure, DebugClient, MysqlBackend, MysqlBackendProps, MysqlClientPeer, MysqlClusterIpLab, MysqlConnectivityCheck,
  MysqlImage, MysqlStorage,
} from '../lib';
import * as k8s from '../imports/k8s';
import { checkDirectory } from '../lib/check';
import { synthApp } from '../lib/synth';

/** A fresh app writing into its own empty temporary directory. */
function tempApp(): { app: App; outdir: string } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bad-input-'));
  return { app: new App({ outdir }), outdir };
}

function chart(app: App, id = 'c', namespace?: string): Chart {
  return new Chart(app, id, { namespace, disableResourceNameHashes: true });
}

function rootPassword(scope: Chart, id = 'Root'): kplus.SecretValue {
  return { secret: kplus.Secret.fromSecretName(scope, id, 'db-root'), key: 'password' };
}

function backend(app: App, props: Partial<MysqlBackendProps> | Record<string, unknown> = {}, c = chart(app)): MysqlBackend {
  return new MysqlBackend(c, 'Db', { rootPassword: rootPassword(c), ...props } as MysqlBackendProps);
}

function exposed(app: App, options: Record<string, unknown> = {}): ClusterIpExposure {
  return backend(app).exposeViaClusterIp({ serviceName: 'mysql-service', ...options } as any);
}

/** A connectivity check through `exposed(app, exposureOptions)`, with `props`. */
function check(app: App, props: Record<string, unknown>, exposureOptions: Record<string, unknown> = {}): MysqlConnectivityCheck {
  const exposure = exposed(app, exposureOptions);
  return new MysqlConnectivityCheck(Chart.of(exposure), 'Check', { exposure, ...props } as any);
}

const esc = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * The message of a refused prop: `invalid <prop> <value> in <Class> at '<path>': ...<fix>`, with `value` as the
 * error shows it (strings quoted, NaN as NaN, constructs by path, secrets by type).
 */
function invalid(prop: string, value: string, cls: string, at: string, fix: string): RegExp {
  return new RegExp(`invalid ${esc(prop)} ${esc(value)} in ${esc(cls)} at '${esc(at)}': .*${esc(fix)}`);
}

/** The message of a value refused by a static factory (no construct yet): `invalid <what> <value> in <Class.method()>: <fix>`. */
function invalidIn(what: string, value: string, where: string, fix: string): RegExp {
  return new RegExp(`invalid ${esc(what)} ${esc(value)} in ${esc(where)}: .*${esc(fix)}`);
}

/** Two objects that are one on the cluster, naming both constructs. */
function duplicate(kind: string, name: string, where: string, first: string, second: string): RegExp {
  return new RegExp(`duplicate ${kind} "${esc(name)}" ${esc(where)}: written by ${esc(first)} and by ${esc(second)}; `
    + 'kubectl apply would keep only the last one: give one of them another name');
}

const SECRET_TEXT = 'hunter2-do-not-print';

type Case = [name: string, build: (app: App) => unknown, error: RegExp, secret?: string];

const BAD: Case[] = [
  // MysqlBackend: names and namespace
  ['backend name not a DNS label', (app) => backend(app, { name: 'My_SQL' }), invalid('name', '"My_SQL"', 'MysqlBackend', 'c/Db', 'must be a DNS-1123 label')],
  ['backend name of 64 characters', (app) => backend(app, { name: 'a'.repeat(64) }), invalid('name', `"${'a'.repeat(64)}"`, 'MysqlBackend', 'c/Db', 'at most 63 characters')],
  ['backend name a number (JavaScript)', (app) => backend(app, { name: 42 }), invalid('name', '42', 'MysqlBackend', 'c/Db', 'must be a DNS-1123 label')],
  ['backend name NaN (JavaScript)', (app) => backend(app, { name: NaN }), invalid('name', 'NaN', 'MysqlBackend', 'c/Db', 'must be a DNS-1123 label')],
  ['deploymentName with uppercase', (app) => backend(app, { deploymentName: 'Mysql.Deployment' }),
    invalid('deploymentName', '"Mysql.Deployment"', 'MysqlBackend', 'c/Db', 'must be a DNS-1123 subdomain')],
  ['deploymentName of 254 characters', (app) => backend(app, { deploymentName: `${'a'.repeat(63)}.`.repeat(4).slice(0, 254) }),
    /invalid deploymentName "a{63}\.a+… in MysqlBackend at 'c\/Db': .*at most 253 characters/],
  ['namespace with uppercase', (app) => backend(app, { namespace: 'Shop' }), invalid('namespace', '"Shop"', 'MysqlBackend', 'c/Db', 'must be a DNS-1123 label')],
  ['namespace Infinity (JavaScript)', (app) => backend(app, { namespace: Infinity }), invalid('namespace', 'Infinity', 'MysqlBackend', 'c/Db', 'DNS-1123 label')],
  // replicas
  ['replicas 2', (app) => backend(app, { replicas: 2 }), invalid('replicas', '2', 'MysqlBackend', 'c/Db', 'use a replication operator for more')],
  ['replicas NaN', (app) => backend(app, { replicas: NaN }), invalid('replicas', 'NaN', 'MysqlBackend', 'c/Db', 'must be an integer from 0 to 1')],
  ['replicas Infinity', (app) => backend(app, { replicas: Infinity }), invalid('replicas', 'Infinity', 'MysqlBackend', 'c/Db', 'from 0 to 1')],
  ['replicas a string (JavaScript)', (app) => backend(app, { replicas: '1' }), invalid('replicas', '"1"', 'MysqlBackend', 'c/Db', 'must be an integer')],
  // labels
  ['label key with a space', (app) => backend(app, { labels: { 'bad key!': 'x' } }), invalid('labels key', '"bad key!"', 'MysqlBackend', 'c/Db', 'DNS-1123 subdomain prefix')],
  ['label value starting with a dash', (app) => backend(app, { labels: { team: '-orders' } }), invalid('labels["team"]', '"-orders"', 'MysqlBackend', 'c/Db', 'starting and ending with a letter or digit')],
  ['label value of 64 characters', (app) => backend(app, { labels: { team: 'x'.repeat(64) } }), invalid('labels["team"]', `"${'x'.repeat(64)}"`, 'MysqlBackend', 'c/Db', 'at most 63 characters')],
  ['label value a number (JavaScript)', (app) => backend(app, { labels: { team: 5 } }), invalid('labels["team"]', '5', 'MysqlBackend', 'c/Db', 'must be a string')],
  ['labels a string (JavaScript)', (app) => backend(app, { labels: 'team=orders' }), invalid('labels', '"team=orders"', 'MysqlBackend', 'c/Db', 'must be an object of label keys')],
  ['labels an array (JavaScript)', (app) => backend(app, { labels: ['team'] }), invalid('labels', '["team"]', 'MysqlBackend', 'c/Db', 'must be an object of label keys')],
  ['no selector labels', (app) => backend(app, { selectorLabels: {} }), invalid('selectorLabels', '{}', 'MysqlBackend', 'c/Db', 'at least one selector label')],
  ['selector label key with an empty name', (app) => backend(app, { selectorLabels: { 'app/': 'mysql' } }), invalid('selectorLabels key', '"app/"', 'MysqlBackend', 'c/Db', 'a name of at most 63')],
  ['a label redefining a selector label', (app) => backend(app, { labels: { 'app.kubernetes.io/instance': 'other' } }),
    invalid('labels["app.kubernetes.io/instance"]', '"other"', 'MysqlBackend', 'c/Db', 'remove it from labels, or change selectorLabels')],
  // resources
  ['cpu request above the limit', (app) => backend(app, { resources: { cpu: { request: kplus.Cpu.units(2), limit: kplus.Cpu.units(1) } } }),
    invalid('resources.cpu.request', '"2"', 'MysqlBackend', 'c/Db', 'must not exceed the cpu limit "1"')],
  ['memory request above the limit', (app) => backend(app, { resources: { memory: { request: Size.gibibytes(2), limit: Size.gibibytes(1) } } }),
    invalid('resources.memory.request', '"2Gi"', 'MysqlBackend', 'c/Db', 'must not exceed the memory limit "1Gi"')],
  ['cpu limit NaN', (app) => backend(app, { resources: { cpu: { limit: kplus.Cpu.millis(NaN) } } }),
    invalid('resources.cpu.limit', '"NaNm"', 'MysqlBackend', 'c/Db', 'with a finite number')],
  ['cpu request a number (JavaScript)', (app) => backend(app, { resources: { cpu: { request: 0.5 } } }),
    invalid('resources.cpu.request', '0.5', 'MysqlBackend', 'c/Db', 'must be a kplus.Cpu, for example kplus.Cpu.millis(250)')],
  ['memory request a number (JavaScript)', (app) => backend(app, { resources: { memory: { request: 512 } } }),
    invalid('resources.memory.request', '512', 'MysqlBackend', 'c/Db', 'must be a Size, for example Size.gibibytes(10)')],
  ['memory limit of NaN kibibytes', (app) => backend(app, { resources: { memory: { limit: Size.kibibytes(NaN) } } }),
    invalid('resources.memory.limit', '<Size NaN kibibytes>', 'MysqlBackend', 'c/Db', 'must be a finite size above zero')],
  ['memory limit of NaN gibibytes (a cdk8s conversion error)', (app) => backend(app, { resources: { memory: { limit: Size.gibibytes(NaN) } } }),
    invalid('resources.memory.limit', '<Size NaN gibibytes>', 'MysqlBackend', 'c/Db', "'NaN gibibytes' cannot be converted into a whole number of kibibytes: use a Size that converts exactly")],
  ['memory limit zero', (app) => backend(app, { resources: { memory: { limit: Size.mebibytes(0) } } }),
    invalid('resources.memory.limit', '<Size 0 mebibytes>', 'MysqlBackend', 'c/Db', 'above zero')],
  // storage
  ["storage 'persistent' (a string from JavaScript)", (app) => backend(app, { storage: 'persistent' }),
    invalid('storage', '"persistent"', 'MysqlBackend', 'c/Db', 'pass MysqlStorage.persistent() (a PersistentVolumeClaim) or MysqlStorage.ephemeral()')],
  ['storage a plain object (JavaScript)', (app) => backend(app, { storage: { persistent: true } }),
    invalid('storage', '{"persistent":true}', 'MysqlBackend', 'c/Db', 'pass MysqlStorage.persistent()')],
  ['storage of size zero', (app) => backend(app, { storage: MysqlStorage.persistent({ size: Size.gibibytes(0) }) }),
    invalid('storage.size', '<Size 0 gibibytes>', 'MysqlBackend', 'c/Db', 'must be a finite size above zero')],
  ['storage size a number (JavaScript)', (app) => backend(app, { storage: MysqlStorage.persistent({ size: 10 as any }) }),
    invalid('storage.size', '10', 'MysqlBackend', 'c/Db', 'must be a Size, for example Size.gibibytes(10)')],
  ['ephemeral storage limited to zero', (app) => backend(app, { storage: MysqlStorage.ephemeral(Size.mebibytes(0)) }),
    invalid('storage.sizeLimit', '<Size 0 mebibytes>', 'MysqlBackend', 'c/Db', 'above zero')],
  ['claim name with uppercase', (app) => backend(app, { storage: MysqlStorage.persistent({ claimName: 'Data' }) }),
    invalid('storage.claimName', '"Data"', 'MysqlBackend', 'c/Db', 'DNS-1123 subdomain')],
  ['storage class with a space', (app) => backend(app, { storage: MysqlStorage.persistent({ storageClassName: 'Fast SSD' }) }),
    invalid('storage.storageClassName', '"Fast SSD"', 'MysqlBackend', 'c/Db', 'DNS-1123 subdomain')],
  // startupAllowance
  ['startupAllowance of 5 seconds', (app) => backend(app, { startupAllowance: Duration.seconds(5) }),
    invalid('startupAllowance', '<Duration 5 seconds>', 'MysqlBackend', 'c/Db', 'must be from 10 to 3600 seconds')],
  ['startupAllowance of 2 hours', (app) => backend(app, { startupAllowance: Duration.hours(2) }),
    invalid('startupAllowance', '<Duration 2 hours>', 'MysqlBackend', 'c/Db', 'at most an hour')],
  ['startupAllowance 300 (a number from JavaScript)', (app) => backend(app, { startupAllowance: 300 }),
    invalid('startupAllowance', '300', 'MysqlBackend', 'c/Db', 'must be a Duration, for example Duration.minutes(5)')],
  ['startupAllowance of NaN seconds (a cdk8s conversion error that starts with a value)', (app) => backend(app, { startupAllowance: Duration.seconds(NaN) }),
    invalid('startupAllowance', '<Duration NaN seconds>', 'MysqlBackend', 'c/Db', 'NaN must be a whole number of seconds: use a Duration')],
  ['startupAllowance of 10500 millis (a cdk8s conversion error)', (app) => backend(app, { startupAllowance: Duration.millis(10500) }),
    invalid('startupAllowance', '<Duration 10500 millis>', 'MysqlBackend', 'c/Db', "'10500 millis' cannot be converted into a whole number of seconds: use a Duration")],
  // rootPassword
  ['no rootPassword', (app) => new MysqlBackend(chart(app), 'Db', {} as any),
    invalid('rootPassword', 'undefined', 'MysqlBackend', 'c/Db', 'as { secret, key }')],
  ['no props at all (JavaScript)', (app) => new MysqlBackend(chart(app), 'Db', undefined as any),
    new RegExp("^invalid rootPassword undefined in MysqlBackend at 'c/Db': pass the Secret that holds the root password and the key in it, "
      + esc("as { secret, key } (for example { secret: kplus.Secret.fromSecretName(this, 'Root', 'db-root'), key: 'password' })") + '$')],
  ['a null rootPassword (JavaScript)', (app) => backend(app, { rootPassword: null }), invalid('rootPassword', 'null', 'MysqlBackend', 'c/Db', 'as { secret, key }')],
  ['a rootPassword whose secret is a construct but not a Secret', (app) => backend(app, { rootPassword: { secret: new Construct(app, 'NotASecret'), key: 'password' } }),
    new RegExp(`^${esc("invalid rootPassword.secret <Construct NotASecret> in MysqlBackend at 'c/Db': ")}`
      + `${esc('pass a cdk8s-plus Secret (kplus.Secret, or kplus.Secret.fromSecretName() for one that exists)')}$`)],
  ['a Secret as rootPassword', (app) => {
    const c = chart(app);
    return new MysqlBackend(c, 'Db', { rootPassword: new kplus.Secret(c, 'Pw', { stringData: { password: SECRET_TEXT } }) as any });
  }, invalid('rootPassword', '<Secret c/Pw>', 'MysqlBackend', 'c/Db', 'as { secret, key }'), SECRET_TEXT],
  ['a password string as rootPassword (JavaScript)', (app) => backend(app, { rootPassword: SECRET_TEXT }),
    invalid('rootPassword', '<redacted string>', 'MysqlBackend', 'c/Db', 'as { secret, key }'), SECRET_TEXT],
  ['rootPassword with key undefined (process.env.X!)', (app) => {
    const c = chart(app);
    return new MysqlBackend(c, 'Db', { rootPassword: { secret: kplus.Secret.fromSecretName(c, 'Root', 'db-root'), key: undefined as unknown as string } });
  }, invalid('rootPassword.key', 'undefined', 'MysqlBackend', 'c/Db', 'use a key like "password"')],
  ["Secret key '.'", (app) => backend(app, { rootPassword: { secret: kplus.Secret.fromSecretName(app, 'R', 'db-root'), key: '.' } }),
    invalid('rootPassword.key', '"."', 'MysqlBackend', 'c/Db', "neither '.' nor start with '..'")],
  ["Secret key '..data'", (app) => backend(app, { rootPassword: { secret: kplus.Secret.fromSecretName(app, 'R', 'db-root'), key: '..data' } }),
    invalid('rootPassword.key', '"..data"', 'MysqlBackend', 'c/Db', "start with '..'")],
  ['Secret key with a space', (app) => backend(app, { rootPassword: { secret: kplus.Secret.fromSecretName(app, 'R', 'db-root'), key: 'pass word' } }),
    invalid('rootPassword.key', '"pass word"', 'MysqlBackend', 'c/Db', "letters, digits, '-', '_' and '.'")],
  ['Secret key of 254 characters', (app) => backend(app, { rootPassword: { secret: kplus.Secret.fromSecretName(app, 'R', 'db-root'), key: 'k'.repeat(254) } }),
    /invalid rootPassword\.key "k+… in MysqlBackend at 'c\/Db': .*at most 253 characters/],
  ['a Secret name string as rootPassword.secret (JavaScript)', (app) => backend(app, { rootPassword: { secret: 'db-root', key: 'password' } }),
    invalid('rootPassword.secret', '<redacted string>', 'MysqlBackend', 'c/Db', 'pass a cdk8s-plus Secret')],
  ['a Secret name with uppercase', (app) => backend(app, { rootPassword: { secret: kplus.Secret.fromSecretName(app, 'R', 'DB_Root'), key: 'password' } }),
    invalid('rootPassword.secret.name', '"DB_Root"', 'MysqlBackend', 'c/Db', 'DNS-1123 subdomain')],
  // image
  ['an image string (JavaScript)', (app) => backend(app, { image: 'mysql:8.4.9' }),
    invalid('image', '"mysql:8.4.9"', 'MysqlBackend', 'c/Db', 'pass a MysqlImage: MysqlImage.MYSQL_8_4, or MysqlImage.fromReference(')],
  ['an image as a plain object (JavaScript)', (app) => backend(app, { image: { reference: 'MySQL:8.0', tag: '8.0' } }),
    invalid('image', '{"reference":"MySQL:8.0","tag":"8.0"}', 'MysqlBackend', 'c/Db', 'pass a MysqlImage')],
  ["networkPolicy 'false' (a string from JavaScript)", (app) => exposed(app, { networkPolicy: 'false' }),
    invalid('networkPolicy', '"false"', 'ClusterIpExposure', 'c/Db/ClusterIp', 'must be true or false (default true)')],
  ["lab connectivityCheck 'no' (JavaScript)", (app) => new MysqlClusterIpLab(app, 'lab', { connectivityCheck: 'no' as any }),
    invalid('connectivityCheck', '"no"', 'MysqlClusterIpLab', 'lab', 'must be true or false (default true)')],
  ['an image with an uppercase repository', () => MysqlImage.fromReference('MySQL:8.0'),
    invalidIn('mysql image', '"MySQL:8.0"', 'MysqlImage.fromReference()', 'the repository name must be lowercase (the kubelet refuses it): write "mysql:8.0"')],
  ['an image tagged latest', () => MysqlImage.fromReference('mysql:latest'),
    invalidIn('mysql image', '"mysql:latest"', 'MysqlImage.fromReference()', 'pin an exact version with a tag or digest')],
  ['an image with no tag', () => MysqlImage.fromReference('registry:5000/mysql'),
    invalidIn('mysql image', '"registry:5000/mysql"', 'MysqlImage.fromReference()', 'never "latest" or no tag')],
  ['an image with a short digest', () => MysqlImage.fromReference('mysql@sha256:abc'),
    invalidIn('mysql image', '"mysql@sha256:abc"', 'MysqlImage.fromReference()', 'is not an image reference')],
  ['an image with a triple underscore', () => MysqlImage.fromReference('my___sql:8.4.9'),
    invalidIn('mysql image', '"my___sql:8.4.9"', 'MysqlImage.fromReference()', "separated by '.', '_', '__' or dashes")],
  ['an image reference undefined (JavaScript)', () => MysqlImage.fromReference(undefined as any),
    invalidIn('mysql image', 'undefined', 'MysqlImage.fromReference()', 'must be a string such as "mysql:8.4.9"')],
  // ClusterIpExposure
  ['serviceName with uppercase', (app) => exposed(app, { serviceName: 'MySQL_Svc' }),
    invalid('serviceName', '"MySQL_Svc"', 'ClusterIpExposure', 'c/Db/ClusterIp', 'must be a DNS-1035 label')],
  ['a default serviceName from a backend name that starts with a digit', (app) => backend(app, { name: '1db' }).exposeViaClusterIp(),
    invalid("serviceName (by default the backend's name)", '"1db"', 'ClusterIpExposure', 'c/Db/ClusterIp', 'starting with a letter')],
  ['port 0', (app) => exposed(app, { port: 0 }), invalid('port', '0', 'ClusterIpExposure', 'c/Db/ClusterIp', 'must be an integer from 1 to 65535')],
  ['port NaN', (app) => exposed(app, { port: NaN }), invalid('port', 'NaN', 'ClusterIpExposure', 'c/Db/ClusterIp', 'from 1 to 65535')],
  ['port a string (JavaScript)', (app) => exposed(app, { port: '3306' }), invalid('port', '"3306"', 'ClusterIpExposure', 'c/Db/ClusterIp', 'must be an integer')],
  ['Service label with an empty key', (app) => exposed(app, { labels: { '': 'x' } }), invalid('labels key', '""', 'ClusterIpExposure', 'c/Db/ClusterIp', 'a name of at most 63')],
  ['a cdk8s-plus Deployment as backend', (app) => {
    const c = chart(app);
    return new ClusterIpExposure(c, 'Svc', { backend: new kplus.Deployment(c, 'Web', { containers: [{ image: 'nginx:1.27' }] }) as any });
  }, invalid('backend', '<Deployment c/Web>', 'ClusterIpExposure', 'c/Svc', 'pass the MysqlBackend to expose')],
  ['no backend', (app) => new ClusterIpExposure(chart(app), 'Svc', {} as any), invalid('backend', 'undefined', 'ClusterIpExposure', 'c/Svc', 'pass the MysqlBackend')],
  ['a client peer with no labels', (app) => exposed(app).allowFrom({ peerSelector: {} } as any),
    invalid('client peer', '{"peerSelector":{}}', 'ClusterIpExposure', 'c/Db/ClusterIp', 'pass a cdk8s-plus workload or pod')],
  ['a peer label key with a space', () => MysqlClientPeer.fromLabels({ 'bad key': 'x' }),
    invalidIn('client peer label key', '"bad key"', 'MysqlClientPeer.fromLabels()', 'a name of at most 63 characters')],
  ['a peer label value starting with a dash', () => MysqlClientPeer.fromLabels({ app: '-api' }),
    invalidIn('client peer label["app"]', '"-api"', 'MysqlClientPeer.fromLabels()', 'starting and ending with a letter or digit')],
  ['a peer label value of 64 characters', () => MysqlClientPeer.fromLabels({ app: 'a'.repeat(64) }),
    invalidIn('client peer label["app"]', `"${'a'.repeat(64)}"`, 'MysqlClientPeer.fromLabels()', 'at most 63 characters')],
  ['a peer namespace with uppercase', () => MysqlClientPeer.fromLabels({ app: 'api' }, 'Web'),
    invalidIn('client peer namespace', '"Web"', 'MysqlClientPeer.fromLabels()', 'must be a DNS-1123 label')],
  // DebugClient
  ['a backend as exposure', (app) => {
    const db = backend(app);
    return new DebugClient(db.node.scope as Chart, 'Client', { exposure: db as any });
  }, invalid('exposure', '<MysqlBackend c/Db>', 'DebugClient', 'c/Client', 'pass the ClusterIpExposure to connect through (for example backend.exposeViaClusterIp())')],
  ['a host name as exposure', (app) => new DebugClient(chart(app), 'Client', { exposure: 'mysql-service' as any }),
    invalid('exposure', '"mysql-service"', 'DebugClient', 'c/Client', 'pass the ClusterIpExposure')],
  ['a cdk8s-plus Service as exposure', (app) => {
    const c = chart(app);
    return new DebugClient(c, 'Client', { exposure: new kplus.Service(c, 'Svc', { ports: [{ port: 3306 }] }) as any });
  }, invalid('exposure', '<Service c/Svc>', 'DebugClient', 'c/Client', 'pass the ClusterIpExposure')],
  ['client name with uppercase', (app) => {
    const exposure = exposed(app);
    return new DebugClient(Chart.of(exposure), 'Client', { exposure, name: 'Ubuntu_Client' });
  }, invalid('name', '"Ubuntu_Client"', 'DebugClient', 'c/Client', 'must be a DNS-1123 subdomain')],
  ['client name of 64 characters', (app) => {
    const exposure = exposed(app);
    return new DebugClient(Chart.of(exposure), 'Client', { exposure, name: 'u'.repeat(64) });
  }, invalid('name', `"${'u'.repeat(64)}"`, 'DebugClient', 'c/Client', 'must be at most 63 characters: it is the value of the label app.kubernetes.io/instance')],
  ['a password string for the client (JavaScript)', (app) => {
    const exposure = exposed(app);
    return new DebugClient(Chart.of(exposure), 'Client', { exposure, password: SECRET_TEXT as any });
  }, invalid('password', '<redacted string>', 'DebugClient', 'c/Client', 'as { secret, key }'), SECRET_TEXT],
  ["a client password key '..data'", (app) => {
    const exposure = exposed(app);
    return new DebugClient(Chart.of(exposure), 'Client', { exposure, password: { secret: kplus.Secret.fromSecretName(app, 'P', 'pw'), key: '..data' } });
  }, invalid('password.key', '"..data"', 'DebugClient', 'c/Client', "start with '..'")],
  ['a client memory limit of zero', (app) => {
    const exposure = exposed(app);
    return new DebugClient(Chart.of(exposure), 'Client', { exposure, resources: { memory: { limit: Size.mebibytes(0) } } });
  }, invalid('resources.memory.limit', '<Size 0 mebibytes>', 'DebugClient', 'c/Client', 'above zero')],
  ['a client image string (JavaScript)', (app) => {
    const exposure = exposed(app);
    return new DebugClient(Chart.of(exposure), 'Client', { exposure, image: 'mysql:8.4.9' as any });
  }, invalid('image', '"mysql:8.4.9"', 'DebugClient', 'c/Client', 'pass a MysqlImage')],
  ['a DebugClient networkPolicy \'false\' (JavaScript)', (app) => {
    const exposure = exposed(app);
    return new DebugClient(Chart.of(exposure), 'Client', { exposure, networkPolicy: 'false' as any });
  }, invalid('networkPolicy', '"false"', 'DebugClient', 'c/Client', 'must be true or false (default true)')],
  ['a client password that is the Secret itself, without a key', (app) => {
    const exposure = exposed(app);
    return new DebugClient(Chart.of(exposure), 'Client', { exposure, password: kplus.Secret.fromSecretName(app, 'Pw', 'pw') as any });
  }, invalid('password', '<ImportedSecret Pw>', 'DebugClient', 'c/Client', 'pass the Secret that holds the password and the key in it, as { secret, key }')],
  ['a client password naming its Secret by a string (JavaScript)', (app) => {
    const exposure = exposed(app);
    return new DebugClient(Chart.of(exposure), 'Client', { exposure, password: { secret: 'pw', key: 'password' } as any });
  }, invalid('password', '{"secret":<redacted string>,"key":<redacted string>}', 'DebugClient', 'c/Client', 'as { secret, key }')],
  ['a client password whose secret is a construct but not a Secret', (app) => {
    const exposure = exposed(app);
    return new DebugClient(Chart.of(exposure), 'Client', { exposure, password: { secret: new Construct(app, 'NotASecret'), key: 'password' } as any });
  }, invalid('password', '{"secret":<Construct NotASecret>,"key":<redacted string>}', 'DebugClient', 'c/Client', 'as { secret, key }')],
  ['a client password Secret named with uppercase', (app) => {
    const exposure = exposed(app);
    return new DebugClient(Chart.of(exposure), 'Client', { exposure, password: { secret: kplus.Secret.fromSecretName(app, 'Pw', 'Root_Pw'), key: 'password' } });
  }, invalid('password.secret.name', '"Root_Pw"', 'DebugClient', 'c/Client', 'must be a DNS-1123 subdomain')],
  // application databases and connect()
  ['a database password as a string (JavaScript)', (app) => backend(app, { databases: [{ name: 'shop', password: SECRET_TEXT }] }),
    invalid('databases[0].password', '<redacted string>', 'MysqlBackend', 'c/Db', 'pass the Secret that holds the password of user shop'), SECRET_TEXT],
  ["a database password key '..data'", (app) => backend(app, {
    databases: [{ name: 'shop', password: { secret: kplus.Secret.fromSecretName(app, 'P', 'shop-db'), key: '..data' } }],
  }), invalid('databases[0].password.key', '"..data"', 'MysqlBackend', 'c/Db', "start with '..'")],
  ["a database named 'mysql'", (app) => backend(app, {
    databases: [{ name: 'mysql', password: { secret: kplus.Secret.fromSecretName(app, 'P', 'shop-db'), key: 'password' } }],
  }), invalid('databases[0].name', '"mysql"', 'MysqlBackend', 'c/Db', 'is a database of MySQL itself: choose a name of your own')],
  ['databases as a string (JavaScript)', (app) => backend(app, { databases: 'shop' }),
    invalid('databases', '"shop"', 'MysqlBackend', 'c/Db', 'pass a list of { name, user, password }')],
  ['a null database (JavaScript)', (app) => backend(app, { databases: [null] }), invalid('databases[0]', 'null', 'MysqlBackend', 'c/Db', 'pass { name, user, password }')],
  ['a database given by its name alone (JavaScript)', (app) => backend(app, { databases: ['shop'] }),
    invalid('databases[0]', '"shop"', 'MysqlBackend', 'c/Db', 'pass { name, user, password }')],
  ['a database name in a list (JavaScript)', (app) => backend(app, { databases: [{ name: ['shop'], password: { secret: kplus.Secret.fromSecretName(app, 'P', 'shop-db'), key: 'password' } }] }),
    invalid('databases[0].name', '["shop"]', 'MysqlBackend', 'c/Db', "must be a database name of letters, digits and '_'")],
  ['a database user in a list (JavaScript)', (app) => backend(app, { databases: [{ name: 'shop', user: ['shop'], password: { secret: kplus.Secret.fromSecretName(app, 'P', 'shop-db'), key: 'password' } }] }),
    invalid('databases[0].user', '["shop"]', 'MysqlBackend', 'c/Db', "must be a user name of letters, digits and '_'")],
  ['a database user of 33 characters, set', (app) => backend(app, { databases: [{ name: 'shop', user: 'u'.repeat(33), password: { secret: kplus.Secret.fromSecretName(app, 'P', 'shop-db'), key: 'password' } }] }),
    new RegExp(`^${esc(`invalid databases[0].user "${'u'.repeat(33)}" in MysqlBackend at 'c/Db': `)}`
      + `${esc("must be a user name of letters, digits and '_', starting with a letter, at most 32 characters (MySQL's limit)")}$`)],
  ["a database named 'information_schema'", (app) => backend(app, { databases: [{ name: 'information_schema', password: { secret: kplus.Secret.fromSecretName(app, 'P', 'shop-db'), key: 'password' } }] }),
    invalid('databases[0].name', '"information_schema"', 'MysqlBackend', 'c/Db', 'is a database of MySQL itself')],
  ["a database named 'Performance_Schema'", (app) => backend(app, { databases: [{ name: 'Performance_Schema', password: { secret: kplus.Secret.fromSecretName(app, 'P', 'shop-db'), key: 'password' } }] }),
    invalid('databases[0].name', '"Performance_Schema"', 'MysqlBackend', 'c/Db', 'is a database of MySQL itself')],
  ['a null database password (JavaScript)', (app) => backend(app, { databases: [{ name: 'shop', password: null }] }),
    invalid('databases[0].password', 'null', 'MysqlBackend', 'c/Db', 'pass the Secret that holds the password of user shop')],
  ['a database password whose secret is a construct but not a Secret', (app) => backend(app, {
    databases: [{ name: 'shop', password: { secret: new Construct(app, 'NotASecret'), key: 'password' } }],
  }),
  invalid('databases[0].password', '{"secret":<Construct NotASecret>,"key":<redacted string>}', 'MysqlBackend', 'c/Db', 'pass the Secret that holds the password of user shop')],
  ['a database password Secret named with uppercase', (app) => backend(app, { databases: [{ name: 'shop', password: { secret: kplus.Secret.fromSecretName(app, 'P', 'Shop_Db'), key: 'password' } }] }),
    invalid('databases[0].password.secret.name', '"Shop_Db"', 'MysqlBackend', 'c/Db', 'must be a DNS-1123 subdomain')],
  ['no props for an exposure (JavaScript)', (app) => new ClusterIpExposure(chart(app), 'E', undefined as any),
    invalid('backend', 'undefined', 'ClusterIpExposure', 'c/E', 'pass the MysqlBackend to expose')],
  ["connect() with url 'yes' (JavaScript)", (app) => {
    const db = backend(app, { databases: [{ name: 'shop', password: { secret: kplus.Secret.fromSecretName(app, 'P', 'shop-db'), key: 'password' } }] });
    return db.exposeViaClusterIp().connect(new kplus.Deployment(Chart.of(db), 'Web', { containers: [{ image: 'nginx:1.27' }] }), { url: 'yes' as any });
  }, invalid('url', '"yes"', 'ClusterIpExposure', 'c/Db/ClusterIp', 'must be true or false (default false)')],
  ['connect() to a workload without containers', (app) => {
    const db = backend(app, { databases: [{ name: 'shop', password: { secret: kplus.Secret.fromSecretName(app, 'P', 'shop-db'), key: 'password' } }] });
    return db.exposeViaClusterIp().connect(new kplus.Deployment(Chart.of(db), 'Web'));
  }, invalid('workload', '<Deployment c/Web>', 'ClusterIpExposure', 'c/Db/ClusterIp', 'it has no container yet: add its containers before connect()')],
  ['connect() to no container', (app) => {
    const db = backend(app, { databases: [{ name: 'shop', password: { secret: kplus.Secret.fromSecretName(app, 'P', 'shop-db'), key: 'password' } }] });
    return db.exposeViaClusterIp().connect(new kplus.Deployment(Chart.of(db), 'Web', { containers: [{ image: 'nginx:1.27' }] }), { containers: [] });
  }, invalid('containers', '[]', 'ClusterIpExposure', 'c/Db/ClusterIp', 'name at least one container, or leave containers out for all')],
  ['connect() with egress from a workload named with uppercase', (app) => {
    const db = backend(app, { databases: [{ name: 'shop', password: { secret: kplus.Secret.fromSecretName(app, 'P', 'shop-db'), key: 'password' } }] });
    const web = new kplus.Deployment(Chart.of(db), 'Web', { metadata: { name: 'Web_App' }, containers: [{ image: 'nginx:1.27' }] });
    return db.exposeViaClusterIp().connect(web, { egress: true });
  }, invalid('egress policy name', '"Web_App-mysql-egress"', 'ClusterIpExposure', 'c/Db/ClusterIp', 'must be a DNS-1123 subdomain')],
  ['a plain object as the workload of connect() (JavaScript)', (app) => exposed(app).connect({ name: 'web' } as any),
    invalid('workload', '{"name":"web"}', 'ClusterIpExposure', 'c/Db/ClusterIp', 'pass a cdk8s-plus Deployment, StatefulSet, Job, CronJob, DaemonSet or Pod')],
  ["connect() with egress 'yes' (JavaScript)", (app) => {
    const db = backend(app, { databases: [{ name: 'shop', password: { secret: kplus.Secret.fromSecretName(app, 'P', 'shop-db'), key: 'password' } }] });
    const web = new kplus.Deployment(Chart.of(db), 'Web', { containers: [{ image: 'nginx:1.27' }] });
    return db.exposeViaClusterIp().connect(web, { egress: 'yes' as any });
  }, invalid('egress', '"yes"', 'ClusterIpExposure', 'c/Db/ClusterIp', 'must be true or false (default false)')],
  // MysqlConnectivityCheck
  ['waitForServer of 10500 millis', (app) => check(app, { waitForServer: Duration.millis(10500) }), invalid('waitForServer', '<Duration 10500 millis>', 'MysqlConnectivityCheck', 'c/Check', "'10500 millis' cannot be converted into a whole number of seconds")],
  ['waitForServer 300 (JavaScript)', (app) => check(app, { waitForServer: 300 }), invalid('waitForServer', '300', 'MysqlConnectivityCheck', 'c/Check', 'must be a Duration, for example Duration.minutes(5)')],
  ['ttlAfterFinished of 30 days', (app) => check(app, { ttlAfterFinished: Duration.days(30) }), invalid('ttlAfterFinished', '<Duration 30 days>', 'MysqlConnectivityCheck', 'c/Check', 'keep a finished Job at most a week')],
  ['a check name of 55 characters', (app) => check(app, { name: 'c'.repeat(55) }), invalid('name', `"${'c'.repeat(55)}"`, 'MysqlConnectivityCheck', 'c/Check', 'must be at most 54 characters: the Job is named "<name>-<8 hex digits>"')],
  ['a default check name from a long serviceName', (app) => check(app, {}, { serviceName: `s${'x'.repeat(48)}` }), invalid('name (by default "<the exposure\'s serviceName>-check": set name, or shorten that)', `"s${'x'.repeat(48)}-check"`, 'MysqlConnectivityCheck', 'c/Check', 'at most 54 characters')],
  ['a check name with uppercase', (app) => check(app, { name: 'Check' }), invalid('name', '"Check"', 'MysqlConnectivityCheck', 'c/Check', 'must be a DNS-1123 label')],
  ['a default check name over 63 characters from a long serviceName', (app) => check(app, {}, { serviceName: `s${'x'.repeat(58)}` }),
    invalid('name (by default "<the exposure\'s serviceName>-check": set name, or shorten that)', `"s${'x'.repeat(58)}-check"`, 'MysqlConnectivityCheck', 'c/Check',
      'must be a DNS-1123 label')],
  ["connect() with a password key 'pass word'", (app) => {
    const db = backend(app, { databases: [{ name: 'shop', password: { secret: kplus.Secret.fromSecretName(app, 'P', 'shop-db'), key: 'password' } }] });
    const web = new kplus.Deployment(Chart.of(db), 'Web', { containers: [{ image: 'nginx:1.27' }] });
    return db.exposeViaClusterIp().connect(web, { password: { secret: kplus.Secret.fromSecretName(app, 'Copy', 'shop-db-copy'), key: 'pass word' } });
  }, invalid('password.key', '"pass word"', 'ClusterIpExposure', 'c/Db/ClusterIp', "letters, digits, '-', '_' and '.'")],
  ["a check networkPolicy 'false' (JavaScript)", (app) => check(app, { networkPolicy: 'false' }),
    invalid('networkPolicy', '"false"', 'MysqlConnectivityCheck', 'c/Check', 'must be true or false (default true)')],
  // MysqlClusterIpLab
  ['lab name starting with a digit', (app) => new MysqlClusterIpLab(app, 'lab', { name: '1db' }),
    invalid('name', '"1db"', 'MysqlClusterIpLab', 'lab', 'starting with a letter) of at most 35 characters (55 with connectivityCheck: false)')],
  ['lab name of 36 characters', (app) => new MysqlClusterIpLab(app, 'lab', { name: 'a'.repeat(36) }),
    invalid('name', `"${'a'.repeat(36)}"`, 'MysqlClusterIpLab', 'lab', 'of at most 35 characters (55 with connectivityCheck: false): the lab names the connectivity check "<name>-connectivity-check"')],
  ['lab name of 56 characters without the check', (app) => new MysqlClusterIpLab(app, 'lab', { name: 'a'.repeat(56), connectivityCheck: false }),
    invalid('name', `"${'a'.repeat(56)}"`, 'MysqlClusterIpLab', 'lab', 'of at most 55 characters: the lab names the Service "<name>-service"')],
  ['a numeric lab password (JavaScript)', (app) => new MysqlClusterIpLab(app, 'lab', { rootPassword: 31415926 as any }),
    invalid('rootPassword', '<redacted number>', 'MysqlClusterIpLab', 'lab', 'must be a non-empty string'), '31415926'],
  ['an empty lab password', (app) => new MysqlClusterIpLab(app, 'lab', { rootPassword: '' }),
    invalid('rootPassword', '<redacted string>', 'MysqlClusterIpLab', 'lab', 'must be a non-empty string')],
  ['lab namespace with uppercase', (app) => new MysqlClusterIpLab(app, 'lab', { namespace: 'Team_A' }),
    invalid('namespace', '"Team_A"', 'MysqlClusterIpLab', 'lab', 'must be a DNS-1123 label')],
  ['lab clientName with uppercase', (app) => new MysqlClusterIpLab(app, 'lab', { clientName: 'Ubuntu' }),
    invalid('clientName', '"Ubuntu"', 'MysqlClusterIpLab', 'lab', 'it names the client Pod')],
  ['lab clientName of 64 characters', (app) => new MysqlClusterIpLab(app, 'lab', { clientName: 'u'.repeat(64) }),
    invalid('clientName', `"${'u'.repeat(64)}"`, 'MysqlClusterIpLab', 'lab', 'at most 63 characters')],
  ['lab rootPasswordSecretName with uppercase', (app) => new MysqlClusterIpLab(app, 'lab', { rootPasswordSecretName: 'Root_Password' }),
    invalid('rootPasswordSecretName', '"Root_Password"', 'MysqlClusterIpLab', 'lab', 'DNS-1123 subdomain')],
  ['lab waitForServer of 10500 millis', (app) => new MysqlClusterIpLab(app, 'lab', { waitForServer: Duration.millis(10500) }),
    invalid('waitForServer', '<Duration 10500 millis>', 'MysqlConnectivityCheck', 'lab/Check', 'cannot be converted into a whole number of seconds')],
  ["lab storage 'persistent' (JavaScript)", (app) => new MysqlClusterIpLab(app, 'lab', { storage: 'persistent' as any }),
    invalid('storage', '"persistent"', 'MysqlBackend', 'lab/Backend', 'pass MysqlStorage.persistent()')],
];

// Duplicates: found at synth, naming both constructs.
const DUPLICATES: Case[] = [
  ['two backends of one name in one chart', (app) => {
    const c = chart(app);
    new MysqlBackend(c, 'A', { rootPassword: rootPassword(c, 'RootA') });
    new MysqlBackend(c, 'B', { rootPassword: rootPassword(c, 'RootB') });
  }, duplicate('Deployment', 'mysql', 'with no namespace', "MysqlBackend at 'c/A'", "MysqlBackend at 'c/B'")],
  ['two backends of one name in two charts', (app) => {
    backend(app, {}, chart(app, 'one'));
    backend(app, {}, chart(app, 'two'));
  }, duplicate('PersistentVolumeClaim', 'mysql-data', 'with no namespace', "KubePersistentVolumeClaim at 'one/Db/Data'", "KubePersistentVolumeClaim at 'two/Db/Data'")],
  ['two backends of one name in two charts of one namespace', (app) => {
    backend(app, {}, chart(app, 'one', 'shop'));
    backend(app, { namespace: 'shop' }, chart(app, 'two'));
  }, duplicate('Deployment', 'mysql', 'in namespace "shop"', "MysqlBackend at 'one/Db'", "MysqlBackend at 'two/Db'")],
  ["a deploymentName equal to another backend's name", (app) => {
    const c = chart(app);
    new MysqlBackend(c, 'A', { rootPassword: rootPassword(c, 'RootA'), name: 'orders' });
    new MysqlBackend(c, 'B', { rootPassword: rootPassword(c, 'RootB'), name: 'billing', deploymentName: 'orders' });
  }, duplicate('Deployment', 'orders', 'with no namespace', "MysqlBackend at 'c/A'", "MysqlBackend at 'c/B'")],
  ['exposeViaClusterIp() called twice', (app) => {
    const db = backend(app);
    db.exposeViaClusterIp();
    db.exposeViaClusterIp();
  }, duplicate('Service', 'mysql', 'with no namespace', "ClusterIpExposure at 'c/Db/ClusterIp'", "ClusterIpExposure at 'c/Db/ClusterIp2'")],
  ['two DebugClients of one name', (app) => {
    const exposure = exposed(app);
    new DebugClient(Chart.of(exposure), 'One', { exposure });
    new DebugClient(Chart.of(exposure), 'Two', { exposure });
  }, duplicate('Pod', 'mysql-client', 'with no namespace', "DebugClient at 'c/One'", "DebugClient at 'c/Two'")],
  ['two labs in one namespace', (app) => {
    new MysqlClusterIpLab(app, 'one', { namespace: 'lab' });
    new MysqlClusterIpLab(app, 'two', { namespace: 'lab' });
  }, duplicate('Secret', 'mysql-root-password', 'in namespace "lab"', "KubeSecret at 'one/RootPassword'", "KubeSecret at 'two/RootPassword'")],
  ['two labs with no namespace', (app) => {
    new MysqlClusterIpLab(app, 'one');
    new MysqlClusterIpLab(app, 'two');
  }, duplicate('Deployment', 'mysql-deployment', 'with no namespace', "MysqlBackend at 'one/Backend'", "MysqlBackend at 'two/Backend'")],
  ["a consumer's Secret of the lab Secret's name", (app) => {
    new MysqlClusterIpLab(app, 'lab', { namespace: 'lab' });
    new k8s.KubeSecret(chart(app, 'mine', 'lab'), 'Pw', { metadata: { name: 'mysql-root-password' } });
  }, duplicate('Secret', 'mysql-root-password', 'in namespace "lab"', "KubeSecret at 'lab/RootPassword'", "KubeSecret at 'mine/Pw'")],
];

/** Builds, then synthesizes with `app.synth()`; returns the error, or fails the test when there is none. */
function refusal(build: (app: App) => unknown): { error: Error; outdir: string } {
  const { app, outdir } = tempApp();
  try {
    build(app);
    app.synth();
  } catch (e) {
    return { error: e as Error, outdir };
  }
  throw new Error('expected an error, and the app synthesized');
}

describe('bad input is refused with context, and nothing is written', () => {
  test('the table holds at least 60 bad inputs', () => {
    expect(BAD.length + DUPLICATES.length).toBeGreaterThanOrEqual(60);
  });

  // Every row has four cells: jest would pass its `done` callback in a missing one.
  test.each([...BAD, ...DUPLICATES].map(([name, build, message, secret]) => [name, build, message, secret ?? ''] as const))('fails on %s', (_name, build, message, secret) => {
    const { error, outdir } = refusal(build);
    // a plain Error with our message: never a TypeError, a RangeError or a bare cdk8s message
    expect(error.constructor).toBe(Error);
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/^(invalid |Validation failed with the following errors:\n {2}\[[^\]]*\] duplicate )/);
    if (secret) expect(error.message).not.toContain(secret);
    expect(fs.readdirSync(outdir)).toEqual([]);
  });
});

describe('duplicates are refused by every way of synthesizing', () => {
  const twoLabs = (app: App): void => {
    new MysqlClusterIpLab(app, 'one', { namespace: 'lab' });
    new MysqlClusterIpLab(app, 'two', { namespace: 'lab' });
  };

  test('fails in app.synth() with one error for each of the 10 duplicate objects', () => {
    const { error } = refusal(twoLabs);
    expect(error.message.match(/duplicate [A-Za-z]+ "[^"]+" in namespace "lab": written by .* at 'one\/.* and by .* at 'two\//g)).toHaveLength(10);
  });

  test('fails in synthApp()', () => {
    const { app, outdir } = tempApp();
    twoLabs(app);
    expect(() => synthApp(app)).toThrow(/duplicate Secret "mysql-root-password" in namespace "lab"/);
    expect(fs.readdirSync(outdir)).toEqual([]);
  });

  test('fails in Testing.synth()', () => {
    const app = Testing.app();
    twoLabs(app);
    expect(() => Testing.synth(app.charts[0])).toThrow(/duplicate Secret "mysql-root-password" in namespace "lab"/);
  });

  test('accepts one name with no namespace and in a named namespace (where they meet depends on how they are applied)', () => {
    const { app } = tempApp();
    new MysqlClusterIpLab(app, 'one');
    new MysqlClusterIpLab(app, 'two', { namespace: 'lab' });
    expect(() => app.synth()).not.toThrow();
  });
});

// Values at the edge of each rule: they synthesize.
const name63 = `a${'b'.repeat(61)}c`;
const subdomain253 = [name63, name63, name63, `${'d'.repeat(60)}`].join('.');
const EDGE_VALID: Array<[string, (app: App) => unknown]> = [
  ['a backend name of 63 characters', (app) => backend(app, { name: name63 })],
  ['a deploymentName of 253 characters', (app) => backend(app, { deploymentName: subdomain253 })],
  ['a namespace of 63 characters', (app) => backend(app, { namespace: name63 })],
  ['a label value of 63 characters', (app) => backend(app, { labels: { team: 'x'.repeat(63) } })],
  ['an empty label value', (app) => backend(app, { labels: { team: '' } })],
  ['a label key with a 253-character prefix and a 63-character name', (app) => backend(app, { labels: { [`${subdomain253}/${name63}`]: 'x' } })],
  ['replicas 0', (app) => backend(app, { replicas: 0 })],
  ['storage of 1Mi', (app) => backend(app, { storage: MysqlStorage.persistent({ size: Size.mebibytes(1) }) })],
  ['storage of half a kibibyte', (app) => backend(app, { storage: MysqlStorage.persistent({ size: Size.kibibytes(0.5) }) })],
  ['ephemeral storage limited to 1Mi', (app) => backend(app, { storage: MysqlStorage.ephemeral(Size.mebibytes(1)) })],
  ['startupAllowance of 10 seconds', (app) => backend(app, { startupAllowance: Duration.seconds(10) })],
  ['startupAllowance of one hour', (app) => backend(app, { startupAllowance: Duration.hours(1) })],
  ['startupAllowance of 10000 millis (whole seconds)', (app) => backend(app, { startupAllowance: Duration.millis(10000) })],
  ['a Secret key of 253 characters', (app) => backend(app, { rootPassword: { secret: kplus.Secret.fromSecretName(app, 'R', 'db-root'), key: 'k'.repeat(253) } })],
  ["a Secret key starting with one '.'", (app) => backend(app, { rootPassword: { secret: kplus.Secret.fromSecretName(app, 'R', 'db-root'), key: '.password' } })],
  ['an image with a registry port, tag and digest', (app) => backend(app, { image: MysqlImage.fromReference(`localhost:5000/db/my__sql:8.4.9@sha256:${'a'.repeat(64)}`) })],
  ['an image tag of 128 characters (too long for the version label, which is left out)',
    (app) => backend(app, { image: MysqlImage.fromReference(`mysql:8.4.9-${'x'.repeat(122)}`) })],
  ['a serviceName of 63 characters', (app) => exposed(app, { serviceName: name63 })],
  ['port 1', (app) => exposed(app, { port: 1 })],
  ['port 65535', (app) => exposed(app, { port: 65535 })],
  ['a peer label value of 63 characters in a 63-character namespace', (app) => exposed(app).allowFrom(MysqlClientPeer.fromLabels({ app: 'x'.repeat(63) }, name63))],
  ['a DebugClient name of 63 characters', (app) => {
    const exposure = exposed(app);
    new DebugClient(Chart.of(exposure), 'Client', { exposure, name: name63 });
  }],
  ['a check name of 54 characters, waiting 0 seconds and kept 0 seconds', (app) => {
    const exposure = exposed(app);
    new MysqlConnectivityCheck(Chart.of(exposure), 'Check', { exposure, name: 'c'.repeat(54), waitForServer: Duration.seconds(0), ttlAfterFinished: Duration.seconds(0) });
  }],
  ['a lab name of 35 characters', (app) => new MysqlClusterIpLab(app, 'lab', { name: `l${'a'.repeat(34)}` })],
  ['a lab name of 55 characters without the check', (app) => new MysqlClusterIpLab(app, 'lab', { name: `l${'a'.repeat(54)}`, connectivityCheck: false })],
  ['a lab password of non-ASCII text', (app) => new MysqlClusterIpLab(app, 'lab', { rootPassword: 'pässwörd-密码' })],
  ['two backends of one name in two namespaces', (app) => {
    backend(app, {}, chart(app, 'one', 'shop'));
    backend(app, {}, chart(app, 'two', 'billing'));
  }],
  ['two labs in two namespaces', (app) => {
    new MysqlClusterIpLab(app, 'one', { namespace: 'one' });
    new MysqlClusterIpLab(app, 'two', { namespace: 'two' });
  }],
  ['two exposures of one backend with two names', (app) => {
    const db = backend(app);
    db.exposeViaClusterIp({ serviceName: 'mysql' });
    db.exposeViaClusterIp({ serviceName: 'mysql-admin' });
  }],
];

describe('values at the edge of each rule synthesize', () => {
  test('the table holds at least 20 edge-valid inputs', () => {
    expect(EDGE_VALID.length).toBeGreaterThanOrEqual(20);
  });

  test.each(EDGE_VALID)('accepts %s', (_name, build) => {
    const { app, outdir } = tempApp();
    build(app);
    app.synth();
    expect(fs.readdirSync(outdir).filter((f) => f.endsWith('.k8s.yaml')).length).toBeGreaterThan(0);
    // and the API server would take it: no finding of the checks that replay its validation
    const refused = checkDirectory(outdir).findings.filter((f) => f.severity === 'error' && /^(api|schema)-/.test(f.id));
    expect(refused).toEqual([]);
  });
});
