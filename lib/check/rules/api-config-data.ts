// ConfigMap and Secret data: keys the API server accepts (letters, digits, '-', '_', '.'; not '.' or '..'), a key in
// only one of data and binaryData (stringData), and at most 1 MiB in all.
import { isConfigKey } from '../../_k8s-rules';
import { CheckContext } from '../context';
import { asRecord, cut, Item } from '../model';
import { Report } from '../rule';

export const id = 'api-config-data';
export const severity = 'error';
export const group = 'api';
export const description = 'ConfigMap and Secret keys (letters, digits, -, _ and ., not . or ..), a key twice, more than 1 MiB of data';

const MAX_SIZE = 1024 * 1024;

function base64Size(value: string): number {
  const clean = value.replace(/\s/g, '');
  const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  return Math.floor((clean.length * 3) / 4) - padding;
}

function checkData(report: Report, item: Item, fields: readonly string[], size: (field: string, value: string) => number): void {
  let total = 0;
  const seen = new Map<string, string>();
  for (const field of fields) {
    for (const [key, value] of Object.entries(asRecord(item.object[field]))) {
      const path = `${field}.${cut(key)}`;
      if (!isConfigKey(key)) {
        report(item, path, `${item.kind} key "${cut(key)}" is not valid: the API server accepts letters, digits, '-', '_' and '.' (not '.' or '..', at most 253 characters)`,
          `Rename the key, for example to "${cut(String(key).replace(/[^-._a-zA-Z0-9]+/g, '_').replace(/^\.+/, ''), 80) || 'key'}", and the references to it.`);
      }
      const other = seen.get(key);
      if (other !== undefined && !(item.kind === 'Secret' && field === 'stringData')) {
        report(item, path, `key "${cut(key)}" is in both ${other} and ${field}`, `Keep the key in one of ${other} and ${field}.`);
      }
      seen.set(key, field);
      if (typeof value === 'string') {
        total += size(field, value);
      }
    }
  }
  if (total > MAX_SIZE) {
    report(item, fields[0], `the ${item.kind} holds ${total} bytes of data: the API server rejects more than 1 MiB (${MAX_SIZE} bytes)`,
      item.kind === 'Secret' ? 'Split the data over several Secrets, or mount it from a volume.' : 'Split the data over several ConfigMaps, or ship it in the image or a volume.');
  }
}

export function check(ctx: CheckContext, report: Report): void {
  for (const item of ctx.objects) {
    if (item.kind === 'ConfigMap') {
      checkData(report, item, ['data', 'binaryData'], (field, value) => (field === 'binaryData' ? base64Size(value) : Buffer.byteLength(value)));
    } else if (item.kind === 'Secret') {
      checkData(report, item, ['data', 'stringData'], (field, value) => (field === 'data' ? base64Size(value) : Buffer.byteLength(value)));
    }
  }
}
