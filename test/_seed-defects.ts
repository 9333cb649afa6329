// Seeded defects: small mutations of one object (rarely two) of a real app of test/fixtures/real-world, made in memory so
// that the corpus stays small. Each names the check that must catch it, and the object the finding must be on when
// that is certain. A few controls are mutations that keep the app working: they must not add the named finding.
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { Manifest } from './_manifests';

export const REAL_WORLD = path.join(__dirname, 'fixtures', 'real-world');

export interface SeededDefect {
  /** A short name, unique. */
  readonly name: string;
  /** The folder under test/fixtures/real-world. */
  readonly app: string;
  /** The check that must report it. */
  readonly id: string;
  /** `Kind/name` of the object the new finding must be on, when that is certain. */
  readonly on?: string;
  /** A control: the mutation keeps the app working, and `id` must not gain a finding. */
  readonly control?: true;
  /** Applies the mutation to the (cloned) objects of the app. */
  readonly mutate: (objects: Manifest[]) => void;
}

/** Every object of the manifests of a real-world app, in file order. */
export function loadApp(app: string): Manifest[] {
  const dir = path.join(REAL_WORLD, app, 'manifests');
  return fs.readdirSync(dir).filter((f) => /\.(ya?ml)$/.test(f)).sort()
    .flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(dir, f), 'utf8')).map((d) => d.toJS()))
    .filter((o) => o !== null && o !== undefined);
}

function obj(objects: Manifest[], kind: string, name: string): Manifest {
  const found = objects.filter((o) => o.kind?.trim() === kind && o.metadata?.name === name);
  if (found.length !== 1) {
    throw new Error(`seed: expected one ${kind} ${name}, found ${found.length}`);
  }
  return found[0];
}

function podSpec(o: Manifest): Manifest {
  return o.kind === 'Pod' ? o.spec : o.spec.template.spec;
}

function container(o: Manifest, index = 0): Manifest {
  return podSpec(o).containers[index];
}

function env(o: Manifest, name: string): Manifest {
  for (const c of podSpec(o).containers) {
    const e = (c.env ?? []).find((x: Manifest) => x.name === name);
    if (e) {
      return e;
    }
  }
  throw new Error(`seed: no env ${name} in ${o.kind} ${o.metadata.name}`);
}

function port(o: Manifest, index = 0): Manifest {
  return o.spec.ports[index];
}

