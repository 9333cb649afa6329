// NetworkPolicy semantics the wiring checks rely on, one rule at a time: a client in namespace "shop" dials
// Service db.data (port 15432 -> pod port 5432 named "pg"); each case adds policies and expects the findings.
import { checkManifests } from '../lib/check';

const server = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'data', labels: { team: 'data' } } },
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { team: 'shop' } } },
  {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'db', namespace: 'data' },
    spec: {
      selector: { matchLabels: { app: 'db' } },
      template: {
        metadata: { labels: { app: 'db' } },
        spec: { containers: [{ name: 'db', image: 'postgres:16.4', ports: [{ name: 'pg', containerPort: 5432 }] }] },
      },
    },
  },
  {
    apiVersion: 'v1', kind: 'Service', metadata: { name: 'db', namespace: 'data' },
    spec: { selector: { app: 'db' }, ports: [{ port: 15432, targetPort: 'pg' }] },
  },
  {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'api', namespace: 'shop', labels: { app: 'api' } },
    spec: { containers: [{ name: 'api', image: 'shop/api:1.0.0', env: [{ name: 'DB_HOST', value: 'db.data' }, { name: 'DB_PORT', value: '15432' }] }] },
  },
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function policy(namespace: string, name: string, spec: any): object {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec };
}

const dbIngress = (rule: object): object => policy('data', 'db', { podSelector: { matchLabels: { app: 'db' } }, ingress: [rule] });
const apiEgress = (...rules: object[]): object => policy('shop', 'api', { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Egress'], egress: rules });
const dns = { to: [{ namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] };
const fromApi = [{ namespaceSelector: { matchLabels: { team: 'shop' } }, podSelector: { matchLabels: { app: 'api' } } }];

function ids(...policies: object[]): string[] {
  return checkManifests([...server, ...policies]).findings.filter((f) => f.id.startsWith('netpol-')).map((f) => `${f.id} ${f.severity}`).sort();
}

test.each([
  ['no policy: everything is open', [], []],
  ['an ingress rule from the client on the pod port', [dbIngress({ from: fromApi, ports: [{ port: 5432 }] })], []],
  ['the pod port by name', [dbIngress({ from: fromApi, ports: [{ port: 'pg' }] })], []],
  ['a port range that covers the pod port', [dbIngress({ from: fromApi, ports: [{ port: 5000, endPort: 6000 }] })], []],
  ['the Service port instead of the pod port', [dbIngress({ from: fromApi, ports: [{ port: 15432 }] })], ['netpol-blocks-client error']],
  ['the right port over UDP', [dbIngress({ from: fromApi, ports: [{ port: 5432, protocol: 'UDP' }] })], ['netpol-blocks-client error']],
  ['a podSelector alone means the policy namespace', [dbIngress({ from: [{ podSelector: { matchLabels: { app: 'api' } } }] })], ['netpol-blocks-client error']],
  ['namespace AND pod in one peer', [dbIngress({ from: [{ namespaceSelector: { matchLabels: { team: 'shop' } }, podSelector: { matchLabels: { app: 'web' } } }] })],
    ['netpol-blocks-client error']],
  ['namespace OR pod in two peers', [dbIngress({ from: [{ namespaceSelector: { matchLabels: { team: 'shop' } } }, { podSelector: { matchLabels: { app: 'web' } } }] })],
    []],
  ['the automatic namespace name label', [dbIngress({ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } }] })], []],
  ['a rule without from admits everyone', [dbIngress({ ports: [{ port: 5432 }] })], []],
  ['ipBlock 0.0.0.0/0', [dbIngress({ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] })], []],
  ['policies add up: deny all plus one allow', [policy('data', 'deny', { podSelector: {}, policyTypes: ['Ingress'] }), dbIngress({ from: fromApi })], []],
  ['deny all ingress', [policy('data', 'deny', { podSelector: {}, policyTypes: ['Ingress'] })], ['netpol-blocks-client error']],
  ['a policy on pods the namespace does not have blocks nothing, and says it selects no pod',
    [policy('data', 'web', { podSelector: { matchLabels: { app: 'web' } }, ingress: [] })], ['netpol-selects-no-pods warning']],
  ['egress to the server and DNS', [apiEgress({ to: [{ namespaceSelector: { matchLabels: { team: 'data' } } }], ports: [{ port: 5432 }] }, dns)], []],
  ['egress that allows DNS only: everything else is denied', [apiEgress(dns)], ['netpol-blocks-client error']],
  ['egress to the Service port instead of the pod port', [apiEgress({ to: [{ namespaceSelector: {} }], ports: [{ port: 15432 }] }, dns)],
    ['netpol-blocks-client error']],
  ['egress without DNS', [apiEgress({ to: [{ namespaceSelector: {} }], ports: [{ port: 5432 }] })], ['netpol-blocks-dns error']],
  ['DNS on port 53 without protocol is TCP only', [apiEgress({ to: [{ namespaceSelector: {} }], ports: [{ port: 5432 }] }, { ports: [{ port: 53 }] })],
    ['netpol-blocks-dns error']],
  ['DNS on UDP only: large answers over TCP fail', [apiEgress({ to: [{ namespaceSelector: {} }], ports: [{ port: 5432 }] }, { ports: [{ port: 53, protocol: 'UDP' }] })],
    ['netpol-blocks-dns warning']],
  ['DNS to a namespace label kube-system does not carry', [apiEgress({ to: [{ namespaceSelector: {} }], ports: [{ port: 5432 }] },
    { to: [{ namespaceSelector: { matchLabels: { name: 'kube-system' } } }], ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] })],
  ['netpol-blocks-dns error']],
  ['egress open to anywhere', [apiEgress({})], []],
])('%s', (_name, policies, expected) => {
  expect(ids(...(policies as object[]))).toEqual(expected);
});

