// The wiring checks' findings, word for word: which object, which field, the message and the fix each rule gives, so
// that a hint naming the wrong label, port, policy or namespace fails a test (a substring would match `app=mysql` in
// `app=mysql-connectivity-check`).
import { checkManifests } from '../lib/check';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = any;

const deployment = (name: string, namespace: string, labels: Record<string, string>, container: Obj = {}): Obj => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace },
  spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name, image: 'example/app:1.0.0', ...container }] } } },
});
const service = (name: string, namespace: string, spec: Obj): Obj => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec });
const pod = (name: string, namespace: string, labels: Record<string, string>, env: Record<string, string>): Obj => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, labels },
  spec: { containers: [{ name, image: 'example/app:1.0.0', env: Object.entries(env).map(([k, v]) => ({ name: k, value: v })) }] },
});
const policy = (name: string, namespace: string, spec: Obj): Obj => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec });
const ns = (name: string): Obj => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
const db = deployment('db', 'data', { app: 'db' }, { ports: [{ name: 'pg', containerPort: 5432 }] });
const dbSvc = service('db', 'data', { selector: { app: 'db' }, ports: [{ port: 15432, targetPort: 'pg' }] });
const dnsOk = [{ port: 53, protocol: 'UDP' }, { port: 53 }];

/** [id, severity, kind/namespace/name, path, message, fix] of the findings of `ids`. */
function found(objects: Obj[], ids: string[]): string[][] {
  return checkManifests(objects).findings.filter((f) => ids.includes(f.id))
    .map((f) => [f.id, f.severity, `${f.kind}/${f.namespace}/${f.name}`, f.path ?? '', f.message, f.fix]);
}

const POLICY = ['netpol-blocks-client', 'netpol-blocks-dns'];
const SERVICE = ['service-no-pods', 'service-target-port', 'service-unintended-pods', 'netpol-selects-no-pods'];
const CLIENT = ['client-unknown-host', 'client-wrong-port'];
/** service-unintended-pods on Service data/db, whose selector also selects its client, Pod data/c. */
const CLIENT_C_SELECTED = ['service-unintended-pods', 'error', 'Service/data/db', 'spec.selector',
  'selector also selects Pod data/c, which is a client of this Service: connections can land on the client itself',
  "Add a label to the selector that only the server pods carry (for example app.kubernetes.io/component), or change the client's labels."];

const SAME_PORTS = " (policy ports are the pods' ports, not the Service port).";
const POINT = (env: string): string => `Point ${env} at an existing Service (<service>, <service>.<namespace> or <service>.<namespace>.svc.cluster.local), or add the Service.`;
const DNS_FIX = 'Add an egress rule to namespace kube-system (namespaceSelector kubernetes.io/metadata.name: kube-system, podSelector k8s-app: kube-dns) '
  + 'on port 53 with protocol UDP and port 53 with protocol TCP.';

