// Runs the connectivity check's container command exactly as synthesized (command, arguments, and
// environment with the Secret's values resolved) against a real MySQL-compatible server (MariaDB) on a
// private loopback, where the Service's host name resolves to that server.
import { Duration, Testing } from 'cdk8s';
import { MysqlClusterIpLab, MysqlClusterIpLabProps } from '../lib';
import { synth } from './_manifests';
import { Case, describeIfServer, resolvedEnv, Result, runAgainstServer } from './_mysql-server';

/** The check Job's container, with every env var resolved the way the kubelet resolves it. */
function checkContainer(props: MysqlClusterIpLabProps): { command: string[]; env: Record<string, string> } {
  const manifests = synth(new MysqlClusterIpLab(Testing.app(), 'lab', props));
  const [job] = manifests.filter((m) => m.kind === 'Job');
  const [container] = job.spec.template.spec.containers;
  return { command: [...container.command, ...(container.args ?? [])], env: resolvedEnv(container, manifests) };
}

describeIfServer('the connectivity check against a real server', () => {
  const password = 'it-works-Pa$$\'word';
  let results: Map<string, Result>;

  beforeAll(() => {
    const asSynthesized = checkContainer({ rootPassword: password });
    const quick = checkContainer({ rootPassword: password, waitForServer: Duration.seconds(3) });
    const wrongPassword = checkContainer({ rootPassword: 'not-the-password', waitForServer: Duration.seconds(3) });
    const cases: Case[] = [
      { name: 'as synthesized', ...asSynthesized },
      { name: 'wrong password', ...wrongPassword },
      { name: 'wrong port', command: quick.command, env: { ...quick.env, MYSQL_TCP_PORT: '3307' } },
    ];
    results = runAgainstServer(asSynthesized.env.MYSQL_HOST, password, cases);
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
