// Pod Security Standards, restricted profile (1.28): one finding per container listing everything it lacks, and one per
// pod for pod-level problems (volume types, uid 0).
import { CheckContext } from '../context';
import { asArray, asRecord, containersOf, cut, isObject } from '../model';
import { Report } from '../rule';
import { capabilities } from './pss-baseline';

export const id = 'pss-restricted';
export const severity = 'warning';
export const group = 'security';
export const description = 'Pod Security Standards restricted (1.28): privilege escalation, non-root, seccomp, drop ALL, volume types; one finding per container';

const RESTRICTED_VOLUMES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);

export function check(ctx: CheckContext, report: Report): void {
  for (const pod of ctx.pods) {
    const { item, spec, specPath } = pod;
    const psc = asRecord(spec.securityContext);
    const volumes = asArray(spec.volumes).map((v, i) => ({ v, i, type: isObject(v) ? Object.keys(v).find((k) => k !== 'name') : undefined }))
      .filter(({ v, type }) => isObject(v) && v.hostPath === undefined && type !== undefined && !RESTRICTED_VOLUMES.has(type));
    if (volumes.length) {
      report(item, `${specPath}.volumes[${volumes[0].i}]`,
        `volume${volumes.length > 1 ? 's' : ''} ${volumes.map(({ v, type }) => `"${cut(String(v.name), 40)}" (${cut(String(type), 40)})`).join(', ')} of a type the restricted profile does not allow`,
        'Use configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected or secret volumes.');
    }
    if (psc.runAsUser === 0) {
      report(item, `${specPath}.securityContext.runAsUser`, 'the pod runs as uid 0', 'Run as a non-zero uid (the image user, e.g. 999 or 10001).');
    }
    const podNonRoot = psc.runAsNonRoot === true;
    const podSeccomp = ['RuntimeDefault', 'Localhost'].includes(psc.seccompProfile?.type);
    for (const { container, path } of containersOf(pod)) {
      const sc = asRecord(container.securityContext);
      const missing: string[] = [];
      const set: string[] = [];
      if (sc.allowPrivilegeEscalation !== false) {
        missing.push('allowPrivilegeEscalation: false');
        set.push('allowPrivilegeEscalation: false');
      }
      if (sc.runAsNonRoot === false || (!podNonRoot && sc.runAsNonRoot !== true)) {
        missing.push('runAsNonRoot: true (on the pod or the container)');
        set.push('runAsNonRoot: true (and a non-zero runAsUser if the image has no USER)');
      }
      if (sc.runAsUser === 0) {
        missing.push('a non-zero runAsUser (it runs as uid 0)');
        set.push('runAsUser: <non-zero uid>');
      }
      if (!podSeccomp && !['RuntimeDefault', 'Localhost'].includes(sc.seccompProfile?.type)) {
        missing.push('seccompProfile RuntimeDefault or Localhost (on the pod or the container)');
        set.push('seccompProfile.type: RuntimeDefault (on the pod)');
      }
      const drop = capabilities(sc, 'drop');
      if (!drop.includes('ALL')) {
        const lower = drop.find((c) => c.toUpperCase() === 'ALL');
        missing.push(lower ? `capabilities.drop [ALL] (it drops "${lower}": capability names are case-sensitive)` : 'capabilities.drop [ALL]');
        set.push('capabilities.drop: [ALL]');
      }
      const extra = capabilities(sc, 'add').filter((c) => c !== 'NET_BIND_SERVICE');
      if (extra.length) {
        missing.push(`no added capabilities but NET_BIND_SERVICE (it adds ${extra.map((c) => cut(c, 40)).join(', ')})`);
        set.push('no capabilities.add beyond NET_BIND_SERVICE');
      }
      if (missing.length) {
        report(item, `${path}.securityContext`, `container "${cut(String(container.name))}" lacks what the restricted profile requires: ${missing.join('; ')}`,
          `Set securityContext ${set.join(', ')}.`);
      }
    }
  }
}
