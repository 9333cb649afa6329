#!/usr/bin/env node
// `npm run bench:hooks`: the lab's synth (main.ts) run through each way of running TypeScript in Node without a
// build step, side by side: this repository's scripts/register.js, @swc-node/register, tsx and ts-node --swc.
// Plain JavaScript, so that no hook runs the comparison of hooks.
//
// The candidates that are not dev dependencies here are installed from the npm registry into a temporary folder
// (not part of `npm test`, which runs offline). Each run is a fresh process writing the lab into a fresh folder;
// its output must equal dist/lab.k8s.yaml. The commands take turns, run after run, so that load on this shared
// machine falls on all of them. "cold" runs start with an empty transpile cache (for the hooks that keep one on
// disk: ours in node_modules/.cache/register-ts, tsx in $TMPDIR/tsx-<uid>), "warm" runs with a full one; hooks
// without a disk cache are always cold.
//
//   node bench/require-hooks.js              # 9 runs of each (BENCH_RUNS)
//   BENCH_RUNS=15 node bench/require-hooks.js
//   SWC_NODE_REGISTER=1.12.1 TSX=4.23.15 node bench/require-hooks.js   # other versions than these
'use strict';
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.join(__dirname, '..');
const runs = Number(process.env.BENCH_RUNS ?? 9);
const versions = {
  '@swc-node/register': process.env.SWC_NODE_REGISTER ?? '1.12.1',
  tsx: process.env.TSX ?? '4.23.15',
};
/** The version of `name` installed in `from`'s node_modules (read directly: not every package exports its package.json). */
const installed = (name, from = root) => JSON.parse(fs.readFileSync(path.join(from, 'node_modules', name, 'package.json'), 'utf8')).version;
const expected = fs.readFileSync(path.join(root, 'dist', 'lab.k8s.yaml'), 'utf8');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'require-hooks-'));
const ourCache = path.join(root, 'node_modules', '.cache', 'register-ts');

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Installs the candidates that are not dev dependencies here, with the same @swc/core and TypeScript as here. */
function install() {
  const dir = path.join(work, 'hooks');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'require-hooks', private: true }));
  const specs = [
    `@swc-node/register@${versions['@swc-node/register']}`, `tsx@${versions.tsx}`,
    `@swc/core@${installed('@swc/core')}`, `typescript@${installed('typescript')}`,
  ];
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...specs], { cwd: dir, stdio: 'inherit' });
  return dir;
}

function main() {
  const hooks = install();
  const tsxCache = path.join(work, 'tsx-tmp'); // tsx keeps its cache under os.tmpdir()
  const lab = ['main.ts'];
  const candidates = [
    {
      name: 'scripts/register.js (ours)', cache: 'cold', command: 'node -r ./scripts/register.js main.ts',
      args: [process.execPath, '-r', './scripts/register.js', ...lab], before: () => fs.rmSync(ourCache, { recursive: true, force: true }),
    },
    { name: 'scripts/register.js (ours)', cache: 'warm', command: 'node -r ./scripts/register.js main.ts', args: [process.execPath, '-r', './scripts/register.js', ...lab] },
    {
      name: 'scripts/register.js (ours), with source maps', cache: 'warm', command: 'node --enable-source-maps -r ./scripts/register.js main.ts',
      args: [process.execPath, '--enable-source-maps', '-r', './scripts/register.js', ...lab],
    },
    {
      name: `@swc-node/register ${installed('@swc-node/register', hooks)}`, cache: 'none', command: 'node -r @swc-node/register main.ts',
      args: [process.execPath, '-r', require.resolve('@swc-node/register', { paths: [hooks] }), ...lab],
    },
    {
      name: `tsx ${installed('tsx', hooks)}`, cache: 'cold', command: 'tsx main.ts',
      args: [path.join(hooks, 'node_modules', '.bin', 'tsx'), ...lab], env: () => ({ TMPDIR: fs.mkdtempSync(path.join(work, 'tsx-cold-')) }),
    },
    { name: `tsx ${installed('tsx', hooks)}`, cache: 'warm', command: 'tsx main.ts', args: [path.join(hooks, 'node_modules', '.bin', 'tsx'), ...lab], env: () => ({ TMPDIR: tsxCache }) },
    {
      name: `tsx ${installed('tsx', hooks)}, without its CLI`, cache: 'warm', command: 'node --import tsx main.ts',
      args: [process.execPath, '--import', `file://${require.resolve('tsx', { paths: [hooks] }).replace(/\\/g, '/')}`, ...lab], env: () => ({ TMPDIR: tsxCache }),
    },
    {
      name: `ts-node ${installed('ts-node')} --swc`, cache: 'none', command: 'ts-node --swc main.ts',
      args: [path.join(root, 'node_modules', '.bin', 'ts-node'), '--swc', ...lab],
    },
    { name: 'node alone (no TypeScript, no synth)', cache: '-', command: 'node -e 0', args: [process.execPath, '-e', '0'], floor: true },
  ];
  fs.mkdirSync(tsxCache);
  const times = candidates.map(() => ({ wall: [], cpu: [] }));
  const timeFile = path.join(work, 'time.txt');

  const once = (c) => {
    const outdir = fs.mkdtempSync(path.join(work, 'out-'));
    c.before?.();
    const env = { ...process.env, CDK8S_OUTDIR: outdir, ...(c.env?.() ?? {}) };
    delete env.MYSQL_LAB_ROOT_PASSWORD;
    const start = performance.now();
    // /usr/bin/time reports the process's user and system CPU time (all threads, children included)
    const child = spawnSync('/usr/bin/time', ['-o', timeFile, '-f', '%U %S', ...c.args], { cwd: root, env, encoding: 'utf8' });
    const wall = performance.now() - start;
    if (child.status !== 0) throw new Error(`${c.command} failed:\n${child.stderr}`);
    if (!c.floor) {
      const written = fs.readFileSync(path.join(outdir, 'lab.k8s.yaml'), 'utf8');
      if (written !== expected) throw new Error(`${c.command} wrote another lab.k8s.yaml than dist/`);
    }
    fs.rmSync(outdir, { recursive: true, force: true });
    const [user, system] = fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    return { wall, cpu: (user + system) * 1000 };
  };

  // Fill the warm caches, and check every command once.
  for (const c of candidates) once(c);
  for (let i = 0; i < runs; i++) {
    for (let j = 0; j < candidates.length; j++) {
      const k = (i + j) % candidates.length;
      const t = once(candidates[k]);
      times[k].wall.push(t.wall);
      times[k].cpu.push(t.cpu);
    }
  }

  const ms = (v) => `${Math.round(v)} ms`;
  const oursWarm = median(times[1].wall);
  const lines = [
    `Machine: ${os.availableParallelism()} CPUs, Node.js ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} at the end; `
      + `${runs} runs of each, taking turns; @swc/core ${installed('@swc/core')}, TypeScript ${installed('typescript')}.`,
    '',
    '| hook | command | transpile cache | wall, median | wall, best | CPU, median | wall / ours warm |',
    '|---|---|---|---:|---:|---:|---:|',
    ...candidates.map((c, k) => `| ${c.name} | \`${c.command}\` | ${c.cache} | ${ms(median(times[k].wall))} | ${ms(Math.min(...times[k].wall))} `
      + `| ${ms(median(times[k].cpu))} | ${(median(times[k].wall) / oursWarm).toFixed(2)} |`),
  ];
  console.log(lines.join('\n'));
}

try {
  main();
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
