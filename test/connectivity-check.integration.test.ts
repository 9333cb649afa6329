// Runs the connectivity check's container command exactly as synthesized (command, arguments, and
// environment with the Secret's values resolved) against a real MySQL-compatible server (MariaDB) on a
// private loopback, where the Service's host name resolves to that server.
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Duration, Testing } from 'cdk8s';
import { MysqlClusterIpLab, MysqlClusterIpLabProps } from '../lib';
import { find, Manifest, synth } from './_manifests';

const NEEDED = ['mariadbd', 'mariadb-install-db', 'mariadb-admin', 'mariadb', 'mysql', 'unshare', 'ip'];
const missing = NEEDED.filter((cmd) => spawnSync('sh', ['-c', `command -v ${cmd} || test -x /usr/sbin/${cmd}`]).status !== 0);
const required = process.env.CI === 'true' || process.env.REQUIRE_MYSQL_INTEGRATION === '1';
if (missing.length > 0 && !required) {
  console.warn(`skipping the MySQL integration test: ${missing.join(', ')} not found. `
    + 'Install them with `apt-get install -y mariadb-server mariadb-client iproute2 util-linux`.');
}
const describeIfServer = missing.length === 0 || required ? describe : describe.skip;

interface Case { name: string; command: string[]; env: Record<string, string> }
interface Result { name: string; status: number | null; stdout: string; stderr: string; error?: string; seconds: number }

/** The check Job's container, with every env var resolved the way the kubelet resolves it. */
function checkContainer(props: MysqlClusterIpLabProps): { command: string[]; env: Record<string, string> } {
  const manifests = synth(new MysqlClusterIpLab(Testing.app(), 'lab', props));
  const [job] = manifests.filter((m) => m.kind === 'Job');
  const [container] = job.spec.template.spec.containers;
  const env: Record<string, string> = {};
  for (const e of container.env as Manifest[]) {
    if (e.valueFrom) {
      const ref = e.valueFrom.secretKeyRef;
      const secret = find(manifests, 'Secret', ref.name);
      env[e.name] = Buffer.from(secret.data[ref.key], 'base64').toString('utf8');
    } else {
      env[e.name] = e.value;
    }
  }
  return { command: [...container.command, ...(container.args ?? [])], env };
}

describeIfServer('the connectivity check against a real server', () => {
  const password = 'it-works-Pa$$\'word';
  let results: Map<string, Result>;

  beforeAll(() => {
    if (missing.length > 0) throw new Error(`the MySQL integration test needs ${missing.join(', ')}: apt-get install -y mariadb-server mariadb-client`);
    const asSynthesized = checkContainer({ rootPassword: password });
    const quick = checkContainer({ rootPassword: password, waitForServer: Duration.seconds(3) });
    const wrongPassword = checkContainer({ rootPassword: 'not-the-password', waitForServer: Duration.seconds(3) });
    const cases: Case[] = [
      { name: 'as synthesized', ...asSynthesized },
      { name: 'wrong password', ...wrongPassword },
      { name: 'wrong port', command: quick.command, env: { ...quick.env, MYSQL_TCP_PORT: '3307' } },
    ];
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mysql-check-'));
    try {
      fs.writeFileSync(path.join(work, 'cases.json'), JSON.stringify(cases));
      execFileSync('unshare', [
        '--user', '--map-root-user', '--net', '--mount',
        'bash', path.join(__dirname, 'integration', 'mysql-server-netns.sh'), work, asSynthesized.env.MYSQL_HOST, password, '--',
        process.execPath, path.join(__dirname, 'integration', 'run-cases.js'), path.join(work, 'cases.json'), path.join(work, 'results.json'),
      ], { stdio: 'pipe', timeout: 120_000 });
      const list: Result[] = JSON.parse(fs.readFileSync(path.join(work, 'results.json'), 'utf8'));
      results = new Map(list.map((r) => [r.name, r]));
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }, 150_000);

  test('connects through the service name with the Secret and lists the databases', () => {
    const r = results.get('as synthesized')!;
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    expect(r.stdout).toContain('ok: connected to root@mysql-service:3306 and ran SHOW DATABASES:');
    expect(r.stdout.split('\n')).toEqual(expect.arrayContaining(['information_schema', 'mysql']));
  });

  test('fails at once, saying so, when the password is wrong', () => {
    const r = results.get('wrong password')!;
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^failed: root@mysql-service:3306 refused the credentials from the Secret: .*ERROR 1045/);
    expect(r.seconds).toBeLessThan(10);
  });

  test('fails after its wait, saying so, when nothing listens on the port', () => {
    const r = results.get('wrong port')!;
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^failed: no answer from root@mysql-service:3307 within 3s: .*ERROR (2002|2003)/);
    expect(r.stdout).toContain('waiting for root@mysql-service:3307');
  });
});
