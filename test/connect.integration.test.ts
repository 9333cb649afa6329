// The application databases against a real MySQL-compatible server (MariaDB) on a private loopback, where the
// Service's host name resolves to that server: the init script exactly as synthesized runs as the mysql image's
// entrypoint runs it (sourced, with a docker_process_sql that logs in as root with the root password), then each
// application logs in with the env connect() gave its containers, Secrets resolved the way the kubelet resolves them.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { MysqlBackend } from '../lib';
import { Case, describeIfServer, resolvedEnv, Result, runAgainstServer } from './_mysql-server';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Manifest = any;

const ROOT_PASSWORD = 'root-Pa$$word';
/** Quotes, a backslash, a `$(...)`, backticks and a space: data to the script, never code. */
const SHOP_PASSWORD = 'it\'s a "p\\w$(touch /tmp/x)`id`';
const BLOG_PASSWORD = 'blog-pw-2';

/** The shop chart: a backend with two application databases, and two Deployments connected to one each. */
function shopChart(): Manifest[] {
  const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
  const secret = (name: string, value: string): kplus.SecretValue => ({
    secret: new kplus.Secret(chart, name, { metadata: { name }, stringData: { password: value } }), key: 'password',
  });
  const db = new MysqlBackend(chart, 'Db', {
    rootPassword: secret('db-root', ROOT_PASSWORD),
    databases: [
      { name: 'shop', password: secret('shop-db', SHOP_PASSWORD) },
      { name: 'blog_data', user: 'blogger', password: secret('blog-db', BLOG_PASSWORD) },
    ],
  });
  const exposure = db.exposeViaClusterIp();
  const app = (id: string): kplus.Deployment => new kplus.Deployment(chart, id, { metadata: { name: id.toLowerCase() }, containers: [{ image: 'example/app:1.0.0' }] });
  exposure.connect(app('Shop'), { database: 'shop' });
  exposure.connect(app('Blog'), { database: 'blog_data' });
  return Testing.synth(chart);
}

/** Runs `sql` with the mysql client, logged in with a connected container's env (DB_HOST, DB_PORT, DB_USER, DB_PASSWORD, DB_DATABASE). */
function asApplication(name: string, env: Record<string, string>, sql: string): Case {
  return {
    name,
    command: ['bash', '--norc', '-c', 'MYSQL_PWD="${DB_PASSWORD}" exec mysql --host="${DB_HOST}" --port="${DB_PORT}" --user="${DB_USER}" '
      + '--batch --skip-column-names --execute="$1" "${DB_DATABASE}"', 'bash', sql],
    env,
  };
}

