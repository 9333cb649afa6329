// What real apps taught the checker: no error where the set cannot prove the defect, the misses it had, one finding
// where there were many, and fixes that point at the right place.
import { checkManifests, Finding } from '../lib/check';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = any;

function deployment(name: string, namespace: string, opts: { labels?: Record<string, string>; env?: Obj[]; envFrom?: Obj[]; ports?: Obj[];
  container?: Obj; podSpec?: Obj; } = {}): Obj {
  const labels = opts.labels ?? { app: name };
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          ...opts.podSpec,
          containers: [{
            name, image: `example/${name}:1.0.0`, ...(opts.env ? { env: opts.env } : {}), ...(opts.envFrom ? { envFrom: opts.envFrom } : {}),
            ...(opts.ports ? { ports: opts.ports } : {}), ...opts.container,
          }],
        },
      },
    },
  };
}

function service(name: string, namespace: string, selector: Record<string, string>, ports: Obj[], extra: Obj = {}): Obj {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { selector, ports, ...extra } };
}

function ids(findings: Finding[], prefix: string): string[] {
  return findings.filter((f) => f.id.startsWith(prefix)).map((f) => `${f.id} ${f.severity} ${f.kind}/${f.name}`);
}

function hostFinding(findings: Finding[]): Finding {
  return findings.find((f) => f.id === 'client-unknown-host')!;
}

const db = [deployment('orders-db', 'shop', { ports: [{ name: 'pg', containerPort: 5432 }] }), service('orders-db', 'shop', { app: 'orders-db' }, [{ port: 5432, targetPort: 'pg' }])];

describe('client-unknown-host: an error only where the set proves it', () => {
  const client = (host: string, namespace = 'shop'): Obj => deployment('api', namespace, { env: [{ name: 'DB_HOST', value: host }] });

  test('a host no Service of the set comes near is a warning: it may be optional or deployed elsewhere', () => {
    const result = checkManifests([...db, client('payments')]);
    expect(ids(result.findings, 'client-')).toEqual(['client-unknown-host warning Deployment/api']);
    expect(hostFinding(result.findings).message).toContain('fine if it is deployed separately');
  });

  test('fails on a typo of a Service of the set, with "did you mean"', () => {
    const result = checkManifests([...db, client('orders-bd')]);
    expect(ids(result.findings, 'client-')).toEqual(['client-unknown-host error Deployment/api']);
    expect(hostFinding(result.findings).fix).toContain('Did you mean "orders-db"?');
  });

  test('fails on the Service name of another namespace of the set, naming it with its namespace', () => {
    const result = checkManifests([...db, client('orders-db', 'web')]);
    expect(ids(result.findings, 'client-')).toEqual(['client-unknown-host error Deployment/api']);
    expect(hostFinding(result.findings).fix).toContain('Did you mean "orders-db.shop"?');
  });

  test('<svc>.<ns>.svc.cluster.local of a namespace the set does not hold is not a finding', () => {
    expect(ids(checkManifests([...db, client('billing.finance.svc.cluster.local')]).findings, 'client-')).toEqual([]);
    expect(ids(checkManifests([...db, client('billing.finance')]).findings, 'client-')).toEqual([]);
  });

  test('fails on a namespace typo in <svc>.<ns>.svc.cluster.local when the Service exists in the right one', () => {
    const result = checkManifests([...db, client('orders-db.shpo.svc.cluster.local', 'web')]);
    expect(ids(result.findings, 'client-')).toEqual(['client-unknown-host error Deployment/api']);
    expect(hostFinding(result.findings).fix).toContain('Did you mean "orders-db.shop"?');
  });
});

test('a workload that loads a shared ConfigMap naming its own Service is not a client of it', () => {
  const shared = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'endpoints', namespace: 'shop' }, data: { ORDERS_DB_HOST: 'orders-db', API_HOST: 'api' } };
  const server = deployment('orders-db', 'shop', { ports: [{ name: 'pg', containerPort: 5432 }], envFrom: [{ configMapRef: { name: 'endpoints' } }] });
  const result = checkManifests([shared, server, db[1], deployment('api', 'shop', { envFrom: [{ configMapRef: { name: 'endpoints' } }], ports: [{ containerPort: 80 }] }),
    service('api', 'shop', { app: 'api' }, [{ port: 80 }])]);
  expect(ids(result.findings, 'service-')).toEqual([]);
  expect(ids(result.findings, 'client-')).toEqual([]);
});

