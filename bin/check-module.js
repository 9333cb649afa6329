// Loads the manifest checker: the compiled JavaScript when the package has been built, else the TypeScript
// source through ts-node (transpile only, with swc), as in a clone of the repository.
// cdk8s.yaml points its `validations:` entry here (class ManifestCheckPlugin); the command line uses it too.
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const compiled = ['build/lib/check/index.js', 'build/check/index.js', 'lib/check/index.js']
  .map((p) => path.join(root, p))
  .find((p) => fs.existsSync(p));

if (compiled) {
  module.exports = require(compiled);
} else {
  require('ts-node').register({ project: path.join(root, 'tsconfig.json'), swc: true, transpileOnly: true });
  module.exports = require(path.join(root, 'lib', 'check', 'index.ts'));
}
