// Pod (v1): the spec is immutable except container and init container images, activeDeadlineSeconds (set, or
// lowered), added tolerations and a terminationGracePeriodSeconds from negative to 1
// (pkg/apis/core/validation/validation.go, ValidatePodUpdate).
import { asArray, asRecord, Item, Json } from '../model';
import { diff, normalize, nsFlag, ref, reportChanges, UpgradeReport, UpgradeRule } from './_diff';

/** The image in a tag-less or `:latest` reference is pulled Always, any other IfNotPresent (the server's default). */
function defaultPullPolicy(image: unknown): string {
  const text = typeof image === 'string' ? image : '';
  const last = text.split('/').pop() ?? '';
  return !text.includes('@') && (!last.includes(':') || last.endsWith(':latest')) ? 'Always' : 'IfNotPresent';
}

/**
 * A container as the server stores it, without its image (images may change). An omitted pull policy was defaulted from
 * the image the Pod was created with, `createdWith`, and keeps that value when the image changes.
 */
function container(c: Json, createdWith: Json): Json {
  const r = asRecord(c);
  return {
    terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', imagePullPolicy: defaultPullPolicy(asRecord(createdWith).image),
    ...r,
    image: undefined,
    ports: asArray(r.ports).map((p) => ({ protocol: 'TCP', ...asRecord(p) })),
  };
}

/** The spec as the server stores it, with the fields that may change taken out; `created` is the spec the Pod was created with. */
function comparable(spec: Record<string, Json>, created: Record<string, Json>): Record<string, Json> {
  return {
    restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler', terminationGracePeriodSeconds: 30, enableServiceLinks: true,
    ...spec,
    containers: asArray(spec.containers).map((c, n) => container(c, asArray(created.containers)[n])),
    initContainers: asArray(spec.initContainers).map((c, n) => container(c, asArray(created.initContainers)[n])),
    activeDeadlineSeconds: undefined,
    tolerations: undefined,
    ephemeralContainers: undefined,
  };
}

export const pod: UpgradeRule = {
  kinds: ['/Pod'],
  compare(previous: Item, next: Item, report: UpgradeReport): void {
    const a = asRecord(previous.object.spec);
    const b = asRecord(next.object.spec);
    const fix = `Revert the field, or \`kubectl delete ${nsFlag(next)}${ref(next)}\` before applying (\`kubectl apply --force\` does both); `
      + 'a Pod that must follow such changes belongs in a Deployment or StatefulSet, whose pod template may change.';
    const why = 'a Pod\'s spec is immutable but for container images, activeDeadlineSeconds and added tolerations '
      + '("spec: Forbidden: pod updates may not change fields other than ...")';
    reportChanges(diff(comparable(a, a), comparable(b, a), 'spec'), report, why, fix);

    const before = typeof a.activeDeadlineSeconds === 'number' ? a.activeDeadlineSeconds : undefined;
    const after = typeof b.activeDeadlineSeconds === 'number' ? b.activeDeadlineSeconds : undefined;
    if (before !== undefined && (after === undefined || after > before)) {
      report('spec.activeDeadlineSeconds', `spec.activeDeadlineSeconds changes from ${before} to ${after ?? '(unset)'}: it may only be set or lowered`, fix);
    }
    const kept = asArray(b.tolerations).map((t) => JSON.stringify(normalize(t)));
    asArray(a.tolerations).forEach((t, n) => {
      if (!kept.includes(JSON.stringify(normalize(t)))) {
        report(`spec.tolerations[${n}]`, `spec.tolerations[${n}] is removed or changed: a Pod's tolerations may only be added to`, fix);
      }
    });
  },
};
