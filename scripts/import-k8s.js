#!/usr/bin/env node
// Writes imports/k8s.ts: the Kubernetes 1.28 bindings, re-exported from the installed cdk8s-plus-28
// (which ships the output of `cdk8s import k8s@1.28.0`), so nothing is downloaded.
'use strict';
const fs = require('fs');
const path = require('path');

const source = require.resolve('cdk8s-plus-28/lib/imports/k8s');
if (!fs.existsSync(source)) {
  throw new Error(`cdk8s-plus-28 no longer ships ${source}: pin cdk8s-plus-28 to a version that does`);
}
const target = path.join(__dirname, '..', 'imports', 'k8s.ts');
fs.writeFileSync(target, [
  '// Kubernetes 1.28 API bindings. Do not edit: `npm run import` writes this file.',
  '//',
  '// `cdk8s import k8s@1.28.0` downloads the OpenAPI definitions from GitHub at import time. cdk8s-plus-28',
  '// ships the classes that command generates for Kubernetes 1.28 (KubeDeployment, KubeService, ...), so',
  '// this project re-exports them from the installed package and works offline.',
  "export * from 'cdk8s-plus-28/lib/imports/k8s';",
  '',
].join('\n'));
console.log(`wrote ${path.relative(process.cwd(), target)}`);