describeIfServer('application databases and connect() against a real server', () => {
  let results: Map<string, Result>;
  let manifests: Manifest[];

  beforeAll(() => {
    manifests = shopChart();
    const deployment = (name: string): Manifest => manifests.find((m) => m.kind === 'Deployment' && m.metadata.name === name);
    const server = deployment('mysql').spec.template.spec.containers[0];
    const serverEnv = resolvedEnv(server, manifests);
    const shopEnv = resolvedEnv(deployment('shop').spec.template.spec.containers[0], manifests);
    const blogEnv = resolvedEnv(deployment('blog').spec.template.spec.containers[0], manifests);
    const script = manifests.find((m) => m.kind === 'ConfigMap' && m.metadata.name === 'mysql-initdb').data['10-application-databases.sh'];

    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mysql-connect-'));
    try {
      const scriptFile = path.join(work, '10-application-databases.sh');
      fs.writeFileSync(scriptFile, script);
      // The entrypoint sources the script with its docker_process_sql: root with the root password from its env.
      const entrypoint = 'set -eo pipefail; docker_process_sql() { MYSQL_PWD="${MYSQL_ROOT_PASSWORD}" mysql --protocol=TCP --host="$DB_SERVER" '
        + '--port=3306 --user=root "$@"; }; . "$1"';
      const cases: Case[] = [
        { name: 'init script', command: ['bash', '--norc', '-c', entrypoint, 'bash', scriptFile], env: { ...serverEnv, DB_SERVER: shopEnv.DB_HOST } },
        { name: 'init script again', command: ['bash', '--norc', '-c', entrypoint, 'bash', scriptFile], env: { ...serverEnv, DB_SERVER: shopEnv.DB_HOST } },
        asApplication('blog creates a table', blogEnv, 'CREATE TABLE posts (id INT); INSERT INTO posts VALUES (7); SELECT id FROM posts;'),
        asApplication('shop creates a table', shopEnv, 'CREATE TABLE orders (id INT PRIMARY KEY); INSERT INTO orders VALUES (1); SELECT COUNT(*) FROM orders;'),
        asApplication('shop reads mysql.user', shopEnv, 'SELECT User FROM mysql.user;'),
        asApplication("shop reads the blog's table", shopEnv, 'SELECT id FROM blog_data.posts;'),
        asApplication("shop uses the blog's database", shopEnv, 'USE blog_data;'),
        asApplication('shop creates a database', shopEnv, 'CREATE DATABASE shop2;'),
        asApplication('shop grants itself more', shopEnv, "GRANT ALL PRIVILEGES ON *.* TO 'shop'@'%';"),
        asApplication('shop with the blog password', { ...shopEnv, DB_PASSWORD: BLOG_PASSWORD }, 'SELECT 1;'),
        asApplication('shop lists its grants', shopEnv, 'SHOW GRANTS;'),
      ];
      results = runAgainstServer(shopEnv.DB_HOST, ROOT_PASSWORD, cases);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }, 150_000);

  const result = (name: string): Result => results.get(name)!;

  test('the init script, as synthesized, creates both databases and users; run again, it changes nothing and fails on nothing', () => {
    for (const name of ['init script', 'init script again']) {
      expect({ name, status: result(name).status, stderr: result(name).stderr }).toEqual({ name, status: 0, stderr: '' });
      expect(result(name).stdout).toBe('creating database shop and user shop\ncreating database blog_data and user blogger\n');
    }
  });

  test('each application logs in with the env connect() gave it, and creates a table in its own database', () => {
    expect(result('blog creates a table')).toMatchObject({ status: 0, stdout: '7\n', stderr: '' });
    expect(result('shop creates a table')).toMatchObject({ status: 0, stdout: '1\n', stderr: '' });
  });

  test('cannot read mysql.user', () => {
    expect(result('shop reads mysql.user').status).toBe(1);
    expect(result('shop reads mysql.user').stderr).toMatch(/ERROR 1142 .*SELECT command denied to user 'shop'@'[^']+' for table .*user/);
  });

  test("cannot read or use another application's database", () => {
    expect(result("shop reads the blog's table").status).toBe(1);
    expect(result("shop reads the blog's table").stderr).toMatch(/ERROR 1142 .*SELECT command denied to user 'shop'@/);
    expect(result("shop uses the blog's database").status).toBe(1);
    expect(result("shop uses the blog's database").stderr).toMatch(/ERROR 1044 .*Access denied for user 'shop'@'[^']+' to database 'blog_data'/);
  });

  test('cannot create a database or grant itself more', () => {
    expect(result('shop creates a database').stderr).toMatch(/ERROR 1044 .*Access denied for user 'shop'@'[^']+' to database 'shop2'/);
    expect(result('shop grants itself more').stderr).toMatch(/ERROR 1045 .*Access denied for user 'shop'@'%'/);
    expect(result('shop grants itself more').status).toBe(1);
  });

  test('logs in with its own password only, and holds privileges on its own database only', () => {
    expect(result('shop with the blog password').stderr).toMatch(/ERROR 1045 .*Access denied for user 'shop'@/);
    const grants = result('shop lists its grants');
    expect(grants.status).toBe(0);
    expect(grants.stdout.trim().split('\n').map((g) => g.replace(/ IDENTIFIED BY PASSWORD '[^']*'/, ''))).toEqual([
      'GRANT USAGE ON *.* TO `shop`@`%`',
      'GRANT ALL PRIVILEGES ON `shop`.* TO `shop`@`%`',
    ]);
  });
});
