// scripts/register.js, the require hook behind `npm run synth`: swc transpiles each .ts file as it is loaded,
// without a type-check, and keeps the output in node_modules/.cache/register-ts under a hash of the source.
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.join(__dirname, '..');
const register = path.join(root, 'scripts', 'register.js');
let work: string;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'register-'));
});

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

/** Writes `files` into a fresh folder of `work`; returns its path. */
function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(work, 'p-'));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

function run(dir: string, file: string, nodeOptions: string[] = []): { status: number | null; stdout: string; stderr: string } {
  // a cache of the test's own, so that the files of these tests do not pile up in the repository's
  const env = { ...process.env, REGISTER_TS_CACHE: path.join(work, 'cache') };
  return spawnSync(process.execPath, [...nodeOptions, '-r', register, path.join(dir, file)], { cwd: dir, env, encoding: 'utf8' });
}

describe('scripts/register.js', () => {
  test('runs TypeScript that imports TypeScript, with types stripped and not checked', () => {
    const dir = project({
      'main.ts': "import { greet } from './lib/greet';\nconst n: number = 'not a number' as unknown as number; // a type error tsc would report\nconsole.log(greet('x'), typeof n);\n",
      'lib/greet.ts': 'export interface Who { readonly name: string }\nexport function greet(name: string): string {\n  return `hello ${name}`;\n}\n',
    });
    expect(run(dir, 'main.ts')).toMatchObject({ status: 0, stdout: 'hello x string\n' });
  });

  test('runs the edited source, never a stale copy: the cache is keyed by the text', () => {
    const dir = project({ 'main.ts': "console.log('one');\n" });
    expect(run(dir, 'main.ts').stdout).toBe('one\n');
    fs.writeFileSync(path.join(dir, 'main.ts'), "console.log('two');\n");
    expect(run(dir, 'main.ts').stdout).toBe('two\n');
  });

  test('with a warm cache, does not load swc (only its package.json, for the cache key)', () => {
    const dir = project({ 'main.ts': "console.log(Object.keys(require.cache).filter((f) => f.includes('@swc')).map((f) => f.split('node_modules').pop()));\n" });
    const cold = run(dir, 'main.ts').stdout;
    expect(cold).toContain('index.js');
    expect(fs.readdirSync(path.join(work, 'cache')).length).toBeGreaterThan(0);
    expect(run(dir, 'main.ts').stdout).toBe(`[ '${path.join('/', '@swc', 'core', 'package.json')}' ]\n`);
  });

  test('with --enable-source-maps, stack traces name the line of the .ts file', () => {
    const dir = project({
      'main.ts': "import * as path from 'path';\n\ninterface X {\n  a: string;\n}\nconst x: X = { a: path.sep };\n\nthrow new Error(`boom ${x.a}`);\n",
    });
    const result = run(dir, 'main.ts', ['--enable-source-maps']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${path.join(dir, 'main.ts')}:8`);
  });

  test('fails on a .ts file inside node_modules: packages ship JavaScript', () => {
    const dir = project({ 'main.ts': "require('pkg');\n", 'node_modules/pkg/index.ts': 'export const x: number = 1;\n', 'node_modules/pkg/package.json': '{"main":"index.ts"}' });
    const result = run(dir, 'main.ts');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`refusing to transpile ${path.join(dir, 'node_modules', 'pkg', 'index.ts')}: packages ship JavaScript`);
  });

  test('is what `npm run synth` and the cdk8s.yaml app run', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(pkg.scripts.synth).toBe('node -r ./scripts/register.js main.ts');
    expect(fs.readFileSync(path.join(root, 'cdk8s.yaml'), 'utf8')).toMatch(/^app: node -r \.\/scripts\/register\.js main\.ts$/m);
    expect(execFileSync(process.execPath, ['-e', "require('./scripts/register.js'); console.log(typeof require.extensions['.ts'])"], { cwd: root, encoding: 'utf8' }))
      .toBe('function\n');
  });
});
