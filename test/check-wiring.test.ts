// The connections the checker draws (lib/check/wiring.ts, `check --graph`): client env var -> Service -> pods ->
// container port, NetworkPolicies on pods, Ingress backends, and why each broken edge is broken.
import { checkManifests } from '../lib/check';
import { Wiring } from '../lib/check/wiring';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = any;

const ns = (name: string, team: string): Obj => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { team } } });
const deployment = (name: string, namespace: string, labels: Record<string, string>, container: Obj): Obj => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace },
  spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name, image: 'example/app:1.0.0', ...container }] } } },
});
const service = (name: string, namespace: string, spec: Obj): Obj => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec });
const pod = (name: string, namespace: string, env: Record<string, string>): Obj => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, labels: { app: name } },
  spec: { containers: [{ name, image: 'example/app:1.0.0', env: Object.entries(env).map(([k, v]) => ({ name: k, value: v })) }] },
});
const policy = (name: string, namespace: string, spec: Obj): Obj => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec });
const ingress = (name: string, namespace: string, backends: Obj[]): Obj => ({
  apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name, namespace },
  spec: { rules: [{ http: { paths: backends.map((service, i) => ({ path: `/${i}`, pathType: 'Prefix', backend: { service } })) } }] },
});

const db = deployment('db', 'data', { app: 'db' }, { ports: [{ name: 'pg', containerPort: 5432 }, { name: 'dns', containerPort: 53, protocol: 'UDP' }] });
const dbService = service('db', 'data', {
  selector: { app: 'db' },
  ports: [{ name: 'pg', port: 15432, targetPort: 'pg' }, { name: 'metrics', port: 9104 }, { name: 'dns', port: 53, protocol: 'UDP' }, { name: 'raw', port: 5432 }],
});
const dbIngress = policy('db-ingress', 'data', {
  podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'],
  ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'shop' } }, podSelector: { matchLabels: { app: 'api' } } }], ports: [{ port: 5432 }] }],
});

/** The wiring, one line per edge, with the fields that decide how the graph draws it. */
function lines(wiring: Wiring): Record<string, string[]> {
  return {
    clients: wiring.clientEdges.map((e) => `${e.client.item.kind}/${e.client.item.name} ${e.env}=${e.host}${e.port !== undefined ? `:${e.port}` : ''} -> `
      + `${e.serviceNamespace}/${e.serviceName}${e.service ? '' : ' (absent)'} [${e.problems.join('; ')}] allowed by [${[...e.allowedBy].join(', ')}]`),
    services: wiring.serviceEdges.map((e) => `${e.service.name} -> ${e.pod.item.name}: ${e.ports.map((p) => `${p.label}${p.broken ? ' broken' : ''}`).join(', ')}`
      + `${e.unintended ? ' (unintended)' : ''}`),
    withoutPods: wiring.servicesWithoutPods.map((s) => s.name),
    policies: wiring.policyEdges.map((e) => `${e.policy.name} on ${e.pod.item.name}: ${e.allows.join('; ')}`),
    ingresses: wiring.ingressEdges.map((e) => `${e.ingress.name} -> ${e.serviceName}${e.service ? '' : ' (absent)'}:${e.port} [${e.problems.join('; ')}]`),
  };
}

const wiringOf = (objects: Obj[]): Record<string, string[]> => lines(checkManifests(objects).wiring);

test('a working client: allowed by the ingress policy of the server, which the graph shows on the server pods', () => {
  expect(wiringOf([ns('data', 'data'), ns('shop', 'shop'), db, dbService, dbIngress, pod('api', 'shop', { DB_HOST: 'db.data', DB_PORT: '15432' })])).toEqual({
    clients: ['Pod/api DB_HOST=db.data:15432 -> data/db [] allowed by [db-ingress]'],
    // port→target, the protocol when not TCP; a port the pods do not expose is broken
    services: ['db -> db: 15432→pg, 9104→9104 broken, 53→53/UDP, 5432→5432'],
    withoutPods: [],
    policies: ['db-ingress on db: ingress from ns team=shop pods app=api on 5432/TCP'],
    ingresses: [],
  });
});

test('no policy: the edge works and names no policy', () => {
  expect(wiringOf([db, dbService, pod('api', 'data', { DB_HOST: 'db', DB_PORT: '5432' })]).clients)
    .toEqual(['Pod/api DB_HOST=db:5432 -> data/db [] allowed by []']);
});

