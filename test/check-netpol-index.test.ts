// The checker's NetworkPolicy evaluator (lib/check/netpol.ts) one rule at a time, against the rules of
// https://kubernetes.io/docs/concepts/services-networking/network-policies/: a client "api" in namespace "shop" opens
// a connection to "db" in namespace "data" on the pod port 5432 named "pg"; each case states which policies limit
// each end and which let the connection through.
import { ContainerPort, describeSelector, Endpoint, PolicyIndex } from '../lib/check/netpol';
import { Item } from '../lib/check/model';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Spec = any;

function policy(namespace: string, name: string, spec: Spec): Item {
  return { kind: 'NetworkPolicy', name, namespace, index: 0, object: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec } };
}

function namespace(name: string, labels: Record<string, string>): Item {
  return { kind: 'Namespace', name, namespace: '', index: 0, object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } } };
}

const NAMESPACES = [namespace('shop', { team: 'shop' }), namespace('data', { team: 'data' })];
const api: Endpoint = { namespace: 'shop', labels: { app: 'api' } };
const db: Endpoint = { namespace: 'data', labels: { app: 'db' } };
const pg: ContainerPort = { number: 5432, name: 'pg', protocol: 'TCP' };

const onDb = (spec: Spec): Item => policy('data', 'db', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'], ...spec });
const dbIngress = (...rules: Spec[]): Item => onDb({ ingress: rules });
const apiEgress = (...rules: Spec[]): Item => policy('shop', 'api', { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Egress'], egress: rules });
const fromApi = { from: [{ namespaceSelector: { matchLabels: { team: 'shop' } }, podSelector: { matchLabels: { app: 'api' } } }] };

interface Verdict {
  /** Names of the policies that limit the destination's ingress and admit nothing of this; 'open' when none does. */
  readonly ingress: string[] | 'open';
  readonly egress: string[] | 'open';
  /** Names of the policies that let the connection through. */
  readonly allowedBy: string[];
}

function verdict(policies: Item[], opts: { from?: Endpoint; to?: Endpoint; port?: ContainerPort; namespaces?: Item[] } = {}): Verdict {
  const index = new PolicyIndex(policies, opts.namespaces ?? NAMESPACES);
  const [from, to, port] = [opts.from ?? api, opts.to ?? db, opts.port ?? pg];
  const names = (items: Item[] | undefined): string[] | 'open' => (items === undefined ? 'open' : items.map((p) => `${p.namespace}/${p.name}`));
  return {
    ingress: names(index.ingressBlockers(from, to, port)),
    egress: names(index.egressBlockers(from, to, port)),
    allowedBy: index.allowing(from, to, port).map((p) => `${p.namespace}/${p.name}`),
  };
}

const OPEN: Verdict = { ingress: 'open', egress: 'open', allowedBy: [] };
const INGRESS_BLOCKED: Verdict = { ingress: ['data/db'], egress: 'open', allowedBy: [] };
const INGRESS_ALLOWED: Verdict = { ingress: 'open', egress: 'open', allowedBy: ['data/db'] };

describe('which policies select a pod, for which direction', () => {
  test.each<[string, Item[], Verdict]>([
    ['no policy: both ends are open', [], OPEN],
    ['policyTypes absent, ingress rules only: an Ingress policy, which does not limit egress',
      [policy('shop', 'api', { podSelector: {}, ingress: [] }), policy('data', 'db', { podSelector: {}, ingress: [] })],
      { ingress: ['data/db'], egress: 'open', allowedBy: [] }],
    ['policyTypes absent, egress rules: an Ingress and Egress policy',
      [policy('shop', 'api', { podSelector: {}, egress: [{ ports: [{ port: 80 }] }] })], { ingress: 'open', egress: ['shop/api'], allowedBy: [] }],
    ['policyTypes absent, egress rules: the same policy limits ingress too',
      [policy('data', 'db', { podSelector: {}, egress: [{ ports: [{ port: 80 }] }] })], INGRESS_BLOCKED],
    ['policyTypes [] with egress rules: the defaults, Ingress and Egress',
      [policy('shop', 'api', { podSelector: {}, policyTypes: [], egress: [{ ports: [{ port: 80 }] }] })], { ingress: 'open', egress: ['shop/api'], allowedBy: [] }],
    ['policyTypes [] without rules: the default, Ingress only', [policy('shop', 'api', { podSelector: {}, policyTypes: [] })], OPEN],
    ['policyTypes [] without rules on the destination: deny all ingress', [policy('data', 'db', { podSelector: {}, policyTypes: [] })], INGRESS_BLOCKED],
    ['policyTypes Egress on the destination does not limit its ingress', [policy('data', 'db', { podSelector: {}, policyTypes: ['Egress'] })], OPEN],
    ['policyTypes Ingress on the source does not limit its egress', [policy('shop', 'api', { podSelector: {}, policyTypes: ['Ingress'] })], OPEN],
    ['policyTypes Ingress and Egress without rules: deny all both ways',
      [policy('shop', 'api', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }), policy('data', 'db', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] })],
      { ingress: ['data/db'], egress: ['shop/api'], allowedBy: [] }],
    ['a policy selects pods of its own namespace only', [policy('shop', 'db', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'] }),
      policy('data', 'api', { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Egress'] })], OPEN],
    ['a podSelector the pod does not match', [policy('data', 'web', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'] })], OPEN],
    ['a policy without podSelector selects every pod of its namespace', [policy('data', 'db', { policyTypes: ['Ingress'] })], INGRESS_BLOCKED],
  ])('%s', (_name, policies, expected) => {
    expect(verdict(policies)).toEqual(expected);
  });
});

describe('peers', () => {
  test.each<[string, Item[], Verdict]>([
    ['a rule without from admits every peer', [dbIngress({ ports: [{ port: 5432 }] })], INGRESS_ALLOWED],
    ['from: [] admits every peer', [dbIngress({ from: [] })], INGRESS_ALLOWED],
    ['from: null admits every peer', [dbIngress({ from: null })], INGRESS_ALLOWED],
    ['namespace AND pods in one peer', [dbIngress(fromApi)], INGRESS_ALLOWED],
    ['namespace AND pods: the pods do not match', [dbIngress({ from: [{ namespaceSelector: { matchLabels: { team: 'shop' } }, podSelector: { matchLabels: { app: 'web' } } }] })],
      INGRESS_BLOCKED],
    ['namespace AND pods: the namespace does not match', [dbIngress({ from: [{ namespaceSelector: { matchLabels: { team: 'web' } }, podSelector: { matchLabels: { app: 'api' } } }] })],
      INGRESS_BLOCKED],
    ['a namespaceSelector alone admits every pod of the namespace', [dbIngress({ from: [{ namespaceSelector: { matchLabels: { team: 'shop' } } }] })], INGRESS_ALLOWED],
    ['an empty namespaceSelector admits every namespace', [dbIngress({ from: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: 'api' } } }] })], INGRESS_ALLOWED],
    ['a podSelector alone means pods of the policy namespace', [dbIngress({ from: [{ podSelector: { matchLabels: { app: 'api' } } }] })], INGRESS_BLOCKED],
    ['OR of two peers: the second admits', [dbIngress({ from: [{ podSelector: { matchLabels: { app: 'web' } } }, { namespaceSelector: { matchLabels: { team: 'shop' } } }] })],
      INGRESS_ALLOWED],
    ['ipBlock 0.0.0.0/0 admits every pod', [dbIngress({ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] })], INGRESS_ALLOWED],
    ['ipBlock ::/0 admits every pod', [dbIngress({ from: [{ ipBlock: { cidr: '::/0' } }] })], INGRESS_ALLOWED],
    ['ipBlock of a private range does not name a pod', [dbIngress({ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }] })], INGRESS_BLOCKED],
    ['ipBlock without cidr admits nothing', [dbIngress({ from: [{ ipBlock: {} }] })], INGRESS_BLOCKED],
    ['ipBlock null admits nothing', [dbIngress({ from: [{ ipBlock: null }] })], INGRESS_BLOCKED],
    ['an ipBlock peer ignores a namespaceSelector written next to it', [dbIngress({ from: [{ ipBlock: { cidr: '10.0.0.0/8' }, namespaceSelector: {} }] })], INGRESS_BLOCKED],
    ['a peer that is not an object admits nothing', [dbIngress({ from: [null, 'api', 42] })], INGRESS_BLOCKED],
  ])('%s', (_name, policies, expected) => {
    expect(verdict(policies)).toEqual(expected);
  });

  // a source in the policy's own namespace, for the rules about "same namespace"
  const neighbour: Endpoint = { namespace: 'data', labels: { app: 'api' } };
  test.each<[string, Item[], Verdict]>([
    ['a podSelector alone admits the matching pods of the policy namespace', [dbIngress({ from: [{ podSelector: { matchLabels: { app: 'api' } } }] })], INGRESS_ALLOWED],
    ['an empty peer (which the API server refuses) admits nothing, not even the own namespace', [dbIngress({ from: [{}] })], INGRESS_BLOCKED],
    ['a namespaceSelector of another namespace does not admit the own namespace', [dbIngress({ from: [{ namespaceSelector: { matchLabels: { team: 'shop' } } }] })],
      INGRESS_BLOCKED],
  ])('from the same namespace: %s', (_name, policies, expected) => {
    expect(verdict(policies, { from: neighbour })).toEqual(expected);
  });

  test('egress peers: to, with the destination as the peer', () => {
    const toDb = { to: [{ namespaceSelector: { matchLabels: { team: 'data' } }, podSelector: { matchLabels: { app: 'db' } } }] };
    expect(verdict([apiEgress(toDb)])).toEqual({ ingress: 'open', egress: 'open', allowedBy: ['shop/api'] });
    expect(verdict([apiEgress({ to: [{ podSelector: { matchLabels: { app: 'db' } } }] })])).toEqual({ ingress: 'open', egress: ['shop/api'], allowedBy: [] });
    expect(verdict([apiEgress({ from: toDb.to })])).toEqual({ ingress: 'open', egress: 'open', allowedBy: ['shop/api'] });
  });
});

describe('namespace labels', () => {
  const clientIn = (ns: string): Endpoint => ({ namespace: ns, labels: { app: 'api' } });
  const teamShop = dbIngress({ from: [{ namespaceSelector: { matchLabels: { team: 'shop' } } }] });
  const byName = (name: string): Item => dbIngress({ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } }] });

  test.each(['default', 'kube-system', 'kube-public', 'kube-node-lease'])('%s, which every cluster has, carries only its name label', (ns) => {
    expect(verdict([teamShop], { from: clientIn(ns) })).toEqual(INGRESS_BLOCKED);
    expect(verdict([byName(ns)], { from: clientIn(ns) })).toEqual(INGRESS_ALLOWED);
  });

  test.each<[string, Item, Verdict]>([
    ['a label selector: the benefit of the doubt (a platform team may have labelled it)', teamShop, INGRESS_ALLOWED],
    ['an expression on a label: the benefit of the doubt',
      dbIngress({ from: [{ namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'In', values: ['shop'] }] } }] }), INGRESS_ALLOWED],
    ['its name and a label: the benefit of the doubt', dbIngress({ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'other', team: 'x' } } }] }),
      INGRESS_ALLOWED],
    ['another name', byName('shop'), INGRESS_BLOCKED],
    ['its own name', byName('other'), INGRESS_ALLOWED],
    ['an expression on another name',
      dbIngress({ from: [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['shop'] }] } }] }), INGRESS_BLOCKED],
  ])('a namespace the set does not define, selected by %s', (_name, p, expected) => {
    expect(verdict([p], { from: clientIn('other') })).toEqual(expected);
  });

  test('a Namespace of the set carries its labels and its name label, and no other label', () => {
    expect(verdict([byName('shop')])).toEqual(INGRESS_ALLOWED);
    expect(verdict([teamShop])).toEqual(INGRESS_ALLOWED);
    expect(verdict([teamShop], { namespaces: [namespace('shop', { team: 'web' })] })).toEqual(INGRESS_BLOCKED);
    expect(verdict([teamShop], { namespaces: [namespace('shop', {})] })).toEqual(INGRESS_BLOCKED);
    const index = new PolicyIndex([], NAMESPACES);
    expect(index.nsLabels('shop')).toEqual({ 'team': 'shop', 'kubernetes.io/metadata.name': 'shop' });
    expect(index.nsLabels('other')).toEqual({ 'kubernetes.io/metadata.name': 'other' });
  });

  test('the name label cannot be overridden by a label of the Namespace object', () => {
    const index = new PolicyIndex([], [namespace('shop', { 'kubernetes.io/metadata.name': 'data' })]);
    expect(index.nsLabels('shop')).toEqual({ 'kubernetes.io/metadata.name': 'shop' });
  });
});

