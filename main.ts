import { App } from 'cdk8s';
import { MysqlClusterIpLab } from './lib';

// The reference lab of the ClusterIP tutorial, written to dist/ (or to $CDK8S_OUTDIR, as `cdk8s synth` sets it).
// MYSQL_LAB_ROOT_PASSWORD replaces the tutorial's demo password in the lab's Secret.
const app = new App();
new MysqlClusterIpLab(app, 'lab', { rootPassword: process.env.MYSQL_LAB_ROOT_PASSWORD || undefined });
app.synth();
