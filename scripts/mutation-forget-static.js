#!/usr/bin/env node
// Drops the surviving static mutants from Stryker incremental files, so that the next incremental run measures them
// again. A static mutant (code run when a module loads, such as a rule's `export const`) is covered by no test in
// particular, and Stryker's incremental mode reuses its "survived" even after a new test kills it.
//
//   node scripts/mutation-forget-static.js reports/incremental-<group>.json ...
'use strict';
const fs = require('fs');

/** Removes the surviving static mutants of an incremental report in place; returns how many. */
function forgetStatic(report) {
  let dropped = 0;
  for (const file of Object.values(report.files)) {
    const kept = file.mutants.filter((m) => !(m.static === true && m.status === 'Survived'));
    dropped += file.mutants.length - kept.length;
    file.mutants = kept;
  }
  return dropped;
}

module.exports = { forgetStatic };

if (require.main === module) {
  const paths = process.argv.slice(2);
  if (paths.length === 0) {
    process.stderr.write('usage: node scripts/mutation-forget-static.js <incremental.json> ...\n');
    process.exitCode = 2;
  }
  for (const p of paths) {
    const report = JSON.parse(fs.readFileSync(p, 'utf8'));
    const dropped = forgetStatic(report);
    fs.writeFileSync(p, JSON.stringify(report));
    process.stdout.write(`${p}: ${dropped} surviving static mutants dropped\n`);
  }
}
