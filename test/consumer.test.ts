// The library as another team's chart uses it: packed by `npm pack` (whose prepare script builds it),
// installed from the tarball into a project of its own outside this repository, compiled there by tsc
// against the packed declarations, and synthesized.
//
// Offline, and with an npm cache of its own that starts empty, so that the test reaches nothing `npm ci`
// did not already fetch, whatever the machine's cache holds. `npm install <tarball>` resolves the
// tarball's own dependencies (js-yaml, yaml, and argparse behind js-yaml) through the registry's package
// documents, which `npm ci` never caches. So the test packs this repository's installed copies of them
// too (the versions package-lock.json pinned) and points the consumer's `overrides` at those tarballs:
// npm still installs our package the way a consumer's npm does, resolving its dependency tree and
// hoisting it, only from local files. The peer dependencies are the ones this repository's `npm ci`
// installed, linked as the consumer's own.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  envValue, find, identities, loadYamlDir, Manifest, matches, ofKind, PodTemplate, podTemplates, readYamlDir, resolveTargetPort,
  selectedPods,
} from './_manifests';
import { documentationPages, links, typescriptBlocks } from './_docs';

const root = path.join(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const example = path.join(root, 'examples', 'web-app');
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const peers = Object.keys(pkg.peerDependencies);

interface PackedFile { readonly path: string }

let work: string;
let project: string;
let tarball: string;
let packedFiles: string[];

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  try {
    return execFileSync(command, args, { cwd, env, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${path.basename(command)} ${args.join(' ')} failed in ${cwd}:\n${e.stdout ?? ''}${e.stderr ?? ''}${e.message}`);
  }
}

/** Where Node would find `name` from `dir`: the nearest node_modules/<name> upwards. */
function packageDir(name: string, dir: string): string {
  for (let d = dir; ; d = path.dirname(d)) {
    const candidate = path.join(d, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(d) === d) throw new Error(`${name}, a dependency of the packed tarball, is not installed here: run npm ci`);
  }
}

/**
 * The installed copies of the packed package's dependencies, with theirs, as name -> folder. A consumer's
 * `overrides` hold one version per name, so two versions of one dependency is an error here.
 */
function installedDependencies(
  manifest: { dependencies?: Record<string, string> }, from: string, found = new Map<string, string>(),
): Map<string, string> {
  for (const name of Object.keys(manifest.dependencies ?? {})) {
    const dir = packageDir(name, from);
    const seen = found.get(name);
    if (seen !== undefined && seen !== dir) throw new Error(`two installed copies of ${name} (${seen}, ${dir}): the consumer's overrides can pin only one`);
    if (seen !== undefined) continue;
    found.set(name, dir);
    installedDependencies(JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')), dir, found);
  }
  return found;
}

/** Packs folders into `destination` without running their scripts; returns package name -> tarball file name. */
function pack(dirs: string[], destination: string, env: NodeJS.ProcessEnv): Map<string, string> {
  const out = run(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', destination, ...dirs], root, env);
  return new Map(JSON.parse(out.slice(out.indexOf('['))).map((p: { name: string; filename: string }) => [p.name, p.filename]));
}

/** The TypeScript blocks of the README, in order. */
function readmeSnippets(): string[] {
  return typescriptBlocks('README.md');
}

/**
 * The TypeScript blocks of the README and of docs/*.md (not the generated docs/api/), each with the file it is
 * compiled as in the consumer project: readme-<n>.ts, docs-<page>-<n>.ts.
 */
function documentedSnippets(): { page: string; file: string; code: string }[] {
  return documentationPages().filter((page) => page === 'README.md' || page.startsWith(`docs${path.sep}`)).flatMap((page) => {
    const prefix = page === 'README.md' ? 'readme' : `docs-${path.basename(page, '.md')}`;
    return typescriptBlocks(page).map((code, i) => ({ page, file: `${prefix}-${i + 1}.ts`, code }));
  });
}

/**
 * A consumer's module that imports each door of the package and prints what it got: the constructs from the root,
 * the checker from `/check`, synthApp from `/synth`, and whether the root also hands out the other two.
 */
const DOORS = `import * as root from '${pkg.name}';
import { MysqlBackend } from '${pkg.name}';
import { checkManifests, ManifestCheckPlugin } from '${pkg.name}/check';
import type { CheckResult } from '${pkg.name}/check';
import { synthApp } from '${pkg.name}/synth';
import { assertConsistentWiring, wiringFindings, wiringMatchers } from '${pkg.name}/testing';
import type { WiringCheckOptions } from '${pkg.name}/testing';

declare const console: { log(text: string): void }; // the consumer's tsconfig loads no @types/node
const none: CheckResult = checkManifests([]);
const options: WiringCheckOptions = { failOn: 'error' };
console.log(JSON.stringify({
  backend: typeof MysqlBackend, check: typeof checkManifests, plugin: typeof ManifestCheckPlugin, synth: typeof synthApp,
  objects: none.objects, rootHasCheck: 'checkManifests' in root, rootHasSynth: 'synthApp' in root,
  matcher: typeof wiringMatchers.toHaveConsistentWiring, findings: wiringFindings([], options).length, assert: typeof assertConsistentWiring,
  rootHasTesting: 'wiringMatchers' in root,
}));
`;

const DOORS_SEEN = {
  backend: 'function', check: 'function', plugin: 'function', synth: 'function', objects: 0, rootHasCheck: false, rootHasSynth: false,
  matcher: 'function', findings: 0, assert: 'function', rootHasTesting: false,
};

/**
 * A consumer's use of the jest door without jest: a global \`expect\` with \`extend\`, as jest provides, the matcher
 * registered by importing \`/testing/jest\`, its type declared on \`jest.Matchers\`, and run on a chart and on a broken one.
 */
const JEST_DOOR = `import { registered } from './fake-expect';
import '${pkg.name}/testing/jest';
import { ApiObject, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { DebugClient, MysqlBackend } from '${pkg.name}';

declare const console: { log(text: string): void };
declare const require: { cache: object };
// the matcher's type, as jest's expect() returns it
type HasMatcher = jest.Matchers<void> extends { toHaveConsistentWiring(options?: { failOn?: 'error' | 'warning' }): void } ? true : false;
const typed: HasMatcher = true;

const chart = Testing.chart();
const backend = new MysqlBackend(chart, 'Db', { rootPassword: { secret: kplus.Secret.fromSecretName(chart, 'Root', 'db-root'), key: 'password' } });
const exposure = backend.exposeViaClusterIp();
new DebugClient(chart, 'Client', { exposure });
const good = registered.toHaveConsistentWiring(chart);
ApiObject.of(exposure.service).addJsonPatch(JsonPatch.replace('/spec/ports/0/port', 3307));
const broken = registered.toHaveConsistentWiring(chart);
console.log(JSON.stringify({
  registered: Object.keys(registered), typed, good: good.pass, broken: broken.pass, message: broken.message(),
  jestLoaded: Object.keys(require.cache).some((f) => /[\\\\/]node_modules[\\\\/](jest|expect|@jest)[\\\\/]/.test(f)),
}));
`;

/** The global \`expect\` jest provides, as far as the jest door uses it: \`extend\`. */
const FAKE_EXPECT = `import type { WiringMatcherResult } from '${pkg.name}/testing';

export const registered: Record<string, (received: unknown) => WiringMatcherResult> = {};
(globalThis as { expect?: unknown }).expect = { extend: (matchers: typeof registered) => Object.assign(registered, matchers) };
`;

/** Runs a compiled app of the consumer project and reads what it wrote. */
function synthesize(script: string): Manifest[] {
  const outdir = path.join(project, 'synth', path.relative(project, script).replace(/[\\/]/g, '-'));
  run(process.execPath, [script], project, { ...process.env, CDK8S_OUTDIR: outdir });
  expect(readYamlDir(outdir).size).toBeGreaterThan(0);
  return loadYamlDir(outdir);
}

/** The env entry `name` of a pod's first container that has it. */
function envEntry(pod: PodTemplate, name: string): Manifest | undefined {
  for (const container of pod.spec.containers) {
    const env = (container.env ?? []).find((e: Manifest) => e.name === name);
    if (env) return env;
  }
  return undefined;
}

/**
 * Checks every pod with a DB_HOST variable the way DNS and kube-proxy would: the host is a ClusterIP Service (its
 * short name from its own namespace, `<service>.<namespace>` or the fully qualified name from any), DB_PORT is one of
 * its ports, and that port reaches the mysql container port of the pods it selects. In the server's namespace, the
 * password comes from the Secret key the server sets that user's password from (root's without DB_USER). Returns the
 * pods checked.
 */
function expectDatabaseWiring(manifests: Manifest[]): PodTemplate[] {
  const clients = podTemplates(manifests).filter((p) => envValue(p, 'DB_HOST') !== undefined);
  for (const client of clients) {
    const host = envValue(client, 'DB_HOST')!;
    const [name, namespace = client.namespace, ...rest] = host.split('.');
    expect(['', 'svc.cluster.local']).toContain(rest.join('.'));
    const service = ofKind(manifests, 'Service').find((s) => s.metadata.name === name && (s.metadata.namespace ?? 'default') === namespace);
    expect(service).toBeDefined();
    expect(service.spec.type).toBe('ClusterIP');
    const port = service.spec.ports.find((p: Manifest) => String(p.port) === envValue(client, 'DB_PORT'));
    expect(port).toBeDefined();
    const backends = selectedPods(service, manifests);
    expect(backends).toHaveLength(1);
    expect(backends[0].spec.containers[0].image).toMatch(/^mysql:\d/);
    expect(resolveTargetPort(port, backends[0])?.containerPort).toBe(3306);
    // The client is not one of the database pods.
    expect(matches(service.spec.selector, client.labels)).toBe(false);
    const password = envEntry(client, 'DB_PASSWORD');
    expect(password?.value).toBeUndefined();
    if (client.namespace === namespace) {
      const user = envValue(client, 'DB_USER') ?? 'root';
      const serverVar = user === 'root' ? 'MYSQL_ROOT_PASSWORD' : `MYSQL_APP_PASSWORD_${user}`;
      expect(password.valueFrom).toEqual(envEntry(backends[0], serverVar)?.valueFrom);
    }
  }
  return clients;
}

beforeAll(() => {
  work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'consumer-')));
  // npm with an empty cache of its own, and no registry to fall back on.
  const npmEnv = { ...process.env, npm_config_cache: path.join(work, 'npm-cache'), npm_config_offline: 'true' };
  const packed = JSON.parse(((s: string) => s.slice(s.indexOf('[')))(run(npm, ['pack', '--json', '--pack-destination', work], root, npmEnv)));
  tarball = path.join(work, packed[0].filename);
  packedFiles = packed[0].files.map((f: PackedFile) => f.path).sort();
  const dependencies = installedDependencies(pkg, root);
  const overrides = Object.fromEntries([...pack([...dependencies.values()], work, npmEnv)].map(([name, file]) => [name, `file:../${file}`]));

  // A project of its own: the example's tsconfig and sources, and a package.json that installs the tarball.
  project = path.join(work, 'web-app');
  fs.mkdirSync(project);
  for (const file of fs.readdirSync(example).filter((f) => f.endsWith('.ts') || f === 'tsconfig.json' || f === 'cdk8s.yaml')) {
    fs.copyFileSync(path.join(example, file), path.join(project, file));
  }
  for (const { file, code } of documentedSnippets()) fs.writeFileSync(path.join(project, file), code);
  fs.writeFileSync(path.join(project, 'doors.ts'), DOORS);
  fs.writeFileSync(path.join(project, 'jest-door.ts'), JEST_DOOR);
  fs.writeFileSync(path.join(project, 'fake-expect.ts'), FAKE_EXPECT);
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '0.0.0', private: true, overrides }, null, 2));
  run(npm, ['install', tarball, '--offline', '--legacy-peer-deps', '--ignore-scripts', '--no-audit', '--no-fund'], project, npmEnv);
  // The peer dependencies, as the consumer's own dependencies: the copies this repository installed.
  for (const peer of peers) {
    fs.symlinkSync(path.join(root, 'node_modules', peer), path.join(project, 'node_modules', peer), 'dir');
  }
  run(process.execPath, [tsc, '-p', project], project);
}, 120_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  test('holds the compiled library, its declarations, the checker\'s command and schema, README, docs/, LICENSE and CHANGELOG, and nothing else', () => {
    const allowed = new RegExp('^(package\\.json|README\\.md|LICENSE|CHANGELOG\\.md|docs/[\\w./-]+\\.md'
      + '|build/(lib|lib/check|lib/check/rules|lib/check/upgrade|lib/testing|imports)/[\\w.-]+\\.(js|d\\.ts)'
      + '|bin/[\\w.-]+\\.js|lib/check/k8s-1\\.28-schema\\.json)$');
    for (const file of packedFiles) {
      expect(file).toMatch(allowed);
    }
    expect(packedFiles).toEqual(expect.arrayContaining([
      'bin/cdk8s-mysql-clusterip.js', 'bin/check-module.js', 'lib/check/k8s-1.28-schema.json', 'build/lib/check/index.js', 'build/lib/check/index.d.ts',
      'build/lib/testing/index.js', 'build/lib/testing/index.d.ts', 'build/lib/testing/jest.js', 'build/lib/testing/jest.d.ts',
    ]));
    const modules = fs.readdirSync(path.join(root, 'lib')).filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, ''));
    expect(packedFiles).toEqual(expect.arrayContaining([
      'package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'build/imports/k8s.js', 'build/imports/k8s.d.ts',
      ...modules.flatMap((m) => [`build/lib/${m}.js`, `build/lib/${m}.d.ts`]),
    ]));
    // the README links into docs/: the pages, and the API reference, come with it
    const docs = documentationPages().filter((page) => page.startsWith(`docs${path.sep}`)).map((page) => page.split(path.sep).join('/'));
    expect(docs.length).toBeGreaterThan(0);
    expect(packedFiles).toEqual(expect.arrayContaining([...docs, 'docs/api/README.md']));
    expect(packedFiles).not.toContain('CONTRIBUTING.md');
  });

  test('every relative link of its pages reaches a file it holds, but the repository-only ones the README names', () => {
    // the README says: "`examples/` and `CONTRIBUTING.md` are in the repository only"
    const repositoryOnly = (file: string) => file === 'CONTRIBUTING.md' || file.startsWith('examples/');
    const missing: string[] = [];
    for (const page of packedFiles.filter((f) => f.endsWith('.md'))) {
      for (const { target, line } of links(fs.readFileSync(path.join(root, page), 'utf8'))) {
        const file = target.split('#')[0];
        if (file === '') continue;
        const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(page), file)).replace(/\/$/, '');
        const packed = packedFiles.some((f) => f === resolved || f.startsWith(`${resolved}/`));
        if (!packed && !(page === 'README.md' && repositoryOnly(resolved))) missing.push(`${page} line ${line}: ${target}`);
      }
    }
    expect(missing).toEqual([]);
  });

  test('main, types and exports point into it: the constructs at the root, the checker at /check, synthApp at /synth, matchers at /testing', () => {
    const targets = [pkg.main, pkg.types, pkg.exports['.'].types, pkg.exports['.'].default].map((p: string) => p.replace(/^\.\//, ''));
    expect(targets).toEqual(['build/lib/index.js', 'build/lib/index.d.ts', 'build/lib/index.d.ts', 'build/lib/index.js']);
    expect(pkg.exports['./check']).toEqual({ types: './build/lib/check/index.d.ts', default: './build/lib/check/index.js' });
    expect(pkg.exports['./synth']).toEqual({ types: './build/lib/synth.d.ts', default: './build/lib/synth.js' });
    expect(pkg.exports['./testing']).toEqual({ types: './build/lib/testing/index.d.ts', default: './build/lib/testing/index.js' });
    expect(pkg.exports['./testing/jest']).toEqual({ types: './build/lib/testing/jest.d.ts', default: './build/lib/testing/jest.js' });
    // TypeScript's node10 resolution (the default of "module": "commonjs") ignores `exports`: typesVersions maps the subpaths
    expect(pkg.typesVersions).toEqual({ '*': {
      'check': ['build/lib/check/index.d.ts'], 'synth': ['build/lib/synth.d.ts'],
      'testing': ['build/lib/testing/index.d.ts'], 'testing/jest': ['build/lib/testing/jest.d.ts'],
    } });
    for (const entry of Object.values(pkg.exports).filter((e): e is Record<string, string> => typeof e === 'object')) {
      targets.push(...Object.values(entry).map((p) => p.replace(/^\.\//, '')));
    }
    for (const target of targets) {
      expect(packedFiles).toContain(target);
    }
  });

  test('is what the consumer project resolves, installed as a copy and not a link to this repository', () => {
    const installed = path.join(project, 'node_modules', pkg.name);
    expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);
    expect(require.resolve(pkg.name, { paths: [project] })).toBe(path.join(installed, 'build', 'lib', 'index.js'));
    const lock = JSON.parse(fs.readFileSync(path.join(project, 'package-lock.json'), 'utf8'));
    expect(lock.packages[`node_modules/${pkg.name}`].resolved).toBe(`file:../${path.basename(tarball)}`);
  });

  test('brings its dependencies, at the versions this repository locked, and nothing else', () => {
    const lock = JSON.parse(fs.readFileSync(path.join(project, 'package-lock.json'), 'utf8'));
    const ours = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
    const installed = Object.keys(lock.packages).filter((p) => p.startsWith('node_modules/')).map((p) => p.slice('node_modules/'.length)).sort();
    expect(installed).toEqual([pkg.name, ...Object.keys(pkg.dependencies), 'argparse'].sort());
    for (const name of installed.filter((n) => n !== pkg.name)) {
      expect(lock.packages[`node_modules/${name}`].version).toBe(ours.packages[`node_modules/${name}`].version);
      expect(fs.lstatSync(path.join(project, 'node_modules', name)).isSymbolicLink()).toBe(false);
    }
  });

  test("the example's package.json lists every peer dependency, as a consumer's must", () => {
    const consumer = JSON.parse(fs.readFileSync(path.join(example, 'package.json'), 'utf8'));
    expect(Object.keys(consumer.dependencies).sort()).toEqual([pkg.name, ...peers].sort());
    expect(consumer.dependencies[pkg.name]).toBe(`^${pkg.version}`);
  });
});

describe('the doors of the installed package', () => {
  test('a CommonJS consumer imports the constructs from the root, the checker from /check, synthApp from /synth, the matchers from /testing', () => {
    expect(JSON.parse(run(process.execPath, [path.join(project, 'out', 'doors.js')], project))).toEqual(DOORS_SEEN);
  });

  test('/testing/jest registers toHaveConsistentWiring on the global expect and types it, without jest installed; it fails on a broken port', () => {
    const seen = JSON.parse(run(process.execPath, [path.join(project, 'out', 'jest-door.js')], project));
    expect(seen).toEqual({ registered: ['toHaveConsistentWiring'], typed: true, good: true, broken: false, message: expect.any(String), jestLoaded: false });
    expect(seen.message).toMatch(/^expected consistent wiring, but the manifest checker found errors:\n/);
    expect(seen.message).toMatch(/client-wrong-port {2}Pod default\/mysql-client/);
    expect(fs.existsSync(path.join(project, 'node_modules', 'jest'))).toBe(false);
  });

  test('importing the root loads the constructs only: no checker, no YAML parser, no synthApp', () => {
    const out = run(process.execPath, ['-e', `require('${pkg.name}'); console.log(JSON.stringify(Object.keys(require.cache)))`], project);
    const files: string[] = JSON.parse(out);
    const installed = path.join(project, 'node_modules', pkg.name, 'build', 'lib');
    const own = files.filter((f) => f.startsWith(installed)).map((f) => path.relative(installed, f));
    expect(own).toContain('mysql-backend.js');
    expect(own.filter((f) => f.startsWith('check') || f === 'synth.js' || f === '_yaml.js')).toEqual([]);
    expect(files.filter((f) => /[\\/]node_modules[\\/](js-yaml|yaml)[\\/]/.test(f) && f.startsWith(project))).toEqual([]);
  });
});

describe('the manifest checker of the installed package', () => {
  test('its command checks a folder of manifests, from the tarball alone (no TypeScript, no swc)', () => {
    const bin = path.join(project, 'node_modules', '.bin', 'cdk8s-mysql-clusterip');
    expect(run(bin, ['check', path.join(root, 'dist')], project)).toMatch(/objects checked: 0 errors, 0 warnings/);
  });
});

describe('examples/web-app, compiled against the packed declarations', () => {
  let manifests: Manifest[];
  beforeAll(() => {
    manifests = synthesize(path.join(project, 'out', 'main.js'));
  });

  test("gives its API pods every variable: the Service's name and port, the API's database and user, the user's password Secret", () => {
    const clients = expectDatabaseWiring(manifests);
    expect(clients.map((c) => `${c.namespace}/${c.name}`).sort()).toEqual(['web-staging/api', 'web/api']);
    for (const namespace of ['web', 'web-staging']) {
      const api = clients.find((c) => c.namespace === namespace)!;
      expect(api.spec.containers[0].env).toEqual([
        { name: 'DB_HOST', value: 'web-db' },
        { name: 'DB_PORT', value: '3306' },
        { name: 'DB_DATABASE', value: 'web' },
        { name: 'DB_USER', value: 'web_api' },
        { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'web-db-api', key: 'password' } } },
      ]);
      // the server creates that user with that password, from the same Secret key, and the init script it runs
      const db = podTemplates(manifests).find((p) => p.namespace === namespace && p.labels['app.kubernetes.io/instance'] === 'web-db')!;
      expect(db.spec.containers[0].env).toContainEqual({ name: 'MYSQL_APP_PASSWORD_web_api', valueFrom: { secretKeyRef: { name: 'web-db-api', key: 'password' } } });
      const script = find(manifests.filter((m) => m.metadata.namespace === namespace), 'ConfigMap', 'web-db-initdb').data['10-application-databases.sh'];
      expect(script).toContain("GRANT ALL PRIVILEGES ON \\`web\\`.* TO 'web_api'@'%';");
    }
  });

  test("admits the API pods, and no other pods, to the database pods' mysql port", () => {
    for (const namespace of ['web', 'web-staging']) {
      const pods = podTemplates(manifests).filter((p) => p.namespace === namespace);
      const db = pods.find((p) => p.labels['app.kubernetes.io/instance'] === 'web-db')!;
      const api = pods.find((p) => p.name === 'api')!;
      const frontend = pods.find((p) => p.name === 'frontend')!;
      expect(manifests).toAllowConnection(api, db, 3306);
      expect(manifests).not.toAllowConnection(frontend, db, 3306);
      expect(manifests).not.toAllowConnection({ ...api, namespace: namespace === 'web' ? 'web-staging' : 'web' }, db, 3306);
      // exactly the API Deployment's selector, which its pods carry
      const policy = find(manifests.filter((m) => m.metadata.namespace === namespace), 'NetworkPolicy', 'web-db-ingress');
      const apiDeployment = find(manifests.filter((m) => m.metadata.namespace === namespace), 'Deployment', 'api');
      expect(policy.spec.ingress).toEqual([{ from: [{ podSelector: apiDeployment.spec.selector }], ports: [{ port: 3306, protocol: 'TCP' }] }]);
      expect(pods.filter((p) => matches(apiDeployment.spec.selector.matchLabels, p.labels)).map((p) => p.name)).toEqual(['api']);
    }
  });

  test("the installed wiring matcher passes it, and names the break when the user's Secret, the port or the labels are changed by hand", () => {
    const { wiringFindings } = require(require.resolve(`${pkg.name}/testing`, { paths: [project] }));
    const found = (edit: (m: Manifest[]) => void): string[] => {
      const copy: Manifest[] = JSON.parse(JSON.stringify(manifests));
      edit(copy);
      return wiringFindings(copy).map((f: { id: string; namespace: string; name: string; message: string }) => `${f.id} ${f.namespace}/${f.name}: ${f.message}`);
    };
    const api = (m: Manifest[]): Manifest => m.find((o) => o.kind === 'Deployment' && o.metadata.name === 'api' && o.metadata.namespace === 'web');
    const env = (m: Manifest[], name: string): Manifest => api(m).spec.template.spec.containers[0].env.find((e: Manifest) => e.name === name);
    expect(found(() => undefined)).toEqual([]);
    expect(found((m) => { env(m, 'DB_PASSWORD').valueFrom.secretKeyRef.name = 'web-db-apii'; })).toEqual([
      'client-wrong-secret web/api: env DB_PASSWORD reads Secret web-db-apii key password to log in as web_api (DB_USER), but the server of Service '
      + "web/web-db (Deployment web/web-db) sets that user's password from Secret web-db-api key password (MYSQL_APP_PASSWORD_web_api)",
    ]);
    expect(found((m) => { env(m, 'DB_PORT').value = '3307'; })).toEqual([
      'client-wrong-port web/api: env DB_PORT dials port 3307 on Service web/web-db (the host is in DB_HOST), which serves 3306',
    ]);
    const relabelled = found((m) => {
      api(m).spec.template.metadata.labels['app.kubernetes.io/name'] = 'web-api-v2';
      api(m).spec.selector.matchLabels['app.kubernetes.io/name'] = 'web-api-v2';
    });
    expect(relabelled).toHaveLength(1);
    expect(relabelled[0]).toMatch(new RegExp('^netpol-blocks-client web/api: DB_HOST=web-db cannot reach Service web/web-db: '
      + 'ingress of Deployment web/web-db is limited by NetworkPolicy web/web-db-ingress'));
  });

  test('gives its frontend pods the URL of the API Service', () => {
    const frontend = podTemplates(manifests).find((p) => p.namespace === 'web' && p.name === 'frontend')!;
    expect(envValue(frontend, 'API_URL')).toBe('http://api.web.svc.cluster.local');
    const apiService = find(manifests.filter((m) => m.metadata.namespace === 'web'), 'Service', 'api');
    expect(selectedPods(apiService, manifests).map((p) => p.name)).toEqual(['api']);
  });

  test('its Deployments write no zero value the API server drops, so a second kubectl apply reports them unchanged', () => {
    // cdk8s-plus writes `minReadySeconds: 0` and `hostNetwork: false`; the server stores neither, so a client-side
    // apply sends them again every time (kubectl 1.32 against a real API server: `deployment.apps/api configured`)
    const deployments = manifests.filter((m) => m.kind === 'Deployment');
    expect(deployments.length).toBe(6);
    expect(deployments.map((d) => ({ name: `${d.metadata.namespace}/${d.metadata.name}`, minReadySeconds: d.spec.minReadySeconds, hostNetwork: d.spec.template.spec.hostNetwork })))
      .toEqual(deployments.map((d) => ({ name: `${d.metadata.namespace}/${d.metadata.name}`, minReadySeconds: undefined, hostNetwork: undefined })));
  });

  test("passes the installed package's manifest checker: wiring and NetworkPolicies in both namespaces without error", () => {
    const { checkManifests, formatText } = require(require.resolve(`${pkg.name}/check`, { paths: [project] }));
    const result = checkManifests(manifests);
    expect(result.errors === 0 ? '' : formatText(result)).toBe('');
    expect(result.wiring.clientEdges.length).toBeGreaterThan(0);
    // the warnings are the example's own cdk8s-plus Deployments, which set no seccomp profile and drop no capabilities;
    // no apply-drift: every value of the example, its own cdk8s-plus objects included, is what the API server stores
    expect([...new Set(result.findings.map((f: { id: string; namespace: string; name: string }) => `${f.id} ${f.namespace}/${f.name}`))].sort()).toEqual([
      'pss-restricted web-staging/api', 'pss-restricted web-staging/frontend', 'pss-restricted web/api', 'pss-restricted web/frontend',
    ]);
  });

  test('two instances in two namespaces: no object name, and no selector, is shared', () => {
    const ids = identities(manifests);
    expect(new Set(ids).size).toBe(ids.length);
    for (const service of ofKind(manifests, 'Service')) {
      expect(selectedPods(service, manifests)).toHaveLength(1);
    }
  });
});