// One case per rule of https://kubernetes.io/docs/concepts/services-networking/network-policies/ that a checker
// mutation could break without another test noticing.
const apiEgressNoTypes = (...rules: object[]): object => policy('shop', 'api', { podSelector: { matchLabels: { app: 'api' } }, egress: rules });
const toDb = { to: [{ namespaceSelector: { matchLabels: { team: 'data' } }, podSelector: { matchLabels: { app: 'db' } } }], ports: [{ port: 5432 }] };

test.each([
  ['egress rules without policyTypes make an Egress policy', [apiEgressNoTypes(dns)], ['netpol-blocks-client error']],
  ['egress rules without policyTypes, allowing the server', [apiEgressNoTypes(toDb, dns)], []],
  ['policyTypes [] with egress rules defaults to Ingress and Egress',
    [policy('shop', 'api', { podSelector: { matchLabels: { app: 'api' } }, policyTypes: [], egress: [dns] })], ['netpol-blocks-client error']],
  ['policyTypes [] without rules defaults to Ingress: deny all ingress', [policy('data', 'deny', { podSelector: {}, policyTypes: [] })],
    ['netpol-blocks-client error']],
  ['an Ingress-only policy on the client does not limit its egress', [policy('shop', 'api', { podSelector: {}, policyTypes: ['Ingress'] })], []],
  // (each selects no pod of its own namespace, which netpol-selects-no-pods reports)
  ['a policy applies in its own namespace only (ingress)', [policy('shop', 'deny', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'] })],
    ['netpol-selects-no-pods warning']],
  ['a policy applies in its own namespace only (egress)', [policy('data', 'deny', { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Egress'] })],
    ['netpol-selects-no-pods warning']],
  ['ipBlock of a private range does not name the pod', [dbIngress({ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }] })], ['netpol-blocks-client error']],
  ['ipBlock ::/0', [dbIngress({ from: [{ ipBlock: { cidr: '::/0' } }] })], []],
  ['a namespace label the Namespace object does not carry', [dbIngress({ from: [{ namespaceSelector: { matchLabels: { team: 'web' } } }] })],
    ['netpol-blocks-client error']],
  ['a pod label the client does not carry', [dbIngress({ from: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: 'web' } } }] })],
    ['netpol-blocks-client error']],
  ['a policy port with only a protocol: every TCP port', [dbIngress({ from: fromApi, ports: [{ protocol: 'TCP' }] })], []],
  ['a policy port with only UDP', [dbIngress({ from: fromApi, ports: [{ protocol: 'UDP' }] })], ['netpol-blocks-client error']],
  ['a port name the pod does not have', [dbIngress({ from: fromApi, ports: [{ port: 'postgres' }] })], ['netpol-blocks-client error']],
  ['a port range ending at the pod port', [dbIngress({ from: fromApi, ports: [{ port: 5000, endPort: 5432 }] })], []],
  ['a port range starting at the pod port', [dbIngress({ from: fromApi, ports: [{ port: 5432, endPort: 5440 }] })], []],
  ['a port range above the pod port', [dbIngress({ from: fromApi, ports: [{ port: 5433, endPort: 6000 }] })], ['netpol-blocks-client error']],
  ['a port range below the pod port', [dbIngress({ from: fromApi, ports: [{ port: 5000, endPort: 5431 }] })], ['netpol-blocks-client error']],
  ['two ingress policies, neither admits the client',
    [policy('data', 'deny', { podSelector: {}, policyTypes: ['Ingress'] }), dbIngress({ from: fromApi, ports: [{ port: 80 }] })], ['netpol-blocks-client error']],
  ['two egress policies: one allows DNS, the other the server', [apiEgress(dns), apiEgress(toDb)].map((p, i) => ({ ...p, metadata: { name: `api-${i}`, namespace: 'shop' } })),
    []],
  ['DNS on TCP only', [apiEgress(toDb, { ports: [{ port: 53, protocol: 'TCP' }] })], ['netpol-blocks-dns error']],
])('%s', (_name, policies, expected) => {
  expect(ids(...(policies as object[]))).toEqual(expected);
});

