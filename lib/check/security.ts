// Pod Security Standards (baseline and restricted, as pod-security-admission enforces them in 1.28), secrets
// in literal env values, unpinned images, missing resources.
import { Findings } from './catalog';
import { asArray, asRecord, containersOf, isObject, Json, PodShape } from './model';

const BASELINE_CAPS = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID',
  'SETPCAP', 'SETUID', 'SYS_CHROOT']);
const SAFE_SYSCTLS = new Set(['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports']);
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t']);
const RESTRICTED_VOLUMES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);
const SECRET_NAME = /(PASSWORD|PASSWD|(^|_)PWD($|_)|PASSPHRASE|TOKEN|SECRET|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?|BEARER)/i;
// names that say the value is about a secret, not the secret: a file, a name, a setting, a lifetime, a place
const NOT_A_SECRET_NAME = new RegExp('(_FILE|_PATH|_DIR|_NAME|_REF|_ENABLED|_TYPE|_MODE|_TTL|_EXPIRY|_EXPIRES|_TIMEOUT|_LENGTH|_SIZE|_HEADER|_ISSUER'
  + '|_AUDIENCE|_ALGORITHM|_URL|_URI|_ENDPOINT|_HOST|_PORT)$', 'i');
/** A URL with a password in it: `postgres://user:secret@db/app`. */
const URL_WITH_PASSWORD = /^[a-zA-Z][-+.a-zA-Z0-9]*:\/\/[^/:@\s]*:[^/@\s]+@/;
const NOT_A_SECRET_VALUE = /^(true|false|yes|no|on|off|0|1|none|null|disabled|enabled)$/i;

function caps(sc: Json, field: 'add' | 'drop'): string[] {
  return asArray(sc?.capabilities?.[field]).filter((c) => typeof c === 'string').map((c) => c.toUpperCase().replace(/^CAP_/, ''));
}

export function checkPodSecurity(pod: PodShape, out: Findings): void {
  const { item, spec, specPath } = pod;
  const psc = asRecord(spec.securityContext);
  const base = (path: string, message: string, fix: string): void => out.add('pss-baseline', item, path, message, fix);
  const restricted = (path: string, message: string, fix: string): void => out.add('pss-restricted', item, path, message, fix);

  for (const ns of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
    if (spec[ns] === true) {
      base(`${specPath}.${ns}`, `${ns} is true: the pod shares the node's namespace`, `Remove ${ns}.`);
    }
  }
  if (psc.windowsOptions?.hostProcess === true) {
    base(`${specPath}.securityContext.windowsOptions.hostProcess`, 'hostProcess is true', 'Remove hostProcess.');
  }
  asArray(spec.volumes).forEach((v, i) => {
    if (!isObject(v)) {
      return;
    }
    if (v.hostPath !== undefined) {
      base(`${specPath}.volumes[${i}].hostPath`, `volume "${v.name}" is a hostPath`, 'Use an emptyDir, a ConfigMap/Secret or a PersistentVolumeClaim instead of a hostPath.');
    } else {
      const type = Object.keys(v).find((k) => k !== 'name');
      if (type && !RESTRICTED_VOLUMES.has(type)) {
        restricted(`${specPath}.volumes[${i}]`, `volume "${v.name}" has type ${type}, which the restricted profile does not allow`,
          'Use configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected or secret volumes.');
      }
    }
  });
  const annotations = asRecord(item.kind === 'Pod' ? item.object.metadata?.annotations : pod.item.object.spec?.template?.metadata?.annotations);
  for (const [key, value] of Object.entries(annotations)) {
    if (key.startsWith('container.apparmor.security.beta.kubernetes.io/') && value !== 'runtime/default' && !String(value).startsWith('localhost/')) {
      base(`${pod.templatePath}.annotations`, `AppArmor profile "${value}" for ${key.split('/')[1]}`, 'Use runtime/default or a localhost/ profile.');
    }
  }
  asArray(psc.sysctls).forEach((s, i) => {
    if (!SAFE_SYSCTLS.has(s?.name)) {
      base(`${specPath}.securityContext.sysctls[${i}]`, `sysctl ${s?.name} is not in the safe set`, 'Remove the sysctl.');
    }
  });
  const checkSelinux = (sc: Json, path: string): void => {
    const se = sc?.seLinuxOptions;
    if (isObject(se) && (!SELINUX_TYPES.has(se.type ?? '') || se.user || se.role)) {
      base(`${path}.seLinuxOptions`, 'seLinuxOptions sets a user, a role or a type other than container_t / container_init_t / container_kvm_t',
        'Remove seLinuxOptions.user and role, and use an allowed type.');
    }
  };
  checkSelinux(psc, `${specPath}.securityContext`);
  if (psc.seccompProfile?.type === 'Unconfined') {
    base(`${specPath}.securityContext.seccompProfile`, 'the pod seccomp profile is Unconfined', 'Use seccompProfile type RuntimeDefault.');
  }
  if (psc.runAsUser === 0) {
    restricted(`${specPath}.securityContext.runAsUser`, 'the pod runs as uid 0', 'Run as a non-zero uid (the image user, e.g. 999 or 10001).');
  }

  const containers = containersOf(pod);
  const podNonRoot = psc.runAsNonRoot === true;
  const podSeccomp = ['RuntimeDefault', 'Localhost'].includes(psc.seccompProfile?.type);
  for (const { container, path } of containers) {
    const sc = asRecord(container.securityContext);
    const scPath = `${path}.securityContext`;
    const cname = `container "${container.name}"`;
    if (sc.privileged === true) {
      base(`${scPath}.privileged`, `${cname} is privileged`, 'Remove privileged: true.');
    }
    const added = caps(sc, 'add');
    const beyond = added.filter((c) => !BASELINE_CAPS.has(c));
    if (beyond.length) {
      base(`${scPath}.capabilities.add`, `${cname} adds ${beyond.join(', ')}`, 'Do not add capabilities beyond the baseline set.');
    }
    if (sc.procMount !== undefined && sc.procMount !== 'Default') {
      base(`${scPath}.procMount`, `${cname} sets procMount ${sc.procMount}`, 'Remove procMount.');
    }
    checkSelinux(sc, scPath);
    if (sc.seccompProfile?.type === 'Unconfined') {
      base(`${scPath}.seccompProfile`, `${cname} seccomp profile is Unconfined`, 'Use seccompProfile type RuntimeDefault.');
    }
    if (sc.windowsOptions?.hostProcess === true) {
      base(`${scPath}.windowsOptions.hostProcess`, `${cname} sets hostProcess`, 'Remove hostProcess.');
    }
    asArray(container.ports).forEach((p, i) => {
      if (typeof p?.hostPort === 'number' && p.hostPort !== 0) {
        base(`${path}.ports[${i}].hostPort`, `${cname} binds hostPort ${p.hostPort}`, 'Remove hostPort; expose the port through a Service.');
      }
    });
    // restricted
    if (sc.allowPrivilegeEscalation !== false) {
      restricted(`${scPath}.allowPrivilegeEscalation`, `${cname} does not set allowPrivilegeEscalation: false`, 'Set securityContext.allowPrivilegeEscalation: false.');
    }
    if (sc.runAsNonRoot === false || (!podNonRoot && sc.runAsNonRoot !== true)) {
      restricted(`${scPath}.runAsNonRoot`, `${cname} may run as root (runAsNonRoot is not true on the pod or the container)`,
        'Set runAsNonRoot: true (and a non-zero runAsUser if the image has no USER).');
    }
    if (sc.runAsUser === 0) {
      restricted(`${scPath}.runAsUser`, `${cname} runs as uid 0`, 'Run as a non-zero uid.');
    }
    if (!podSeccomp && !['RuntimeDefault', 'Localhost'].includes(sc.seccompProfile?.type)) {
      restricted(`${scPath}.seccompProfile`, `${cname} has no seccomp profile (RuntimeDefault or Localhost) on the pod or the container`,
        'Set securityContext.seccompProfile.type: RuntimeDefault on the pod.');
    }
    if (!caps(sc, 'drop').includes('ALL')) {
      restricted(`${scPath}.capabilities.drop`, `${cname} does not drop ALL capabilities`, 'Set securityContext.capabilities.drop: [ALL].');
    }
    const extra = added.filter((c) => c !== 'NET_BIND_SERVICE');
    if (extra.length) {
      restricted(`${scPath}.capabilities.add`, `${cname} adds ${extra.join(', ')}; the restricted profile allows only NET_BIND_SERVICE`, 'Remove the added capabilities.');
    }
  }
}

