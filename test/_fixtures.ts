import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ClusterIpExposure, MysqlBackend, MysqlBackendProps, MysqlDatabase } from '../lib';

/** A chart with a backend whose root password is in the existing Secret "db-root", key "password". */
export function backendChart(props: Partial<MysqlBackendProps> = {}, chartNamespace?: string): { chart: Chart; backend: MysqlBackend } {
  const chart = Testing.chart();
  if (chartNamespace) {
    // Testing.chart() takes no props: a chart's namespace is read-only, so build one with it.
    const namespaced = new Chart(Testing.app(), 'test', { namespace: chartNamespace });
    return { chart: namespaced, backend: makeBackend(namespaced, props) };
  }
  return { chart, backend: makeBackend(chart, props) };
}

function makeBackend(chart: Chart, props: Partial<MysqlBackendProps>): MysqlBackend {
  return new MysqlBackend(chart, 'Backend', {
    rootPassword: { secret: kplus.Secret.fromSecretName(chart, 'RootPassword', 'db-root'), key: 'password' },
    ...props,
  });
}

/** A backend as in `backendChart`, exposed as the Service "mysql-service". */
export function exposureChart(props: Partial<MysqlBackendProps> = {}): { chart: Chart; backend: MysqlBackend; exposure: ClusterIpExposure } {
  const { chart, backend } = backendChart(props);
  return { chart, backend, exposure: backend.exposeViaClusterIp({ serviceName: 'mysql-service' }) };
}

/** The environment every client of `exposureChart`'s Service gets: host, port, password from "db-root", and /tmp. */
export const CLIENT_ENV = [
  { name: 'MYSQL_HOST', value: 'mysql-service' },
  { name: 'MYSQL_TCP_PORT', value: '3306' },
  { name: 'MYSQL_PWD', valueFrom: { secretKeyRef: { name: 'db-root', key: 'password' } } },
  { name: 'HOME', value: '/tmp' },
  { name: 'MYSQL_HISTFILE', value: '/dev/null' },
];

/** A reference to the existing Secret `name` (key `key`), as a prop that takes a password. */
export function secret(chart: Chart, name: string, key = 'password'): kplus.SecretValue {
  return { secret: kplus.Secret.fromSecretName(chart, `Secret-${name}`, name), key };
}

/** A backend in namespace "shop" with the databases given (default: "shop", Secret shop-db), exposed as "mysql". */
export function shop(databases?: (chart: Chart) => MysqlDatabase[]): { app: App; chart: Chart; exposure: ClusterIpExposure } {
  const app = Testing.app();
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  const backend = new MysqlBackend(chart, 'Db', {
    rootPassword: secret(chart, 'db-root'),
    databases: databases ? databases(chart) : [{ name: 'shop', password: secret(chart, 'shop-db') }],
  });
  return { app, chart, exposure: backend.exposeViaClusterIp() };
}
