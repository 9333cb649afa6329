// A small web app whose API pods reach their database through a ClusterIP Service: the chart another
// team would write after `npm install cdk8s-mysql-clusterip`. It only imports the package by name, so it
// compiles and synthesizes wherever the package is installed (test/consumer.test.ts does that from the
// packed tarball).
import { ApiObject, App, Chart, ChartProps, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ClusterIpExposure, MysqlBackend, MysqlClientPeer, MysqlImage } from 'cdk8s-mysql-clusterip';
import { Construct } from 'constructs';

export interface WebAppProps extends ChartProps {
  /** The namespace of every object of the app. */
  readonly namespace: string;

  /** The image tag of the frontend and the API. */
  readonly version: string;

  /** An existing Secret in `namespace` holding the database password under the key `password`. */
  readonly dbPasswordSecret: string;
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
  public readonly apiService: kplus.Service;
  public readonly frontend: kplus.Deployment;

  public constructor(scope: Construct, id: string, props: WebAppProps) {
    super(scope, id, props);
    const dbPassword: kplus.SecretValue = {
      secret: kplus.Secret.fromSecretName(this, 'DbPassword', props.dbPasswordSecret),
      key: 'password',
    };

    this.db = new MysqlBackend(this, 'Db', { name: 'web-db', image: MysqlImage.MYSQL_8_4, rootPassword: dbPassword });
    this.dbService = new ClusterIpExposure(this, 'DbService', { backend: this.db, serviceName: 'web-db' });

    // Explicit labels name the API pods in the database's NetworkPolicy (cdk8s-plus's own pod label is
    // derived from the construct path, and would change with a refactoring).
    const apiLabels = { 'app.kubernetes.io/name': 'web-api', 'app.kubernetes.io/instance': id };
    this.api = new kplus.Deployment(this, 'Api', {
      metadata: { name: 'api' },
      podMetadata: { labels: apiLabels },
      replicas: 2,
      containers: [{
        name: 'api',
        image: `registry.example.com/web/api:${props.version}`,
        portNumber: 8080,
        resources: RESOURCES,
        envVariables: {
          // The database by its Service: a stable name and port, whichever pod serves it.
          DB_HOST: kplus.EnvValue.fromValue(this.dbService.dnsName),
          DB_PORT: kplus.EnvValue.fromValue(String(this.dbService.port)),
          // The root account keeps the example short: give the API a MySQL user of its own in production.
          DB_USER: kplus.EnvValue.fromValue('root'),
          DB_PASSWORD: kplus.EnvValue.fromSecretValue(dbPassword),
        },
      }],
    });
    // Only the API pods may reach the database.
    this.dbService.allowFrom(MysqlClientPeer.fromLabels(apiLabels, props.namespace));
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
  }
}

const app = new App();
new WebApp(app, 'web', { namespace: 'web', version: '1.4.2', dbPasswordSecret: 'web-db-password' });
new WebApp(app, 'web-staging', { namespace: 'web-staging', version: '1.5.0-rc.1', dbPasswordSecret: 'web-db-password' });
app.synth();