test('broken client edges say why: no such Service, a port the Service does not serve, DNS blocked once per pod, blocked by a policy', () => {
  const egressToDb = policy('api-egress', 'shop', {
    podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Egress'],
    egress: [{ to: [{ namespaceSelector: { matchLabels: { team: 'data' } } }], ports: [{ port: 5432 }] }],
  });
  const denyData = policy('deny', 'data', { podSelector: {}, policyTypes: ['Ingress'] });
  const result = wiringOf([ns('data', 'data'), ns('shop', 'shop'), db, dbService, egressToDb, denyData,
    pod('api', 'shop', { DB_HOST: 'db.data', DB_PORT: '15432', CACHE_HOST: 'cache.data', OTHER_HOST: 'db.data', OTHER_PORT: '1234' }),
    pod('web', 'shop', { DB_HOST: 'db.data', DB_PORT: '15432' })]);
  expect(result.clients).toEqual([
    'Pod/api DB_HOST=db.data:15432 -> data/db [DNS blocked; blocked by NetworkPolicy] allowed by []',
    'Pod/api CACHE_HOST=cache.data -> data/cache (absent) [no such Service] allowed by []',
    'Pod/api OTHER_HOST=db.data:1234 -> data/db [port 1234 not served] allowed by []',
    'Pod/web DB_HOST=db.data:15432 -> data/db [blocked by NetworkPolicy] allowed by []',
  ]);
  expect(result.policies).toEqual(['api-egress on api: egress to ns team=data on 5432/TCP', 'deny on db: deny all ingress']);
});

