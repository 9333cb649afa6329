// Pod Security Standards, baseline profile (pod-security-admission 1.28): privileged, host namespaces, paths and ports,
// capabilities beyond the default set, procMount, seccomp, sysctls, SELinux, AppArmor. Capability names are compared as
// the admission controller compares them: case-sensitively.
import { CheckContext } from '../context';
import { asArray, asRecord, containersOf, cut, isObject, Json, show } from '../model';
import { Report } from '../rule';

export const id = 'pss-baseline';
export const severity = 'error';
export const group = 'security';
export const description = 'Pod Security Standards baseline (1.28): privileged, host namespaces/paths/ports, capabilities, procMount, seccomp, sysctls, SELinux, AppArmor';

const BASELINE_CAPS = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID',
  'SETPCAP', 'SETUID', 'SYS_CHROOT']);
const SAFE_SYSCTLS = new Set(['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports']);
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t']);

/** The capabilities a security context adds or drops, as written. */
export function capabilities(sc: Json, field: 'add' | 'drop'): string[] {
  return asArray(sc?.capabilities?.[field]).filter((c): c is string => typeof c === 'string');
}

export function check(ctx: CheckContext, report: Report): void {
  for (const pod of ctx.pods) {
    const { item, spec, specPath } = pod;
    const psc = asRecord(spec.securityContext);
    for (const ns of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
      if (spec[ns] === true) {
        report(item, `${specPath}.${ns}`, `${ns} is true: the pod shares the node's namespace`, `Remove ${ns}.`);
      }
    }
    if (psc.windowsOptions?.hostProcess === true) {
      report(item, `${specPath}.securityContext.windowsOptions.hostProcess`, 'hostProcess is true', 'Remove hostProcess.');
    }
    asArray(spec.volumes).forEach((v, i) => {
      if (isObject(v) && v.hostPath !== undefined) {
        report(item, `${specPath}.volumes[${i}].hostPath`, `volume ${show(v.name)} is a hostPath`,
          'Use an emptyDir, a ConfigMap/Secret or a PersistentVolumeClaim instead of a hostPath.');
      }
    });
    const annotations = asRecord(item.kind === 'Pod' ? item.object.metadata?.annotations : item.object.spec?.template?.metadata?.annotations);
    for (const [key, value] of Object.entries(annotations)) {
      if (key.startsWith('container.apparmor.security.beta.kubernetes.io/') && value !== 'runtime/default' && !String(value).startsWith('localhost/')) {
        report(item, `${pod.templatePath}.annotations`, `AppArmor profile ${show(value)} for ${cut(key.split('/')[1])}`, 'Use runtime/default or a localhost/ profile.');
      }
    }
    asArray(psc.sysctls).forEach((s, i) => {
      if (!SAFE_SYSCTLS.has(s?.name)) {
        report(item, `${specPath}.securityContext.sysctls[${i}]`, `sysctl ${show(s?.name)} is not in the safe set`, 'Remove the sysctl.');
      }
    });
    const checkSelinux = (sc: Json, path: string): void => {
      const se = sc?.seLinuxOptions;
      if (isObject(se) && (!SELINUX_TYPES.has(se.type ?? '') || se.user || se.role)) {
        report(item, `${path}.seLinuxOptions`, 'seLinuxOptions sets a user, a role or a type other than container_t / container_init_t / container_kvm_t',
          'Remove seLinuxOptions.user and role, and use an allowed type.');
      }
    };
    checkSelinux(psc, `${specPath}.securityContext`);
    if (psc.seccompProfile?.type === 'Unconfined') {
      report(item, `${specPath}.securityContext.seccompProfile`, 'the pod seccomp profile is Unconfined', 'Use seccompProfile type RuntimeDefault.');
    }
    for (const { container, path } of containersOf(pod)) {
      const sc = asRecord(container.securityContext);
      const scPath = `${path}.securityContext`;
      const cname = `container "${cut(String(container.name))}"`;
      if (sc.privileged === true) {
        report(item, `${scPath}.privileged`, `${cname} is privileged`, 'Remove privileged: true.');
      }
      const beyond = capabilities(sc, 'add').filter((c) => !BASELINE_CAPS.has(c));
      if (beyond.length) {
        const cased = beyond.filter((c) => BASELINE_CAPS.has(c.toUpperCase().replace(/^CAP_/, '')));
        report(item, `${scPath}.capabilities.add`, `${cname} adds ${beyond.map((c) => cut(c, 40)).join(', ')}`,
          cased.length ? `Capability names are case-sensitive and without CAP_: write ${cased.map((c) => c.toUpperCase().replace(/^CAP_/, '')).join(', ')}.`
            : 'Do not add capabilities beyond the baseline set.');
      }
      if (sc.procMount !== undefined && sc.procMount !== 'Default') {
        report(item, `${scPath}.procMount`, `${cname} sets procMount ${show(sc.procMount)}`, 'Remove procMount.');
      }
      checkSelinux(sc, scPath);
      if (sc.seccompProfile?.type === 'Unconfined') {
        report(item, `${scPath}.seccompProfile`, `${cname} seccomp profile is Unconfined`, 'Use seccompProfile type RuntimeDefault.');
      }
      if (sc.windowsOptions?.hostProcess === true) {
        report(item, `${scPath}.windowsOptions.hostProcess`, `${cname} sets hostProcess`, 'Remove hostProcess.');
      }
      asArray(container.ports).forEach((p, i) => {
        if (typeof p?.hostPort === 'number' && p.hostPort !== 0) {
          report(item, `${path}.ports[${i}].hostPort`, `${cname} binds hostPort ${p.hostPort}`, 'Remove hostPort; expose the port through a Service.');
        }
      });
    }
  }
}
