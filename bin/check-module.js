// Loads the manifest checker. In a clone of the repository: the TypeScript source, transpiled on the fly with
// swc (never a stale build); in the installed package, which ships no TypeScript: the compiled build.
// cdk8s.yaml points its `validations:` entry here (class ManifestCheckPlugin); the command line uses it too.
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const source = path.join(root, 'lib', 'check', 'index.ts');

const register = path.join(root, 'scripts', 'register.js');

function canTranspile() {
  if (require.extensions['.ts']) {
    return true;
  }
  try {
    require.resolve('@swc/core');
    return fs.existsSync(register);
  } catch {
    return false;
  }
}

if (fs.existsSync(source) && canTranspile()) {
  if (!require.extensions['.ts']) {
    // the same require hook as `npm run synth`: transpile only (no type-check: `npm test` runs tsc)
    require(register);
  }
  module.exports = require(source);
} else {
  const compiled = ['build/lib/check/index.js', 'build/check/index.js'].map((p) => path.join(root, p)).find((p) => fs.existsSync(p));
  if (!compiled) {
    throw new Error(`cdk8s-mysql-clusterip: no compiled checker under ${root}, and no @swc/core to transpile lib/check/*.ts; `
      + 'build the package, or install its dev dependencies');
  }
  module.exports = require(compiled);
}
