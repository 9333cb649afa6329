// The checker on the manifests of public demo apps that work as published (test/fixtures/real-world/, sources in
// SOURCES.md): each app gets exactly the findings of its expected.yaml, where every error says why it is a true defect.
// Then the seeded defects of test/_seed-defects.ts: each mutation of a real object must add a finding of its check.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { loadApp, REAL_WORLD, seeded, SEEDED_DEFECTS } from './_seed-defects';
import { checkManifests, checkPaths, Finding } from '../lib/check';

interface Expected {
  readonly objects: number;
  readonly findings: readonly {
    readonly id: string; readonly severity: string; readonly kind: string; readonly namespace: string; readonly name: string;
    readonly path?: string; readonly why?: string;
  }[];
}

const apps = fs.readdirSync(REAL_WORLD).filter((d) => fs.statSync(path.join(REAL_WORLD, d)).isDirectory()).sort();

function expected(app: string): Expected {
  return parse(fs.readFileSync(path.join(REAL_WORLD, app, 'expected.yaml'), 'utf8')) as Expected;
}

/** Errors with their field path; warnings once per check and object. */
function key(f: { id: string; severity: string; kind: string; namespace: string; name: string; path?: string }): string {
  return f.severity === 'error'
    ? `error ${f.id} ${f.kind} ${f.namespace}/${f.name} ${f.path ?? ''}`
    : `warning ${f.id} ${f.kind} ${f.namespace}/${f.name}`;
}

function keys(findings: readonly { id: string; severity: string; kind: string; namespace: string; name: string; path?: string }[]): string[] {
  return [...new Set(findings.map(key))].sort();
}

test('the corpus: at least 28 apps, each with its sources, manifests and expected findings', () => {
  const sources = fs.readFileSync(path.join(REAL_WORLD, 'SOURCES.md'), 'utf8');
  expect(apps.length).toBeGreaterThanOrEqual(28);
  for (const app of apps) {
    expect(sources).toContain(`| \`${app}\` |`);
    expect(fs.readdirSync(path.join(REAL_WORLD, app, 'manifests')).length).toBeGreaterThan(0);
    const want = expected(app);
    for (const f of want.findings.filter((x) => x.severity === 'error')) {
      expect({ app, finding: key(f), why: typeof f.why === 'string' && f.why.length > 20 }).toEqual({ app, finding: key(f), why: true });
    }
  }
});

