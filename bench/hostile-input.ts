// `npm run bench:hostile`: how long the checker takes to refuse hostile input (alias bombs, deep nesting, huge values),
// the inputs test/check-hostile.test.ts proves it refuses. The tests bound them only by what counts as a hang; the
// times are measured here. Medians of BENCH_HOSTILE_RUNS (default 5) runs in this process, after one warm-up run.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkManifests, checkPaths } from '../lib/check';

const runs = Number(process.env.BENCH_HOSTILE_RUNS ?? '5');
if (!Number.isInteger(runs) || runs < 1) throw new Error(`BENCH_HOSTILE_RUNS must be a positive integer, not ${process.env.BENCH_HOSTILE_RUNS}`);

const hostile = path.join(__dirname, '..', 'test', 'fixtures', 'hostile');
const cases: Array<[string, () => unknown]> = fs.readdirSync(hostile)
  .filter((f) => /\.(ya?ml|json)$/.test(f))
  .sort()
  .map((f) => [`test/fixtures/hostile/${f}`, () => checkPaths([path.join(hostile, f)])]);

const deep = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  a: ${'['.repeat(200000)}${']'.repeat(200000)}\n`;
const deepFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-')), 'deep.yaml');
fs.writeFileSync(deepFile, deep);
cases.push(['nesting 200,000 levels deep', () => checkPaths([deepFile])]);

const big = 'x'.repeat(2 * 1024 * 1024);
cases.push(['a 2 MB name, label, selector, port and image', () => checkManifests([
  { apiVersion: 'v1', kind: 'Service', metadata: { name: big, labels: { app: big } }, spec: { selector: { [big]: 'x' }, ports: [{ port: big }] } },
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: `busybox:${big}` }] } },
])]);

let shared: unknown = 'lol';
for (let i = 0; i < 30; i++) shared = [shared, shared, shared];
cases.push(['a value of 3^30 shared nodes', () => checkManifests([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data: { a: shared } }])]);

console.log(`| input | median ms (${runs} runs) | max ms |`);
console.log('|---|---|---|');
for (const [name, run] of cases) {
  run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(`| ${name} | ${times[Math.floor(times.length / 2)].toFixed(1)} | ${times[times.length - 1].toFixed(1)} |`);
}
fs.rmSync(path.dirname(deepFile), { recursive: true, force: true });
