// Loads the manifest checker: the compiled JavaScript when the package has been built, else the TypeScript
// source, transpiled on the fly with swc (a clone of the repository, where @swc/core is installed).
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
  if (!require.extensions['.ts']) {
    // transpile only (no type-check: `npm test` runs tsc); lighter than ts-node, which loads the TypeScript compiler
    let swc;
    try {
      swc = require('@swc/core');
    } catch {
      throw new Error(`cdk8s-mysql-clusterip: no compiled checker under ${root} and no @swc/core to transpile lib/check/*.ts; `
        + 'build the package, or install its dev dependencies');
    }
    require.extensions['.ts'] = (module, filename) => {
      const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
        filename,
        sourceMaps: 'inline',
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
      });
      module._compile(code, filename);
    };
  }
  module.exports = require(path.join(root, 'lib', 'check', 'index.ts'));
}
