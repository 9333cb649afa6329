// `npm run bench:fresh`: the README's commands as a new user meets them. Clones this repository's committed HEAD
// into a temporary folder and, with an empty npm cache, an empty HOME and an empty TMPDIR (as `.ci/run` does),
// times `npm ci` (every package downloaded from the registry), `npm run synth` (which must leave `git status`
// clean) and `npm test`. Needs the npm registry; not a test. `npm run bench` runs it too and keeps the result.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface FreshCloneStep { readonly command: string; readonly wallMs: number }
export interface FreshClone { readonly commit: string; readonly steps: FreshCloneStep[] }

const root = path.join(__dirname, '..');

export function measureFreshClone(): FreshClone {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'fresh-clone-'));
  try {
    const clone = path.join(work, 'clone');
    for (const dir of ['home', 'tmp']) fs.mkdirSync(path.join(work, dir));
    execFileSync('git', ['clone', '--quiet', root, clone], { stdio: 'ignore' });
    const env: NodeJS.ProcessEnv = {
      ...process.env, npm_config_cache: path.join(work, 'npm-cache'), HOME: path.join(work, 'home'), TMPDIR: path.join(work, 'tmp'),
    };
    // Outside a clone's environment: what npm and bench.ts set for this process is not a new user's.
    for (const key of Object.keys(env)) if (key.startsWith('npm_') && key !== 'npm_config_cache') delete env[key];
    delete env.CDK8S_OUTDIR;
    delete env.MYSQL_LAB_ROOT_PASSWORD;
    const steps: FreshCloneStep[] = [];
    for (const args of [['ci', '--no-audit', '--no-fund'], ['run', 'synth'], ['test']]) {
      const start = performance.now();
      execFileSync('npm', args, { cwd: clone, env, stdio: 'ignore' });
      steps.push({ command: `npm ${args[0] === 'ci' ? 'ci' : args.join(' ')}`, wallMs: performance.now() - start });
      if (args[1] === 'synth') {
        const status = execFileSync('git', ['status', '--porcelain'], { cwd: clone, encoding: 'utf8' });
        if (status.trim() !== '') throw new Error(`npm run synth changed the clone:\n${status}`);
      }
    }
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: clone, encoding: 'utf8' }).trim();
    return { commit, steps };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

export function freshCloneMarkdown(result: FreshClone): string {
  const rows = result.steps.map((s) => `| \`${s.command}\` | ${(s.wallMs / 1000).toFixed(1)} s |`);
  return [
    `A fresh clone of ${result.commit}, with an empty npm cache, HOME and TMPDIR (one run each, in order):`,
    '', '| command | wall |', '|---|---:|', ...rows,
  ].join('\n');
}

if (require.main === module) {
  console.log(freshCloneMarkdown(measureFreshClone()));
}
