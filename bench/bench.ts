// `npm run bench`: synthesis time, peak memory and throughput of this library's stacks against the same stacks
// written by hand with cdk8s-plus-28, and of the README's synth command against the stock `cdk8s synth` with
// ts-node. Not a test: it prints a table and writes bench/results.json and bench/RESULTS.md.
//
// Options (environment): BENCH_RUNS (runs per measurement, default 5), BENCH_STACKS (default "1,100,1000"),
// BENCH_LINEAR_STACKS (default 2000: checked against the largest of BENCH_STACKS), BENCH_OUTDIR_ROOT,
// BENCH_TEST=0 to skip timing `npm test` (once), BENCH_FRESH=0 to skip the fresh clone (bench/fresh-clone.ts).
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FreshClone, freshCloneMarkdown, measureFreshClone } from './fresh-clone';

const root = path.join(__dirname, '..');
const runs = positiveInt(process.env.BENCH_RUNS ?? '5', 'BENCH_RUNS');
const stackCounts = (process.env.BENCH_STACKS ?? '1,100,1000').split(',').map((n) => positiveInt(n, 'BENCH_STACKS'));
const linearStacks = positiveInt(process.env.BENCH_LINEAR_STACKS ?? '2000', 'BENCH_LINEAR_STACKS');
// The YAML is written to a RAM disk where there is one: creating thousands of files on this machine's ext4 disk
// costs from 0.04 to 0.6 ms each, depending on what else the disk does, which would drown what is measured.
const outdirRoot = process.env.BENCH_OUTDIR_ROOT ?? (isWritableDir('/dev/shm') ? '/dev/shm' : os.tmpdir());

const TARGET_SYNTH_RATIO = 0.10;
const TARGET_OBJECTS_PER_S = 4000;
const TARGET_PEAK_MIB = 400;
const TARGET_LINEAR_RATIO = 2.2;
const TARGET_TEST_S = 30;
const timeTests = process.env.BENCH_TEST !== '0';
const timeFreshClone = process.env.BENCH_FRESH !== '0';

interface WorkerResult {
  kind: string; synth: string; stacks: number; objects: number;
  bootMs: number; loadMs: number; buildMs: number; synthMs: number; totalMs: number; cpuMs: number; maxRssKiB: number;
}

interface SynthRow {
  workload: 'ours' | 'baseline' | 'ours, stock app.synth()';
  stacks: number;
  objects: number;
  runs: number;
  wallMs: number;
  bestWallMs: number;
  cpuMs: number;
  peakMiB: number;
  objectsPerS: number;
  phasesMs: { boot: number; load: number; build: number; synth: number };
}

interface CommandRow { name: string; command: string; runs: number; wallMs: number }

function positiveInt(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`invalid ${what} ${JSON.stringify(text)}: must be a positive integer`);
  return n;
}

function isWritableDir(dir: string): boolean {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Counts the YAML documents written to `dir`: what was synthesized, whatever the library emits. */
function countDocuments(dir: string): number {
  let count = 0;
  for (const file of fs.readdirSync(dir)) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    if (text.trim()) count += text.split(/^---$/m).length;
  }
  return count;
}