test.each<[string, Obj[], string[], string[][]]>([
  ['netpol-blocks-client: ingress from another namespace, the client named by its recommended name label', [ns('data'), ns('shop'), db, dbSvc,
    policy('deny', 'data', { podSelector: {}, policyTypes: ['Ingress'] }),
    pod('api', 'shop', { 'app.kubernetes.io/name': 'api', 'app': 'x', 'tier': 'web' }, { DB_HOST: 'db.data', DB_PORT: '15432' })], POLICY, [
    ['netpol-blocks-client', 'error', 'Pod/shop/api', 'metadata.labels',
      'DB_HOST=db.data cannot reach Service data/db: ingress of Deployment data/db is limited by NetworkPolicy data/deny, which admits no traffic from this pod on 5432/TCP',
      'Add to NetworkPolicy data/deny the ingress rule {from: [{podSelector: {matchLabels: {app.kubernetes.io/name: api}}, '
        + 'namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shop}}}], ports: [{port: 5432, protocol: TCP}]}' + SAME_PORTS],
  ]],
  ['netpol-blocks-client: egress in the same namespace, the server named by its only label', [ns('data'),
    deployment('db', 'data', { role: 'db' }, { ports: [{ name: 'pg', containerPort: 5432 }] }), service('db', 'data', { selector: { role: 'db' }, ports: [{ port: 15432, targetPort: 'pg' }] }),
    policy('eg', 'data', { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Egress'], egress: [{ ports: dnsOk }] }),
    pod('api', 'data', { app: 'api', tier: 'web' }, { DB_HOST: 'db', DB_PORT: '15432' })], POLICY, [
    ['netpol-blocks-client', 'error', 'Pod/data/api', 'metadata.labels',
      'DB_HOST=db cannot reach Service data/db: egress of this pod is limited by NetworkPolicy data/eg, which allows nothing to Deployment data/db on 5432/TCP',
      'Add to NetworkPolicy data/eg the egress rule {to: [{podSelector: {matchLabels: {role: db}}}], ports: [{port: 5432, protocol: TCP}]}' + SAME_PORTS],
  ]],
  ['netpol-blocks-client: both ends, across namespaces; a client without labels; the server by its component label', [ns('data'), ns('shop'),
    deployment('db', 'data', { 'app.kubernetes.io/component': 'db', 'x': 'y' }, { ports: [{ name: 'pg', containerPort: 5432 }] }),
    service('db', 'data', { selector: { 'app.kubernetes.io/component': 'db' }, ports: [{ port: 15432, targetPort: 'pg' }] }),
    policy('eg', 'shop', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: dnsOk }] }), policy('in', 'data', { podSelector: {}, policyTypes: ['Ingress'] }),
    pod('api', 'shop', {}, { DB_HOST: 'db.data', DB_PORT: '15432' })], POLICY, [
    ['netpol-blocks-client', 'error', 'Pod/shop/api', 'metadata.labels',
      'DB_HOST=db.data cannot reach Service data/db: ingress of Deployment data/db is limited by NetworkPolicy data/in, which admits no traffic from this pod on 5432/TCP; '
        + 'egress of this pod is limited by NetworkPolicy shop/eg, which allows nothing to Deployment data/db on 5432/TCP',
      'Label this pod (app.kubernetes.io/name: api), so that a policy can name it without naming every pod of its namespace; '
        + 'and add to NetworkPolicy data/in the ingress rule {from: [{podSelector: {matchLabels: {app.kubernetes.io/name: api}}, namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shop}}}], '
        + 'ports: [{port: 5432, protocol: TCP}]}; and add to NetworkPolicy shop/eg the egress rule {to: [{podSelector: {matchLabels: {app.kubernetes.io/component: db}}, '
        + 'namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: data}}}], ports: [{port: 5432, protocol: TCP}]}' + SAME_PORTS],
  ]],
  ['netpol-blocks-dns: UDP blocked (TCP allowed) is an error, reported once per pod', [db, dbSvc,
    policy('eg', 'data', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 5432 }, { port: 53 }] }] }),
    pod('api', 'data', { app: 'api' }, { DB_HOST: 'db', DB_PORT: '15432', CACHE_HOST: 'db' })], POLICY, [
    ['netpol-blocks-dns', 'error', 'Pod/data/api', 'metadata.labels', 'egress NetworkPolicies (eg) select this pod and allow no DNS on UDP 53: "db" cannot be resolved', DNS_FIX],
  ]],
  ['netpol-blocks-dns: both protocols blocked by two policies', [db, dbSvc,
    policy('eg', 'data', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 5432 }] }] }), policy('eg2', 'data', { podSelector: {}, policyTypes: ['Egress'] }),
    pod('api', 'data', { app: 'api' }, { DB_HOST: 'db', DB_PORT: '15432' })], POLICY, [
    ['netpol-blocks-dns', 'error', 'Pod/data/api', 'metadata.labels', 'egress NetworkPolicies (eg, eg2) select this pod and allow no DNS on UDP 53 and TCP 53: "db" cannot be resolved', DNS_FIX],
  ]],
  ['service-no-pods: the pods are in another namespace', [db, service('db', 'shop', { selector: { app: 'db' }, ports: [{ port: 5432 }] })], SERVICE, [
    ['service-no-pods', 'error', 'Service/shop/db', 'spec.selector', 'selector app=db matches no pod template in namespace "shop"',
      'A Service selects pods of its own namespace only, and Deployment data/db matches: put the Service in namespace "data".'],
  ]],
  ['service-no-pods: a label value one typo away', [db, service('db2', 'data', { selector: { app: 'bd' }, ports: [{ port: 5432 }] })], SERVICE, [
    ['service-no-pods', 'error', 'Service/data/db2', 'spec.selector', 'selector app=bd matches no pod template in namespace "data"',
      'Did you mean app=db? Deployment data/db carries it: set spec.selector to it.'],
  ]],
  ['service-no-pods: the pod that carries most of the selector, and what differs', [deployment('db', 'data', { app: 'db', tier: 'x' }, { ports: [{ containerPort: 5432 }] }),
    service('db2', 'data', { selector: { app: 'db', tier: 'y' }, ports: [{ port: 5432 }] })], SERVICE, [
    ['service-no-pods', 'error', 'Service/data/db2', 'spec.selector', 'selector app=db,tier=y matches no pod template in namespace "data"',
      'Set spec.selector to labels the pods carry: Deployment data/db has tier=x, not y.'],
  ]],
  ['service-no-pods: nothing near, the first three pods of the namespace, not those of another', [deployment('web', 'data', { role: 'web', tier: 'front' }), deployment('x', 'shop', { k: 'x' }), deployment('a', 'data', { k: 'a' }),
    deployment('b', 'data', { k: 'b' }), deployment('c', 'data', { k: 'c' }), service('db2', 'data', { selector: { app: 'zzzzzz' }, ports: [{ port: 5432 }] })], SERVICE, [
    ['service-no-pods', 'error', 'Service/data/db2', 'spec.selector', 'selector app=zzzzzz matches no pod template in namespace "data"',
      'Set spec.selector to the labels of the pod template of the workload this Service fronts, in the same namespace '
        + '(pods in data: Deployment data/web has role=web,tier=front; Deployment data/a has k=a; Deployment data/b has k=b).'],
  ]],
  ['service-no-pods: no pod in the namespace', [service('db2', 'data', { selector: { app: 'zzzzzz' }, ports: [{ port: 5432 }] })], SERVICE, [
    ['service-no-pods', 'error', 'Service/data/db2', 'spec.selector', 'selector app=zzzzzz matches no pod template in namespace "data"',
      'Set spec.selector to the labels of the pod template of the workload this Service fronts, in the same namespace.'],
  ]],
  ['service-target-port: a name and a number the pods do not expose, the protocol compared', [db,
    service('db', 'data', { selector: { app: 'db' }, ports: [{ port: 1, targetPort: 'pgx' }, { port: 2, targetPort: 5433, protocol: 'UDP' }, { port: 5432 }] })], SERVICE, [
    ['service-target-port', 'error', 'Service/data/db', 'spec.ports[0].targetPort', 'targetPort "pgx" is exposed by no selected container (Deployment data/db: 5432 (pg))',
      'Set targetPort to one of 5432 (pg), or declare the port on the container.'],
    ['service-target-port', 'error', 'Service/data/db', 'spec.ports[1].targetPort', 'targetPort 5433/"UDP" is exposed by no selected container (Deployment data/db: 5432 (pg))',
      'Set targetPort to one of 5432 (pg), or declare the port on the container.'],
  ]],
  ['service-target-port: pods that declare no ports, once per pod', [deployment('db', 'data', { app: 'db' }),
    service('db', 'data', { selector: { app: 'db' }, ports: [{ port: 1, targetPort: 5433 }, { port: 2 }] }), service('db2', 'data', { selector: { app: 'db' }, ports: [{ port: 1, targetPort: 5433 }] })],
  SERVICE, [
    ['service-target-port', 'warning', 'Service/data/db', 'spec.ports[0].targetPort', 'the pods it selects (Deployment data/db) declare no ports, so targetPort 5433, 2 cannot be checked',
      'Declare the port on the container (name and containerPort) and target it by name.'],
  ]],
  ['service-target-port: a port name on pods that declare no ports', [deployment('db', 'data', { app: 'db' }),
    service('db', 'data', { selector: { app: 'db' }, ports: [{ port: 1, targetPort: 'pg' }] })], SERVICE, [
    ['service-target-port', 'error', 'Service/data/db', 'spec.ports[0].targetPort', 'targetPort "pg" is exposed by no selected container (Deployment data/db: no ports declared)',
      'Declare the port on the container (name and containerPort) and target it by name.'],
  ]],
  ['service-unintended-pods: a pod without the port, a client of the Service, two serving workloads', [db,
    deployment('db2', 'data', { app: 'db' }, { ports: [{ name: 'pg', containerPort: 5432 }] }), deployment('w', 'data', { app: 'db' }, { ports: [{ containerPort: 80 }] }),
    pod('c', 'data', { app: 'db' }, { DB_HOST: 'db' }), dbSvc], SERVICE, [
    ['service-unintended-pods', 'error', 'Service/data/db', 'spec.selector',
      "selector also selects Deployment data/w, which exposes none of the Service's target ports: connections routed there fail",
      'Narrow the selector with a label only the intended pods carry.'],
    CLIENT_C_SELECTED,
    ['service-unintended-pods', 'warning', 'Service/data/db', 'spec.selector',
      'selector matches pods of 2 workloads (Deployment data/db, Deployment data/db2): traffic is spread over all of them',
      'Narrow the selector to one workload (e.g. add a role or component label); waive with a reason if spreading is intended (canary).'],
  ]],
  ['service-unintended-pods: with no pod exposing the port, only the client is unintended', [deployment('w', 'data', { app: 'db' }),
    pod('c', 'data', { app: 'db' }, { DB_HOST: 'db' }), dbSvc], SERVICE, [
    CLIENT_C_SELECTED,
    ['service-target-port', 'error', 'Service/data/db', 'spec.ports[0].targetPort',
      'targetPort "pg" is exposed by no selected container (Deployment data/w, Pod data/c: no ports declared)',
      'Declare the port on the container (name and containerPort) and target it by name.'],
  ]],
  ['netpol-selects-no-pods: a label value one typo away', [db, policy('p', 'data', { podSelector: { matchLabels: { app: 'bd' } } })], SERVICE, [
    ['netpol-selects-no-pods', 'warning', 'NetworkPolicy/data/p', 'spec.podSelector', 'podSelector app=bd selects no pod of namespace "data": the policy applies to nothing',
      'Did you mean app=db? Deployment data/db carries it.'],
  ]],
  ['netpol-selects-no-pods: labels and expressions; an empty selector selects all; a namespace without pods is not judged', [db,
    deployment('a', 'data', { k: 'a' }), deployment('b', 'data', { k: 'b' }), deployment('c', 'data', { k: 'c' }),
    policy('p', 'data', { podSelector: { matchLabels: { app: 'zzzzzz' }, matchExpressions: [{ key: 'x', operator: 'Exists' }] } }),
    policy('q', 'data', { podSelector: { matchExpressions: [{ key: 'x', operator: 'Exists' }] } }), policy('r', 'data', { podSelector: {} }),
    policy('s', 'empty', { podSelector: { matchLabels: { a: 'b' } } })], SERVICE, [
    ['netpol-selects-no-pods', 'warning', 'NetworkPolicy/data/p', 'spec.podSelector',
      'podSelector app=zzzzzz,x Exists selects no pod of namespace "data": the policy applies to nothing',
      'Set spec.podSelector to the labels of the pods to protect (pods in data: Deployment data/db, Deployment data/a, Deployment data/b).'],
    ['netpol-selects-no-pods', 'warning', 'NetworkPolicy/data/q', 'spec.podSelector', 'podSelector x Exists selects no pod of namespace "data": the policy applies to nothing',
      'Set spec.podSelector to the labels of the pods to protect (pods in data: Deployment data/db, Deployment data/a, Deployment data/b).'],
  ]],
  ['client-unknown-host: near names (a typo, the same name in another namespace) are errors; a name with nothing near is a warning; an outside host is skipped',
    [ns('data'), ns('shop'), db, dbSvc, service('cache', 'shop', { selector: { app: 'c' }, ports: [{ port: 1 }] }),
      pod('api', 'shop', { app: 'api' }, { DB_HOST: 'dbx.data', X_HOST: 'db', Y_HOST: 'cach', Z_HOST: 'queue', W_HOST: 'db.elsewhere', V_HOST: 'db.elsewhere.svc.cluster.local' })],
    CLIENT, [
      ['client-unknown-host', 'error', 'Pod/shop/api', 'spec.containers[0].env[0]', 'env DB_HOST points at "dbx.data", but the set has no Service "dbx" in namespace "data"',
        `${POINT('DB_HOST')} Did you mean "db.data"?`],
      ['client-unknown-host', 'error', 'Pod/shop/api', 'spec.containers[0].env[1]', 'env X_HOST points at "db", but the set has no Service "db" in namespace "shop"',
        `${POINT('X_HOST')} Did you mean "db.data"?`],
      ['client-unknown-host', 'error', 'Pod/shop/api', 'spec.containers[0].env[2]', 'env Y_HOST points at "cach", but the set has no Service "cach" in namespace "shop"',
        `${POINT('Y_HOST')} Did you mean "cache"?`],
      ['client-unknown-host', 'error', 'Pod/shop/api', 'spec.containers[0].env[5]',
        'env V_HOST points at "db.elsewhere.svc.cluster.local", but the set has no Service "db" in namespace "elsewhere"', `${POINT('V_HOST')} Did you mean "db.data"?`],
      ['client-unknown-host', 'warning', 'Pod/shop/api', 'spec.containers[0].env[3]',
        'env Z_HOST points at "queue", but the set has no Service "queue" in namespace "shop" (fine if it is deployed separately)', POINT('Z_HOST')],
    ]],
  ['client-wrong-port: the targetPort instead of the port (which one of two pods declares), a URL, a headless Service, a Service without ports', [db,
    deployment('w', 'data', { app: 'db' }), dbSvc,
    service('h', 'data', { clusterIP: 'None', selector: { app: 'db' }, ports: [{ port: 15432, targetPort: 5432 }] }), service('e', 'data', { selector: { app: 'db' }, ports: [] }),
    pod('api', 'data', { app: 'api' }, { DB_HOST: 'db', DB_PORT: '5432', DB_URL: 'postgres://db:5433/x', H_HOST: 'h', H_PORT: '15432', E_HOST: 'e', E_PORT: '1' })], CLIENT, [
    ['client-wrong-port', 'error', 'Pod/data/api', 'spec.containers[0].env[1]',
      "env DB_PORT dials port 5432 on Service data/db (the host is in DB_HOST), which serves 15432 (5432 is the pods' targetPort, not the Service port)",
      'Set DB_PORT to 15432, or add port 5432 to the Service.'],
    ['client-wrong-port', 'error', 'Pod/data/api', 'spec.containers[0].env[2]', 'env DB_URL dials port 5433 on Service data/db, which serves 15432',
      'Use port 15432 in DB_URL, or add port 5433 to the Service.'],
    ['client-wrong-port', 'error', 'Pod/data/api', 'spec.containers[0].env[4]',
      'env H_PORT dials port 15432 on Service data/h (the host is in H_HOST), a headless Service (clusterIP: None): its name resolves to the pods, which listen on 5432 '
        + '(a headless Service does not translate port 15432 to targetPort 5432)',
      'Set H_PORT to 5432: the port the pods listen on.'],
    ['client-wrong-port', 'error', 'Pod/data/api', 'spec.containers[0].env[6]', 'env E_PORT dials port 1 on Service data/e (the host is in E_HOST), which serves no port',
      'Set E_PORT to a port of the Service, or add port 1 to the Service.'],
  ]],
  ['client-unknown-host: two near names; a typo of a name of another namespace is not near', [ns('data'), ns('shop'), db, dbSvc,
    service('dc', 'shop', { selector: { app: 'c' }, ports: [{ port: 1 }] }), pod('api', 'shop', { app: 'api' }, { X_HOST: 'db', Y_HOST: 'dbb' })], ['client-unknown-host'], [
    ['client-unknown-host', 'error', 'Pod/shop/api', 'spec.containers[0].env[0]', 'env X_HOST points at "db", but the set has no Service "db" in namespace "shop"',
      `${POINT('X_HOST')} Did you mean "db.data" or "dc"?`],
    ['client-unknown-host', 'warning', 'Pod/shop/api', 'spec.containers[0].env[1]',
      'env Y_HOST points at "dbb", but the set has no Service "dbb" in namespace "shop" (fine if it is deployed separately)', POINT('Y_HOST')],
  ]],
  ['client-wrong-port: pods that listen on two ports behind a headless Service; not judged: a host without a port, an ExternalName Service', [
    deployment('m', 'data', { app: 'm' }, { ports: [{ name: 'mysql', containerPort: 3306 }, { name: 'metrics', containerPort: 9104 }] }),
    service('h', 'data', { clusterIP: 'None', selector: { app: 'm' }, ports: [null, { port: 3306 }] }),
    service('x', 'data', { type: 'ExternalName', externalName: 'db.example.com' }),
    pod('api', 'data', { app: 'api' }, { H_HOST: 'h', H_PORT: '9999', N_HOST: 'h', X_HOST: 'x', X_PORT: '443' })], CLIENT, [
    ['client-wrong-port', 'error', 'Pod/data/api', 'spec.containers[0].env[1]',
      'env H_PORT dials port 9999 on Service data/h (the host is in H_HOST), a headless Service (clusterIP: None): its name resolves to the pods, which listen on 3306, 9104',
      'Set H_PORT to 3306 or 9104: the port the pods listen on.'],
  ]],
  ['client-wrong-port: the targetPort of pods that declare no ports; a Service without a selector', [deployment('np', 'data', { app: 'np' }),
    service('two', 'data', { selector: { app: 'np' }, ports: [{ port: 15432, targetPort: 5432 }, null, { port: 9187 }] }), service('nosel', 'data', { ports: [{ port: 3306 }] }),
    pod('api', 'data', { app: 'api' }, { TWO_HOST: 'two', TWO_PORT: '5432', NOSEL_HOST: 'nosel', NOSEL_PORT: '3307' })], CLIENT, [
    ['client-wrong-port', 'error', 'Pod/data/api', 'spec.containers[0].env[1]',
      "env TWO_PORT dials port 5432 on Service data/two (the host is in TWO_HOST), which serves 15432, 9187 (5432 is the pods' targetPort, not the Service port)",
      'Set TWO_PORT to 15432 or 9187, or add port 5432 to the Service.'],
    ['client-wrong-port', 'error', 'Pod/data/api', 'spec.containers[0].env[3]', 'env NOSEL_PORT dials port 3307 on Service data/nosel (the host is in NOSEL_HOST), which serves 3306',
      'Set NOSEL_PORT to 3306, or add port 3307 to the Service.'],
  ]],
  ['service-no-pods: the pods of two other namespaces match', [db, deployment('db', 'stage', { app: 'db' }), service('db', 'shop', { selector: { app: 'db' }, ports: [{ port: 5432 }] })],
    ['service-no-pods'], [
      ['service-no-pods', 'error', 'Service/shop/db', 'spec.selector', 'selector app=db matches no pod template in namespace "shop"',
        'A Service selects pods of its own namespace only, and Deployment data/db, Deployment stage/db match: put the Service in namespace "data".'],
    ]],
  ['service-no-pods: the pod that carries most of the selector is not the first; two labels differ', [deployment('web', 'data', { app: 'web' }),
    deployment('db', 'data', { app: 'db', tier: 'x', zone: 'a' }), deployment('o', 'data', { k: 'o' }),
    service('db2', 'data', { selector: { app: 'db', tier: 'y', zone: 'b' }, ports: [{ port: 5432 }] })], ['service-no-pods'], [
    ['service-no-pods', 'error', 'Service/data/db2', 'spec.selector', 'selector app=db,tier=y,zone=b matches no pod template in namespace "data"',
      'Set spec.selector to labels the pods carry: Deployment data/db has tier=x, not y; zone=a, not b.'],
  ]],
  ['service-target-port: the ports the pods declare, unnamed, UDP, an explicit TCP target; not judged: a Service that selects nothing, a Service without ports', [
    deployment('m', 'data', { app: 'm' }, { ports: [{ containerPort: 9187 }, { name: 'dns', containerPort: 53, protocol: 'UDP' }] }),
    deployment('np', 'data', { app: 'np' }),
    service('m', 'data', { selector: { app: 'm' }, ports: [{ port: 1, targetPort: 5432, protocol: 'TCP' }] }),
    service('none', 'data', { selector: { app: 'none' }, ports: [{ port: 1, targetPort: 'pg' }] }), service('np', 'data', { selector: { app: 'np' }, ports: [] })],
  ['service-target-port'], [
    ['service-target-port', 'error', 'Service/data/m', 'spec.ports[0].targetPort', 'targetPort 5432 is exposed by no selected container (Deployment data/m: 9187, 53 (dns)/UDP)',
      'Set targetPort to one of 9187, 53 (dns)/UDP, or declare the port on the container.'],
  ]],
  ['service-target-port: two workloads that declare no ports, in one warning', [deployment('a', 'data', { app: 'db' }), deployment('b', 'data', { app: 'db' }),
    service('db', 'data', { selector: { app: 'db' }, ports: [{ port: 1, targetPort: 5433 }] })], ['service-target-port'], [
    ['service-target-port', 'warning', 'Service/data/db', 'spec.ports[0].targetPort',
      'the pods it selects (Deployment data/a, Deployment data/b) declare no ports, so targetPort 5433 cannot be checked',
      'Declare the port on the container (name and containerPort) and target it by name.'],
  ]],
  ['netpol-blocks-client: two policies on each side; the client named by its app label, a server without a name label by all its labels', [
    deployment('db', 'data', { role: 'db', tier: 'x' }, { ports: [{ name: 'pg', containerPort: 5432 }] }),
    service('db', 'data', { selector: { role: 'db' }, ports: [{ port: 15432, targetPort: 'pg' }] }),
    policy('in1', 'data', { podSelector: {}, policyTypes: ['Ingress'] }), policy('in2', 'data', { podSelector: { matchLabels: { role: 'db' } }, policyTypes: ['Ingress'] }),
    policy('eg1', 'data', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: dnsOk }] }),
    policy('eg2', 'data', { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Egress'], egress: [{ ports: dnsOk }] }),
    pod('api', 'data', { app: 'api', tier: 'web' }, { DB_HOST: 'db', DB_PORT: '15432' })], POLICY, [
    ['netpol-blocks-client', 'error', 'Pod/data/api', 'metadata.labels',
      'DB_HOST=db cannot reach Service data/db: ingress of Deployment data/db is limited by NetworkPolicy data/in1, data/in2, which admits no traffic from this pod on 5432/TCP; '
        + 'egress of this pod is limited by NetworkPolicy data/eg1, data/eg2, which allows nothing to Deployment data/db on 5432/TCP',
      'Add to NetworkPolicy data/in1 the ingress rule {from: [{podSelector: {matchLabels: {app: api}}}], ports: [{port: 5432, protocol: TCP}]}; '
        + 'and add to NetworkPolicy data/eg1 the egress rule {to: [{podSelector: {matchLabels: {role: db, tier: x}}}], ports: [{port: 5432, protocol: TCP}]}' + SAME_PORTS],
  ]],
  ['netpol-blocks-dns: only TCP blocked (UDP allowed) is a warning', [db, dbSvc,
    policy('eg', 'data', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 5432 }, { port: 53, protocol: 'UDP' }] }] }),
    pod('api', 'data', { app: 'api' }, { DB_HOST: 'db', DB_PORT: '15432' })], POLICY, [
    ['netpol-blocks-dns', 'warning', 'Pod/data/api', 'metadata.labels', 'egress NetworkPolicies (eg) select this pod and allow no DNS on TCP 53: "db" cannot be resolved', DNS_FIX],
  ]],
  ['netpol-selects-no-pods: a policy without a podSelector selects every pod; a label value that is not a string has no near match', [db,
    policy('all', 'data', { policyTypes: ['Ingress'] }), policy('n', 'data', { podSelector: { matchLabels: { app: 5 } } })], ['netpol-selects-no-pods'], [
    ['netpol-selects-no-pods', 'warning', 'NetworkPolicy/data/n', 'spec.podSelector', 'podSelector app=5 selects no pod of namespace "data": the policy applies to nothing',
      'Set spec.podSelector to the labels of the pods to protect (pods in data: Deployment data/db).'],
  ]],
])('%s', (_name, objects, ids, expected) => {
  expect(found(objects, ids)).toEqual(expected);
});

