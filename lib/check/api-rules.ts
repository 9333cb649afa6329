// Helpers shared by the rules that apply the API server's own validation (Kubernetes 1.28, validation.go and
// k8s.io/apimachinery/pkg/util/validation): label maps, selectors, quantities, and the note for StatefulSets.
import { isLabelValue, isQualifiedName } from '../_k8s-rules';
import { parseQuantity as parseServerQuantity, quantityToNumber } from '../_quantity';
import { asArray, asRecord, cut, isObject, Item, Json, show } from './model';
import { Report } from './rule';

/** Reports label (or annotation) key and value syntax. */
export function checkLabelMap(report: Report, item: Item, path: string, labels: Json, what: string): void {
  for (const [key, value] of Object.entries(asRecord(labels))) {
    if (!isQualifiedName(key)) {
      report(item, `${path}.${cut(key)}`, `${what} key "${cut(key)}" is invalid`,
        "Use an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit.");
    }
    // a value that is not a string is a schema-type finding already
    if (what !== 'annotation' && typeof value === 'string' && !isLabelValue(value)) {
      report(item, `${path}.${cut(key)}`, `${what} value ${show(value)} for "${cut(key)}" is invalid`,
        "Use a string of at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit (or empty); quote numbers and booleans.");
    }
  }
}

/** Reports the syntax of a label selector (`matchLabels` and `matchExpressions`). */
export function checkSelectorSyntax(report: Report, item: Item, path: string, selector: Json): void {
  if (!isObject(selector)) {
    return;
  }
  checkLabelMap(report, item, `${path}.matchLabels`, selector.matchLabels, 'selector');
  asArray(selector.matchExpressions).forEach((expr, i) => {
    if (!isQualifiedName(expr?.key)) {
      report(item, `${path}.matchExpressions[${i}].key`, `selector key ${show(expr?.key)} is invalid`, 'Use a valid label key.');
    }
    const values = asArray(expr?.values);
    if ((expr?.operator === 'In' || expr?.operator === 'NotIn') && values.length === 0) {
      report(item, `${path}.matchExpressions[${i}].values`, `operator ${expr.operator} needs at least one value`, 'Add values, or use Exists.');
    }
    if ((expr?.operator === 'Exists' || expr?.operator === 'DoesNotExist') && values.length > 0) {
      report(item, `${path}.matchExpressions[${i}].values`, `operator ${expr.operator} takes no values`, 'Remove values.');
    }
    if (!['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(expr?.operator)) {
      report(item, `${path}.matchExpressions[${i}].operator`, `operator ${show(expr?.operator)} is not In, NotIn, Exists or DoesNotExist`,
        'Use In, NotIn, Exists or DoesNotExist.');
    }
    values.forEach((v, j) => {
      if (!isLabelValue(v)) {
        report(item, `${path}.matchExpressions[${i}].values[${j}]`, `selector value ${show(v)} is invalid`, 'Use a valid label value.');
      }
    });
  });
}

const STATEFULSET_NOTE = ' (the API server accepts it in a StatefulSet, whose pod template it does not validate; the controller then fails to create the pods)';

/** For pod template findings: a StatefulSet's template is not validated by the API server, so the message says what happens instead. */
export function podReport(report: Report, item: Item): Report {
  return item.kind !== 'StatefulSet' ? report : (it, path, message, fix, severity) => report(it, path, `${message}${STATEFULSET_NOTE}`, fix, severity);
}

/** A resource quantity (`500m`, `1.5`, `512Mi`, `1e3`) as a number, or undefined where the API server rejects it. */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : undefined;
  }
  const q = typeof value === 'string' && value.length <= 128 ? parseServerQuantity(value.trim()) : undefined;
  return q === undefined ? undefined : quantityToNumber(q);
}