/** One fresh process synthesizing `stacks` stacks; wall time as seen from here, spawn included. */
function runWorker(kind: 'ours' | 'baseline', stacks: number, synth: 'linear' | 'stock'): WorkerResult & { wallMs: number } {
  const outdir = fs.mkdtempSync(path.join(outdirRoot, 'bench-synth-'));
  try {
    const start = performance.now();
    const child = spawnSync(process.execPath, ['-r', './scripts/register.js', 'bench/synth-worker.ts', kind, String(stacks), outdir, synth], {
      cwd: root, encoding: 'utf8', maxBuffer: 1 << 20,
    });
    const wallMs = performance.now() - start;
    if (child.status !== 0) throw new Error(`synth-worker ${kind} ${stacks} failed:\n${child.stderr}`);
    const result: WorkerResult = JSON.parse(child.stdout);
    const documents = countDocuments(outdir);
    if (documents !== result.objects) throw new Error(`${kind} x ${stacks}: ${result.objects} API objects but ${documents} YAML documents`);
    return { ...result, wallMs };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function summarize(workload: SynthRow['workload'], results: Array<WorkerResult & { wallMs: number }>): SynthRow {
  const wallMs = median(results.map((r) => r.wallMs));
  const objects = results[0].objects;
  return {
    workload,
    stacks: results[0].stacks,
    objects,
    runs: results.length,
    wallMs,
    bestWallMs: Math.min(...results.map((r) => r.wallMs)),
    cpuMs: median(results.map((r) => r.cpuMs)),
    peakMiB: median(results.map((r) => r.maxRssKiB / 1024)),
    objectsPerS: objects / (wallMs / 1000),
    phasesMs: {
      boot: median(results.map((r) => r.bootMs)),
      load: median(results.map((r) => r.loadMs)),
      build: median(results.map((r) => r.buildMs)),
      synth: median(results.map((r) => r.synthMs)),
    },
  };
}

/** Ours and the baseline at `stacks`, alternating which goes first, `count` runs each. */
function measurePair(stacks: number, count: number): [SynthRow, SynthRow] {
  const ours: Array<WorkerResult & { wallMs: number }> = [];
  const baseline: Array<WorkerResult & { wallMs: number }> = [];
  for (let i = 0; i < count; i++) {
    const order: Array<'ours' | 'baseline'> = i % 2 ? ['baseline', 'ours'] : ['ours', 'baseline'];
    for (const kind of order) (kind === 'ours' ? ours : baseline).push(runWorker(kind, stacks, 'linear'));
  }
  return [summarize('ours', ours), summarize('baseline', baseline)];
}

/** The synth commands, alternating, `count` runs each, each writing to a fresh temporary directory. */
function measureCommands(count: number): CommandRow[] {
  const bin = (name: string) => path.join('node_modules', '.bin', name);
  const commands: Array<{ name: string; command: string; file: string; args: (outdir: string) => string[]; env?: boolean }> = [
    { name: 'README: npm run synth', command: 'npm run synth', file: 'npm', args: () => ['run', 'synth'], env: true },
    {
      name: 'stock: cdk8s synth, app ts-node',
      command: "npx cdk8s synth --no-check-upgrade --app 'npx ts-node main.ts'",
      file: 'npx',
      args: (outdir) => ['cdk8s', 'synth', '--no-check-upgrade', '--app', 'npx ts-node main.ts', '--output', outdir],
    },
    {
      name: 'cdk8s synth, app of cdk8s.yaml',
      command: 'npx cdk8s synth --no-check-upgrade',
      file: 'npx',
      args: (outdir) => ['cdk8s', 'synth', '--no-check-upgrade', '--output', outdir],
    },
    { name: 'the synth script, without npm', command: 'node -r ./scripts/register.js main.ts', file: 'node', args: () => ['-r', './scripts/register.js', 'main.ts'], env: true },
    { name: 'ts-node --swc (the previous synth script)', command: 'node_modules/.bin/ts-node --swc main.ts', file: bin('ts-node'), args: () => ['--swc', 'main.ts'], env: true },
  ];
  const times = commands.map(() => [] as number[]);
  for (let i = 0; i < count; i++) {
    // Rotate the order so that no command always runs first (or right after the slowest one).
    for (let j = 0; j < commands.length; j++) {
      const k = (i + j) % commands.length;
      const { file, args, env } = commands[k];
      const outdir = fs.mkdtempSync(path.join(outdirRoot, 'bench-cmd-'));
      try {
        const childEnv: NodeJS.ProcessEnv = { ...process.env, ...(env ? { CDK8S_OUTDIR: outdir } : {}) };
        delete childEnv.MYSQL_LAB_ROOT_PASSWORD;
        const start = performance.now();
        execFileSync(file, args(outdir), { cwd: root, env: childEnv, stdio: 'ignore' });
        times[k].push(performance.now() - start);
        if (!fs.readdirSync(outdir).some((f) => f.endsWith('.k8s.yaml'))) throw new Error(`${commands[k].command} wrote nothing`);
      } finally {
        fs.rmSync(outdir, { recursive: true, force: true });
      }
    }
  }
  return commands.map((c, k) => ({ name: c.name, command: c.command, runs: count, wallMs: median(times[k]) }));
}

/** The full test command, once: type-check, lint and jest. */
function measureTests(): CommandRow {
  const start = performance.now();
  execFileSync('npm', ['test'], { cwd: root, stdio: 'ignore' });
  return { name: 'the full test command', command: 'npm test', runs: 1, wallMs: performance.now() - start };
}

function machine() {
  const cpuinfo = fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  return {
    cpus: os.availableParallelism(),
    cpuModel: model.trim(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30 * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
    outdir: outdirRoot,
  };
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const seconds = (ms: number) => `${fmt(ms / 1000, 2)} s`;

function markdown(report: ReturnType<typeof buildReport>): string {
  const m = report.machine;
  const lines = [
    `Machine: ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGiB} GiB RAM, Node.js ${m.node}, ${m.os}; load average ${m.loadAverageAtStart.join(' ')} `
      + `at start; YAML written to ${m.outdir}. Medians of ${runs} runs, each in a fresh process; ours and the baseline alternate.`,
    'Wall time is from spawning the process to its exit (median, and the best run, the one least disturbed by other load); CPU is '
      + 'its user + system time (all threads), which other load on the machine inflates less. Both workloads are synthesized '
      + 'with `synthApp`; the "stock app.synth()" rows show what cdk8s\'s own `app.synth()` costs for the same charts '
      + `(${Math.min(runs, 3)} runs each).`,
    '',
    '| stacks | workload | objects | wall | wall, best run | CPU | peak RSS | objects/s (wall) | objects/s (CPU) | ours / baseline: wall | per object |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const row of report.synth) {
    const base = report.synth.find((r) => r.workload === 'baseline' && r.stacks === row.stacks);
    const ours = row.workload === 'ours' && base;
    const ratio = ours ? `${fmt(row.wallMs / base.wallMs, 2)} | ${fmt((row.wallMs / row.objects) / (base.wallMs / base.objects), 2)}` : ' | ';
    lines.push(`| ${fmt(row.stacks)} | ${row.workload} | ${fmt(row.objects)} | ${seconds(row.wallMs)} | ${seconds(row.bestWallMs)} | ${seconds(row.cpuMs)} | `
      + `${fmt(row.peakMiB)} MiB | ${fmt(row.objectsPerS)} | ${fmt(row.objects / (row.cpuMs / 1000))} | ${ratio} |`);
  }
  lines.push('', '| synth of the lab (1 chart) | command | wall | / stock |', '|---|---|---:|---:|');
  const stock = report.commands.find((c) => c.name.startsWith('stock'))!;
  for (const c of report.commands) lines.push(`| ${c.name} | \`${c.command}\` | ${seconds(c.wallMs)} | ${fmt(c.wallMs / stock.wallMs, 3)} |`);
  lines.push('', '| target | measured | limit | met |', '|---|---:|---:|---|');
  for (const t of report.targets) lines.push(`| ${t.name} | ${t.measured} | ${t.limit} | ${t.met ? 'yes' : 'no'} |`);
  const big = report.synth.find((r) => r.workload === 'ours' && r.stacks === Math.max(...stackCounts))!;
  lines.push('', `Where the time of ours at ${fmt(big.stacks)} stacks goes (medians): node start ${fmt(big.phasesMs.boot)} ms, loading cdk8s, `
    + `cdk8s-plus-28 and the library ${fmt(big.phasesMs.load)} ms, building the constructs ${fmt(big.phasesMs.build)} ms, `
    + `synthesis and writing YAML ${fmt(big.phasesMs.synth)} ms.`);
  if (report.freshClone) lines.push('', freshCloneMarkdown(report.freshClone));
  return `${lines.join('\n')}\n`;
}

function buildReport(
  host: ReturnType<typeof machine>, synth: SynthRow[], commands: CommandRow[], tests: CommandRow | undefined, freshClone: FreshClone | undefined,
) {
  const ours = (n: number) => synth.find((r) => r.workload === 'ours' && r.stacks === n)!;
  const largest = Math.max(...stackCounts);
  const readme = commands.find((c) => c.name.startsWith('README'))!;
  const stock = commands.find((c) => c.name.startsWith('stock'))!;
  const linear = ours(linearStacks).wallMs / ours(largest).wallMs;
  const targets = [
    {
      name: 'README synth / stock cdk8s synth with ts-node',
      measured: fmt(readme.wallMs / stock.wallMs, 3), limit: `${TARGET_SYNTH_RATIO}`, met: readme.wallMs / stock.wallMs <= TARGET_SYNTH_RATIO,
    },
    {
      name: `objects/s at ${fmt(largest)} stacks`,
      measured: fmt(ours(largest).objectsPerS), limit: `>= ${fmt(TARGET_OBJECTS_PER_S)}`, met: ours(largest).objectsPerS >= TARGET_OBJECTS_PER_S,
    },
    {
      name: `peak memory at ${fmt(largest)} stacks`,
      measured: `${fmt(ours(largest).peakMiB)} MiB`, limit: `<= ${TARGET_PEAK_MIB} MiB`, met: ours(largest).peakMiB <= TARGET_PEAK_MIB,
    },
    {
      name: `wall(${fmt(linearStacks)} stacks) / wall(${fmt(largest)} stacks)`,
      measured: fmt(linear, 2), limit: `<= ${TARGET_LINEAR_RATIO}`, met: linear <= TARGET_LINEAR_RATIO * (linearStacks / largest / 2),
    },
    ...(tests ? [{
      name: 'npm test (tsc --noEmit, eslint, jest), one run',
      measured: seconds(tests.wallMs), limit: `<= ${TARGET_TEST_S} s`, met: tests.wallMs <= TARGET_TEST_S * 1000,
    }] : []),
  ];
  return { date: new Date().toISOString(), machine: host, runs, synth, commands, tests, freshClone, targets };
}

function main(): void {
  const started = performance.now();
  const m = machine();
  console.log(`${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGiB} GiB, Node.js ${m.node}; load ${m.loadAverageAtStart.join(' ')}; ${runs} runs each`);
  // Warm-up, not measured: the first run after a clone or an edit transpiles the TypeScript it loads (then cached).
  runWorker('ours', 1, 'linear');
  runWorker('baseline', 1, 'linear');
  const synth: SynthRow[] = [];
  for (const stacks of stackCounts) {
    const [ours, baseline] = measurePair(stacks, runs);
    synth.push(ours, baseline);
    console.log(`${fmt(stacks).padStart(6)} stacks: ours ${seconds(ours.wallMs)} ${fmt(ours.objectsPerS)} objects/s ${fmt(ours.peakMiB)} MiB; `
      + `baseline ${seconds(baseline.wallMs)} ${fmt(baseline.objectsPerS)} objects/s ${fmt(baseline.peakMiB)} MiB`);
  }
  if (!stackCounts.includes(linearStacks)) {
    const row = summarize('ours', Array.from({ length: runs }, () => runWorker('ours', linearStacks, 'linear')));
    synth.push(row);
    console.log(`${fmt(linearStacks).padStart(6)} stacks: ours ${seconds(row.wallMs)} ${fmt(row.objectsPerS)} objects/s ${fmt(row.peakMiB)} MiB`);
  }
  // Why lib/synth.ts exists: cdk8s's own app.synth() re-validates the whole app for every chart.
  for (const stacks of stackCounts.filter((n) => n > 1)) {
    const row = summarize('ours, stock app.synth()', Array.from({ length: Math.min(runs, 3) }, () => runWorker('ours', stacks, 'stock')));
    synth.push(row);
    console.log(`${fmt(stacks).padStart(6)} stacks: ours with app.synth() ${seconds(row.wallMs)} ${fmt(row.objectsPerS)} objects/s`);
  }
  synth.sort((a, b) => a.stacks - b.stacks);
  const commands = measureCommands(runs);
  const tests = timeTests ? measureTests() : undefined;
  const freshClone = timeFreshClone ? measureFreshClone() : undefined;
  const report = buildReport(m, synth, commands, tests, freshClone);
  const md = markdown(report);
  fs.writeFileSync(path.join(__dirname, 'results.json'), `${JSON.stringify(report, null, 2)}\n`);
  fs.writeFileSync(path.join(__dirname, 'RESULTS.md'), `# Benchmark results\n\nWritten by \`npm run bench\` on ${report.date}.\n\n${md}`);
  // docs/performance.md quotes the tables between its markers (test/docs.test.ts compares them with RESULTS.md).
  const page = path.join(root, 'docs', 'performance.md');
  const text = fs.readFileSync(page, 'utf8');
  const block = /(<!-- bench:start -->\n)[^]*?(<!-- bench:end -->)/;
  if (!block.test(text)) throw new Error('docs/performance.md has no <!-- bench:start --> ... <!-- bench:end --> block');
  fs.writeFileSync(page, text.replace(block, (_, start, end) => `${start}${md}${end}`));
  console.log(`\n${md}\nwrote bench/results.json, bench/RESULTS.md and the tables of docs/performance.md in ${seconds(performance.now() - started)}`);
}

main();