/** A Secret key reference, as an env entry's value. */
const fromSecret = (name: string, key = 'password'): Obj => ({ valueFrom: { secretKeyRef: { name, key } } });
const mysqlServer = (env: Obj[], spec: Obj = {}): Obj => {
  const d = deployment('mysql', 'shop', { app: 'mysql' }, { ports: [{ name: 'mysql', containerPort: 3306 }], env });
  Object.assign(d.spec.template.spec, spec);
  return d;
};
const mysqlSvc = service('mysql', 'shop', { selector: { app: 'mysql' }, ports: [{ port: 3306, targetPort: 'mysql' }] });
const appPod = (env: Obj[], before: Obj[] = []): Obj => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'api', namespace: 'shop', labels: { app: 'api' } },
  spec: { containers: [...before, { name: 'api', image: 'example/app:1.0.0', env }] },
});
const SHOP_SERVER = mysqlServer([{ name: 'MYSQL_APP_PASSWORD_shop', ...fromSecret('shop-db') }]);
/** The client-wrong-secret finding on Pod shop/api: the password env and its path, the client's Secret, the user and its env, the server's. */
function wrongSecret(password: string, path: string, secret: string, user: string, userEnv: string,
  serverSecret: string, serverEnv: string): string[] {
  return ['client-wrong-secret', 'error', 'Pod/shop/api', `${path}.valueFrom.secretKeyRef`,
    `env ${password} reads Secret ${secret} key password to log in as ${user} (${userEnv}), but the server of Service shop/mysql (Deployment shop/mysql) `
      + `sets that user's password from Secret ${serverSecret} key password (${serverEnv})`,
    `Read ${password} from Secret ${serverSecret} key password, the one the server uses.`];
}
const host = { name: 'DB_HOST', value: 'mysql' };
const shopUser = { name: 'DB_USER', value: 'shop' };
const otherPassword = { name: 'DB_PASSWORD', ...fromSecret('other') };