describe('env-literal-secret', () => {
  test('lifetimes, sizes and numbers named like tokens are not secrets', () => {
    const result = checkManifests([deployment('api', 'shop', { env: [
      { name: 'TOKEN_EXPIRY_SECONDS', value: '3600' }, { name: 'SESSION_SECRET_MAX_AGE', value: '24h' }, { name: 'API_KEY_HEADER', value: 'X-Api-Key' },
      { name: 'REFRESH_TOKEN_TTL', value: '7d' }, { name: 'PASSWORD_MIN_LENGTH', value: '12' }, { name: 'JWT_SECRET', value: 'hunter2hunter2' },
    ] })]);
    expect(result.findings.filter((f) => f.id === 'env-literal-secret').map((f) => f.path)).toEqual(['spec.template.spec.containers[0].env[5].value']);
  });

  test('fails on a password in a ConfigMap, pointing at its key', () => {
    const result = checkManifests([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app', namespace: 'shop' },
      data: { DB_PASSWORD: 'hunter2', DB_URL: 'postgres://app:hunter2@orders-db:5432/app', LOG_LEVEL: 'info', 'app.conf': 'password = x\n' } }]);
    expect(result.findings.filter((f) => f.id === 'env-literal-secret').map((f) => `${f.kind} ${f.path}`)).toEqual(['ConfigMap data.DB_PASSWORD', 'ConfigMap data.DB_URL']);
  });
});

describe('client-wrong-port', () => {
  test('fails on *_HOSTNAME with a wrong *_PORT, pointing at the _PORT variable', () => {
    const result = checkManifests([...db, deployment('api', 'shop', { env: [{ name: 'DB_HOSTNAME', value: 'orders-db' }, { name: 'DB_PORT', value: '3306' }] })]);
    const wrong = result.findings.filter((f) => f.id === 'client-wrong-port');
    expect(wrong.map((f) => f.path)).toEqual(['spec.template.spec.containers[0].env[1]']);
    expect(wrong[0].message).toMatch(/^env DB_PORT dials port 3306 on Service shop\/orders-db \(the host is in DB_HOSTNAME\), which serves 5432/);
    expect(wrong[0].fix).toBe('Set DB_PORT to 5432, or add port 3306 to the Service.');
  });

  test('HOSTNAME alone is the pod\'s own name, not a client', () => {
    expect(checkManifests([...db, deployment('api', 'shop', { env: [{ name: 'HOSTNAME', value: 'orders' }] })]).findings.filter((f) => f.id.startsWith('client-'))).toEqual([]);
  });

  test('a headless Service: clients dial the pods\' ports, and that is not a wrong port', () => {
    const headless = service('orders-db', 'shop', { app: 'orders-db' }, [{ name: 'pg', port: 15432, targetPort: 'pg' }], { clusterIP: 'None' });
    const ok = checkManifests([db[0], headless, deployment('api', 'shop', { env: [{ name: 'DB_HOST', value: 'orders-db' }, { name: 'DB_PORT', value: '5432' }] })]);
    expect(ok.findings.filter((f) => f.id === 'client-wrong-port')).toEqual([]);
    const wrong = checkManifests([db[0], headless, deployment('api', 'shop', { env: [{ name: 'DB_HOST', value: 'orders-db' }, { name: 'DB_PORT', value: '3306' }] })]);
    expect(wrong.findings.filter((f) => f.id === 'client-wrong-port').map((f) => f.message)).toEqual([expect.stringContaining('a headless Service')]);
  });
});