export const SEEDED_DEFECTS: readonly SeededDefect[] = [
  // Services and their pods
  { name: 'Service selector typo', app: 'guestbook', id: 'service-no-pods', on: 'Service/frontend',
    mutate: (o) => { obj(o, 'Service', 'frontend').spec.selector.app = 'guestbok'; } },
  { name: 'Service selector typo on a ReplicationController app', app: 'guestbook-go', id: 'service-no-pods', on: 'Service/redis-master',
    mutate: (o) => { obj(o, 'Service', 'redis-master').spec.selector.role = 'mastr'; } },
  { name: 'Service selector typo (sock-shop)', app: 'sock-shop', id: 'service-no-pods', on: 'Service/carts',
    mutate: (o) => { obj(o, 'Service', 'carts').spec.selector.name = 'cart'; } },
  { name: 'wrong targetPort number', app: 'guestbook', id: 'service-target-port', on: 'Service/redis-master',
    mutate: (o) => { port(obj(o, 'Service', 'redis-master')).targetPort = 6380; } },
  { name: 'wrong targetPort on a NodePort Service', app: 'voting-app', id: 'service-target-port', on: 'Service/vote',
    mutate: (o) => { port(obj(o, 'Service', 'vote')).targetPort = 8080; } },
  { name: 'wrong targetPort name', app: 'podinfo', id: 'service-target-port', on: 'Service/podinfo',
    mutate: (o) => { port(obj(o, 'Service', 'podinfo')).targetPort = 'htpp'; } },
  { name: 'wrong targetPort behind a NetworkPolicy', app: 'online-boutique', id: 'service-target-port', on: 'Service/cartservice',
    mutate: (o) => { port(obj(o, 'Service', 'cartservice')).targetPort = 7071; } },
  { name: 'probe on a port the container does not declare', app: 'online-boutique', id: 'probe-port', on: 'Deployment/frontend',
    mutate: (o) => { container(obj(o, 'Deployment', 'frontend')).readinessProbe.httpGet.port = 8081; } },
  { name: 'two Deployments claim the same pods', app: 'guestbook', id: 'workload-selector-overlap',
    mutate: (o) => { obj(o, 'Deployment', 'redis-replica').spec.selector.matchLabels = { app: 'redis' }; } },
  // clients: host and port variables, in env and in ConfigMaps loaded with envFrom
  { name: '*_ADDR host typo', app: 'online-boutique', id: 'client-unknown-host', on: 'Deployment/frontend',
    mutate: (o) => { env(obj(o, 'Deployment', 'frontend'), 'PRODUCT_CATALOG_SERVICE_ADDR').value = 'productcatalogservce:3550'; } },
  { name: '*_ADDR wrong port', app: 'online-boutique', id: 'client-wrong-port', on: 'Deployment/frontend',
    mutate: (o) => { env(obj(o, 'Deployment', 'frontend'), 'CART_SERVICE_ADDR').value = 'cartservice:7071'; } },
  { name: '*_ADDR in a namespace that is not in the set (.svc.cluster.local)', app: 'online-boutique', id: 'client-unknown-host', on: 'Deployment/checkoutservice',
    mutate: (o) => { env(obj(o, 'Deployment', 'checkoutservice'), 'EMAIL_SERVICE_ADDR').value = 'emailservice.prod.svc.cluster.local:5000'; } },
  { name: '*_ADDR wrong port in a shared ConfigMap', app: 'bank-of-anthos', id: 'client-wrong-port',
    mutate: (o) => { obj(o, 'ConfigMap', 'service-api-config').data.BALANCES_API_ADDR = 'balancereader:8081'; } },
  { name: '*_ADDR host typo in a shared ConfigMap', app: 'bank-of-anthos', id: 'client-unknown-host',
    mutate: (o) => { obj(o, 'ConfigMap', 'service-api-config').data.CONTACTS_API_ADDR = 'contact:8080'; } },
  { name: '*_DB_HOST typo', app: 'istio-bookinfo-mysql', id: 'client-unknown-host', on: 'Deployment/ratings-v2-mysql',
    mutate: (o) => { env(obj(o, 'Deployment', 'ratings-v2-mysql'), 'MYSQL_DB_HOST').value = 'mysqld'; } },
  { name: '*_DB_PORT wrong', app: 'istio-bookinfo-mysql', id: 'client-wrong-port', on: 'Deployment/ratings-v2-mysql',
    mutate: (o) => { env(obj(o, 'Deployment', 'ratings-v2-mysql'), 'MYSQL_DB_PORT').value = '3307'; } },
  { name: 'headless Service: the client dials the Service port, which no pod listens on', app: 'istio-bookinfo-mysql', id: 'client-wrong-port',
    on: 'Deployment/ratings-v2-mysql',
    mutate: (o) => {
      const svc = obj(o, 'Service', 'mysqldb');
      svc.spec.clusterIP = 'None';
      svc.spec.ports[0] = { port: 3307, targetPort: 3306, name: 'tcp' };
      env(obj(o, 'Deployment', 'ratings-v2-mysql'), 'MYSQL_DB_PORT').value = '3307';
    } },
  { name: 'control: headless Service, the client dials the pod port directly (works)', app: 'istio-bookinfo-mysql', id: 'client-wrong-port', control: true,
    mutate: (o) => {
      const svc = obj(o, 'Service', 'mysqldb');
      svc.spec.clusterIP = 'None';
      svc.spec.ports[0] = { port: 3307, targetPort: 3306, name: 'tcp' };
    } },
  { name: '*_HOSTNAME typo in a ConfigMap', app: 'aks-store-demo', id: 'client-unknown-host', on: 'Deployment/order-service',
    mutate: (o) => { obj(o, 'ConfigMap', 'order-service-configs').data.ORDER_QUEUE_HOSTNAME = 'rabbitmqq'; } },
  { name: '*_PORT of a *_HOSTNAME wrong', app: 'aks-store-demo', id: 'client-wrong-port', on: 'Deployment/order-service',
    mutate: (o) => { obj(o, 'ConfigMap', 'order-service-configs').data.ORDER_QUEUE_PORT = '5673'; } },
  { name: '*_URL wrong port', app: 'aks-store-demo', id: 'client-wrong-port', on: 'Deployment/virtual-customer',
    mutate: (o) => { env(obj(o, 'Deployment', 'virtual-customer'), 'ORDER_SERVICE_URL').value = 'http://order-service:3001/'; } },
  { name: '*_HOST in a namespace that does not exist', app: 'emojivoto', id: 'client-unknown-host', on: 'Deployment/web',
    mutate: (o) => { env(obj(o, 'Deployment', 'web'), 'EMOJISVC_HOST').value = 'emoji-svc.emojivote:8080'; } },
  { name: '*_HOST with a wrong port', app: 'emojivoto', id: 'client-wrong-port', on: 'Deployment/web',
    mutate: (o) => { env(obj(o, 'Deployment', 'web'), 'VOTINGSVC_HOST').value = 'voting-svc.emojivoto:8081'; } },
  { name: '*_HOST typo (selenium event bus)', app: 'selenium', id: 'client-unknown-host', on: 'Deployment/selenium-node-chrome',
    mutate: (o) => { env(obj(o, 'Deployment', 'selenium-node-chrome'), 'SE_EVENT_BUS_HOST').value = 'selenium-hbu'; } },
  // NetworkPolicies
  { name: 'NetworkPolicy podSelector label typo', app: 'online-boutique', id: 'netpol-selects-no-pods', on: 'NetworkPolicy/cartservice',
    mutate: (o) => { obj(o, 'NetworkPolicy', 'cartservice').spec.podSelector.matchLabels.app = 'cartservic'; } },
  { name: 'NetworkPolicy allows the wrong port', app: 'online-boutique', id: 'netpol-blocks-client',
    mutate: (o) => { obj(o, 'NetworkPolicy', 'cartservice').spec.ingress[0].ports[0].port = 7071; } },
  { name: 'NetworkPolicy from-selector label typo', app: 'online-boutique', id: 'netpol-blocks-client',
    mutate: (o) => { obj(o, 'NetworkPolicy', 'cartservice').spec.ingress[0].from[0].podSelector.matchLabels.app = 'frontnd'; } },
  { name: 'egress NetworkPolicy without DNS', app: 'online-boutique', id: 'netpol-blocks-dns',
    mutate: (o) => { obj(o, 'NetworkPolicy', 'checkoutservice').spec.egress = [{ to: [{ podSelector: { matchLabels: { app: 'cartservice' } } }] }]; } },
  // security
  { name: 'drop: [all] in lowercase', app: 'online-boutique', id: 'pss-restricted', on: 'Deployment/frontend',
    mutate: (o) => { container(obj(o, 'Deployment', 'frontend')).securityContext.capabilities.drop = ['all']; } },
  { name: 'privileged container', app: 'dapr-hello-kubernetes', id: 'pss-baseline', on: 'Deployment/nodeapp',
    mutate: (o) => { container(obj(o, 'Deployment', 'nodeapp')).securityContext = { privileged: true }; } },
  { name: 'hostNetwork', app: 'redis-sentinel', id: 'pss-baseline', on: 'ReplicationController/redis',
    mutate: (o) => { podSpec(obj(o, 'ReplicationController', 'redis')).hostNetwork = true; } },
  { name: 'image :latest', app: 'online-boutique', id: 'image-tag', on: 'Deployment/adservice',
    mutate: (o) => { const c = container(obj(o, 'Deployment', 'adservice')); c.image = c.image.replace(/:[^:/]+$/, ':latest'); } },
  { name: 'literal password env', app: 'gke-wordpress-mysql', id: 'env-literal-secret', on: 'Deployment/wordpress',
    mutate: (o) => {
      const e = env(obj(o, 'Deployment', 'wordpress'), 'WORDPRESS_DB_PASSWORD');
      delete e.valueFrom;
      e.value = 'wordpress-pw';
    } },
  { name: 'literal password instead of configMapKeyRef', app: 'bank-of-anthos', id: 'env-literal-secret', on: 'Deployment/frontend',
    mutate: (o) => {
      const e = env(obj(o, 'Deployment', 'frontend'), 'DEFAULT_PASSWORD');
      delete e.valueFrom;
      e.value = 'bankofanthos';
    } },
  { name: 'container without requests and limits', app: 'online-boutique', id: 'resources', on: 'Deployment/cartservice',
    mutate: (o) => { delete container(obj(o, 'Deployment', 'cartservice')).resources; } },
  // API-server rules and schema
  { name: 'duplicate env var', app: 'sock-shop', id: 'api-env', on: 'Deployment/carts',
    mutate: (o) => { const c = container(obj(o, 'Deployment', 'carts')); c.env.push({ ...c.env[0] }); } },
  { name: 'env var with value and valueFrom', app: 'gke-wordpress-mysql', id: 'api-env', on: 'Deployment/wordpress',
    mutate: (o) => { env(obj(o, 'Deployment', 'wordpress'), 'WORDPRESS_DB_USER').value = 'wordpress'; } },
  { name: 'missing Service port number', app: 'cassandra', id: 'schema-required', on: 'Service/cassandra',
    mutate: (o) => { delete port(obj(o, 'Service', 'cassandra')).port; } },
  { name: 'missing roleRef', app: 'kube-state-metrics', id: 'schema-required', on: 'ClusterRoleBinding/kube-state-metrics',
    mutate: (o) => { delete obj(o, 'ClusterRoleBinding', 'kube-state-metrics').roleRef; } },
  { name: 'replicas as a string', app: 'gke-hello-app', id: 'schema-type', on: 'Deployment/helloweb',
    mutate: (o) => { obj(o, 'Deployment', 'helloweb').spec.replicas = '3'; } },
  { name: '"port" instead of "ports"', app: 'istio-httpbin', id: 'schema-unknown-field', on: 'Deployment/httpbin',
    mutate: (o) => { const c = container(obj(o, 'Deployment', 'httpbin')); c.port = c.ports; delete c.ports; } },
  { name: 'removed API version', app: 'podinfo', id: 'schema-kind', on: 'HorizontalPodAutoscaler/podinfo',
    mutate: (o) => { obj(o, 'HorizontalPodAutoscaler', 'podinfo').apiVersion = 'autoscaling/v2beta2'; } },
  { name: 'bad label value', app: 'guestbook', id: 'api-label', on: 'Service/redis-master',
    mutate: (o) => { obj(o, 'Service', 'redis-master').metadata.labels.tier = 'back end'; } },
  { name: 'Service name not a DNS-1035 label', app: 'podinfo-bases', id: 'api-name', on: 'Service/Cache',
    mutate: (o) => { obj(o, 'Service', 'cache').metadata.name = 'Cache'; } },
  { name: 'container port name longer than 15 characters', app: 'rethinkdb', id: 'api-container-port', on: 'ReplicationController/rethinkdb-rc',
    mutate: (o) => { container(obj(o, 'ReplicationController', 'rethinkdb-rc')).ports[0].name = 'rethinkdb-cluster-port'; } },
  { name: 'uppercase container name', app: 'voting-app', id: 'api-container', on: 'Deployment/worker',
    mutate: (o) => { container(obj(o, 'Deployment', 'worker')).name = 'Worker'; } },
  { name: 'Deployment template labels that its selector does not match', app: 'voting-app', id: 'api-workload-selector', on: 'Deployment/db',
    mutate: (o) => { obj(o, 'Deployment', 'db').spec.template.metadata.labels.app = 'dbb'; } },
  { name: 'restartPolicy Never in a Deployment', app: 'gke-guestbook', id: 'api-workload-spec', on: 'Deployment/frontend',
    mutate: (o) => { podSpec(obj(o, 'Deployment', 'frontend')).restartPolicy = 'Never'; } },
  { name: 'requests above limits', app: 'online-boutique', id: 'api-resources', on: 'Deployment/emailservice',
    mutate: (o) => { container(obj(o, 'Deployment', 'emailservice')).resources.requests.memory = '1Gi'; } },
  { name: 'probe with two handlers', app: 'gke-hello-app-redis', id: 'api-probe', on: 'Deployment/hello-web',
    mutate: (o) => { container(obj(o, 'Deployment', 'hello-web')).readinessProbe.tcpSocket = { port: 8080 }; } },
  { name: 'two Service ports without names', app: 'selenium', id: 'api-service-port', on: 'Service/selenium-hub',
    mutate: (o) => { for (const p of obj(o, 'Service', 'selenium-hub').spec.ports) { delete p.name; } } },
  { name: 'the same object twice', app: 'guestbook-go', id: 'api-duplicate-object', on: 'Service/guestbook',
    mutate: (o) => { o.push(structuredClone(obj(o, 'Service', 'guestbook'))); } },
  { name: 'waiver without a reason', app: 'voting-app', id: 'waiver-reason', on: 'Deployment/db',
    mutate: (o) => {
      const meta = obj(o, 'Deployment', 'db').metadata;
      meta.annotations = { ...meta.annotations, 'checks.cdk8s-mysql-clusterip/waive.env-literal-secret': '' };
    } },
];

/** The objects of the app with the defect seeded (the originals are not touched). */
export function seeded(defect: SeededDefect, originals: Manifest[] = loadApp(defect.app)): Manifest[] {
  const objects = structuredClone(originals);
  defect.mutate(objects);
  return objects;
}