test('a blocked client is named with the policies, the server and the pod port', () => {
  const findings = checkManifests([...server, policy('data', 'deny', { podSelector: {}, policyTypes: ['Ingress'] }), apiEgress(dns)]).findings
    .filter((f) => f.id.startsWith('netpol-'));
  expect(findings).toEqual([expect.objectContaining({
    id: 'netpol-blocks-client', kind: 'Pod', namespace: 'shop', name: 'api', path: 'metadata.labels',
    message: 'DB_HOST=db.data cannot reach Service data/db: ingress of Deployment data/db is limited by NetworkPolicy data/deny, which admits no traffic '
      + 'from this pod on 5432/TCP; egress of this pod is limited by NetworkPolicy shop/api, which allows nothing to Deployment data/db on 5432/TCP',
  })]);
});

test('blocked DNS names the policies and the protocols', () => {
  const [finding] = checkManifests([...server, apiEgress(toDb)]).findings.filter((f) => f.id.startsWith('netpol-'));
  expect(finding).toEqual(expect.objectContaining({
    id: 'netpol-blocks-dns', severity: 'error', name: 'api',
    message: 'egress NetworkPolicies (api) select this pod and allow no DNS on UDP 53 and TCP 53: "db.data" cannot be resolved',
  }));
});

test('a Service port and a container port of different protocols do not connect', () => {
  const udp = server.map((o) => ((o as { kind: string }).kind === 'Service'
    ? { ...o, spec: { selector: { app: 'db' }, ports: [{ port: 15432, targetPort: 'pg', protocol: 'UDP' }] } } : o));
  const findings = checkManifests(udp).findings.filter((f) => f.id === 'service-target-port');
  expect(findings.map((f) => f.message)).toEqual(['targetPort "pg"/"UDP" is exposed by no selected container (Deployment data/db: 5432 (pg))']);
});

test('a Service without a selector selects nothing on purpose: no service-no-pods', () => {
  const bare = server.map((o) => ((o as { kind: string }).kind === 'Service' ? { ...o, spec: { ports: [{ port: 15432 }] } } : o));
  expect(checkManifests(bare).findings.map((f) => f.id)).not.toContain('service-no-pods');
});
