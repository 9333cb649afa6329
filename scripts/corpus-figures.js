#!/usr/bin/env node
// The checker's figures on the real-world corpus (test/fixtures/real-world/): objects, errors and warnings (per 100
// objects, warnings by check), the findings that differ from each app's expected.yaml, and the seeded defects of
// test/_seed-defects.ts caught with their check.
//
//   node scripts/corpus-figures.js [--json]
'use strict';
require('./register');
const fs = require('fs');
const path = require('path');
const { parse } = require('yaml');
const { checkManifests, checkPaths } = require('../lib/check');
const { REAL_WORLD, SEEDED_DEFECTS, loadApp, seeded } = require('../test/_seed-defects');

const key = (f) => (f.severity === 'error'
  ? `error ${f.id} ${f.kind} ${f.namespace}/${f.name} ${f.path ?? ''}`
  : `warning ${f.id} ${f.kind} ${f.namespace}/${f.name}`);
const full = (f) => `${f.id} ${f.kind} ${f.namespace}/${f.name} ${f.path ?? ''} ${f.message}`;

const apps = fs.readdirSync(REAL_WORLD).filter((d) => fs.statSync(path.join(REAL_WORLD, d)).isDirectory()).sort();
const totals = { apps: apps.length, objects: 0, errors: 0, warnings: 0, warningsById: {}, byId: {}, unexpected: [], missing: [] };
for (const app of apps) {
  const result = checkPaths([path.join(REAL_WORLD, app, 'manifests')]);
  totals.objects += result.objects;
  totals.errors += result.errors;
  totals.warnings += result.warnings;
  for (const f of result.findings) {
    if (f.severity === 'warning') {
      totals.warningsById[f.id] = (totals.warningsById[f.id] ?? 0) + 1;
    }
    totals.byId[f.id] ??= { errors: 0, warnings: 0 };
    totals.byId[f.id][f.severity === 'error' ? 'errors' : 'warnings'] += 1;
  }
  const want = new Set(parse(fs.readFileSync(path.join(REAL_WORLD, app, 'expected.yaml'), 'utf8')).findings.map(key));
  const got = new Set(result.findings.map(key));
  totals.unexpected.push(...[...got].filter((k) => !want.has(k)).map((k) => `${app}: ${k}`));
  totals.missing.push(...[...want].filter((k) => !got.has(k)).map((k) => `${app}: ${k}`));
}
const per100 = (n) => Math.round((n * 10000) / totals.objects) / 100;
const seeds = { defects: 0, caught: 0, missed: [], controlsBroken: [], byId: {} };
const baseline = new Map();
for (const defect of SEEDED_DEFECTS) {
  if (!baseline.has(defect.app)) {
    baseline.set(defect.app, new Set(checkManifests(loadApp(defect.app)).findings.map(full)));
  }
  const added = checkManifests(seeded(defect)).findings.filter((f) => !baseline.get(defect.app).has(full(f)) && f.id === defect.id);
  const hit = added.some((f) => defect.on === undefined || `${f.kind}/${f.name}` === defect.on);
  if (defect.control) {
    if (added.length > 0) {
      seeds.controlsBroken.push(`${defect.app}: ${defect.name}`);
    }
    continue;
  }
  seeds.defects += 1;
  seeds.byId[defect.id] ??= { defects: 0, caught: 0 };
  seeds.byId[defect.id].defects += 1;
  if (hit) {
    seeds.caught += 1;
    seeds.byId[defect.id].caught += 1;
  } else {
    seeds.missed.push(`${defect.app}: ${defect.name} (${defect.id})`);
  }
}

const report = { ...totals, errorsPer100: per100(totals.errors), warningsPer100: per100(totals.warnings), seeds };
if (process.argv.includes('--json')) {
  process.stdout.write(`${JSON.stringify(report, undefined, 2)}\n`);
} else {
  const lines = [
    `${totals.apps} apps, ${totals.objects} objects: ${totals.errors} errors (${report.errorsPer100} per 100 objects), `
      + `${totals.warnings} warnings (${report.warningsPer100} per 100 objects)`,
    `warnings by check: ${Object.entries(totals.warningsById).sort((a, b) => b[1] - a[1]).map(([id, n]) => `${id} ${n}`).join(', ')}`,
    `findings not in expected.yaml: ${totals.unexpected.length}`, ...totals.unexpected.map((x) => `  ${x}`),
    `expected findings not reported: ${totals.missing.length}`, ...totals.missing.map((x) => `  ${x}`),
    `seeded defects caught with their check: ${seeds.caught} of ${seeds.defects}`, ...seeds.missed.map((x) => `  missed ${x}`),
    ...seeds.controlsBroken.map((x) => `  control broken ${x}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