function imageTag(image: string): { tag?: string; digest: boolean } {
  const at = image.indexOf('@');
  if (at >= 0) {
    return { digest: true };
  }
  const last = image.slice(image.lastIndexOf('/') + 1);
  const colon = last.lastIndexOf(':');
  return { tag: colon >= 0 ? last.slice(colon + 1) : undefined, digest: false };
}

export function checkContainerHygiene(pod: PodShape, out: Findings): void {
  for (const { container, path } of containersOf(pod)) {
    const cname = `container "${container.name}"`;
    asArray(container.env).forEach((env, i) => {
      if (typeof env?.name !== 'string' || typeof env.value !== 'string' || env.value === '' || env.value.includes('$(')) {
        return;
      }
      const fix = `Put the value in a Secret and use valueFrom.secretKeyRef for ${env.name}.`;
      if (URL_WITH_PASSWORD.test(env.value.replace(/^jdbc:/, ''))) {
        out.add('env-literal-secret', pod.item, `${path}.env[${i}].value`, `env ${env.name} of ${cname} holds a URL with a password in it, in clear text`,
          `${fix} (or keep the URL without the password, and pass the password from a Secret)`);
      } else if (SECRET_NAME.test(env.name) && !NOT_A_SECRET_NAME.test(env.name) && !NOT_A_SECRET_VALUE.test(env.value) && !env.value.startsWith('/')) {
        out.add('env-literal-secret', pod.item, `${path}.env[${i}].value`, `env ${env.name} of ${cname} holds a literal value: it is stored and shown in clear text`,
          fix);
      }
    });
    if (typeof container.image === 'string' && container.image.trim() !== '') {
      const { tag, digest } = imageTag(container.image);
      if (!digest && (tag === undefined || tag === 'latest')) {
        out.add('image-tag', pod.item, `${path}.image`,
          `${cname} uses image "${container.image}"${tag === undefined ? ' without a tag (that means :latest)' : ''}: what runs changes with every push`,
          'Pin the image to a version tag or a digest (image:1.2.3 or image@sha256:...).');
      }
    }
    const res = asRecord(container.resources);
    const missing = [['requests', 'cpu'], ['requests', 'memory'], ['limits', 'cpu'], ['limits', 'memory']]
      .filter(([k, r]) => asRecord(res[k])[r] === undefined).map(([k, r]) => `${k}.${r}`);
    if (missing.length) {
      out.add('resources', pod.item, `${path}.resources`, `${cname} sets no ${missing.join(', ')}`,
        'Set resources.requests (what the scheduler reserves) and resources.limits (the ceiling) for cpu and memory.');
    }
  }
}