describe('ports: the destination pod\'s port', () => {
  test.each<[string, Spec, Verdict]>([
    ['no ports: every port', {}, INGRESS_ALLOWED],
    ['ports: null: every port', { ports: null }, INGRESS_ALLOWED],
    ['ports: []: every port', { ports: [] }, INGRESS_ALLOWED],
    ['the pod port, TCP by default', { ports: [{ port: 5432 }] }, INGRESS_ALLOWED],
    ['the pod port as a string of digits', { ports: [{ port: '5432' }] }, INGRESS_ALLOWED],
    ['the pod port on UDP', { ports: [{ port: 5432, protocol: 'UDP' }] }, INGRESS_BLOCKED],
    ['the pod port on SCTP', { ports: [{ port: 5432, protocol: 'SCTP' }] }, INGRESS_BLOCKED],
    ['the pod port, TCP written out', { ports: [{ port: 5432, protocol: 'TCP' }] }, INGRESS_ALLOWED],
    ['another port', { ports: [{ port: 5433 }] }, INGRESS_BLOCKED],
    ['another port, then the pod port', { ports: [{ port: 5433 }, { port: 5432 }] }, INGRESS_ALLOWED],
    ['only a protocol, TCP: every TCP port', { ports: [{ protocol: 'TCP' }] }, INGRESS_ALLOWED],
    ['only a protocol, UDP: no TCP port', { ports: [{ protocol: 'UDP' }] }, INGRESS_BLOCKED],
    ['the port name', { ports: [{ port: 'pg' }] }, INGRESS_ALLOWED],
    ['another port name', { ports: [{ port: 'postgres' }] }, INGRESS_BLOCKED],
    ['the port name on UDP', { ports: [{ port: 'pg', protocol: 'UDP' }] }, INGRESS_BLOCKED],
    ['a range around the pod port', { ports: [{ port: 5000, endPort: 6000 }] }, INGRESS_ALLOWED],
    ['a range ending at the pod port', { ports: [{ port: 5000, endPort: 5432 }] }, INGRESS_ALLOWED],
    ['a range starting at the pod port', { ports: [{ port: 5432, endPort: 5440 }] }, INGRESS_ALLOWED],
    ['a range below the pod port', { ports: [{ port: 5000, endPort: 5431 }] }, INGRESS_BLOCKED],
    ['a range above the pod port', { ports: [{ port: 5433, endPort: 6000 }] }, INGRESS_BLOCKED],
    ['an endPort that is not a number is ignored', { ports: [{ port: 5000, endPort: '6000' }] }, INGRESS_BLOCKED],
    ['a port above the pod port with no endPort', { ports: [{ port: 6000 }] }, INGRESS_BLOCKED],
  ])('%s', (_name, rule, expected) => {
    expect(verdict([dbIngress({ ...fromApi, ...rule })])).toEqual(expected);
  });

  test.each<[string, ContainerPort, Spec, Verdict]>([
    ['a port name with digits', { number: 5432, name: 'p5432', protocol: 'TCP' }, { port: 'p5432' }, INGRESS_ALLOWED],
    ['a port name that starts with digits', { number: 5432, name: '5432p', protocol: 'TCP' }, { port: '5432p' }, INGRESS_ALLOWED],
    ['a number is not a name', { number: 80, name: '5432', protocol: 'TCP' }, { port: 5432 }, INGRESS_BLOCKED],
    ['a UDP pod port, by number and protocol', { number: 53, name: 'dns', protocol: 'UDP' }, { port: 53, protocol: 'UDP' }, INGRESS_ALLOWED],
    ['a UDP pod port, by number only (TCP)', { number: 53, name: 'dns', protocol: 'UDP' }, { port: 53 }, INGRESS_BLOCKED],
  ])('%s', (_name, port, rulePort, expected) => {
    expect(verdict([dbIngress({ ...fromApi, ports: [rulePort] })], { port })).toEqual(expected);
  });
});

