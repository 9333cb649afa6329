#!/usr/bin/env node
// The scores of `npm run test:mutation` against the goals of CONTRIBUTING.md: the constructs at 95 % or more, the
// checker's policy and wiring rules at 85 % or more, file by file, with every surviving mutant.
//
//   node scripts/mutation-scores.js [report.json ...]
//
// Each argument is a Stryker JSON report (default reports/mutation/mutation.json). Runs of a few files at a time
// write one report each: pass them all, and for a file that is in several, the last one given counts.
// The exit code is 1 when a measured group misses its goal.
'use strict';
const fs = require('fs');

const GROUPS = [
  { name: 'constructs', goal: 95, has: (file) => !file.startsWith('lib/check/') },
  { name: "checker's policy and wiring rules", goal: 85, has: (file) => file.startsWith('lib/check/') },
];

/** Stryker's statuses: detected ones count as killed; errors and ignored mutants are out of the score. */
const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

/** The mutants of each file, the last report that has the file winning. */
function mutantsByFile(reports) {
  const files = new Map();
  for (const report of reports) {
    for (const [file, { mutants }] of Object.entries(report.files)) {
      files.set(file.split('\\').join('/'), mutants);
    }
  }
  return files;
}

/** Counts and the score (killed and timed out over those plus survived and not covered), null with nothing to score. */
function tally(mutants) {
  const counts = { mutants: mutants.length, killed: 0, timeout: 0, survived: 0, noCoverage: 0, errors: 0, ignored: 0 };
  for (const m of mutants) {
    if (m.status === 'Killed') counts.killed += 1;
    else if (m.status === 'Timeout') counts.timeout += 1;
    else if (m.status === 'Survived') counts.survived += 1;
    else if (m.status === 'NoCoverage') counts.noCoverage += 1;
    else if (m.status === 'Ignored') counts.ignored += 1;
    else counts.errors += 1;
  }
  const detected = mutants.filter((m) => DETECTED.has(m.status)).length;
  const valid = detected + mutants.filter((m) => UNDETECTED.has(m.status)).length;
  return { ...counts, score: valid === 0 ? null : (100 * detected) / valid };
}

const percent = (score) => (score === null ? 'n/a' : `${score.toFixed(2)} %`);

function scores(reports) {
  const files = mutantsByFile(reports);
  const groups = GROUPS.map((group) => {
    const members = [...files.keys()].filter(group.has).sort();
    const total = tally(members.flatMap((f) => files.get(f)));
    const met = total.score === null ? null : total.score >= group.goal;
    return { ...group, files: members.map((f) => ({ file: f, ...tally(files.get(f)) })), total, met };
  });
  const survivors = [...files.entries()].sort(([a], [b]) => a.localeCompare(b)).flatMap(([file, mutants]) => mutants
    .filter((m) => UNDETECTED.has(m.status))
    .map((m) => ({
      file, line: m.location.start.line, column: m.location.start.column, mutator: m.mutatorName, replacement: m.replacement, status: m.status,
      static: m.static === true,
    })));
  return { groups, survivors };
}

function format({ groups, survivors }) {
  const lines = [];
  for (const g of groups) {
    lines.push(`${g.name}: ${g.total.score === null ? 'not measured' : `${percent(g.total.score)} (goal ${g.goal} %, ${g.met ? 'met' : 'missed'})`}`);
    for (const f of g.files) {
      lines.push(`  ${f.file}: ${percent(f.score)}, ${f.mutants} mutants: ${f.killed} killed, ${f.timeout} timed out, `
        + `${f.survived} survived, ${f.noCoverage} not covered, ${f.errors} errors, ${f.ignored} ignored`);
    }
  }
  lines.push(`survivors: ${survivors.length}`);
  for (const s of survivors) {
    const marks = [s.status === 'NoCoverage' ? 'not covered' : '', s.static ? 'static' : ''].filter(Boolean);
    lines.push(`  ${s.file}:${s.line}:${s.column} ${s.mutator}${marks.length ? ` (${marks.join(', ')})` : ''}: ${JSON.stringify(s.replacement)}`);
  }
  return `${lines.join('\n')}\n`;
}

module.exports = { scores, format, tally };

if (require.main === module) {
  const paths = process.argv.slice(2);
  const reports = (paths.length > 0 ? paths : ['reports/mutation/mutation.json']).map((p) => JSON.parse(fs.readFileSync(p, 'utf8')));
  const result = scores(reports);
  process.stdout.write(format(result));
  process.exitCode = result.groups.some((g) => g.met === false) ? 1 : 0;
}
