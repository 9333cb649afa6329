// Which env vars the wiring checks read as a client's host and port, and which they leave alone.
import * as path from 'path';
import { checkManifests, checkPaths } from '../lib/check';

const set = (env: { name: string; value: string }[]): object[] => [
  {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'mysql', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'mysql' } },
      template: {
        metadata: { labels: { app: 'mysql' } },
        spec: { containers: [{ name: 'mysql', image: 'mysql:8.4.3', ports: [{ name: 'mysql', containerPort: 3306 }] }] },
      },
    },
  },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'mysql', namespace: 'default' }, spec: { selector: { app: 'mysql' }, ports: [{ port: 3306, targetPort: 'mysql' }] } },
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'client', namespace: 'default' }, spec: { containers: [{ name: 'client', image: 'mysql:8.4.3', env }] } },
];

function found(...env: [string, string][]): string[] {
  return checkManifests(set(env.map(([name, value]) => ({ name, value })))).findings.filter((f) => f.id.startsWith('client-')).map((f) => f.id);
}

test.each([
  [[['MYSQL_HOST', 'mysql']], []],
  [[['MYSQL_HOST', 'mysql.default']], []],
  [[['MYSQL_HOST', 'mysql.default.svc']], []],
  [[['MYSQL_HOST', 'mysql.default.svc.cluster.local']], []],
  [[['MYSQL_HOST', 'mysql'], ['MYSQL_PORT', '3306']], []],
  [[['MYSQL_HOST', 'mysql:3306']], []],
  [[['DATABASE_URL', 'mysql://root@mysql:3306/app']], []],
  [[['DATABASE_URL', 'jdbc:mysql://mysql.default:3306/app']], []],
  [[['MYSQL_HOST', 'mysql-svc']], ['client-unknown-host']],
  [[['MYSQL_HOST', 'mysql.other.svc.cluster.local']], ['client-unknown-host']],
  [[['REDIS_ADDR', 'redis:6379']], ['client-unknown-host']],
  [[['CACHE_URL', 'redis://cache']], ['client-unknown-host']],
  [[['MYSQL_HOST', 'mysql'], ['MYSQL_PORT', '3307']], ['client-wrong-port']],
  [[['MYSQL_HOST', 'mysql'], ['MYSQL_TCP_PORT', '33060']], ['client-wrong-port']],
  [[['DATABASE_URL', 'mysql://root@mysql:3307/app']], ['client-wrong-port']],
  // left alone: not an in-cluster name, not a host variable, or not knowable
  [[['MYSQL_HOST', 'mysql.other']], []],
  [[['MYSQL_HOST', 'db.example.com']], []],
  [[['MYSQL_HOST', 'localhost']], []],
  [[['HOST', '0.0.0.0']], []],
  [[['LISTEN_ADDR', ':8080']], []],
  [[['GET_HOSTS_FROM', 'dns']], []],
  [[['HOSTNAME', 'client']], []],
  [[['MODE', 'replica']], []],
  [[['API_ENDPOINT', '$(API_HOST)']], []],
  [[['KUBERNETES_SERVICE_HOST', 'kubernetes.default.svc']], []],
  [[['HOST', 'mysql'], ['PORT', '8080']], []],
  // `$(VAR)` references to variables defined before are expanded, as the kubelet does
  [[['DB_HOST', 'mysql'], ['DB_PORT', '3306'], ['DB_URL', 'mysql://app@$(DB_HOST):$(DB_PORT)/app']], []],
  [[['DB_HOST', 'mysql'], ['DB_PORT', '3307'], ['DB_URL', 'mysql://app@$(DB_HOST):$(DB_PORT)/app']], ['client-wrong-port', 'client-wrong-port']],
  [[['DB_HOST', 'mysql-svc.default'], ['DB_URL', 'mysql://$(DB_HOST)/app']], ['client-unknown-host', 'client-unknown-host']],
  [[['SVC', 'mysql-svc'], ['DB_HOST', '$(SVC)']], ['client-unknown-host']],
  // a reference to a variable defined later, or never, stays as written: nothing to check
  [[['DB_URL', 'mysql://$(SVC):3307/app'], ['SVC', 'mysql']], []],
  // `$$(` is a literal `$(`
  [[['SVC', 'mysql-svc'], ['DB_HOST', '$$(SVC)']], []],
])('%j -> %j', (env, expected) => {
  expect(found(...(env as [string, string][]))).toEqual(expected);
});

test('a reference to a password from a Secret expands to a value that is no host, and keeps the rest of the URL checked', () => {
  const objects = set([]);
  const client = objects[2] as { spec: { containers: { env: object[] }[] } };
  client.spec.containers[0].env = [
    { name: 'DB_USER', value: 'app' },
    { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'app-db', key: 'password' } } },
    { name: 'DB_URL', value: 'mysql://$(DB_USER):$(DB_PASSWORD)@mysql:3307/app' },
    { name: 'DB_HOST', value: '$(DB_PASSWORD)' },
  ];
  const findings = checkManifests(objects).findings.filter((f) => f.id.startsWith('client-') || f.id === 'env-literal-secret');
  expect(findings.map((f) => [f.id, f.path])).toEqual([['client-wrong-port', 'spec.containers[0].env[2]']]);
});

test('client-wrong-secret reports each client that reads another Secret key than its server, after a right one of the same shape', () => {
  const fixture = path.join(__dirname, 'fixtures', 'check', 'client-wrong-secret', 'fail.yaml');
  const findings = checkPaths([fixture]).findings.filter((f) => f.id === 'client-wrong-secret');
  expect(findings.map((f) => `${f.namespace}/${f.name} ${f.path}`)).toEqual([
    'shop/api spec.containers[0].env[3].valueFrom.secretKeyRef',
    'shop/blog spec.containers[0].env[2].valueFrom.secretKeyRef',
  ]);
  expect(findings[1].message).toBe('env MYSQL_PASSWORD reads Secret blog-db key pw to log in as blog (MYSQL_USER), but the server of Service shop/mysql '
    + "(Deployment shop/mysql) sets that user's password from Secret blog-db key password (MYSQL_PASSWORD)");
  expect(findings[1].fix).toBe('Read MYSQL_PASSWORD from Secret blog-db key password, the one the server uses.');
});
