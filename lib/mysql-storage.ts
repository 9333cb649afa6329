import { Size } from 'cdk8s';
import { brand, hasBrand } from './_brand';

/**
 * Options for `MysqlStorage.persistent()`.
 */
export interface PersistentMysqlStorageOptions {
  /**
   * The size of the PersistentVolumeClaim: above zero (the API server refuses a claim of `0`).
   *
   * @default Size.gibibytes(10)
   */
  readonly size?: Size;

  /**
   * The StorageClass to provision the volume from.
   *
   * @default - the cluster's default StorageClass
   * @see https://kubernetes.io/docs/concepts/storage/storage-classes/
   */
  readonly storageClassName?: string;

  /**
   * The claim's `metadata.name` (a DNS-1123 subdomain).
   *
   * @default - `<backend name>-data`
   */
  readonly claimName?: string;
}

/**
 * Where mysqld keeps `/var/lib/mysql`.
 */
export class MysqlStorage {
  /**
   * True when `x` was made by `MysqlStorage.persistent()` or `MysqlStorage.ephemeral()`, in any installed copy of this
   * package (a string such as `'persistent'` from JavaScript is not).
   */
  public static isMysqlStorage(x: unknown): x is MysqlStorage {
    return hasBrand(x, 'MysqlStorage');
  }

  /**
   * A PersistentVolumeClaim (ReadWriteOnce) that outlives pods: data survives restarts, rescheduling and
   * upgrades. Deleting the claim deletes the data (with the usual `Delete` reclaim policy).
   *
   * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/
   */
  public static persistent(options: PersistentMysqlStorageOptions = {}): MysqlStorage {
    return new MysqlStorage(true, options.size ?? Size.gibibytes(10), options.storageClassName, options.claimName);
  }

  /**
   * An `emptyDir`: every row is lost when the pod is replaced. For throw-away labs and tests only.
   *
   * @param sizeLimit the most the data may use on the node's disk, above zero; default none
   */
  public static ephemeral(sizeLimit?: Size): MysqlStorage {
    return new MysqlStorage(false, sizeLimit);
  }

  private constructor(
    /** True for a PersistentVolumeClaim, false for an emptyDir. */
    public readonly persistent: boolean,
    /** The claim's size, or the emptyDir's size limit. */
    public readonly size?: Size,
    /** The StorageClass of the claim. */
    public readonly storageClassName?: string,
    /** The name of the claim. */
    public readonly claimName?: string,
  ) {
    brand(this, 'MysqlStorage');
  }
}
