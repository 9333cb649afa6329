import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as kplus from 'cdk8s-plus-28';
import { Chart } from 'cdk8s';
import { MysqlDatabase } from '../lib';
import { checkManifests, formatText } from '../lib/check';
import { backendChart } from './_fixtures';
import { find, Manifest, synth } from './_manifests';

function secret(chart: Chart, name: string, key = 'password'): kplus.SecretValue {
  return { secret: kplus.Secret.fromSecretName(chart, `Secret-${name}-${key}`, name), key };
}

/** A backend with the databases `shop` (user `shop`, Secret shop-db) and `blog_data` (user `blogger`, Secret blog-db). */
function twoDatabases(): { chart: Chart; manifests: Manifest[] } {
  const { chart } = backendChart();
  const databases: MysqlDatabase[] = [
    { name: 'shop', password: secret(chart, 'shop-db') },
    { name: 'blog_data', user: 'blogger', password: secret(chart, 'blog-db', 'pw') },
  ];
  const { chart: withDbs } = backendChart({ databases });
  return { chart: withDbs, manifests: synth(withDbs) };
}

/** Runs the init script with bash, as the entrypoint sources it, with a docker_process_sql that prints its SQL. */
function runScript(script: string, env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'initdb-'));
  try {
    fs.writeFileSync(path.join(dir, 'init.sh'), script);
    const run = spawnSync('bash', ['--norc', '--noprofile', '-c', 'set -eo pipefail; docker_process_sql() { cat; }; . "$1"', 'bash', path.join(dir, 'init.sh')], {
      env: { PATH: process.env.PATH, ...env }, encoding: 'utf8',
    });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('MysqlBackend application databases', () => {
  test('without databases: no init script, no extra env or volume', () => {
    const manifests = synth(backendChart().chart);
    expect(manifests.filter((m) => m.kind === 'ConfigMap')).toEqual([]);
    const pod = find(manifests, 'Deployment', 'mysql').spec.template.spec;
    expect(pod.containers[0].env.map((e: Manifest) => e.name)).toEqual(['MYSQL_ROOT_PASSWORD']);
    expect(pod.volumes.map((v: Manifest) => v.name)).toEqual(['data', 'run', 'tmp', 'files']);
  });

  test('each password reaches the server from its Secret, and the init script is mounted read-only, not executable', () => {
    // GIVEN / WHEN
    const { manifests } = twoDatabases();
    // THEN
    const pod = find(manifests, 'Deployment', 'mysql').spec.template.spec;
    const [mysql] = pod.containers;
    expect(mysql.env).toEqual([
      { name: 'MYSQL_ROOT_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-root', key: 'password' } } },
      { name: 'MYSQL_APP_PASSWORD_shop', valueFrom: { secretKeyRef: { name: 'shop-db', key: 'password' } } },
      { name: 'MYSQL_APP_PASSWORD_blogger', valueFrom: { secretKeyRef: { name: 'blog-db', key: 'pw' } } },
    ]);
    expect(mysql.volumeMounts).toContainEqual({ name: 'initdb', mountPath: '/docker-entrypoint-initdb.d', readOnly: true });
    // 0444: the entrypoint sources a non-executable *.sh (with its docker_process_sql), and runs an executable one apart
    expect(pod.volumes).toContainEqual({ name: 'initdb', configMap: { name: 'mysql-initdb', defaultMode: 0o444 } });
    const configMap = find(manifests, 'ConfigMap', 'mysql-initdb');
    expect(Object.keys(configMap.data)).toEqual(['10-application-databases.sh']);
    // the hardening holds
    expect(mysql.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(pod.securityContext.runAsUser).toBe(999);
  });

  test('the script creates each database and user with privileges on its own database only, passwords read from the environment', () => {
    const { manifests } = twoDatabases();
    const script: string = find(manifests, 'ConfigMap', 'mysql-initdb').data['10-application-databases.sh'];
    expect(script).not.toMatch(/IDENTIFIED BY '/); // no literal password in the file
    const password = 'p\\a\'s"s$(touch /tmp/pwned)`x`\nline2';
    const run = runScript(script, { MYSQL_APP_PASSWORD_shop: password, MYSQL_APP_PASSWORD_blogger: 'blog-pw' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const sql = run.stdout.split('\n').filter((l) => !l.startsWith('creating'));
    expect(sql).toEqual([
      'CREATE DATABASE IF NOT EXISTS `shop`;',
      "CREATE USER IF NOT EXISTS 'shop'@'%' IDENTIFIED BY 'p\\\\a\\'s\"s$(touch /tmp/pwned)`x`",
      "line2';",
      "ALTER USER 'shop'@'%' IDENTIFIED BY 'p\\\\a\\'s\"s$(touch /tmp/pwned)`x`",
      "line2';",
      "GRANT ALL PRIVILEGES ON `shop`.* TO 'shop'@'%';",
      'CREATE DATABASE IF NOT EXISTS `blog_data`;',
      "CREATE USER IF NOT EXISTS 'blogger'@'%' IDENTIFIED BY 'blog-pw';",
      "ALTER USER 'blogger'@'%' IDENTIFIED BY 'blog-pw';",
      // `_` is a wildcard in a GRANT's database name: escaped, the grant covers blog_data only
      "GRANT ALL PRIVILEGES ON `blog\\_data`.* TO 'blogger'@'%';",
      '',
    ]);
  });

  test('fails the first start, naming the variable, when a password is empty', () => {
    const { manifests } = twoDatabases();
    const script: string = find(manifests, 'ConfigMap', 'mysql-initdb').data['10-application-databases.sh'];
    const run = runScript(script, { MYSQL_APP_PASSWORD_shop: 'x' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('cannot create user blogger: MYSQL_APP_PASSWORD_blogger is empty (check the Secret it comes from)');
  });

  test('passes the manifest checker', () => {
    const result = checkManifests(twoDatabases().manifests);
    expect(formatText(result)).toMatch(/0 errors, 0 warnings/);
  });

  test('the backend lists its databases with the user resolved', () => {
    const { chart } = backendChart();
    const password = secret(chart, 'shop-db');
    const { backend } = backendChart({ databases: [{ name: 'shop', password }] });
    expect(backend.databases).toEqual([{ name: 'shop', user: 'shop', password }]);
  });

  test('matches the snapshot', () => {
    expect(twoDatabases().manifests).toMatchSnapshot();
  });
});

describe('MysqlBackend rejects bad databases at synth', () => {
  // built in each test, not in the describe body, so that mutation testing sees which test runs which code
  const appPassword = (): kplus.SecretValue => secret(backendChart().chart, 'app-db');
  test.each<[Partial<MysqlDatabase>[], RegExp]>([
    [[{ name: 'my-app' }], /invalid databases\[0\].name "my-app" in MysqlBackend at 'test\/Backend': must be a database name of letters, digits and '_'/],
    [[{ name: '1app' }], /invalid databases\[0\].name "1app"/],
    [[{ name: 'a$b' }], /invalid databases\[0\].name "a\$b"/],
    [[{ name: 'x'.repeat(65) }], /at most 64 characters/],
    [[{ name: 'mysql' }], /invalid databases\[0\].name "mysql" .*is a database of MySQL itself/],
    [[{ name: 'Sys' }], /is a database of MySQL itself/],
    [[{ name: 'a'.repeat(33) }], /invalid databases\[0\].user "a{33}" .*at most 32 characters .*: the user defaults to the database name, so set `user`/],
    [[{ name: 'app', user: "x'; DROP USER root; --" }], /invalid databases\[0\].user "x'; DROP USER root; --"/],
    [[{ name: 'app', user: 'root' }], /invalid databases\[0\].user "root" .*root exists already/],
    [[{ name: 'app' }, { name: 'APP', user: 'other' }], /invalid databases\[1\].name "APP" .*databases\[0\] names the same database/],
    [[{ name: 'app', user: 'u' }, { name: 'other', user: 'u' }], /invalid databases\[1\].user "u" .*databases\[0\] has the same user/],
  ])('fails on %p', (dbs, error) => {
    const password = appPassword();
    expect(() => backendChart({ databases: dbs.map((d) => ({ password, ...d }) as MysqlDatabase) })).toThrow(error);
  });

  test('fails without a password Secret, naming the user', () => {
    expect(() => backendChart({ databases: [{ name: 'app' } as MysqlDatabase] }))
      .toThrow(/invalid databases\[0\].password undefined .*pass the Secret that holds the password of user app/);
  });

  test('fails on an invalid Secret key', () => {
    expect(() => backendChart({ databases: [{ name: 'app', password: { secret: appPassword().secret, key: 'pass word' } }] }))
      .toThrow(/invalid databases\[0\].password.key "pass word"/);
  });
});
