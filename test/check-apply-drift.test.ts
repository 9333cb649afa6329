// apply-drift (lib/check/apply-drift.ts): what the API server stores differently from what a manifest sends. The
// server's rules, as measured with `kubectl apply` twice (`-v=8` shows the patch the second one sends):
// - a quantity is stored in canonical form (lib/_quantity.ts), and always as a string;
// - an empty list or map is stored as none, a null as nothing, an env var's `value: ""` as no value;
// - a Secret's stringData is merged into data and not stored;
// - an empty object (`emptyDir: {}`, `podSelector: {}`, `resources: {}`) is stored as sent.
import * as path from 'path';
import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { MysqlClusterIpLab } from '../lib';
import { checkManifests, checkPaths } from '../lib/check';
import { applyDriftOf } from '../lib/check/rules/apply-drift';
import { loadYamlDir } from './_manifests';

const fixtures = path.join(__dirname, 'fixtures', 'check', 'apply-drift');

function pod(container: object, extra: object = {}): object {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'shop' }, spec: { containers: [{ name: 'c', image: 'busybox:1.36', ...container }], ...extra } };
}

describe('apply-drift', () => {
  test('shows the form the server stores for a quantity (the issue: 1024Mi on a claim and a memory limit)', () => {
    const found = checkPaths([path.join(fixtures, 'fail.yaml')]).findings.filter((f) => f.id === 'apply-drift');
    expect(found.map((f) => [f.kind, f.path, f.message, f.fix])).toEqual([
      ['PersistentVolumeClaim', 'spec.resources.requests.storage',
        'spec.resources.requests.storage "1024Mi" is stored as "1Gi" by the API server, so every kubectl apply sends it again', 'Write "1Gi", the form the server stores.'],
      ['Deployment', 'spec.template.spec.containers[0].resources.requests.cpu',
        'spec.template.spec.containers[0].resources.requests.cpu is the number 0.5: the server stores the string "500m", so every kubectl apply sends it again',
        'Write the string "500m".'],
      ['Deployment', 'spec.template.spec.containers[0].resources.limits.cpu',
        'spec.template.spec.containers[0].resources.limits.cpu "1000m" is stored as "1" by the API server, so every kubectl apply sends it again',
        'Write "1", the form the server stores.'],
      ['Deployment', 'spec.template.spec.containers[0].resources.limits.memory',
        'spec.template.spec.containers[0].resources.limits.memory "1024Mi" is stored as "1Gi" by the API server, so every kubectl apply sends it again',
        'Write "1Gi", the form the server stores.'],
    ]);
    expect(found.every((f) => f.severity === 'warning')).toBe(true);
  });

  test("cdk8s-plus's empty externalIPs list", () => {
    const found = checkPaths([path.join(fixtures, 'fail-external-ips.yaml')]).findings.filter((f) => f.id === 'apply-drift');
    expect(found.map((f) => [f.path, f.fix])).toEqual([['spec.externalIPs', 'Remove externalIPs: [].']]);
  });

  test('null, empty lists and maps, an empty env value, stringData', () => {
    const found = checkPaths([path.join(fixtures, 'fail-empty.yaml')]).findings.filter((f) => f.id === 'apply-drift');
    expect(found.map((f) => `${f.kind} ${f.path}`)).toEqual([
      'Pod metadata.creationTimestamp', 'Pod metadata.labels', 'Pod spec.nodeSelector', 'Pod spec.containers[0].args', 'Pod spec.containers[0].env[0].value',
      'Secret stringData',
    ]);
  });

  test('zero values the server leaves out or replaces by its default (cdk8s-plus writes minReadySeconds: 0, hostNetwork: false)', () => {
    const chart = Testing.chart();
    const api = new kplus.Deployment(chart, 'Api', { containers: [{ image: 'example/api:1.0.0', portNumber: 8080, resources: {} }] });
    const [deployment] = Testing.synth(chart).filter((m) => m.metadata.name === api.name);
    expect(applyDriftOf(deployment).map((d) => [d.path, d.message, d.fix])).toEqual([
      ['spec.minReadySeconds', 'spec.minReadySeconds is 0: the server leaves the field out when it is 0, so every kubectl apply sends it again',
        'Remove minReadySeconds: 0 (it is the default).'],
      ['spec.template.spec.hostNetwork', 'spec.template.spec.hostNetwork is false: the server leaves the field out when it is false, so every kubectl apply sends it again',
        'Remove hostNetwork: false (it is the default).'],
    ]);
    const probe = { exec: { command: ['true'] }, initialDelaySeconds: 0, periodSeconds: 0, timeoutSeconds: 5, failureThreshold: 0 };
    expect(applyDriftOf(pod({ readinessProbe: probe, tty: false, stdin: true, volumeMounts: [{ name: 'v', mountPath: '/v', readOnly: false }], ports: [{ containerPort: 80, hostPort: 0 }] }))
      .map((d) => `${d.path}: ${d.fix}`)).toEqual([
      'spec.containers[0].readinessProbe.initialDelaySeconds: Remove initialDelaySeconds: 0 (it is the default).',
      'spec.containers[0].readinessProbe.periodSeconds: Write periodSeconds: 10, or remove it.',
      'spec.containers[0].readinessProbe.failureThreshold: Write failureThreshold: 3, or remove it.',
      'spec.containers[0].tty: Remove tty: false (it is the default).',
      'spec.containers[0].volumeMounts[0].readOnly: Remove readOnly: false (it is the default).',
      'spec.containers[0].ports[0].hostPort: Remove hostPort: 0 (it is the default).',
    ]);
    // pointers keep their zero: automountServiceAccountToken: false, a Deployment's replicas: 0, a Job's backoffLimit: 0
    expect(applyDriftOf(pod({}, { automountServiceAccountToken: false, enableServiceLinks: false, hostNetwork: true }))).toEqual([]);
    expect(applyDriftOf({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { replicas: 0, minReadySeconds: 5, paused: true } })).toEqual([]);
    expect(applyDriftOf({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { backoffLimit: 0 } })).toEqual([]);
  });

  test('quantities everywhere the schema has one: emptyDir sizeLimit, ephemeral storage, LimitRange, ResourceQuota', () => {
    expect(applyDriftOf(pod({}, { volumes: [{ name: 'v', emptyDir: { sizeLimit: '2048Mi' } }] })).map((d) => d.message))
      .toEqual(['spec.volumes[0].emptyDir.sizeLimit "2048Mi" is stored as "2Gi" by the API server, so every kubectl apply sends it again']);
    expect(applyDriftOf({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q' }, spec: { hard: { 'requests.cpu': '2000m', 'pods': 10 } } })
      .map((d) => d.path)).toEqual(['spec.hard.requests.cpu', 'spec.hard.pods']);
    expect(applyDriftOf({ apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'l' }, spec: { limits: [{ type: 'Container', max: { memory: '1Gi' }, default: { cpu: '0.25' } }] } })
      .map((d) => d.fix)).toEqual(['Write "250m", the form the server stores.']);
  });

  test('quiet on what the server keeps: empty objects, canonical quantities, empty annotations, unknown kinds and fields', () => {
    expect(checkPaths([path.join(fixtures, 'pass.yaml')]).findings.filter((f) => f.id === 'apply-drift')).toEqual([]);
    expect(applyDriftOf(pod({ resources: {}, securityContext: {} }, { securityContext: {}, volumes: [{ name: 'v', emptyDir: {} }] }))).toEqual([]);
    expect(applyDriftOf(pod({ resources: { limits: { cpu: '1500m', memory: '1536Mi' }, requests: { cpu: '1', memory: '1000Mi' } } }))).toEqual([]);
    expect(applyDriftOf({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', labels: {} }, spec: { list: [], size: '1024Mi' } })).toEqual([]);
    expect(applyDriftOf({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', annotations: {} }, data: { empty: '' } })).toEqual([]);
    // a quantity the server rejects is reported by api-resources, not here
    expect(applyDriftOf(pod({ resources: { limits: { memory: '512MB' } } }))).toEqual([]);
  });

  test('dist/ and the lab, with and without a namespace, converge', () => {
    expect(loadYamlDir(path.join(__dirname, '..', 'dist')).flatMap(applyDriftOf)).toEqual([]);
    for (const props of [{}, { namespace: 'lab' }, { networkPolicy: false, connectivityCheck: false }]) {
      const result = checkManifests(Testing.synth(new MysqlClusterIpLab(Testing.app(), 'lab', props)));
      expect(result.findings.filter((f) => f.id === 'apply-drift')).toEqual([]);
    }
  });
});
