// The checker reads manifests people wrote by hand: whatever shape a field has, it reports, it does not throw.
import * as fs from 'fs';
import * as path from 'path';
import { checkManifests, parseManifestText, toMermaid } from '../lib/check';

const fixtures = path.join(__dirname, 'fixtures');
const files = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true })
  .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
const objects = [path.join(__dirname, '..', 'dist', 'lab.k8s.yaml'), ...files(fixtures)]
  .flatMap((f) => parseManifestText(fs.readFileSync(f, 'utf8'), f).objects.map((o) => o.object));

/** A small deterministic generator, so that a failure can be replayed (CHECK_FUZZ_SEED picks another sequence). */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

const ODD_VALUES: unknown[] = [null, 0, -1, 70000, 1.5, '', 'x', '*', true, [], {}, [null], { a: null }, 'a'.repeat(300)];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function mutate(value: any, rnd: () => number): any {
  if (value === null || typeof value !== 'object') {
    return rnd() < 0.3 ? ODD_VALUES[Math.floor(rnd() * ODD_VALUES.length)] : value;
  }
  const copy = Array.isArray(value) ? [...value] : { ...value };
  for (const key of Object.keys(copy)) {
    const r = rnd();
    if (r < 0.08) {
      copy[key] = ODD_VALUES[Math.floor(rnd() * ODD_VALUES.length)];
    } else if (r < 0.1) {
      delete copy[key];
    } else {
      copy[key] = mutate(copy[key], rnd);
    }
  }
  return copy;
}

test(`${objects.length} objects from dist/ and the fixtures, mutated 100 times, never make the checker throw`, () => {
  const rnd = random(Number(process.env.CHECK_FUZZ_SEED ?? 42));
  for (let round = 0; round < 100; round++) {
    const set = objects.map((o) => (rnd() < 0.5 ? mutate(o, rnd) : o));
    const result = checkManifests(set);
    expect(result.objects).toBe(set.length);
    expect(typeof toMermaid(result.wiring)).toBe('string');
  }
});

test('documents that are not objects are findings', () => {
  const result = checkManifests(['a string', 42, [1, 2], null]);
  expect(result.findings.map((f) => f.id)).toEqual(['schema-kind', 'schema-kind', 'schema-kind', 'schema-kind']);
});
