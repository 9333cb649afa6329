/**
 * Pods that may connect to a MySQL backend, named the way a NetworkPolicy names them: by labels,
 * within a namespace. `DebugClient` and `MysqlConnectivityCheck` are peers; for your own workloads
 * use `MysqlClientPeer.fromLabels()`.
 */
export interface IMysqlClientPeer {
  /** The namespace of the pods. */
  readonly peerNamespace: string;

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
   */
  public static fromLabels(labels: Record<string, string>, namespace: string): MysqlClientPeer {
    if (!labels || Object.keys(labels).length === 0) {
      throw new Error(`invalid client peer labels ${JSON.stringify(labels)}: name at least one label, or the peer would be every pod of "${namespace}"`);
    }
    return new MysqlClientPeer({ ...labels }, namespace);
  }

  private constructor(
    public readonly peerSelector: Readonly<Record<string, string>>,
    public readonly peerNamespace: string,
  ) {}
}
