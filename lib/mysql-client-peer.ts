/**
 * Pods that may connect to a MySQL backend, named the way a NetworkPolicy names them: by labels,
 * within a namespace. `DebugClient` and `MysqlConnectivityCheck` are peers; for your own workloads
 * use `MysqlClientPeer.fromLabels()`.
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
 * A set of pods, by labels and namespace.
 */
export class MysqlClientPeer implements IMysqlClientPeer {
  /**
   * The pods in `namespace` that carry all of `labels` (for example the pod template labels of your
   * API Deployment).
   *
   * @param namespace the pods' namespace; default: the namespace of the exposure that admits them
   */
  public static fromLabels(labels: Record<string, string>, namespace?: string): MysqlClientPeer {
    if (!labels || Object.keys(labels).length === 0) {
      throw new Error(`invalid client peer labels ${JSON.stringify(labels)}: name at least one label, or the peer would be every pod of `
        + `${namespace === undefined ? 'the namespace' : `"${namespace}"`}`);
    }
    return new MysqlClientPeer({ ...labels }, namespace);
  }

  private constructor(
    public readonly peerSelector: Readonly<Record<string, string>>,
    public readonly peerNamespace?: string,
  ) {}
}
