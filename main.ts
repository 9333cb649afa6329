import { App } from 'cdk8s';
import { MysqlClusterIpLab } from './lib';

// The reference lab of the ClusterIP tutorial, written to dist/ (or to $CDK8S_OUTDIR, as `cdk8s synth` sets it).
// MYSQL_LAB_ROOT_PASSWORD replaces the tutorial's demo password in the lab's Secret.
// No construct-metadata.json in dist/ (cdk8s synth asks for it when cdk8s.yaml has validations): `kubectl apply -f dist/`
// would read it as a manifest.
const app = new App({ recordConstructMetadata: false });
new MysqlClusterIpLab(app, 'lab', { rootPassword: process.env.MYSQL_LAB_ROOT_PASSWORD || undefined });
app.synth();
