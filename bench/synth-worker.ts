// One measured run: `node -r ./scripts/register.js bench/synth-worker.ts <ours|baseline> <stacks> <outdir> [stock]`.
// Builds the stacks in one App, writes their YAML to <outdir> (one file per chart, as `cdk8s synth` does)
// and prints a JSON line with the phase times (from process start) and the peak memory of this process.
const loadStart = performance.now();
// Required here rather than imported, so that loading the libraries is timed on its own.
const { ApiObject, App } = require('cdk8s') as typeof import('cdk8s');
const { addBaselineStack, addOurStack } = require('./stacks') as typeof import('./stacks');
const { synthApp } = require('../lib/synth') as typeof import('../lib/synth');

const [kind, count, outdir, synth = 'linear'] = process.argv.slice(2);
const stacks = Number(count);
if (!['ours', 'baseline'].includes(kind) || !Number.isInteger(stacks) || stacks < 1 || !outdir || !['linear', 'stock'].includes(synth)) {
  throw new Error('usage: synth-worker.ts <ours|baseline> <stacks> <outdir> [linear|stock]');
}
const add = kind === 'ours' ? addOurStack : addBaselineStack;

const buildStart = performance.now();
const app = new App({ outdir });
for (let i = 0; i < stacks; i++) add(app, i);
const synthStart = performance.now();
if (synth === 'stock') app.synth(); else synthApp(app);
const end = performance.now();

console.log(JSON.stringify({
  kind,
  synth,
  stacks,
  objects: app.node.findAll().filter((c) => ApiObject.isApiObject(c)).length,
  bootMs: loadStart,
  loadMs: buildStart - loadStart,
  buildMs: synthStart - buildStart,
  synthMs: end - synthStart,
  totalMs: end,
  // CPU time of this process (user + system), which other load on the machine inflates less than wall time.
  cpuMs: (process.resourceUsage().userCPUTime + process.resourceUsage().systemCPUTime) / 1000,
  maxRssKiB: process.resourceUsage().maxRSS,
}));
