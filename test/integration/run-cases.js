// Runs each case's command with exactly the given environment (plus PATH) and records what happened.
// usage: node run-cases.js <cases.json> <results.json>
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');

const [casesFile, resultsFile] = process.argv.slice(2);
const cases = JSON.parse(fs.readFileSync(casesFile, 'utf8'));
const results = cases.map(({ name, command, env }) => {
  const started = Date.now();
  const run = spawnSync(command[0], command.slice(1), { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8', timeout: 60_000 });
  return { name, status: run.status, stdout: run.stdout, stderr: run.stderr, error: run.error?.message, seconds: (Date.now() - started) / 1000 };
});
fs.writeFileSync(resultsFile, JSON.stringify(results, null, 2));