describe('policies add up', () => {
  test.each<[string, Item[], Verdict]>([
    ['two ingress policies: one admits, so the connection is allowed, by that one only',
      [policy('data', 'deny', { podSelector: {}, policyTypes: ['Ingress'] }), dbIngress(fromApi)], INGRESS_ALLOWED],
    ['two ingress policies, neither admits: both are named',
      [policy('data', 'deny', { podSelector: {}, policyTypes: ['Ingress'] }), dbIngress({ ...fromApi, ports: [{ port: 80 }] })],
      { ingress: ['data/deny', 'data/db'], egress: 'open', allowedBy: [] }],
    ['two egress policies: one allows', [policy('shop', 'deny', { podSelector: {}, policyTypes: ['Egress'] }), apiEgress({})],
      { ingress: 'open', egress: 'open', allowedBy: ['shop/api'] }],
    ['two egress policies, neither allows', [policy('shop', 'deny', { podSelector: {}, policyTypes: ['Egress'] }), apiEgress({ ports: [{ port: 80 }] })],
      { ingress: 'open', egress: ['shop/deny', 'shop/api'], allowedBy: [] }],
    ['a rule of several: the second admits', [dbIngress({ ...fromApi, ports: [{ port: 80 }] }, fromApi)], INGRESS_ALLOWED],
    ['ingress allowed, egress denied', [dbIngress(fromApi), policy('shop', 'deny', { podSelector: {}, policyTypes: ['Egress'] })],
      { ingress: 'open', egress: ['shop/deny'], allowedBy: ['data/db'] }],
    ['egress allowed, ingress denied', [apiEgress({}), policy('data', 'deny', { podSelector: {}, policyTypes: ['Ingress'] })],
      { ingress: ['data/deny'], egress: 'open', allowedBy: ['shop/api'] }],
    ['both allowed: both are named, ingress first', [apiEgress({}), dbIngress(fromApi)], { ingress: 'open', egress: 'open', allowedBy: ['data/db', 'shop/api'] }],
  ])('%s', (_name, policies, expected) => {
    expect(verdict(policies)).toEqual(expected);
  });

  test('egress rules are read for egress and ingress rules for ingress', () => {
    const both = policy('shop', 'api', { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{}], egress: [] });
    expect(verdict([both])).toEqual({ ingress: 'open', egress: ['shop/api'], allowedBy: [] });
    const back = policy('data', 'db', { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [], egress: [{}] });
    expect(verdict([back])).toEqual(INGRESS_BLOCKED);
  });
});