test.each<[string, Obj[], string[][]]>([
  ['root, whose password the server sets from MYSQL_ROOT_PASSWORD', [mysqlSvc, mysqlServer([{ name: 'MYSQL_ROOT_PASSWORD', ...fromSecret('db-root') }]),
    appPod([host, { name: 'DB_USER', value: 'root' }, otherPassword])],
  [wrongSecret('DB_PASSWORD', 'spec.containers[0].env[2]', 'other', 'root', 'DB_USER', 'db-root', 'MYSQL_ROOT_PASSWORD')]],
  ['root, whose password a MariaDB server sets from MARIADB_ROOT_PASSWORD', [mysqlSvc, mysqlServer([{ name: 'MARIADB_ROOT_PASSWORD', ...fromSecret('db-root') }]),
    appPod([host, { name: 'DB_USER', value: 'root' }, otherPassword])],
  [wrongSecret('DB_PASSWORD', 'spec.containers[0].env[2]', 'other', 'root', 'DB_USER', 'db-root', 'MARIADB_ROOT_PASSWORD')]],
  ['the user of MARIADB_USER, whose password is MARIADB_PASSWORD; a null entry in the server\'s env is skipped', [mysqlSvc,
    mysqlServer([null, { name: 'MARIADB_USER', value: 'shop' }, { name: 'MARIADB_PASSWORD', ...fromSecret('shop-db') }]), appPod([host, shopUser, otherPassword])],
  [wrongSecret('DB_PASSWORD', 'spec.containers[0].env[2]', 'other', 'shop', 'DB_USER', 'shop-db', 'MARIADB_PASSWORD')]],
  ['MYSQL_PASSWORD is the password of MYSQL_USER only: another user is not compared with it', [mysqlSvc,
    mysqlServer([{ name: 'MYSQL_USER', value: 'blog' }, { name: 'MYSQL_PASSWORD', ...fromSecret('blog-db') }]), appPod([host, shopUser, otherPassword])], []],
  ['a host in DB_HOSTNAME, the user in DB_USERNAME, the password in DB_PASS', [mysqlSvc, SHOP_SERVER,
    appPod([{ name: 'DB_HOSTNAME', value: 'mysql' }, { name: 'DB_USERNAME', value: 'shop' }, { name: 'DB_PASS', ...fromSecret('other') }])],
  [wrongSecret('DB_PASS', 'spec.containers[0].env[2]', 'other', 'shop', 'DB_USERNAME', 'shop-db', 'MYSQL_APP_PASSWORD_shop')]],
  ['the user in DB_USER_NAME, the password in DB_PWD, first in the env', [mysqlSvc, SHOP_SERVER,
    appPod([{ name: 'DB_PWD', ...fromSecret('other') }, host, { name: 'DB_USER_NAME', value: 'shop' }])],
  [wrongSecret('DB_PWD', 'spec.containers[0].env[0]', 'other', 'shop', 'DB_USER_NAME', 'shop-db', 'MYSQL_APP_PASSWORD_shop')]],
  ['the password is the variable of the prefix, not the first from a Secret; a null env entry is skipped', [mysqlSvc, SHOP_SERVER,
    appPod([{ name: 'API_TOKEN', ...fromSecret('token', 'token') }, null, host, shopUser, otherPassword])],
  [wrongSecret('DB_PASSWORD', 'spec.containers[0].env[4]', 'other', 'shop', 'DB_USER', 'shop-db', 'MYSQL_APP_PASSWORD_shop')]],
  ['the user is the first user variable with a literal value', [mysqlSvc, SHOP_SERVER,
    appPod([host, { name: 'DB_USER', ...fromSecret('users', 'name') }, { name: 'DB_USERNAME', value: 'shop' }, otherPassword])],
  [wrongSecret('DB_PASSWORD', 'spec.containers[0].env[3]', 'other', 'shop', 'DB_USERNAME', 'shop-db', 'MYSQL_APP_PASSWORD_shop')]],
  ['a host and a URL of the same prefix are one client, reported once', [mysqlSvc, SHOP_SERVER,
    appPod([host, { name: 'DB_URL', value: 'mysql://mysql:3306/shop' }, shopUser, otherPassword])],
  [wrongSecret('DB_PASSWORD', 'spec.containers[0].env[3]', 'other', 'shop', 'DB_USER', 'shop-db', 'MYSQL_APP_PASSWORD_shop')]],
  ['the client container is the one whose env names the host, not the first of the pod', [mysqlSvc, SHOP_SERVER,
    appPod([host, shopUser, otherPassword], [{ name: 'proxy', image: 'example/proxy:1.0.0', env: [{ name: 'DB_USER', value: 'proxy' }] }])],
  [wrongSecret('DB_PASSWORD', 'spec.containers[1].env[2]', 'other', 'shop', 'DB_USER', 'shop-db', 'MYSQL_APP_PASSWORD_shop')]],
  ['an init container of the server is not the server', [mysqlSvc,
    mysqlServer([{ name: 'MYSQL_ROOT_PASSWORD', ...fromSecret('db-root') }],
      { initContainers: [{ name: 'init', image: 'example/init:1.0.0', env: [{ name: 'MYSQL_ROOT_PASSWORD', ...fromSecret('init') }] }] }),
    appPod([host, { name: 'DB_USER', value: 'root' }, { name: 'DB_PASSWORD', ...fromSecret('db-root') }])], []],
  ['a host of the same prefix whose Service selects no pod does not hide the next one', [mysqlSvc, SHOP_SERVER,
    service('empty', 'shop', { selector: { app: 'none' }, ports: [{ port: 3306 }] }),
    appPod([{ name: 'DB_HOST', value: 'empty' }, { name: 'DB_URL', value: 'mysql://mysql:3306/shop' }, shopUser, otherPassword])],
  [wrongSecret('DB_PASSWORD', 'spec.containers[0].env[3]', 'other', 'shop', 'DB_USER', 'shop-db', 'MYSQL_APP_PASSWORD_shop')]],
  ['not judged: a Service outside the set, a Service without a selector', [SHOP_SERVER, service('ext', 'shop', { ports: [{ port: 3306 }] }),
    appPod([{ name: 'DB_HOST', value: 'nosuch' }, shopUser, otherPassword]),
    { ...appPod([{ name: 'DB_HOST', value: 'ext' }, shopUser, otherPassword]), metadata: { name: 'api2', namespace: 'shop' } }], []],
  ['not judged: a Secret reference whose name or key is not a string; a URL variable without a host suffix has no prefix to pair a user with', [mysqlSvc, SHOP_SERVER,
    appPod([host, shopUser, { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 5, key: 'password' } } }]),
    { ...appPod([host, shopUser, { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'other', key: 5 } } }]), metadata: { name: 'api3', namespace: 'shop' } },
    { ...appPod([{ name: 'DATABASE', value: 'mysql://mysql:3306/shop' }, { name: 'DATABASEUSER', value: 'shop' }, { name: 'DATABASEPASSWORD', ...fromSecret('other') }]),
      metadata: { name: 'api2', namespace: 'shop' } }], []],
])('client-wrong-secret: %s', (_name, objects, expected) => {
  expect(found(objects, ['client-wrong-secret'])).toEqual(expected);
});
