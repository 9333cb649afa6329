// How long `require('cdk8s-mysql-clusterip')` takes, and what it loads: `npm run build && node scripts/import-time.js`.
//
// Each entry point of the compiled package (build/lib) is required in a fresh `node` process, `runs` times; the
// figure is the median wall time of that process minus the median of one that requires only the peer
// dependencies the constructs need anyway (cdk8s, cdk8s-plus-28, constructs). It also lists how many of the
// package's own files, and which other packages, each entry point loads.
//
//   node scripts/import-time.js [runs]
'use strict';
const { execFileSync, spawnSync } = require('child_process');
const path = require('path');

const root = path.join(__dirname, '..');
const runs = Number(process.argv[2] ?? 15);
const peers = "require('constructs'); require('cdk8s'); require('cdk8s-plus-28');";
const entries = {
  'peers only': '',
  'cdk8s-mysql-clusterip': "require('./build/lib/index.js');",
  'cdk8s-mysql-clusterip/check': "require('./build/lib/check/index.js');",
  'cdk8s-mysql-clusterip/synth': "require('./build/lib/synth.js');",
  'cdk8s-mysql-clusterip/testing': "require('./build/lib/testing/index.js');",
};

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function once(code) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-e', code], { cwd: root, stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`node -e ${JSON.stringify(code)} failed: run npm run build first`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function loaded(code) {
  const out = execFileSync(process.execPath, ['-e', `${code} process.stdout.write(JSON.stringify(Object.keys(require.cache)))`], {
    cwd: root, encoding: 'utf8',
  });
  const files = JSON.parse(out);
  const own = files.filter((f) => f.startsWith(path.join(root, 'build'))).length;
  const packages = new Set(files.map((f) => /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(f)?.[1]).filter(Boolean));
  return { own, packages: [...packages].map((p) => p.replace(/\\/g, '/')).sort() };
}

// Interleaved, so that a busy moment of the machine slows every entry alike.
const times = Object.fromEntries(Object.keys(entries).map((name) => [name, []]));
for (let i = 0; i < runs; i++) {
  for (const [name, code] of Object.entries(entries)) times[name].push(once(peers + code));
}
const base = median(times['peers only']);
console.log(`median of ${runs} runs each, node ${process.version}; 'peers only' is node -e "${peers}"`);
for (const [name, code] of Object.entries(entries)) {
  const ms = median(times[name]);
  const { own, packages } = loaded(peers + code);
  const extra = packages.filter((p) => !['constructs', 'cdk8s', 'cdk8s-plus-28'].includes(p));
  console.log(`${name.padEnd(28)} ${ms.toFixed(0).padStart(5)} ms  (+${(ms - base).toFixed(0)} ms)  `
    + `${own} files of the package; other packages: ${extra.join(', ') || 'none'}`);
}