/** An ES module project inside the consumer project (package.json "type": "module", tsc "module": "nodenext"), compiled. */
function compileEsmProject(name: string, files: Record<string, string>): string {
  const esm = path.join(project, name);
  fs.mkdirSync(esm);
  fs.writeFileSync(path.join(esm, 'package.json'), JSON.stringify({ name: `consumer-${name}`, private: true, type: 'module' }));
  fs.writeFileSync(path.join(esm, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { module: 'nodenext', target: 'es2022', strict: true, verbatimModuleSyntax: true, skipLibCheck: true, types: [], outDir: 'out' },
    include: ['*.ts'],
  }));
  for (const [file, code] of Object.entries(files)) fs.writeFileSync(path.join(esm, file), code);
  run(process.execPath, [tsc, '-p', esm], esm);
  return esm;
}

describe('an ES module consumer (package.json "type": "module", tsc "module": "nodenext")', () => {
  test("resolves the package through its exports map, compiles the README's chart and synthesizes it", () => {
    // tsc resolves the types through `exports`, and Node imports named exports from the CommonJS build. The
    // declarations themselves were checked by the CommonJS compile (skipLibCheck off) already.
    const esm = compileEsmProject('esm', { 'main.ts': readmeSnippets()[0] });
    expect(expectDatabaseWiring(synthesize(path.join(esm, 'out', 'main.js')))).toHaveLength(1);
  });
});

