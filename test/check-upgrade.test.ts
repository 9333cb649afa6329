// The upgrade comparison (lib/check/upgrade/): two versions of a set, the one a cluster holds and the next, checked for
// changes the API server refuses in place. The server's rules are stated here, one fixture pair per case:
// test/fixtures/upgrade/<case>/previous.yaml, then pass.yaml (applies over it) and fail.yaml (refused, or left behind).
// Each pair was also applied to a real kube-apiserver (the 1.20 code): `kubectl apply -f previous.yaml`, then
// `kubectl apply -f pass.yaml` succeeded and `kubectl apply -f fail.yaml` was refused with the message quoted below, for
// every case but job-completion-mode (the field is 1.21+) and the two upgrade-orphan cases (apply accepts them).
import * as fs from 'fs';
import * as path from 'path';
import { Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { DebugClient, MysqlClusterIpLab, MysqlClusterIpLabProps, MysqlImage, MysqlStorage } from '../lib';
import { checkUpgrade, checkUpgradePaths, ManifestCheckPlugin } from '../lib/check';
import { exposureChart } from './_fixtures';
import { runCheckCli as run } from './_manifests';

const fixtures = path.join(__dirname, 'fixtures', 'upgrade');

/** What each fail.yaml must report, as `<id> <path>`: the server refuses these (or kubectl apply leaves the object behind). */
const EXPECTED: Record<string, string[]> = {
  // apps/v1 Deployment, ReplicaSet, DaemonSet: "spec.selector: Invalid value: ...: field is immutable"
  'deployment-selector': ['immutable-field spec.selector.matchLabels.tier'],
  'replicaset-selector': ['immutable-field spec.selector.matchLabels.tier'],
  'daemonset-selector': ['immutable-field spec.selector.matchLabels.tier'],
  // StatefulSet: "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', ... are forbidden"
  'statefulset-service-name': ['immutable-field spec.serviceName'],
  'statefulset-volume-claim-templates': ['immutable-field spec.volumeClaimTemplates[0].spec.resources.requests.storage'],
  'statefulset-pod-management-policy': ['immutable-field spec.podManagementPolicy'],
  // batch/v1 Job: "spec.template: Invalid value: ...: field is immutable" (also selector, completionMode, completions)
  'job-template': ['immutable-field spec.template.spec.containers[0].env[0].value'],
  'job-selector': ['immutable-field spec.selector.matchLabels.job', 'immutable-field spec.template.metadata.labels.job'],
  'job-completion-mode': ['immutable-field spec.completionMode', 'immutable-field spec.completions'],
  // Pod: "spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`, ..."
  'pod-spec': ['immutable-field spec.containers[0].env[0].valueFrom.secretKeyRef.name'],
  // Service: "spec.clusterIPs[0]: Invalid value: []string(nil): primary clusterIP can not be unset"; "spec.clusterIP: ... field is immutable"
  'service-cluster-ip': ['immutable-field spec.clusterIP'],
  'service-headless': ['immutable-field spec.clusterIP'],
  // PersistentVolumeClaim: "spec: Forbidden: spec is immutable after creation except resources.requests for bound claims"
  'pvc-spec': ['immutable-field spec.accessModes[0]', 'immutable-field spec.storageClassName'],
  'pvc-storage-shrink': ['immutable-field spec.resources.requests.storage'],
  // ConfigMap and Secret with immutable: true: "data: Forbidden: field is immutable when `immutable` is set"
  'configmap-immutable': ['immutable-field data.level'],
  'secret-immutable': ['immutable-field immutable', 'immutable-field data.password'],
  // kubectl apply neither moves nor deletes
  'namespace-move': ['upgrade-orphan metadata.namespace'],
  'removed-object': ['upgrade-orphan -'],
};

describe('each immutable case has a pair that applies and one that the server refuses', () => {
  test('a folder per case, each with previous.yaml, pass.yaml and fail.yaml', () => {
    expect(fs.readdirSync(fixtures).sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const c of Object.keys(EXPECTED)) {
      expect(fs.readdirSync(path.join(fixtures, c)).sort()).toEqual(['fail.yaml', 'pass.yaml', 'previous.yaml']);
    }
  });

  describe.each(Object.keys(EXPECTED))('%s', (c) => {
    const previous = path.join(fixtures, c, 'previous.yaml');
    test('passes on pass.yaml', () => {
      const result = checkUpgradePaths([previous], [path.join(fixtures, c, 'pass.yaml')]);
      expect(result.findings).toEqual([]);
      expect(result.previousObjects).toBeGreaterThan(0);
    });
    test('fails on fail.yaml with the field, both values and a fix', () => {
      const result = checkUpgradePaths([previous], [path.join(fixtures, c, 'fail.yaml')]);
      expect(result.findings.map((f) => `${f.id} ${f.path ?? '-'}`)).toEqual(EXPECTED[c]);
      for (const f of result.findings) {
        expect(f.message).toContain(f.id === 'immutable-field' ? `${f.path} ` : 'kubectl apply');
        expect(f.fix).toMatch(/kubectl (delete|apply)|new name|Revert|keep/);
      }
    });
  });
});

describe('what the server lets change in place is not reported', () => {
  const pod = (spec: object): object => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec });
  const base = { containers: [{ name: 'c', image: 'mysql:8.0.46', ports: [{ containerPort: 3306 }] }] };

  test('a Pod: new images, labels, defaults written out, a lowered deadline; but not a raised one or a removed toleration', () => {
    expect(checkUpgrade([pod(base)], [{
      ...pod({
        containers: [{ name: 'c', image: 'mysql:8.4.9', imagePullPolicy: 'IfNotPresent', ports: [{ containerPort: 3306, protocol: 'TCP' }] }],
        restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', terminationGracePeriodSeconds: 30,
      }),
      metadata: { name: 'p', labels: { new: 'label' } },
    }]).findings).toEqual([]);
    // The pull policy was defaulted from the image the Pod was created with (IfNotPresent for a tag), and stays.
    expect(checkUpgrade([pod(base)], [pod({ containers: [{ name: 'c', image: 'mysql:latest', ports: [{ containerPort: 3306 }] }] })]).findings).toEqual([]);
    const withDeadline = pod({ ...base, activeDeadlineSeconds: 60, tolerations: [{ key: 'a', operator: 'Exists' }] });
    expect(checkUpgrade([withDeadline], [pod({ ...base, activeDeadlineSeconds: 30, tolerations: [{ key: 'a', operator: 'Exists' }, { key: 'b', operator: 'Exists' }] })]).errors).toBe(0);
    expect(checkUpgrade([withDeadline], [pod({ ...base, activeDeadlineSeconds: 120 })]).findings.map((f) => f.path))
      .toEqual(['spec.activeDeadlineSeconds', 'spec.tolerations[0]']);
  });

  test('a Service that changes type to or from ExternalName may drop or gain its clusterIP', () => {
    const svc = (spec: object): object => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec });
    expect(checkUpgrade([svc({ clusterIP: '10.0.0.1' })], [svc({ type: 'ExternalName', externalName: 'db.example.com' })]).errors).toBe(0);
    expect(checkUpgrade([svc({ clusterIP: '10.0.0.1' })], [svc({ clusterIP: '10.0.0.1', type: 'NodePort' })]).errors).toBe(0);
  });

  test('an elastic Indexed Job may change completions with parallelism', () => {
    const job = (n: number): object => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' },
      spec: { completionMode: 'Indexed', completions: n, parallelism: n, template: { spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] } } } });
    expect(checkUpgrade([job(2)], [job(4)]).findings).toEqual([]);
  });

  test('a claim whose class the cluster filled in may name it later; an immutable Secret may change its labels', () => {
    const claim = (extra: object): object => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'c' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...extra } });
    expect(checkUpgrade([claim({})], [claim({ storageClassName: 'standard' })]).findings).toEqual([]);
    const secret = (labels: object): object => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', labels }, immutable: true, data: { a: 'Yg==' } });
    expect(checkUpgrade([secret({})], [secret({ team: 'db' })]).findings).toEqual([]);
  });

  test('two spellings of one quantity are one value (the server stores 1024Mi as 1Gi)', () => {
    const pod = (memory: string | number): object => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' },
      spec: { containers: [{ name: 'c', image: 'busybox:1.36', resources: { limits: { memory, cpu: memory === '1Gi' ? '1000m' : 1 } } }] } });
    expect(checkUpgrade([pod('1024Mi')], [pod('1Gi')]).findings).toEqual([]);
    expect(checkUpgrade([pod('1Gi')], [pod('2Gi')]).findings.map((f) => f.path)).toEqual(['spec.containers[0].resources.limits.memory']);
  });

  test('objects are paired by group: a Deployment of another API group is another object', () => {
    const d = (apiVersion: string, app: string): object => ({ apiVersion, kind: 'Deployment', metadata: { name: 'w' },
      spec: { selector: { matchLabels: { app } }, template: { metadata: { labels: { app } } } } });
    const result = checkUpgrade([d('extensions/v1beta1', 'a')], [d('apps/v1', 'b')]);
    expect(result.findings.map((f) => f.id)).toEqual(['upgrade-orphan']);
  });
});

