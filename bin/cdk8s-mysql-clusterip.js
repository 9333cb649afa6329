#!/usr/bin/env node
// `cdk8s-mysql-clusterip check [paths...] [--json] [--graph]`: see lib/check/cli.ts.
'use strict';
process.exitCode = require('./check-module.js').checkCli(process.argv.slice(2));