describe.each(apps)('real-world %s', (app) => {
  test('exactly the expected findings, every error a true defect', () => {
    const want = expected(app);
    const result = checkPaths([path.join(REAL_WORLD, app, 'manifests')]);
    expect({ objects: result.objects, findings: keys(result.findings) }).toEqual({ objects: want.objects, findings: keys(want.findings) });
  });

  test('at most one pss-restricted finding per container (and per volume)', () => {
    const result = checkPaths([path.join(REAL_WORLD, app, 'manifests')]);
    const containers = new Map<string, number>();
    for (const o of loadApp(app)) {
      const spec = o.kind === 'Pod' ? o.spec : o.kind === 'CronJob' ? o.spec?.jobTemplate?.spec?.template?.spec : o.spec?.template?.spec;
      if (spec?.containers) {
        const n = spec.containers.length + (spec.initContainers?.length ?? 0) + (spec.ephemeralContainers?.length ?? 0) + (spec.volumes?.length ?? 0);
        containers.set(`${o.kind} ${o.metadata.namespace ?? 'default'}/${o.metadata.name}`, n);
      }
    }
    const counts = new Map<string, number>();
    for (const f of result.findings.filter((x) => x.id === 'pss-restricted')) {
      const k = `${f.kind} ${f.namespace}/${f.name}`;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    for (const [k, n] of counts) {
      expect({ object: k, findings: n <= (containers.get(k) ?? 0) }).toEqual({ object: k, findings: true });
    }
  });
});

describe('seeded defects', () => {
  test('at least 35, with unique names, on apps of the corpus', () => {
    expect(SEEDED_DEFECTS.filter((d) => !d.control).length).toBeGreaterThanOrEqual(35);
    expect(new Set(SEEDED_DEFECTS.map((d) => d.name)).size).toBe(SEEDED_DEFECTS.length);
    for (const d of SEEDED_DEFECTS) {
      expect(apps).toContain(d.app);
    }
  });

  const baseline = new Map<string, Set<string>>();
  /** A finding with its message, so that a changed message on the same object counts as new. */
  const full = (f: Finding): string => `${f.id} ${f.kind} ${f.namespace}/${f.name} ${f.path ?? ''} ${f.message}`;
  function before(app: string): Set<string> {
    if (!baseline.has(app)) {
      baseline.set(app, new Set(checkManifests(loadApp(app)).findings.map(full)));
    }
    return baseline.get(app)!;
  }

  for (const defect of SEEDED_DEFECTS.filter((d) => !d.control)) {
    test(`${defect.name} is caught by ${defect.id}`, () => {
      const added = checkManifests(seeded(defect)).findings.filter((f) => !before(defect.app).has(full(f)));
      const caught = added.filter((f) => f.id === defect.id && (defect.on === undefined || `${f.kind}/${f.name}` === defect.on));
      expect({ app: defect.app, id: defect.id, on: defect.on, caught: caught.length > 0, added: added.map(full) })
        .toEqual({ app: defect.app, id: defect.id, on: defect.on, caught: true, added: expect.anything() });
    });
  }

  for (const defect of SEEDED_DEFECTS.filter((d) => d.control)) {
    test(`${defect.name}: no new ${defect.id}`, () => {
      const added = checkManifests(seeded(defect)).findings.filter((f) => !before(defect.app).has(full(f)) && f.id === defect.id);
      expect(added.map(full)).toEqual([]);
    });
  }
});

test('the corpus figures of docs/checker.md are what `npm run corpus:figures` prints', () => {
  const out = execFileSync(process.execPath, [path.join(__dirname, '..', 'scripts', 'corpus-figures.js'), '--json'], { encoding: 'utf8' });
  const figures = JSON.parse(out);
  const readme = fs.readFileSync(path.join(__dirname, '..', 'docs', 'checker.md'), 'utf8');
  const byId = Object.entries(figures.warningsById as Record<string, number>).sort((a, b) => b[1] - a[1]).map(([id, n]) => `${id} ${n}`).join(', ');
  expect(readme).toContain(`| errors | ${figures.errors}, ${figures.errorsPer100} per 100 objects,`);
  expect(readme).toContain(`| warnings | ${figures.warnings}, ${figures.warningsPer100} per 100 objects (${byId}) |`);
  expect(readme).toContain(`| findings that differ from the expected ones | ${figures.unexpected.length + figures.missing.length} |`);
  expect(readme).toContain(`| seeded defects caught with their check | ${figures.seeds.caught} of ${figures.seeds.defects} |`);
  expect(readme).toContain(`${figures.apps} public demo apps`);
  expect(readme).toContain(`${figures.objects} objects, sources`);
  // the checks table: per check, what it reports on the corpus and the seeded defects it catches
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const rows = [...readme.matchAll(/^\| `([a-z0-9-]+)` \| (?:error|warning|error \/ warning) \| .* \| ([^|]+) \| ([^|]+) \|$/gm)];
  expect(rows.length).toBeGreaterThan(30);
  for (const [, id, corpus, seeds] of rows) {
    const n = figures.byId[id] ?? { errors: 0, warnings: 0 };
    const want = [n.errors ? plural(n.errors, 'error') : '', n.warnings ? plural(n.warnings, 'warning') : ''].filter(Boolean).join(', ') || '0';
    const seed = figures.seeds.byId[id];
    expect({ id, corpus: corpus.trim(), seeds: seeds.trim() }).toEqual({ id, corpus: want, seeds: seed ? `${seed.caught} of ${seed.defects}` : '-' });
  }
}, 60_000);
