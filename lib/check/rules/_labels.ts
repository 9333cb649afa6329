// Hints for selectors that match nothing: the pod labels nearest to what a selector asks for.
import { editDistance, PodShape } from '../model';

/** The label pairs `labels` lacks to satisfy `selector`, as `key=have, not want` or `no label key`. */
export function labelDiff(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): string[] {
  return Object.entries(selector).filter(([k, v]) => own(labels, k) !== v)
    .map(([k, v]) => (own(labels, k) === undefined ? `no label ${k}` : `${k}=${own(labels, k)}, not ${v}`));
}

function own(labels: Readonly<Record<string, string>>, key: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(labels, key) ? labels[key] : undefined;
}

/**
 * The pod whose labels come nearest to a one-pair selector, and the pair it carries: the same key with the nearest value,
 * or the same value under the nearest key. Undefined when nothing is near.
 */
export function nearestLabel(key: string, value: string, pods: readonly PodShape[]): { pod: PodShape; key: string; value: string } | undefined {
  let best: { pod: PodShape; key: string; value: string; d: number } | undefined;
  for (const pod of pods) {
    for (const [k, v] of Object.entries(pod.labels)) {
      let d: number;
      if (k === key) {
        d = editDistance(v, value);
        if (d > Math.max(2, Math.floor(value.length / 2))) continue;
      } else if (v === value) {
        d = editDistance(k, key);
        if (d > Math.max(2, Math.floor(key.length / 3))) continue;
      } else {
        continue;
      }
      if (!best || d < best.d) {
        best = { pod, key: k, value: v, d };
      }
    }
  }
  return best && { pod: best.pod, key: best.key, value: best.value };
}
