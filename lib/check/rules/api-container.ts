// Containers: a DNS-1123 label name, unique in the pod, and an image.
import { isDns1123Label } from '../../_k8s-rules';
import { podReport } from '../api-rules';
import { CheckContext } from '../context';
import { containersOf, cut, show } from '../model';
import { Report } from '../rule';

export const id = 'api-container';
export const severity = 'error';
export const group = 'api';
export const description = 'containers: a DNS-1123 label name unique in the pod, an image';

export function check(ctx: CheckContext, report: Report): void {
  for (const pod of ctx.pods) {
    const out = podReport(report, pod.item);
    const names = new Set<string>();
    for (const { container, path } of containersOf(pod)) {
      const name = container.name;
      if (!isDns1123Label(name)) {
        out(pod.item, `${path}.name`, `container name ${show(name)} is not a DNS-1123 label`, "Name the container with at most 63 lowercase letters, digits and '-'.");
      } else if (names.has(name)) {
        out(pod.item, `${path}.name`, `container name "${name}" is used twice in the pod`, 'Give every container and init container its own name.');
      }
      names.add(name);
      if (typeof container.image !== 'string' || container.image.trim() === '') {
        out(pod.item, `${path}.image`, `container "${cut(String(name))}" has no image`, 'Set image.');
      }
    }
  }
}
