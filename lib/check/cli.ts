// `cdk8s-mysql-clusterip check [paths...] [--json] [--graph]`: checks folders and files of manifests.
import * as fs from 'fs';
import { CHECKS, isCheckId } from './catalog';
import { checkLoaded, CheckResult, formatJson, formatText } from './checker';
import { toMermaid } from './graph';
import { Loaded, loadPaths, parseManifestBytes } from './load';
import { Finding } from './model';
import { checkUpgradeLoaded, UpgradeResult } from './upgrade';

const USAGE = `usage: cdk8s-mysql-clusterip check [--json | --graph] [--fail-on-warnings] [--allow-empty] [--disable <id>,...] [--previous <path>]... [path ...]

Checks every YAML/JSON manifest in the given files and folders (default: dist/); - reads standard input.
  --json              findings as JSON
  --graph             a Mermaid diagram of clients, Services, workloads and NetworkPolicies
  --fail-on-warnings  exit 1 on warnings too
  --disable <ids>     comma-separated check ids not to run
  --previous <path>   also compare with the previous version of the manifests (what the cluster holds; a file, a folder,
                      or - for standard input; repeat for more): changes the API server refuses in place (immutable-field)
                      and objects kubectl apply leaves behind (upgrade-orphan)
  --allow-empty       pass when the input holds no object (by default an error: a failed \`helm template | check -\` must not pass)
Exit code: 0 no errors, 1 errors (or warnings with --fail-on-warnings), 2 anything that is not a finding (usage, unreadable
input, no objects, an internal error).`;

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const stdio: CliIo = { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`) };

/** Runs the command line; returns the exit code. Anything that is not a finding, an internal error included, is exit 2 and one line. */
export function main(argv: readonly string[], io: CliIo = stdio): number {
  try {
    return run(argv, io);
  } catch (e) {
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    io.err(`internal error, please report it: ${message.split('\n')[0].slice(0, 300)}`);
    return 2;
  }
}

function run(argv: readonly string[], io: CliIo): number {
  const args = [...argv];
  if (args[0] === 'check') {
    args.shift();
  } else if (args[0] !== undefined && !args[0].startsWith('-') && !fs.existsSync(args[0])) {
    io.err(`unknown command "${args[0]}"\n${USAGE}`);
    return 2;
  }
  let mode: 'text' | 'json' | 'graph' = 'text';
  let failOnWarnings = false;
  let allowEmpty = false;
  const disable: string[] = [];
  const paths: string[] = [];
  const previous: string[] = [];
  while (args.length) {
    const a = args.shift()!;
    if (a === '--json') mode = 'json';
    else if (a === '--graph') mode = 'graph';
    else if (a === '--fail-on-warnings') failOnWarnings = true;
    else if (a === '--allow-empty') allowEmpty = true;
    else if (a === '--disable' || a.startsWith('--disable=')) {
      const value = a === '--disable' ? args.shift() : a.slice('--disable='.length);
      const ids = (value ?? '').split(',').map((x) => x.trim()).filter(Boolean);
      if (value === undefined || value.startsWith('-') || ids.length === 0) {
        io.err(`--disable needs a comma-separated list of check ids\n${USAGE}`);
        return 2;
      }
      disable.push(...ids);
    }
    else if (a === '--previous' || a.startsWith('--previous=')) {
      const value = a === '--previous' ? args.shift() : a.slice('--previous='.length);
      if (value === undefined || value === '' || (value.startsWith('-') && value !== '-')) {
        io.err(`--previous needs a file or folder of the previous manifests\n${USAGE}`);
        return 2;
      }
      previous.push(value);
    }
    else if (a === '-h' || a === '--help') {
      io.out(USAGE);
      return 0;
    } else if (a.startsWith('-') && a !== '-') {
      io.err(`unknown option ${a}\n${USAGE}`);
      return 2;
    } else paths.push(a);
  }
  if (paths.length === 0) {
    paths.push('dist');
  }
  if (paths.includes('-') && previous.includes('-')) {
    io.err('standard input can be the previous or the next manifests, not both');
    return 2;
  }
  for (const p of [...paths, ...previous]) {
    if (p !== '-' && !fs.existsSync(p)) {
      io.err(`no such file or folder: ${p}`);
      return 2;
    }
  }
  const unknown = disable.filter((id) => !isCheckId(id));
  if (unknown.length) {
    io.err(`unknown check id ${unknown.join(', ')}; the checks: ${Object.keys(CHECKS).join(', ')}`);
    return 2;
  }
  let next: Loaded;
  let old: Loaded | undefined;
  try {
    next = read(paths);
    old = previous.length ? read(previous) : undefined;
  } catch (e) {
    io.err(`cannot read: ${(e as Error).message}`);
    return 2;
  }
  if (old && old.objects.length === 0 && !allowEmpty) {
    io.err(`no Kubernetes object found in the previous manifests ${previous.join(', ')}; pass --allow-empty if that is expected`);
    return 2;
  }
  const checked = checkLoaded(next, { disable });
  const result = old ? withUpgrade(checked, checkUpgradeLoaded(old, next)) : checked;
  if (result.objects === 0 && result.errors === 0 && !allowEmpty) {
    io.err(`no Kubernetes object found in ${paths.map((p) => (p === '-' ? 'standard input' : p)).join(', ')}${result.warnings ? ` (${formatText(result).split('\n').slice(-1)[0]})` : ''}; `
      + 'pass --allow-empty if that is expected');
    return 2;
  }
  if (mode === 'graph') {
    io.out(toMermaid(result.wiring));
  } else {
    io.out(mode === 'json' ? formatJson(result) : formatText(result));
  }
  return result.errors > 0 || (failOnWarnings && result.warnings > 0) ? 1 : 0;
}

function read(paths: readonly string[]): Loaded {
  const files = loadPaths(paths.filter((p) => p !== '-'));
  const stdin = paths.includes('-') ? parseManifestBytes(fs.readFileSync(0), '<stdin>') : { objects: [], problems: [] };
  return { objects: [...files.objects, ...stdin.objects], problems: [...files.problems, ...stdin.problems] };
}

/** The check's result with the upgrade comparison's findings added: errors first, the comparison's before the set's own. */
function withUpgrade(result: CheckResult, upgrade: UpgradeResult): CheckResult {
  const bySeverity = (f: Finding): number => (f.severity === 'error' ? 0 : 1);
  const findings = [...upgrade.findings, ...result.findings].map((f, n) => ({ f, n }))
    .sort((a, b) => (bySeverity(a.f) - bySeverity(b.f)) || (a.n - b.n)).map(({ f }) => f);
  return {
    findings, waived: result.waived, objects: result.objects, errors: result.errors + upgrade.errors, warnings: result.warnings + upgrade.warnings,
    get wiring() {
      return result.wiring;
    },
  };
}