describe('summary: a line per rule, for the graph', () => {
  const summary = (spec: Spec): string[] => new PolicyIndex([], []).summary(policy('data', 'p', { podSelector: {}, ...spec }));

  test.each<[string, Spec, string[]]>([
    ['deny all ingress', { policyTypes: ['Ingress'] }, ['deny all ingress']],
    ['deny all egress', { policyTypes: ['Egress'] }, ['deny all egress']],
    ['deny all both ways, ingress first', { policyTypes: ['Egress', 'Ingress'] }, ['deny all ingress', 'deny all egress']],
    ['types by default: ingress rules only', { ingress: [{}], egress: [] }, ['ingress from anywhere']],
    ['types by default: egress rules make an egress policy too', { egress: [{}] }, ['deny all ingress', 'egress to anywhere']],
    ['peers and ports', {
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{ namespaceSelector: { matchLabels: { team: 'shop' } }, podSelector: { matchLabels: { app: 'api', tier: 'web' } } }, { ipBlock: { cidr: '10.0.0.0/8' } },
          { namespaceSelector: {} }],
        ports: [{ port: 5432 }, { port: 5000, endPort: 6000, protocol: 'UDP' }, { protocol: 'SCTP' }, { port: 'pg' }],
      }],
    }, ['ingress from ns team=shop pods app=api,tier=web or ipBlock 10.0.0.0/8 or ns all on 5432/TCP, 5000-6000/UDP, */SCTP, pg/TCP']],
    ['a rule per line, egress to', {
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['db', 'cache'] }, { key: 'tier', operator: 'Exists' }] } }] }, { ports: [{ port: 53 }] }],
    }, ['egress to pods app In db/cache,tier Exists', 'egress to anywhere on 53/TCP']],
  ])('%s', (_name, spec, expected) => {
    expect(summary(spec)).toEqual(expected);
  });

  test.each<[Spec, string]>([
    [{}, 'all'],
    [undefined, 'all'],
    [{ matchLabels: { a: '1', b: '2' } }, 'a=1,b=2'],
    [{ matchLabels: { a: '1' }, matchExpressions: [{ key: 'b', operator: 'NotIn', values: ['x'] }, { key: 'c', operator: 'DoesNotExist' }] }, 'a=1,b NotIn x,c DoesNotExist'],
  ])('describeSelector(%j) is %p', (selector, expected) => {
    expect(describeSelector(selector)).toBe(expected);
  });
});

