// dist/ is committed so that `kubectl apply -f dist/` works from a clone. These tests fail when it is
// stale, and check the tutorial's commands against the committed YAML itself.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { find, loadYamlDir, Manifest, matches, podTemplates, readYamlDir, resolveTargetPort, selectedPods } from './_manifests';

const root = path.join(__dirname, '..');
const dist = path.join(root, 'dist');


describe('dist/', () => {
  test('equals a fresh synth of main.ts (run `npm run synth` and commit dist/ when this fails)', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-synth-'));
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, CDK8S_OUTDIR: outdir };
      delete env.MYSQL_LAB_ROOT_PASSWORD;
      // `npm run synth`, without npm
      execFileSync(process.execPath, ['-r', './scripts/register.js', 'main.ts'], { cwd: root, env, stdio: 'pipe' });
      const fresh = readYamlDir(outdir);
      const committed = readYamlDir(dist);
      expect([...committed.keys()]).toEqual([...fresh.keys()]);
      for (const [file, text] of fresh) {
        expect({ file, text: committed.get(file) }).toEqual({ file, text });
      }
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }, 60_000);

  test("holds what the tutorial's kubectl commands expect", () => {
    const manifests = loadYamlDir(dist);
    // kubectl get pods -l app=mysql
    const deployment = find(manifests, 'Deployment', 'mysql-deployment');
    expect(deployment.spec.template.metadata.labels.app).toBe('mysql');
    // kubectl get service mysql-service: ClusterIP, 3306/TCP
    const service = find(manifests, 'Service', 'mysql-service');
    expect(service.spec.type).toBe('ClusterIP');
    expect(service.spec.ports.map((p: Manifest) => `${p.port}/${p.protocol}`)).toEqual(['3306/TCP']);
    const [pod] = selectedPods(service, manifests);
    expect(pod.name).toBe('mysql-deployment');
    expect(resolveTargetPort(service.spec.ports[0], pod).containerPort).toBe(3306);
    // kubectl exec -it ubuntu-client -- bash; mysql -h mysql-service -u root
    const client = podTemplates(manifests).find((p) => p.kind === 'Pod' && p.name === 'ubuntu-client')!;
    expect(matches(service.spec.selector, client.labels)).toBe(false);
    expect(client.spec.containers).toHaveLength(1);
    expect(client.spec.containers[0].env).toContainEqual({ name: 'MYSQL_HOST', value: 'mysql-service' });
    expect(client.spec.containers[0].env).toContainEqual({ name: 'MYSQL_TCP_PORT', value: '3306' });
  });
});
