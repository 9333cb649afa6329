// Runs TypeScript in Node without a build step and without a type-check: `node -r ./scripts/register.js main.ts`.
//
// Every `.ts` file is read from disk when it is required and transpiled by swc (types stripped, imports to
// CommonJS), file by file, so what runs is always the current source: there is no build output that could
// be stale. Types are checked once, by `tsc --noEmit` in `npm test`. This is what `ts-node --swc` does,
// minus loading ts-node and the TypeScript compiler.
//
// Transpiled files are kept in node_modules/.cache/register-ts under a hash of everything the output
// depends on (the source text, its path, the swc version and options), so a changed file always misses the
// cache, and an unchanged one skips loading swc at all. Delete the folder at will; REGISTER_TS_CACHE names another.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const options = {
  jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
  module: { type: 'commonjs' },
  // An inline source map: with `--enable-source-maps` (NODE_OPTIONS=--enable-source-maps npm run synth), stack
  // traces name the lines of the .ts file. Not enabled here: Node then also reads the source maps of node_modules
  // (cdk8s-plus-28 ships them), which costs about 60 ms of CPU per synth (`npm run bench:hooks`, CONTRIBUTING.md).
  sourceMaps: 'inline',
  swcrc: false,
  configFile: false,
};
const swcVersion = require('@swc/core/package.json').version;
const salt = JSON.stringify({ swcVersion, options });
const cacheDir = process.env.REGISTER_TS_CACHE || path.join(__dirname, '..', 'node_modules', '.cache', 'register-ts');
const nodeModules = `${path.sep}node_modules${path.sep}`;
let swc;

function transpile(source, filename) {
  const key = crypto.createHash('sha256').update(salt).update('\0').update(filename).update('\0').update(source).digest('hex');
  const cached = path.join(cacheDir, `${key}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    // not transpiled yet
  }
  swc ??= require('@swc/core');
  const { code } = swc.transformSync(source, { ...options, filename });
  try {
    // Write then rename, so that a concurrent run never reads half a file.
    fs.mkdirSync(cacheDir, { recursive: true });
    const partial = `${cached}.${process.pid}.tmp`;
    fs.writeFileSync(partial, code);
    fs.renameSync(partial, cached);
  } catch {
    // a read-only node_modules: run without the cache
  }
  return code;
}

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  if (filename.includes(nodeModules)) {
    throw new Error(`refusing to transpile ${filename}: packages ship JavaScript`);
  }
  module._compile(transpile(fs.readFileSync(filename, 'utf8'), filename), filename);
};
