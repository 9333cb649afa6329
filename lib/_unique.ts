import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';

/**
 * Kinds whose objects have no namespace: two of them collide by name alone. The built-in ones a chart of this kind
 * may hold; a custom resource's scope is not known at synth, so it is treated as namespaced.
 */
const CLUSTER_SCOPED = new Set([
  '/Namespace', '/Node', '/PersistentVolume',
  'rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/ClusterRoleBinding',
  'storage.k8s.io/StorageClass', 'storage.k8s.io/CSIDriver', 'storage.k8s.io/VolumeAttachment',
  'apiextensions.k8s.io/CustomResourceDefinition', 'scheduling.k8s.io/PriorityClass',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration', 'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'networking.k8s.io/IngressClass', 'node.k8s.io/RuntimeClass', 'apiregistration.k8s.io/APIService',
]);

const REGISTERED = Symbol.for('cdk8s-mysql-clusterip.unique-objects');

/**
 * Refuses, at synth, two API objects of the app that `kubectl apply` would write to one object: the same API group,
 * kind, namespace and name. The last one applied would silently replace the first (a second lab's Secret replacing
 * the first lab's), so the app does not synthesize, and the error names both constructs.
 *
 * Registered once per app, on its root, by every construct of this library; it checks every API object of the app,
 * the consumer's own included. It runs in `app.synth()`, in `synthApp()` (which calls it) and in `Testing.synth()`
 * (`Chart.toJson()` validates the whole app).
 *
 * Namespaces: an object with no `metadata.namespace` (none on it or its chart) collides with another with none, since
 * both land in the one namespace they are applied to; it does not collide with an object in a named namespace, since
 * whether they meet depends on where the objects are applied (`kubectl apply -n`), which synth does not know.
 */
export function refuseDuplicateObjects(scope: IConstruct): void {
  const root = scope.node.root;
  if ((root as unknown as Record<symbol, boolean>)[REGISTERED]) return;
  Object.defineProperty(root, REGISTERED, { value: true });
  root.node.addValidation({ validate: () => duplicateObjectErrors(root) });
}

/** The errors for every pair of API objects under `root` that are one object on a cluster. */
export function duplicateObjectErrors(root: IConstruct): string[] {
  const first = new Map<string, ApiObject>();
  const errors: string[] = [];
  for (const construct of root.node.findAll()) {
    if (!ApiObject.isApiObject(construct)) continue;
    const identity = identityOf(construct);
    if (identity === undefined) continue;
    const other = first.get(identity.key);
    if (other === undefined) {
      first.set(identity.key, construct);
      continue;
    }
    errors.push(`duplicate ${construct.kind} ${JSON.stringify(identity.name)} ${identity.where}: written by ${owner(other)} and by `
      + `${owner(construct)}; kubectl apply would keep only the last one: give one of them another name `
      + '(or another namespace)');
  }
  return errors;
}

function identityOf(obj: ApiObject): { key: string; name: string; where: string } | undefined {
  const name = obj.metadata.name;
  if (typeof name !== 'string') return undefined;
  const slash = obj.apiVersion.indexOf('/');
  const group = slash >= 0 ? obj.apiVersion.slice(0, slash) : '';
  const clusterScoped = CLUSTER_SCOPED.has(`${group}/${obj.kind}`);
  // cdk8s writes the chart's namespace into the metadata of every object that names none.
  const namespace = clusterScoped ? undefined : obj.metadata.namespace;
  const where = clusterScoped ? 'in the cluster' : namespace === undefined ? 'with no namespace' : `in namespace "${namespace}"`;
  // NUL never occurs in a group, kind, namespace or name; a namespace of undefined is not the namespace "".
  return { key: `${group}\0${obj.kind}\0${namespace === undefined ? '\u0001' : namespace}\0${name}`, name, where };
}

/**
 * The construct that wrote an API object, for an error message: the object itself, or the construct whose main child
 * (`Resource`) it is (`MysqlBackend at 'lab/Backend'` rather than `KubeDeployment at 'lab/Backend/Resource'`).
 */
function owner(obj: ApiObject): string {
  let construct: IConstruct = obj;
  while (construct.node.id === 'Resource' && construct.node.scope !== undefined && !Chart.isChart(construct.node.scope)) {
    construct = construct.node.scope;
  }
  return `${construct.constructor.name} at '${construct.node.path}'`;
}
