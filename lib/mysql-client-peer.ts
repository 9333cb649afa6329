import { Chart } from 'cdk8s';
import type * as kplus from 'cdk8s-plus-28';
import { checkDns1123Label, checkLabels, fail } from './_validation';

/**
 * Pods that may connect to a MySQL backend, named the way a NetworkPolicy names them: by labels,
 * within a namespace. `DebugClient` and `MysqlConnectivityCheck` are peers; for your own workloads
 * pass the cdk8s-plus workload itself to `allowFrom()`, or use `MysqlClientPeer.fromLabels()`.
 */
export interface IMysqlClientPeer {
  /**
   * The namespace of the pods; undefined for pods with no `metadata.namespace`, which land beside the other objects
   * without one (or, for `MysqlClientPeer.fromLabels()` without a namespace, in the exposure's namespace).
   */
  readonly peerNamespace?: string;

  /** Labels that select these pods (and no others) within their namespace. */
  readonly peerSelector: Readonly<Record<string, string>>;
}

/**
 * What `ClusterIpExposure.allowFrom()` admits: a peer of this library (`DebugClient`, `MysqlConnectivityCheck`,
 * `MysqlClientPeer`), or a cdk8s-plus workload, pod or pod selector (`Deployment`, `StatefulSet`, `Job`, `CronJob`,
 * `DaemonSet`, `Pod`, `Pods.select()`), whose labels and namespace are read from it.
 */
export type MysqlClientPeerSource = IMysqlClientPeer | kplus.IPodSelector;

/**
 * A set of pods, by labels and namespace.
 */
export class MysqlClientPeer implements IMysqlClientPeer {
  /**
   * The pods in `namespace` that carry all of `labels` (for example the pod template labels of your
   * API Deployment). Prefer passing the workload itself to `allowFrom()`: its labels are then never retyped.
   *
   * @param namespace the pods' namespace; default: the namespace of the exposure that admits them
   */
  public static fromLabels(labels: Record<string, string>, namespace?: string): MysqlClientPeer {
    return new MysqlClientPeer(checkedSelector('fromLabels', labels, namespace), checkedNamespace('fromLabels', namespace));
  }

  /**
   * The pods a cdk8s-plus workload manages, or a cdk8s-plus pod or pod selector selects: a `Deployment`,
   * `StatefulSet` or `DaemonSet` by its own selector (`matchLabels`), a `Pod`, `Job` or `CronJob` by the label
   * cdk8s-plus gives its pods, `Pods.select(scope, id, { labels, namespaces })` by its labels and namespace.
   *
   * The namespace is the object's `metadata.namespace`, else its chart's; for a selector, the one namespace it
   * names, else the exposure's. Selectors by expressions, by namespace labels, or over several namespaces cannot be
   * written as one NetworkPolicy peer of labels: they throw, naming the fix.
   */
  public static fromPodSelector(pods: kplus.IPodSelector): MysqlClientPeer {
    const source = describeSelector(pods);
    let labels: Record<string, string>;
    let expressions: readonly unknown[];
    let namespace: string | undefined;
    if (isWorkload(pods) && Object.keys(pods.matchLabels).length > 0) {
      // A workload's own selector: cdk8s-plus's toPodSelectorConfig() would name only the label it adds itself, and
      // throws for a workload created with `select: false`. (A Job or CronJob selects nothing itself: the Job
      // controller writes its selector, so its pods are named by the label cdk8s-plus gives them, below.)
      labels = pods.matchLabels;
      expressions = pods.matchExpressions;
      namespace = namespaceOf(pods);
    } else {
      const config = pods.toPodSelectorConfig();
      const kube = config.labelSelector._toKube();
      labels = kube.matchLabels ?? {};
      expressions = kube.matchExpressions ?? [];
      const names = config.namespaces?.names ?? [];
      if (config.namespaces?.labelSelector && !config.namespaces.labelSelector.isEmpty()) {
        throw new Error(`invalid client peer ${source}: it selects namespaces by labels, and a peer is one namespace: `
          + 'select the pods in one namespace by name (Namespaces.select(scope, id, { names: [...] }))');
      }
      if (names.length > 1) {
        throw new Error(`invalid client peer ${source}: it selects pods in ${names.length} namespaces (${names.join(', ')}), `
          + 'and a peer is one namespace: pass one selector per namespace');
      }
      namespace = names[0] ?? namespaceOf(pods);
    }
    if (expressions.length > 0) {
      throw new Error(`invalid client peer ${source}: it selects pods by label expressions, which a peer of labels cannot `
        + 'express exactly: select them by labels (matchLabels) only');
    }
    return new MysqlClientPeer(checkedSelector('fromPodSelector', labels, namespace, source), checkedNamespace('fromPodSelector', namespace, source));
  }

  private constructor(
    public readonly peerSelector: Readonly<Record<string, string>>,
    public readonly peerNamespace?: string,
  ) {}
}

interface WorkloadLike extends kplus.IPodSelector {
  readonly matchLabels: Record<string, string>;
  readonly matchExpressions: readonly unknown[];
}

function isWorkload(pods: kplus.IPodSelector): pods is WorkloadLike {
  const candidate = pods as Partial<WorkloadLike>;
  return typeof candidate.matchLabels === 'object' && Array.isArray(candidate.matchExpressions);
}

/** The namespace an API object lands in: its own, else its chart's (cdk8s writes that into objects with none). */
function namespaceOf(pods: kplus.IPodSelector): string | undefined {
  const own = (pods as { metadata?: { namespace?: string } }).metadata?.namespace;
  if (own !== undefined) return own;
  // A selector (Pods.select) is not an API object: with no namespace, it means the exposure's.
  if ((pods as { metadata?: unknown }).metadata === undefined) return undefined;
  return Chart.of(pods).namespace;
}

function describeSelector(pods: unknown): string {
  const node = (pods as { node?: { path?: string } } | undefined)?.node;
  const className = (pods as object | undefined)?.constructor?.name ?? typeof pods;
  return node?.path !== undefined ? `${className} at '${node.path}'` : className;
}

function checkedSelector(method: string, labels: Record<string, string>, namespace: string | undefined, source?: string): Record<string, string> {
  const where = `MysqlClientPeer.${method}(${source ?? ''})`;
  if (labels !== null && typeof labels === 'object' && Object.keys(labels).length === 0) {
    fail(where, 'client peer labels', labels, `name at least one label, or the peer would be every pod of ${namespace === undefined ? 'the namespace' : `"${namespace}"`}`);
  }
  checkLabels(where, 'client peer label', labels);
  return { ...labels };
}

function checkedNamespace(method: string, namespace: string | undefined, source?: string): string | undefined {
  if (namespace !== undefined) checkDns1123Label(`MysqlClientPeer.${method}(${source ?? ''})`, 'client peer namespace', namespace);
  return namespace;
}
