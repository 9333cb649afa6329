// Label and annotation keys, label values, and label selectors (workloads, Services, NetworkPolicies).
import { checkLabelMap, checkSelectorSyntax, podReport } from '../api-rules';
import { CheckContext } from '../context';
import { asArray, asRecord, isObject } from '../model';
import { Report } from '../rule';

export const id = 'api-label';
export const severity = 'error';
export const group = 'api';
export const description = 'label (and selector) key or value syntax and length';

const SELECTOR_REQUIRED = new Set(['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet']);

export function check(ctx: CheckContext, report: Report): void {
  const pods = new Map(ctx.pods.map((p) => [p.item, p]));
  for (const item of ctx.objects) {
    if (!item.kind) {
      continue;
    }
    const meta = asRecord(item.object.metadata);
    checkLabelMap(report, item, 'metadata.labels', meta.labels, 'label');
    checkLabelMap(report, item, 'metadata.annotations', meta.annotations, 'annotation');
    const spec = asRecord(item.object.spec);
    const pod = pods.get(item);
    if (pod && item.kind !== 'Pod') {
      const labels = item.kind === 'CronJob' ? spec.jobTemplate?.spec?.template?.metadata?.labels : spec.template?.metadata?.labels;
      checkLabelMap(podReport(report, item), item, `${pod.templatePath}.labels`, labels, 'label');
    }
    if (item.kind === 'ReplicationController' && isObject(spec.template)) {
      checkLabelMap(report, item, 'spec.selector', spec.selector, 'selector');
    } else if ((SELECTOR_REQUIRED.has(item.kind) || item.kind === 'Job') && isObject(spec.template)) {
      checkSelectorSyntax(report, item, 'spec.selector', spec.selector);
    } else if (item.kind === 'Service') {
      checkLabelMap(report, item, 'spec.selector', spec.selector, 'selector');
    } else if (item.kind === 'NetworkPolicy') {
      checkSelectorSyntax(report, item, 'spec.podSelector', spec.podSelector);
      for (const dir of ['ingress', 'egress'] as const) {
        const peers = dir === 'ingress' ? 'from' : 'to';
        asArray(spec[dir]).forEach((rule, i) => {
          asArray(rule?.[peers]).forEach((peer, j) => {
            const p = `spec.${dir}[${i}].${peers}[${j}]`;
            checkSelectorSyntax(report, item, `${p}.podSelector`, peer?.podSelector);
            checkSelectorSyntax(report, item, `${p}.namespaceSelector`, peer?.namespaceSelector);
          });
        });
      }
    }
  }
}
