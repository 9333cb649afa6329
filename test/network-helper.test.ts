// The test helper's NetworkPolicy evaluator (test/_manifests.ts), which the construct tests trust: one case per
// rule of https://kubernetes.io/docs/concepts/services-networking/network-policies/, and the matcher's message.
import { Endpoint, Manifest, reachability } from './_manifests';

const api: Endpoint = { namespace: 'shop', labels: { app: 'api' }, namespaceLabels: { team: 'shop' } };
const db: Endpoint = { namespace: 'data', labels: { app: 'db' }, namespaceLabels: { team: 'data' }, namedPorts: { pg: 5432 } };

function policy(namespace: string, name: string, spec: Manifest): Manifest {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec };
}
const dbIngress = (rule: object): Manifest => policy('data', 'db', { podSelector: { matchLabels: { app: 'db' } }, ingress: [rule] });
const fromApi = [{ namespaceSelector: { matchLabels: { team: 'shop' } }, podSelector: { matchLabels: { app: 'api' } } }];
const toDb = { to: [{ namespaceSelector: { matchLabels: { team: 'data' } }, podSelector: { matchLabels: { app: 'db' } } }], ports: [{ port: 5432 }] };

test.each<[string, Manifest[], boolean]>([
  ['no policy', [], true],
  ['an ingress rule from the client on the pod port', [dbIngress({ from: fromApi, ports: [{ port: 5432 }] })], true],
  ['the Service port instead of the pod port', [dbIngress({ from: fromApi, ports: [{ port: 15432 }] })], false],
  ['the pod port by name', [dbIngress({ from: fromApi, ports: [{ port: 'pg' }] })], true],
  ['a port name the pod does not have', [dbIngress({ from: fromApi, ports: [{ port: 'postgres' }] })], false],
  ['UDP instead of TCP', [dbIngress({ from: fromApi, ports: [{ port: 5432, protocol: 'UDP' }] })], false],
  ['only a protocol', [dbIngress({ from: fromApi, ports: [{ protocol: 'TCP' }] })], true],
  ['a range ending at the port', [dbIngress({ from: fromApi, ports: [{ port: 5000, endPort: 5432 }] })], true],
  ['a range above the port', [dbIngress({ from: fromApi, ports: [{ port: 5433, endPort: 6000 }] })], false],
  ['a podSelector alone means the policy namespace', [dbIngress({ from: [{ podSelector: { matchLabels: { app: 'api' } } }] })], false],
  ['namespace AND pod in one peer', [dbIngress({ from: [{ namespaceSelector: { matchLabels: { team: 'shop' } }, podSelector: { matchLabels: { app: 'web' } } }] })], false],
  ['the automatic namespace name label', [dbIngress({ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } }] })], true],
  ['ipBlock does not name pods', [dbIngress({ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }] })], false],
  ['a rule without from admits everyone', [dbIngress({ ports: [{ port: 5432 }] })], true],
  ['deny all ingress', [policy('data', 'deny', { podSelector: {}, policyTypes: ['Ingress'] })], false],
  ['policies add up', [policy('data', 'deny', { podSelector: {}, policyTypes: ['Ingress'] }), dbIngress({ from: fromApi })], true],
  ['a policy of another namespace', [policy('shop', 'deny', { podSelector: {}, policyTypes: ['Ingress'] })], true],
  ['policyTypes [] defaults to Ingress', [policy('data', 'deny', { podSelector: {}, policyTypes: [] })], false],
  ['egress rules without policyTypes make an Egress policy', [policy('shop', 'api', { podSelector: {}, egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }] })], false],
  ['egress to the server', [policy('shop', 'api', { podSelector: {}, policyTypes: ['Egress'], egress: [toDb] })], true],
  ['two egress policies, one allows', [policy('shop', 'a', { podSelector: {}, policyTypes: ['Egress'] }), policy('shop', 'b', { podSelector: {}, egress: [toDb] })], true],
])('%s', (_name, policies, allowed) => {
  expect(reachability(policies, api, db, 5432).allowed).toBe(allowed);
});

test('a failing reachability assertion names the policies, the peer and the port', () => {
  const manifests = [policy('data', 'deny', { podSelector: {}, policyTypes: ['Ingress'] })];
  expect(() => expect(manifests).toAllowConnection(api, db, 5432)).toThrow([
    'expected the connection to be allowed, but pods app=api in namespace shop -> pods app=db in namespace data on port 5432/TCP is denied:',
    '  egress of the source: no NetworkPolicy selects it, so all traffic is allowed',
    '  ingress of the destination: limited by NetworkPolicy data/deny, none of which allows pods app=api in namespace shop on port 5432/TCP',
  ].join('\n'));
  expect(() => expect([]).not.toAllowConnection(api, db, 5432, 'UDP')).toThrow(
    'expected the connection to be denied, but pods app=api in namespace shop -> pods app=db in namespace data on port 5432/UDP is allowed:');
});
