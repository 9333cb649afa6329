const TAGGED = /^[^\s@]+:([\w][\w.-]{0,127})$/;
const DIGEST = /^[^\s@]+@sha256:[0-9a-f]{64}$/;

/**
 * A MySQL server image, pinned to an exact version.
 *
 * The image must be the official `mysql` image or one built from it: the constructs rely on its
 * entrypoint (root password from `MYSQL_ROOT_PASSWORD`), its `mysql` user (uid and gid 999), and
 * the `mysql` client it contains.
 *
 * @see https://hub.docker.com/_/mysql
 */
export class MysqlImage {
  /**
   * MySQL 8.0.46, the last build of the 8.0 line. MySQL 8.0 reached end of life in April 2026 and gets
   * no more security fixes: prefer `MYSQL_8_4` for anything that outlives a lab.
   */
  public static readonly MYSQL_8_0 = new MysqlImage('mysql:8.0.46');

  /** MySQL 8.4.9, of the 8.4 long-term-support line. */
  public static readonly MYSQL_8_4 = new MysqlImage('mysql:8.4.9');

  /**
   * Any image reference with an exact tag or digest, for example a mirror in your own registry
   * (`registry.example.com/mysql:8.4.9`) or a digest-pinned image (`mysql@sha256:...`).
   *
   * @throws when the reference has no tag, or the tag is `latest`: both change under a running database.
   */
  public static fromReference(reference: string): MysqlImage {
    const tag = TAGGED.exec(reference ?? '')?.[1];
    const pinned = DIGEST.test(reference ?? '') || (tag !== undefined && tag !== 'latest');
    if (!pinned) {
      throw new Error(`invalid mysql image ${JSON.stringify(reference)}: pin an exact version with a tag or digest `
        + '(for example "mysql:8.4.9" or "mysql@sha256:<64 hex digits>"), never "latest" or no tag');
    }
    return new MysqlImage(reference);
  }

  /** The image reference as written into the pod spec. */
  public readonly reference: string;

  /** The tag of the image (`8.0.46`), or `undefined` for a digest-pinned image. */
  public readonly tag?: string;

  private constructor(reference: string) {
    this.reference = reference;
    this.tag = TAGGED.exec(reference)?.[1];
  }
}
