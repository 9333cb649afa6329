// A small web app whose API pods reach their database through a ClusterIP Service: the chart another
// team would write after `npm install cdk8s-mysql-clusterip`. It only imports the package by name, so it
// compiles and synthesizes wherever the package is installed (test/consumer.test.ts does that from the
// packed tarball).
import { ApiObject, App, Chart, ChartProps, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ClusterIpExposure, MysqlBackend, MysqlConnection, MysqlImage } from 'cdk8s-mysql-clusterip';
import { Construct } from 'constructs';

export interface WebAppProps extends ChartProps {
  /** The namespace of every object of the app. */
  readonly namespace: string;

  /** The image tag of the frontend and the API. */
  readonly version: string;

  /** An existing Secret in `namespace` holding the database's root password under the key `password`. */
  readonly dbRootPasswordSecret: string;

  /** An existing Secret in `namespace` holding the password of the API's database user under the key `password`. */
  readonly dbApiPasswordSecret: string;
}

/**
 * Requests and limits written the way the API server stores them (`1`, `512Mi`): cdk8s-plus's defaults (`1000m`,
 * `2048Mi`) are stored as `1` and `2Gi`, so every `kubectl apply` would send them again.
 */
const RESOURCES: kplus.ContainerResources = {
  cpu: { request: kplus.Cpu.millis(250), limit: kplus.Cpu.units(1) },
  memory: { request: Size.mebibytes(256), limit: Size.mebibytes(512) },
};

/** Frontend and API Deployments, and the MySQL database of the API behind its ClusterIP Service. */
export class WebApp extends Chart {
  public readonly db: MysqlBackend;
  public readonly dbService: ClusterIpExposure;
  public readonly api: kplus.Deployment;
  public readonly apiDb: MysqlConnection;
  public readonly apiService: kplus.Service;
  public readonly frontend: kplus.Deployment;

  public constructor(scope: Construct, id: string, props: WebAppProps) {
    super(scope, id, props);
    const secret = (name: string): kplus.SecretValue => ({ secret: kplus.Secret.fromSecretName(this, name, name), key: 'password' });

    // The API's own database and user, created on the database's first start: the API never logs in as root.
    this.db = new MysqlBackend(this, 'Db', {
      name: 'web-db',
      image: MysqlImage.MYSQL_8_4,
      rootPassword: secret(props.dbRootPasswordSecret),
      databases: [{ name: 'web', user: 'web_api', password: secret(props.dbApiPasswordSecret) }],
    });
    this.dbService = new ClusterIpExposure(this, 'DbService', { backend: this.db, serviceName: 'web-db' });

    // The API selects its pods by labels of its own (cdk8s-plus's default label is derived from the construct path, and
    // would change with a refactoring, while a Deployment's selector is immutable).
    const apiLabels = { 'app.kubernetes.io/name': 'web-api', 'app.kubernetes.io/instance': id };
    this.api = new kplus.Deployment(this, 'Api', {
      metadata: { name: 'api' },
      select: false,
      podMetadata: { labels: apiLabels },
      replicas: 2,
      containers: [{
        name: 'api',
        image: `registry.example.com/web/api:${props.version}`,
        portNumber: 8080,
        resources: RESOURCES,
      }],
    });
    this.api.select(kplus.LabelSelector.of({ labels: apiLabels }));
    // DB_HOST, DB_PORT, DB_DATABASE, DB_USER and DB_PASSWORD for the API; the database's NetworkPolicy admits the API
    // pods, and no others, by the labels the Deployment selects them by.
    this.apiDb = this.dbService.connect(this.api);
    this.apiService = this.api.exposeViaService({ name: 'api', ports: [{ port: 80, targetPort: 8080 }] });
    // cdk8s-plus writes `externalIPs: []`, which the API server stores as nothing: drop it, so a second apply changes nothing.
    ApiObject.of(this.apiService).addJsonPatch(JsonPatch.remove('/spec/externalIPs'));

    this.frontend = new kplus.Deployment(this, 'Frontend', {
      metadata: { name: 'frontend' },
      replicas: 2,
      containers: [{
        name: 'frontend',
        image: `registry.example.com/web/frontend:${props.version}`,
        portNumber: 8080,
        resources: RESOURCES,
        envVariables: {
          API_URL: kplus.EnvValue.fromValue(`http://${this.apiService.name}.${props.namespace}.svc.cluster.local`),
        },
      }],
    });
    // cdk8s-plus writes `minReadySeconds: 0` and `hostNetwork: false`, which the API server stores as nothing: drop
    // them too, or every kubectl apply reports both Deployments `configured` again.
    for (const deployment of [this.api, this.frontend]) {
      ApiObject.of(deployment).addJsonPatch(JsonPatch.remove('/spec/minReadySeconds'), JsonPatch.remove('/spec/template/spec/hostNetwork'));
    }
  }
}

// No construct-metadata.json in dist/: `cdk8s synth` asks for that file whenever cdk8s.yaml lists `validations:`,
// and `kubectl apply -f dist/` (or Helm, in templates/) would read it as a manifest and fail.
const app = new App({ recordConstructMetadata: false });
const secrets = { dbRootPasswordSecret: 'web-db-root', dbApiPasswordSecret: 'web-db-api' };
new WebApp(app, 'web', { namespace: 'web', version: '1.4.2', ...secrets });
new WebApp(app, 'web-staging', { namespace: 'web-staging', version: '1.5.0-rc.1', ...secrets });
app.synth();