describe('quiet on what it cannot know', () => {
  test.each(['real-world', 'realistic', 'check', 'hostile'])('a set compared with itself has no finding: test/fixtures/%s', (dir) => {
    const p = path.join(__dirname, 'fixtures', dir);
    const result = checkUpgradePaths([p], [p]);
    expect(result.compared).toBeGreaterThan(0);
    expect(result.findings).toEqual([]);
  });

  test('the same object twice in a set is not compared (which one the cluster holds is unknown)', () => {
    const cm = (level: string): object => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, immutable: true, data: { level } });
    expect(checkUpgrade([cm('a'), cm('b')], [cm('b')]).findings).toEqual([]);
    expect(checkUpgrade([cm('a')], [cm('a'), cm('b')]).findings).toEqual([]);
  });

  test('an object nested deeper than the call stack is skipped, not a crash', () => {
    const root: Record<string, unknown> = {};
    let node = root;
    for (let i = 0; i < 100_000; i++) {
      node.a = {};
      node = node.a as Record<string, unknown>;
    }
    const pod = (spec: unknown): object => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec });
    expect(checkUpgrade([pod(root)], [pod({ containers: [] })]).findings).toEqual([]);
  });
});

describe('command line: check --previous', () => {
  const c = (name: string, file: string): string => path.join(fixtures, name, file);

  test('exit 1 and the field, its values and the fix on a refused change', () => {
    const { code, out } = run(['check', '--previous', c('deployment-selector', 'previous.yaml'), c('deployment-selector', 'fail.yaml')]);
    expect(code).toBe(1);
    expect(out).toContain('error   immutable-field  Deployment shop/web');
    expect(out).toContain('spec.selector.matchLabels.tier changes from (unset) to "front"');
    expect(out).toContain('fix: Revert spec.selector.');
  });

  test('exit 0 on a change that applies, and the set\'s own checks still run', () => {
    const { code, out } = run(['check', '--previous', c('deployment-selector', 'previous.yaml'), c('deployment-selector', 'pass.yaml')]);
    expect(code).toBe(0);
    expect(out).toContain('warning resources');
  });

  test('--json carries the comparison\'s findings; usage errors are exit 2', () => {
    const json = JSON.parse(run(['check', '--json', `--previous=${c('pod-spec', 'previous.yaml')}`, c('pod-spec', 'fail.yaml')]).out);
    expect(json.findings[0]).toEqual(expect.objectContaining({ id: 'immutable-field', kind: 'Pod', path: 'spec.containers[0].env[0].valueFrom.secretKeyRef.name' }));
    expect(run(['check', '--previous']).code).toBe(2);
    expect(run(['check', '--previous', path.join(fixtures, 'nope'), c('pod-spec', 'fail.yaml')]).code).toBe(2);
    expect(run(['check', '--previous', '-', '-']).code).toBe(2);
  });
});

