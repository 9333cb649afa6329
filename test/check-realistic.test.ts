// Manifests written by hand, the way people write them (test/fixtures/realistic/), with the mistakes people
// make. The checker must find every one of them and report nothing else.
import * as path from 'path';
import { checkPaths } from '../lib';

const fixtures = path.join(__dirname, 'fixtures', 'realistic');

/** Errors with their field path; warnings once per check and object. */
function keys(app: string): string[] {
  const result = checkPaths([path.join(fixtures, app)]);
  return [...new Set(result.findings.map((f) => (f.severity === 'error'
    ? `error ${f.id} ${f.kind} ${f.namespace}/${f.name} ${f.path}`
    : `warning ${f.id} ${f.kind} ${f.namespace}/${f.name}`)))].sort();
}

test('guestbook: frontend, redis leader and followers', () => {
  expect(keys('guestbook')).toEqual([
    // the port name is 16 characters long: the API server rejects the Deployment
    'error api-container-port Deployment default/frontend spec.template.spec.containers[0].ports[0].name',
    // "redis-followers": the Service is "redis-follower"
    'error client-unknown-host Deployment default/frontend spec.template.spec.containers[0].env[2]',
    // the readiness probe names a port "http" the container does not have: the pods never become ready
    'error probe-port Deployment default/frontend spec.template.spec.containers[0].readinessProbe.httpGet.port',
    // the frontend listens on 80, the Service forwards to 8080
    'error service-target-port Service default/frontend spec.ports[0].targetPort',
    // no securityContext and no limits anywhere, as in most hand-written manifests
    'warning pss-restricted Deployment default/frontend',
    'warning pss-restricted Deployment default/redis-follower',
    'warning pss-restricted Deployment default/redis-leader',
    'warning resources Deployment default/frontend',
    'warning resources Deployment default/redis-follower',
    'warning resources Deployment default/redis-leader',
    // the leader Service and Deployment select on app=redis alone, which the followers carry too:
    // writes land on read-only followers, and the two Deployments claim each other's pods
    'warning service-unintended-pods Service default/redis-leader',
    'warning workload-selector-overlap Deployment default/redis-leader',
  ]);
});

test('web shop: frontend and API in "web", PostgreSQL and Redis in "data", NetworkPolicies', () => {
  expect(keys('webapp')).toEqual([
    // REDIS_HOST=redis, but redis lives in namespace data: redis.data
    'error client-unknown-host Deployment web/api spec.template.spec.containers[0].env[2]',
    // API_URL dials 8080, the API's container port; its Service serves 80
    'error client-wrong-port Deployment web/frontend spec.template.spec.containers[0].env[0]',
    'error env-literal-secret Deployment web/api spec.template.spec.containers[0].env[1].value',
    // postgres-from-api uses a podSelector without namespaceSelector: it admits app=api pods of namespace data only
    'error netpol-blocks-client Deployment web/api spec.template.metadata.labels',
    // the API's egress policy opens port 53 without a protocol, which means TCP: DNS over UDP is blocked
    'error netpol-blocks-dns Deployment web/api spec.template.metadata.labels',
    // the liveness probe names "http", the port is named "web": the kubelet kills the pods
    'error probe-port Deployment web/api spec.template.spec.containers[0].livenessProbe.httpGet.port',
    // the password Secret uses stringData, which the server merges into data: kubectl apply patches it every time
    'warning apply-drift Secret data/postgres',
  ]);
});

test('WordPress and MySQL, written correctly (host from a ConfigMap through envFrom): no error', () => {
  expect(keys('wordpress')).toEqual([
    // the tutorial sets no securityContext
    'warning pss-restricted Deployment default/wordpress',
    'warning pss-restricted Deployment default/wordpress-mysql',
  ]);
});