test('DNS blocked on one protocol only is a broken edge too', () => {
  const udpOnly = policy('api-egress', 'data', {
    podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Egress'],
    egress: [{ to: [{ podSelector: { matchLabels: { app: 'db' } } }], ports: [{ port: 5432 }] }, { ports: [{ port: 53, protocol: 'UDP' }] }],
  });
  expect(wiringOf([db, dbService, udpOnly, pod('api', 'data', { DB_HOST: 'db', DB_PORT: '5432' })]).clients)
    .toEqual(['Pod/api DB_HOST=db:5432 -> data/db [DNS blocked] allowed by [api-egress]']);
  const both = policy('api-egress', 'data', { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Egress'], egress: [{ ports: [{ port: 5432 }, { port: 53, protocol: 'UDP' }, { port: 53 }] }] });
  expect(wiringOf([db, dbService, both, pod('api', 'data', { DB_HOST: 'db', DB_PORT: '5432' })]).clients)
    .toEqual(['Pod/api DB_HOST=db:5432 -> data/db [] allowed by [api-egress]']);
});

test('an ExternalName Service serves any port; a headless Service the ports of its pods', () => {
  const external = service('db', 'data', { type: 'ExternalName', externalName: 'db.example.com' });
  expect(wiringOf([external, pod('api', 'data', { DB_HOST: 'db', DB_PORT: '1234' })])).toEqual({
    clients: ['Pod/api DB_HOST=db:1234 -> data/db [] allowed by []'], services: [], withoutPods: [], policies: [], ingresses: [],
  });
  const headless = service('db', 'data', { clusterIP: 'None', selector: { app: 'db' }, ports: [{ port: 15432, targetPort: 5432 }] });
  expect(wiringOf([db, headless, pod('api', 'data', { DB_HOST: 'db', DB_PORT: '5432' }), pod('web', 'data', { DB_HOST: 'db', DB_PORT: '15432' })]).clients).toEqual([
    'Pod/api DB_HOST=db:5432 -> data/db [] allowed by []',
    'Pod/web DB_HOST=db:15432 -> data/db [port 15432 not served] allowed by []',
  ]);
});

test('Services: a selector that matches nothing has no pods; no selector and ExternalName select nothing on purpose', () => {
  const result = wiringOf([db, dbService, service('empty', 'data', { selector: { app: 'nothing' }, ports: [{ port: 80 }] }),
    service('bare', 'data', { ports: [{ port: 80 }] }), service('external', 'data', { type: 'ExternalName', externalName: 'example.com', selector: { app: 'db' } })]);
  expect(result.withoutPods).toEqual(['empty']);
  // a client of the Service without pods is not said to be blocked: no pod to reach, no policy to blame
  expect(wiringOf([service('empty', 'data', { selector: { app: 'nothing' }, ports: [{ port: 80 }] }), pod('api', 'data', { WEB_HOST: 'empty', WEB_PORT: '80' }),
    policy('deny', 'data', { podSelector: {}, policyTypes: ['Ingress'] })]).clients).toEqual(['Pod/api WEB_HOST=empty:80 -> data/empty [] allowed by []']);
  expect(result.services).toEqual(['db -> db: 15432→pg, 9104→9104 broken, 53→53/UDP, 5432→5432']);
});

test('a selected pod that is a client of the Service, or exposes no target port next to one that does, is unintended', () => {
  const worker = deployment('worker', 'data', { app: 'db', role: 'worker' }, { ports: [{ containerPort: 8080 }] });
  const result = wiringOf([db, dbService, worker]);
  expect(result.services).toEqual([
    'db -> db: 15432→pg, 9104→9104 broken, 53→53/UDP, 5432→5432',
    'db -> worker: 15432→pg broken, 9104→9104 broken, 53→53/UDP broken, 5432→5432 broken (unintended)',
  ]);
});

test('long ports and protocols are cut in the labels', () => {
  const long = 'x'.repeat(30);
  const result = wiringOf([db, service('db', 'data', { selector: { app: 'db' }, ports: [{ port: 5432, targetPort: long, protocol: `SCTP${long}` }] })]);
  expect(result.services).toEqual([`db -> db: 5432→${'x'.repeat(20)}… (30 characters)/SCTP${'x'.repeat(16)}… (34 characters) broken`]);
});

test('a policy edge goes to each pod of its namespace that its podSelector selects; no podSelector selects all', () => {
  const cache = deployment('cache', 'data', { app: 'cache' }, { ports: [{ containerPort: 6379 }] });
  const other = deployment('db', 'shop', { app: 'db' }, { ports: [{ containerPort: 5432 }] });
  const result = wiringOf([db, cache, other, dbIngress, policy('all', 'data', { policyTypes: ['Egress'] }), policy('idle', 'empty', { podSelector: {}, policyTypes: ['Egress'] })]);
  expect(result.policies).toEqual([
    'db-ingress on db: ingress from ns team=shop pods app=api on 5432/TCP',
    'all on db: deny all egress',
    'all on cache: deny all egress',
  ]);
});

test('Ingress backends: by port number or name; an absent Service or a port it does not serve is broken; an ExternalName Service serves any', () => {
  const result = wiringOf([db, dbService, service('external', 'data', { type: 'ExternalName', externalName: 'example.com' }),
    ingress('web', 'data', [
      { name: 'db', port: { number: 15432 } }, { name: 'db', port: { name: 'metrics' } }, { name: 'db', port: { number: 9999 } }, { name: 'db', port: { name: 'pgx' } },
      { name: 'nope', port: { number: 80 } }, { name: 'external', port: { number: 443 } }, { name: 'db' },
    ])]);
  expect(result.ingresses).toEqual([
    'web -> db:15432 []',
    'web -> db:metrics []',
    'web -> db:9999 [port 9999 not served]',
    'web -> db:pgx [port pgx not served]',
    'web -> nope (absent):80 [no such Service]',
    'web -> external:443 []',
    'web -> db: []',
  ]);
});

test('a client that names no port is not said to dial a wrong one', () => {
  expect(wiringOf([db, dbService, pod('api', 'data', { DB_HOST: 'db' })]).clients).toEqual(['Pod/api DB_HOST=db -> data/db [] allowed by []']);
});

test('null Service ports (the schema checks report them) are read past, in the edges and for Ingress backends', () => {
  const odd = service('db', 'data', { selector: { app: 'db' }, ports: [null, { name: 'pg', port: 15432, targetPort: 'pg' }] });
  const result = wiringOf([db, odd, ingress('web', 'data', [{ name: 'db', port: { number: 15432 } }, { name: 'db', port: { name: 'pg' } }, { name: 'db', port: { number: 1 } }])]);
  expect(result.services).toEqual(['db -> db: undefined→undefined broken, 15432→pg']);
  expect(result.ingresses).toEqual(['web -> db:15432 []', 'web -> db:pg []', 'web -> db:1 [port 1 not served]']);
});
