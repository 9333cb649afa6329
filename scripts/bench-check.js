#!/usr/bin/env node
// Benchmark of the manifest checker: writes 3,000 objects (500 apps of a Deployment, a Service, a client Pod,
// two NetworkPolicies and a ConfigMap, in 10 namespaces) as YAML into a temporary folder, then times
// `cdk8s-mysql-clusterip check <folder>` as a whole process, and the in-process check (read, parse, check) alone;
// then the same set with a mistake in every app (a misspelt Service selector, no DNS egress for the client).
//
//   npm run bench:check [-- <apps, default 500>]      (BENCH_KEEP=1 keeps the generated folder and prints its path)
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { stringify } = require('yaml');

const apps = Number(process.argv[2] ?? 500);
const runs = 5;
const root = path.join(__dirname, '..');

function app(i, broken) {
  const ns = `team-${i % 10}`;
  const name = `app-${i}`;
  const labels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/component': 'server' };
  const clientLabels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/component': 'client' };
  const securityContext = { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } };
  const container = (cname, image, extra) => ({
    name: cname, image, ...extra,
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true },
    resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
  });
  return [
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${name}-config`, namespace: ns }, data: { LOG_LEVEL: 'info' } },
    {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: ns, labels },
      spec: {
        replicas: 2, selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            securityContext, automountServiceAccountToken: false,
            containers: [container('server', 'registry.example.com/server:1.4.2', {
              ports: [{ name: 'http', containerPort: 8080 }, { name: 'metrics', containerPort: 9090 }],
              envFrom: [{ configMapRef: { name: `${name}-config` } }],
              readinessProbe: { httpGet: { path: '/ready', port: 'http' } },
              livenessProbe: { httpGet: { path: '/healthz', port: 'http' } },
            })],
          },
        },
      },
    },
    {
      apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns, labels },
      spec: {
        selector: broken ? { ...labels, 'app.kubernetes.io/name': `${name}x` } : labels,
        ports: [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'metrics', port: 9090, targetPort: 'metrics' }],
      },
    },
    {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: `${name}-client`, namespace: ns, labels: clientLabels },
      spec: {
        securityContext, automountServiceAccountToken: false,
        containers: [container('client', 'registry.example.com/client:2.0.1', {
          env: [{ name: 'SERVER_HOST', value: `${name}.${ns}.svc.cluster.local` }, { name: 'SERVER_PORT', value: '80' }],
        })],
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `${name}-ingress`, namespace: ns },
      spec: {
        podSelector: { matchLabels: labels }, policyTypes: ['Ingress'],
        ingress: [{ from: [{ podSelector: { matchLabels: clientLabels } }], ports: [{ port: 'http' }] }],
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `${name}-client-egress`, namespace: ns },
      spec: {
        podSelector: { matchLabels: clientLabels }, policyTypes: ['Egress'],
        egress: [
          { to: [{ podSelector: { matchLabels: labels } }], ports: [{ port: 8080 }] },
          ...(broken ? [] : [{
            to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
            ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
          }]),
        ],
      },
    },
  ];
}

function bench(broken) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-check-'));
  try {
    const objects = [];
    for (let i = 0; i < apps; i++) {
      objects.push(...app(i, broken));
    }
    const perFile = 300;
    for (let f = 0; f * perFile < objects.length; f++) {
      const docs = objects.slice(f * perFile, (f + 1) * perFile).map((o) => stringify(o)).join('---\n');
      fs.writeFileSync(path.join(dir, `part-${String(f).padStart(2, '0')}.yaml`), docs);
    }
    const bytes = fs.readdirSync(dir).reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

    // the whole command, as a user runs it (node start-up and module loading included)
    const bin = path.join(root, 'bin', 'cdk8s-mysql-clusterip.js');
    const wall = [];
    let summary = '';
    for (let r = 0; r < runs; r++) {
      const start = process.hrtime.bigint();
      try {
        summary = execFileSync(process.execPath, [bin, 'check', dir], { encoding: 'utf8' }).trim().split('\n').pop();
      } catch (e) {
        summary = String(e.stdout).trim().split('\n').pop();
      }
      wall.push(Number(process.hrtime.bigint() - start) / 1e6);
    }

    // in process: read, parse and check
    const { checkDirectory } = require(path.join(root, 'bin', 'check-module.js'));
    checkDirectory(dir);
    const inproc = [];
    for (let r = 0; r < runs; r++) {
      const start = process.hrtime.bigint();
      checkDirectory(dir);
      inproc.push(Number(process.hrtime.bigint() - start) / 1e6);
    }

    console.log(broken ? '\nevery Service selector misspelt, no DNS for the clients:' : 'a correct set:');
    console.log(`objects: ${objects.length} in ${fs.readdirSync(dir).length} files (${(bytes / 1024 / 1024).toFixed(1)} MiB of YAML), ${os.cpus().length} CPUs, node ${process.version}`);
    console.log(`check result: ${summary}`);
    console.log(`command (median of ${runs}): ${(median(wall) / 1000).toFixed(2)} s   [${wall.map((t) => (t / 1000).toFixed(2)).join(', ')}]`);
    console.log(`in process, read + parse + check (median of ${runs}): ${(median(inproc) / 1000).toFixed(2)} s   [${inproc.map((t) => (t / 1000).toFixed(2)).join(', ')}]`);
  } finally {
    if (!process.env.BENCH_KEEP) fs.rmSync(dir, { recursive: true, force: true }); else console.log(dir);
  }
}

bench(false);
bench(true);
