// Every pod the committed dist/ creates meets Pod Security Standards "restricted" (Kubernetes 1.28,
// pod-security-admission policy/*.go), runs a pinned image, and has resources and no password on a command line.
import * as path from 'path';
import { loadYamlDir, Manifest, podTemplates } from './_manifests';

const pods = podTemplates(loadYamlDir(path.join(__dirname, '..', 'dist')));
const cases = pods.map((p) => [`${p.kind} ${p.name}`, p] as const);
const RESTRICTED_VOLUME_TYPES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];

function containers(spec: Manifest): Manifest[] {
  return [...(spec.initContainers ?? []), ...spec.containers, ...(spec.ephemeralContainers ?? [])];
}

describe('pods in dist/', () => {
  test('include the database, the client and the check', () => {
    expect(pods.map((p) => `${p.kind}/${p.name}`).sort())
      .toEqual(['Deployment/mysql-deployment', expect.stringMatching(/^Job\/mysql-connectivity-check-[0-9a-f]{8}$/), 'Pod/ubuntu-client']);
  });

  test.each(cases)('%s runs as a non-root user and group with RuntimeDefault seccomp', (_, pod) => {
    const podSc = pod.spec.securityContext ?? {};
    for (const c of containers(pod.spec)) {
      const sc = { ...podSc, ...c.securityContext };
      expect(sc.runAsNonRoot).toBe(true);
      expect(Number.isInteger(sc.runAsUser) && sc.runAsUser > 0).toBe(true);
      expect(Number.isInteger(sc.runAsGroup) && sc.runAsGroup > 0).toBe(true);
      expect(['RuntimeDefault', 'Localhost']).toContain(sc.seccompProfile?.type);
    }
    expect(podSc.fsGroup).toBeGreaterThan(0);
  });

  test.each(cases)('%s: every container drops ALL, cannot escalate, has a read-only root filesystem', (_, pod) => {
    for (const c of containers(pod.spec)) {
      expect(c.securityContext.allowPrivilegeEscalation).toBe(false);
      expect(c.securityContext.privileged).not.toBe(true);
      expect(c.securityContext.capabilities.drop).toContain('ALL');
      expect((c.securityContext.capabilities.add ?? []).every((cap: string) => cap === 'NET_BIND_SERVICE')).toBe(true);
      expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
    }
  });

  test.each(cases)('%s shares nothing with the host and mounts no service account token', (_, pod) => {
    expect(pod.spec.hostNetwork ?? false).toBe(false);
    expect(pod.spec.hostPID ?? false).toBe(false);
    expect(pod.spec.hostIPC ?? false).toBe(false);
    expect(pod.spec.automountServiceAccountToken).toBe(false);
    for (const volume of pod.spec.volumes ?? []) {
      const types = Object.keys(volume).filter((k) => k !== 'name');
      expect(types.every((t) => RESTRICTED_VOLUME_TYPES.includes(t))).toBe(true);
    }
    for (const c of containers(pod.spec)) {
      expect(c.ports?.some((p: Manifest) => p.hostPort) ?? false).toBe(false);
    }
  });

  test.each(cases)('%s: every image is pinned and pulled only when missing', (_, pod) => {
    for (const c of containers(pod.spec)) {
      expect(c.image).toMatch(/^[^:@\s]+(:[\w][\w.-]*|@sha256:[0-9a-f]{64})$/);
      expect(c.image).not.toMatch(/:latest$/);
      expect(c.imagePullPolicy).toBe('IfNotPresent');
    }
  });

  test.each(cases)('%s: every container has CPU and memory requests and limits', (_, pod) => {
    for (const c of containers(pod.spec)) {
      expect(Object.keys(c.resources.requests).sort()).toEqual(['cpu', 'memory']);
      expect(Object.keys(c.resources.limits).sort()).toEqual(['cpu', 'memory']);
    }
  });

  test.each(cases)('%s: no password in a literal env value, command, argument or probe', (_, pod) => {
    for (const c of containers(pod.spec)) {
      for (const env of c.env ?? []) {
        if (/PASSWORD|PWD|SECRET|TOKEN/i.test(env.name)) expect(env.valueFrom?.secretKeyRef).toBeDefined();
      }
      const probeCommands = ['livenessProbe', 'readinessProbe', 'startupProbe'].flatMap((p) => c[p]?.exec?.command ?? []);
      for (const arg of [...(c.command ?? []), ...(c.args ?? []), ...probeCommands]) {
        expect(arg).not.toMatch(/(^|\s)(-p\S|--password)/);
      }
    }
  });
});
