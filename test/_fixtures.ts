import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ClusterIpExposure, MysqlBackend, MysqlBackendProps } from '../lib';

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