describe('null where an object belongs (the schema checks report it; the evaluator reads it as the API server decodes it)', () => {
  test('a null rule is an empty rule, and a null port a port with no fields: every peer, every TCP port', () => {
    expect(verdict([dbIngress(null)])).toEqual(INGRESS_ALLOWED);
    expect(verdict([dbIngress({ ports: [null] })])).toEqual(INGRESS_ALLOWED);
    expect(verdict([dbIngress({ ports: [null] })], { port: { number: 53, name: 'dns', protocol: 'UDP' } })).toEqual(INGRESS_BLOCKED);
  });

  test('a null namespaceSelector or selector expression admits nothing it cannot read', () => {
    expect(verdict([dbIngress({ from: [{ namespaceSelector: null }] })])).toEqual(INGRESS_BLOCKED);
    expect(verdict([dbIngress({ from: [{ namespaceSelector: null }] })], { from: { namespace: 'other', labels: { app: 'api' } } })).toEqual(INGRESS_BLOCKED);
    // an unknown namespace and an expression whose key cannot be read: the benefit of the doubt
    expect(verdict([dbIngress({ from: [{ namespaceSelector: { matchExpressions: [null] } }] })], { from: { namespace: 'other', labels: { app: 'api' } } }))
      .toEqual(INGRESS_ALLOWED);
  });

  test('a Namespace without metadata carries no label', () => {
    const bare: Item = { kind: 'Namespace', name: '', namespace: '', index: 0, object: { apiVersion: 'v1', kind: 'Namespace' } };
    expect(new PolicyIndex([], [bare]).nsLabels('')).toEqual({ 'kubernetes.io/metadata.name': '' });
  });

  test('the summary reads null rules, peers, ports and expressions', () => {
    const index = new PolicyIndex([], []);
    expect(index.summary(policy('data', 'p', {
      podSelector: {}, policyTypes: ['Ingress'],
      ingress: [null, { from: [null, { namespaceSelector: { matchExpressions: [null] } }], ports: [null] }],
    }))).toEqual(['ingress from anywhere', 'ingress from  or ns undefined undefined on */TCP']);
  });
});