describe('capability names are case-sensitive, as Pod Security admission compares them', () => {
  const withCaps = (caps: Obj): Obj => deployment('api', 'shop', { container: { securityContext: {
    allowPrivilegeEscalation: false, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, capabilities: caps } } });

  test('fails on drop: [all] (restricted) and add: [chown] (baseline)', () => {
    const result = checkManifests([withCaps({ drop: ['all'], add: ['chown'] })]);
    const restricted = result.findings.filter((f) => f.id === 'pss-restricted');
    expect(restricted).toHaveLength(1);
    expect(restricted[0].message).toContain('it drops "all": capability names are case-sensitive');
    const baseline = result.findings.filter((f) => f.id === 'pss-baseline');
    expect(baseline.map((f) => f.fix)).toEqual(['Capability names are case-sensitive and without CAP_: write CHOWN.']);
  });

  test('drop: [ALL] with add: [NET_BIND_SERVICE] passes both', () => {
    expect(checkManifests([withCaps({ drop: ['ALL'], add: ['NET_BIND_SERVICE'] })]).findings.filter((f) => f.id.startsWith('pss-'))).toEqual([]);
  });
});

test('pss-restricted: one finding per container, listing everything it lacks', () => {
  const result = checkManifests([deployment('api', 'shop')]);
  const restricted = result.findings.filter((f) => f.id === 'pss-restricted');
  expect(restricted.map((f) => f.path)).toEqual(['spec.template.spec.containers[0].securityContext']);
  expect(restricted[0].message).toBe('container "api" lacks what the restricted profile requires: allowPrivilegeEscalation: false; runAsNonRoot: true '
    + '(on the pod or the container); seccompProfile RuntimeDefault or Localhost (on the pod or the container); capabilities.drop [ALL]');
});

test('pods that declare no ports: one warning per workload, not one per Service port and probe', () => {
  const web = deployment('web', 'shop', { container: {
    livenessProbe: { httpGet: { path: '/', port: 8080 } }, readinessProbe: { httpGet: { path: '/', port: 8080 } } } });
  const result = checkManifests([web, service('web', 'shop', { app: 'web' }, [{ name: 'http', port: 80, targetPort: 8080 }, { name: 'metrics', port: 9090 }]),
    service('web-metrics', 'shop', { app: 'web' }, [{ port: 9090 }])]);
  expect(ids(result.findings, 'service-target-port').concat(ids(result.findings, 'probe-port'))).toEqual(['service-target-port warning Service/web']);
  expect(result.findings.find((f) => f.id === 'service-target-port')!.message).toBe(
    'the pods it selects (Deployment shop/web) declare no ports, so targetPort 8080, 9090 cannot be checked');
});

test('netpol-blocks-client names the policy that blocks and the rule to add', () => {
  const policy = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'db-ingress', namespace: 'shop' },
    spec: { podSelector: { matchLabels: { app: 'orders-db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'admin' } } }] }] } };
  const result = checkManifests([...db, policy, deployment('api', 'shop', { env: [{ name: 'DB_HOST', value: 'orders-db:5432' }] })]);
  const blocked = result.findings.filter((f) => f.id === 'netpol-blocks-client');
  expect(blocked).toHaveLength(1);
  expect(blocked[0].message).toContain('limited by NetworkPolicy shop/db-ingress, which admits no traffic from this pod on 5432/TCP');
  expect(blocked[0].fix).toBe('Add to NetworkPolicy shop/db-ingress the ingress rule {from: [{podSelector: {matchLabels: {app: api}}}], '
    + "ports: [{port: 5432, protocol: TCP}]} (policy ports are the pods' ports, not the Service port).");
});

test('service-no-pods on a one-label selector suggests the nearest value', () => {
  const result = checkManifests([deployment('web', 'shop'), deployment('api', 'shop'), deployment('cart', 'shop'), deployment('orders', 'shop'),
    service('orders', 'shop', { app: 'ordres' }, [{ port: 80 }])]);
  const none = result.findings.filter((f) => f.id === 'service-no-pods');
  expect(none.map((f) => f.fix)).toEqual(['Did you mean app=orders? Deployment shop/orders carries it: set spec.selector to it.']);
});
