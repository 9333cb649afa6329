#!/usr/bin/env node
// `cdk8s-mysql-clusterip check [paths...] [--json] [--graph]`: see lib/check/cli.ts.
'use strict';
try {
  process.exitCode = require('./check-module.js').checkCli(process.argv.slice(2));
} catch (e) {
  // anything that is not a finding is exit 2 with one line, a crash while loading included (1 means "findings")
  process.stderr.write(`internal error, please report it: ${String((e && e.message) || e).split('\n')[0].slice(0, 300)}\n`);
  process.exitCode = 2;
}