describe('an ES module consumer of the doors', () => {
  test('imports the constructs, the checker, synthApp and the matchers by their subpaths', () => {
    const esm = compileEsmProject('esm-doors', { 'doors.ts': DOORS });
    expect(JSON.parse(run(process.execPath, [path.join(esm, 'out', 'doors.js')], esm))).toEqual(DOORS_SEEN);
  });
});

describe('the validation plugin, set up as examples/web-app/cdk8s.yaml documents it', () => {
  test('`cdk8s synth` runs the checker and writes manifests only: nothing in dist/ that `kubectl apply -f dist/` would misread', () => {
    const cdk8s = path.join(root, 'node_modules', '.bin', 'cdk8s');
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.CDK8S_OUTDIR;
    delete env.CDK8S_RECORD_CONSTRUCT_METADATA;
    // `app: npm run -s synth` compiles first; here out/ is compiled already
    const out = run(cdk8s, ['synth', '--app', 'node out/main.js'], project, env);
    expect(out).toContain(`Validation Report (./node_modules/${pkg.name}/bin/check-module.js@`.replace('./', `${project}/`));
    expect(out).toMatch(/Status\s+│ success/);
    expect(out).toMatch(/errors\s+│ 0\s/);
    expect(out).not.toMatch(/construct-metadata/);
    expect(fs.readdirSync(path.join(project, 'dist')).sort()).toEqual(['web-staging.k8s.yaml', 'web.k8s.yaml']);
  });

  test('without recordConstructMetadata: false, cdk8s writes construct-metadata.json beside the manifests, and the plugin says so', () => {
    const cdk8s = path.join(root, 'node_modules', '.bin', 'cdk8s');
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.CDK8S_OUTDIR;
    delete env.CDK8S_RECORD_CONSTRUCT_METADATA;
    fs.writeFileSync(path.join(project, 'with-metadata.js'), `const { App } = require('cdk8s');
const { MysqlClusterIpLab } = require('${pkg.name}');
const app = new App();
new MysqlClusterIpLab(app, 'lab');
app.synth();
`);
    const out = run(cdk8s, ['synth', '--app', 'node with-metadata.js', '--output', 'dist-metadata'], project, env);
    expect(fs.readdirSync(path.join(project, 'dist-metadata')).sort()).toEqual(['construct-metadata.json', 'lab.k8s.yaml']);
    expect(out).toContain('warning: dist-metadata/construct-metadata.json lies beside the manifests, and `kubectl apply -f dist-metadata` '
      + '(or Helm) reads it as one and fails: create the App with { recordConstructMetadata: false }');
  });
});

describe('the TypeScript examples of the README and docs/*.md, compiled against the packed declarations', () => {
  test('all compile and synthesize; the ones with API pods wire them to the database Service', () => {
    const snippets = documentedSnippets();
    expect(snippets.filter((s) => s.page === 'README.md').length).toBeGreaterThanOrEqual(1);
    expect(snippets.filter((s) => s.page !== 'README.md').length).toBeGreaterThanOrEqual(3);
    let wired = 0;
    for (const { page, file, code } of snippets) {
      expect({ page, imports: code.includes(`from '${pkg.name}`) }).toEqual({ page, imports: true });
      wired += expectDatabaseWiring(synthesize(path.join(project, 'out', file.replace(/\.ts$/, '.js')))).length;
    }
    expect(wired).toBeGreaterThan(0);
  });
});
