// Property-based tests (fast-check): random YAML text and random object shapes never make the checker throw or hang,
// and every document is accounted for: read as an object, or reported. A failure prints the seed and the shrunk
// counterexample. The seed is fixed, so that `npm test` fails only when the code changes; CHECK_PROPERTY_SEED=<number>
// replays a failure, and CHECK_PROPERTY_SEED=random draws a new seed on each run, to look for new counterexamples.
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { parseAllDocuments, stringify } from 'yaml';
import { checkManifests, parseManifestText, toMermaid } from '../lib/check';
import { checkLoaded } from '../lib/check/checker';
import { HANG_MS, timed } from './_timing';

const FIXED_SEED = 20261128;
const seedSetting = process.env.CHECK_PROPERTY_SEED ?? String(FIXED_SEED);
const seed = seedSetting === 'random' ? undefined : Number(seedSetting);
if (seed !== undefined && !Number.isInteger(seed)) {
  throw new Error(`CHECK_PROPERTY_SEED=${seedSetting}: set a whole number, or "random"`);
}
const params = (numRuns: number): fc.Parameters<unknown> => ({ numRuns, ...(seed !== undefined ? { seed } : {}) });

/** Pieces of YAML (and of what people paste into YAML files) that random text is made of. */
const TOKENS = ['a', 'kind', 'apiVersion: v1', 'kind: Pod', 'kind: Service', 'metadata:', 'name: x', 'spec:', ':', ': ', ' ', '  ', '\n', '- ', '&x ', '*x', '&y ',
  '*y', '<<: *x', '[', ']', '{', '}', ',', '"', "'", '---\n', '...\n', '? ', '|', '|-', '>', '#', '\t', '{{ .Values.x }}', '!!str ', '!!binary ', '%YAML 1.1\n',
  'yes', '0x1F', '1e3', '~', 'null', '\\', '\u00e9', '\u0000', '\ufeff', 'containers: [{name: c, image: i}]', 'ports: [{port: 80}]', '__proto__', 'constructor: 1'];

const yamlText = fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((parts) => parts.join(''));

/** The documents of a text that hold something other than null, as the `yaml` package splits them. */
function nonEmptyDocuments(text: string): number {
  try {
    return parseAllDocuments(text, { version: '1.1' }).filter((d) => d.contents !== null && (d.contents as { value?: unknown }).value !== null).length;
  } catch {
    return 0;
  }
}


test('random YAML text: no throw, no hang, and a document that yields no object is reported', () => {
  fc.assert(fc.property(yamlText, (text) => {
    const { value, ms } = timed(() => {
      const loaded = parseManifestText(text, 'random.yaml');
      const result = checkLoaded(loaded);
      toMermaid(result.wiring);
      return { loaded, result };
    });
    expect(ms).toBeLessThan(HANG_MS);
    const expected = nonEmptyDocuments(text);
    if (value.loaded.objects.length < expected && !/^\s*\{/.test(text)) {
      expect(value.loaded.problems.length).toBeGreaterThan(0);
    }
    expect(value.result.objects).toBe(value.loaded.objects.length);
    for (const f of value.result.findings) {
      expect(typeof f.message).toBe('string');
      expect(typeof f.fix).toBe('string');
    }
  }), params(400));
});

const root = path.join(__dirname, '..');
const seeds: object[] = [path.join(root, 'dist', 'lab.k8s.yaml'), path.join(__dirname, 'fixtures', 'realistic', 'webapp', 'web.yaml')]
  .filter((f) => fs.existsSync(f))
  .flatMap((f) => parseManifestText(fs.readFileSync(f, 'utf8'), f).objects.map((o) => o.object));

const KINDS = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Service', 'NetworkPolicy', 'Ingress', 'ConfigMap', 'Secret', 'Namespace',
  'PersistentVolumeClaim', 'List', 'constructor', '__proto__', ''];

/** A value of any JSON shape, with the odd cases people write: numbers as strings, nulls, empty maps and lists. */
const anyValue = fc.jsonValue({ maxDepth: 4 });

/** An object of a real kind with random fields, or a real object of the lab with one field replaced by a random value. */
const objectShape = fc.oneof(
  fc.record({
    apiVersion: fc.constantFrom('v1', 'apps/v1', 'batch/v1', 'networking.k8s.io/v1', 'x/y', ''),
    kind: fc.constantFrom(...KINDS),
    metadata: fc.record({ name: fc.string(), namespace: fc.constantFrom('default', 'a', 'b', ''), labels: fc.dictionary(fc.string(), fc.string()) }),
    spec: anyValue,
    data: anyValue,
  }, { requiredKeys: ['kind'] }),
  fc.tuple(fc.nat(), fc.array(fc.string({ maxLength: 20 }), { minLength: 1, maxLength: 6 }), anyValue).map(([i, keys, value]) => {
    const copy = JSON.parse(JSON.stringify(seeds[i % seeds.length]));
    let node = copy;
    for (const key of keys.slice(0, -1)) {
      const child = node[key] ?? node[Object.keys(node)[key.length % Math.max(1, Object.keys(node).length)]];
      if (typeof child !== 'object' || child === null) {
        break;
      }
      node = child;
    }
    node[keys[keys.length - 1]] = value;
    return copy;
  }),
  anyValue,
);

test('random object shapes: no throw, no hang, every object counted', () => {
  fc.assert(fc.property(fc.array(objectShape, { maxLength: 12 }), (objects) => {
    const { value: result, ms } = timed(() => checkManifests(objects));
    expect(ms).toBeLessThan(HANG_MS);
    expect(result.objects).toBe(objects.length);
    expect(typeof toMermaid(result.wiring)).toBe('string');
  }), params(300));
});

test('random objects written as YAML are read back one object per document', () => {
  const documents = fc.array(fc.record({
    apiVersion: fc.constant('v1'), kind: fc.constantFrom('ConfigMap', 'Pod', 'Service'),
    metadata: fc.record({ name: fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/) }),
    // `<<` is YAML 1.1's merge key, for kubectl as for us
    data: fc.dictionary(fc.string({ minLength: 1 }).filter((k) => k !== '<<'), fc.oneof(fc.string(), fc.integer(), fc.boolean())),
  }), { minLength: 1, maxLength: 8 });
  fc.assert(fc.property(documents, (docs) => {
    const text = docs.map((d) => stringify(d, { version: '1.1' })).join('---\n');
    const loaded = parseManifestText(text, 'docs.yaml');
    expect(loaded.problems.filter((p) => p.id === 'yaml-syntax')).toEqual([]);
    expect(loaded.objects.length + loaded.problems.length).toBeGreaterThanOrEqual(docs.length);
    if (loaded.problems.length === 0) {
      expect(loaded.objects.map((o) => o.object)).toEqual(docs);
    }
  }), params(200));
});
