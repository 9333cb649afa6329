import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { CONNECTIVITY_CHECK_SCRIPT, MysqlConnectivityCheck } from '../lib';
import { CLIENT_ENV, exposureChart } from './_fixtures';
import { CLUSTER_DNS, Endpoint, find, matches, podTemplates, synth } from './_manifests';

const setup = exposureChart;

describe('MysqlConnectivityCheck', () => {
  test('a bounded Job that connects through the Service with the Secret and runs SHOW DATABASES', () => {
    // GIVEN
    const { chart, exposure } = setup();
    // WHEN
    const check = new MysqlConnectivityCheck(chart, 'Check', { exposure });
    const job = find(synth(chart), 'Job', check.jobName);
    // THEN its name follows its spec; its pods are selected by the name without the hash
    expect(check.jobName).toMatch(/^mysql-service-check-[0-9a-f]{8}$/);
    expect(job.spec.template.metadata.labels['app.kubernetes.io/instance']).toBe('mysql-service-check');
    expect(job.spec.backoffLimit).toBe(2);
    expect(job.spec.activeDeadlineSeconds).toBe(600);
    expect(job.spec.ttlSecondsAfterFinished).toBe(3600);
    const pod = job.spec.template.spec;
    expect(pod.restartPolicy).toBe('Never');
    const [container] = pod.containers;
    expect(container.image).toBe('mysql:8.4.9');
    expect(container.command).toEqual(['/bin/bash', '-c', CONNECTIVITY_CHECK_SCRIPT]);
    expect(CONNECTIVITY_CHECK_SCRIPT).toContain("--execute='SHOW DATABASES;'");
    expect(container.env).toEqual([...CLIENT_ENV, { name: 'CHECK_WAIT_SECONDS', value: '300' }]);
  });

  test('takes its wait, time to live and name from props', () => {
    const { chart, exposure } = setup();
    const check = new MysqlConnectivityCheck(chart, 'Check', { exposure, name: 'smoke', waitForServer: Duration.seconds(30), ttlAfterFinished: Duration.minutes(10) });
    const job = find(synth(chart), 'Job', check.jobName);
    expect(check.jobName).toMatch(/^smoke-[0-9a-f]{8}$/);
    expect(job.spec.activeDeadlineSeconds).toBe(330);
    expect(job.spec.ttlSecondsAfterFinished).toBe(600);
    expect(job.spec.template.spec.containers[0].env).toContainEqual({ name: 'CHECK_WAIT_SECONDS', value: '30' });
  });

  test('is admitted by the backend, may reach only it and DNS, and is not selected by the Service', () => {
    const { chart, backend, exposure } = setup();
    const check = new MysqlConnectivityCheck(chart, 'Check', { exposure });
    const manifests = synth(chart);
    const me: Endpoint = { namespace: 'default', labels: podTemplates(manifests).find((p) => p.kind === 'Job')!.labels };
    const mysql: Endpoint = { namespace: 'default', labels: backend.podLabels as Record<string, string> };
    expect(manifests).toAllowConnection(me, mysql, 3306);
    expect(manifests).toAllowConnection(me, CLUSTER_DNS, 53, 'UDP');
    expect(manifests).not.toAllowConnection(me, { namespace: 'default', labels: { app: 'x' } }, 443);
    expect(matches(find(manifests, 'Service', 'mysql-service').spec.selector, me.labels)).toBe(false);
    expect(exposure.allowedPeers).toEqual([check]);
  });

  test('from another namespace it dials the fully qualified name', () => {
    const { chart, exposure } = setup({ namespace: 'db' });
    const check = new MysqlConnectivityCheck(chart, 'Check', {
      exposure, namespace: 'ops', password: { secret: kplus.Secret.fromSecretName(chart, 'S', 'ops-db'), key: 'pw' },
    });
    expect(check.host).toBe('mysql-service.db.svc.cluster.local');
    expect(find(synth(chart), 'Job', check.jobName).metadata.namespace).toBe('ops');
  });

  test('a changed spec is a new Job (a Job\'s template is immutable); the same spec keeps its name', () => {
    const jobName = (props: object): string => {
      const { chart, exposure } = setup();
      return new MysqlConnectivityCheck(chart, 'Check', { exposure, ...props }).jobName;
    };
    expect(jobName({})).toBe(jobName({}));
    expect(jobName({ waitForServer: Duration.minutes(8) })).not.toBe(jobName({}));
    expect(jobName({ password: { secret: kplus.Secret.fromSecretName(setup().chart, 'S', 'other'), key: 'password' } })).not.toBe(jobName({}));
  });

  test('matches the snapshot', () => {
    const { chart, exposure } = setup();
    new MysqlConnectivityCheck(chart, 'Check', { exposure });
    expect(synth(chart)).toMatchSnapshot();
  });
});

describe('MysqlConnectivityCheck rejects bad input at synth', () => {
  test.each([
    [{ name: `c${'x'.repeat(63)}` }, /invalid name "cx+" .*DNS-1123 label/],
    [{ name: 'c'.repeat(55) }, /invalid name "c{55}" .*at most 54 characters: the Job is named "<name>-<8 hex digits>"/],
    [{ waitForServer: Duration.hours(2) }, /invalid waitForServer <Duration 2 hours> .*wait at most an hour/],
    [{ ttlAfterFinished: Duration.days(30) }, /invalid ttlAfterFinished <Duration 30 days>/],
    [{ namespace: 'ops' }, /cannot reach Service "mysql-service" .* from namespace "ops": the Service has no namespace/],
  ])('fails on %p', (props, error) => {
    const { chart, exposure } = setup();
    expect(() => new MysqlConnectivityCheck(chart, 'Check', { exposure, ...props })).toThrow(error);
  });
});