describe('cdk8s validation plugin: previous', () => {
  function validate(previous: string | string[], manifest: string): Promise<{ status: string; rules: string[]; log: string[] }> {
    const rules: string[] = [];
    const log: string[] = [];
    let status = '';
    return new ManifestCheckPlugin({ previous, disable: ['resources', 'pss-restricted'] }).validate({
      manifests: [manifest],
      report: { addViolation: (v) => rules.push(v.ruleName), submit: (s) => { status = s; } },
      logger: { log: (m) => log.push(m) },
    }).then(() => ({ status, rules, log }));
  }

  test('a refused change fails the synth', async () => {
    const r = await validate(path.join(fixtures, 'statefulset-service-name', 'previous.yaml'), path.join(fixtures, 'statefulset-service-name', 'fail.yaml'));
    expect(r.status).toBe('failure');
    expect(r.rules).toContain('immutable-field (error)');
  });

  test('a missing previous version (a first synth) is skipped with a note', async () => {
    const r = await validate([path.join(fixtures, 'nope')], path.join(fixtures, 'statefulset-service-name', 'pass.yaml'));
    expect(r).toEqual({ status: 'success', rules: [], log: [`previous manifests not found at ${path.join(fixtures, 'nope')}: not compared`] });
  });
});

describe('the lab re-applies over its previous version after any prop change made on purpose', () => {
  const lab = (props: MysqlClusterIpLabProps = {}): unknown[] => Testing.synth(new MysqlClusterIpLab(Testing.app(), 'lab', props));
  // built in beforeAll, not in the describe body, so that mutation testing sees which test runs which code
  let base: unknown[];
  beforeAll(() => {
    base = lab();
  });

  test.each<[string, MysqlClusterIpLabProps]>([
    ['MySQL 8.0 to 8.4', { image: MysqlImage.MYSQL_8_4 }],
    ['a changed connectivity-check wait', { waitForServer: Duration.minutes(8) }],
    ['another root password', { rootPassword: 'n3w-secret' }],
  ])('%s: no immutable field, nothing left behind but the finished Job, which expires', (_, props) => {
    const result = checkUpgrade(base, lab(props));
    expect(result.findings).toEqual([]);
  });

  test('a larger claim is a warning: the server accepts it only for a bound claim whose class allows expansion', () => {
    const result = checkUpgrade(base, lab({ storage: MysqlStorage.persistent({ size: Size.gibibytes(5) }) }));
    expect(result.findings.map((f) => `${f.severity} ${f.id} ${f.kind}/${f.name} ${f.path}`))
      .toEqual(['warning immutable-field PersistentVolumeClaim/mysql-data spec.resources.requests.storage']);
    expect(result.findings[0].message).toContain('grows from 1Gi to 5Gi');
  });

  test('a renamed password Secret: the client Pod names only its own copy, so only the old Secret is left behind', () => {
    const result = checkUpgrade(base, lab({ rootPasswordSecretName: 'lab-db-password' }));
    expect(result.findings.map((f) => `${f.severity} ${f.id} ${f.kind}/${f.name}`)).toEqual(['warning upgrade-orphan Secret/mysql-root-password']);
  });

  test('the check\'s Job is a new Job whenever its spec changes, so its immutable template never blocks an apply', () => {
    const jobs = (m: unknown[]): string[] => (m as { kind: string; metadata: { name: string } }[]).filter((o) => o.kind === 'Job').map((o) => o.metadata.name);
    expect(jobs(lab({ image: MysqlImage.MYSQL_8_0 }))).not.toEqual(jobs(base));
    expect(jobs(lab())).toEqual(jobs(base));
  });

  test('fails on what still needs a manual step: a Deployment whose selector labels change (here: the tutorial\'s own app=mysql)', () => {
    const previous = (base as { kind: string; spec?: { selector?: object } }[]).map((o) => (o.kind === 'Deployment'
      ? { ...o, spec: { ...o.spec, selector: { matchLabels: { app: 'mysql' } } } } : o));
    expect(checkUpgrade(previous, base).findings.map((f) => `${f.id} ${f.kind} ${f.path}`)).toEqual([
      'immutable-field Deployment spec.selector.matchLabels.app',
      'immutable-field Deployment spec.selector.matchLabels["app.kubernetes.io/instance"]',
      'immutable-field Deployment spec.selector.matchLabels["app.kubernetes.io/name"]',
    ]);
  });

  test('fails on a DebugClient of your own whose password Secret is renamed: a Pod\'s env is immutable', () => {
    const client = (secretName: string): unknown[] => {
      const { chart, exposure } = exposureChart();
      new DebugClient(chart, 'Client', { exposure, password: { secret: kplus.Secret.fromSecretName(chart, 'S', secretName), key: 'password' } });
      return Testing.synth(chart);
    };
    const [finding] = checkUpgrade(client('db-password'), client('db-password-v2')).findings;
    expect(finding).toEqual(expect.objectContaining({ id: 'immutable-field', kind: 'Pod', path: 'spec.containers[0].env[2].valueFrom.secretKeyRef.name' }));
    expect(finding.fix).toContain('kubectl delete pod/mysql-client');
  });
});
