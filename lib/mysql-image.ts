import { brand, hasBrand } from './_brand';
import { fail } from './_validation';

// The image reference grammar of the container runtimes (github.com/distribution/reference, regexp.go), which the
// kubelet applies: [domain[:port]/]path[:tag][@digest], the path in lowercase.
const ALPHANUMERIC = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALPHANUMERIC}(?:${SEPARATOR}${ALPHANUMERIC})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
/** The longest repository name (NameTotalLengthMax). */
const MAX_NAME = 255;
/** Digests the runtimes verify (github.com/opencontainers/go-digest): the algorithm and its length in hex digits. */
const DIGEST_HEX: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

/** The parts of an image reference, or a reason it is not one. */
export function parseImageReference(reference: unknown): { name: string; tag?: string; digest?: string } | { error: string } {
  if (typeof reference !== 'string') {
    return { error: 'must be a string such as "mysql:8.4.9"' };
  }
  const match = REFERENCE.exec(reference);
  if (!match) {
    const slash = reference.lastIndexOf('/');
    const lowered = reference.slice(0, slash + 1) + reference.slice(slash + 1).replace(/^[^:@]*/, (path) => path.toLowerCase());
    if (lowered !== reference && REFERENCE.test(lowered)) {
      return { error: `the repository name must be lowercase (the kubelet refuses it): write ${JSON.stringify(lowered)}` };
    }
    return { error: 'is not an image reference: [registry[:port]/]repository[:tag][@digest], the repository of lowercase letters and digits '
      + "separated by '.', '_', '__' or dashes (for example \"registry.example.com/db/mysql:8.4.9\")" };
  }
  const [, name, tag, digest] = match;
  if (name.length > MAX_NAME) {
    return { error: `the repository name is ${name.length} characters long, at most ${MAX_NAME}` };
  }
  if (digest !== undefined) {
    const [algorithm, hex] = digest.split(':');
    if (DIGEST_HEX[algorithm] !== hex.length || !/^[a-f0-9]+$/.test(hex)) {
      return { error: 'the digest must be sha256 with 64 lowercase hex digits (or sha384 with 96, sha512 with 128)' };
    }
  }
  return { name, tag, digest };
}


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
  public static readonly MYSQL_8_0 = new MysqlImage('mysql:8.0.46', '8.0.46');

  /** MySQL 8.4.9, of the 8.4 long-term-support line. */
  public static readonly MYSQL_8_4 = new MysqlImage('mysql:8.4.9', '8.4.9');

  /**
   * Any image reference with an exact tag or digest, for example a mirror in your own registry
   * (`registry.example.com/mysql:8.4.9`) or a digest-pinned image (`mysql@sha256:...`).
   *
   * @throws when the reference has no tag, or the tag is `latest`: both change under a running database.
   */
  public static fromReference(reference: string): MysqlImage {
    const parsed = parseImageReference(reference);
    if ('error' in parsed) {
      fail('MysqlImage.fromReference()', 'mysql image', reference, parsed.error);
    }
    if (parsed.digest === undefined && (parsed.tag === undefined || parsed.tag === 'latest')) {
      fail('MysqlImage.fromReference()', 'mysql image', reference, 'pin an exact version with a tag or digest '
        + '(for example "mysql:8.4.9" or "mysql@sha256:<64 hex digits>"), never "latest" or no tag');
    }
    return new MysqlImage(reference, parsed.tag);
  }

  /** True when `x` is a `MysqlImage` of any installed copy of this package. */
  public static isMysqlImage(x: unknown): x is MysqlImage {
    return hasBrand(x, 'MysqlImage');
  }

  /** The image reference as written into the pod spec. */
  public readonly reference: string;

  /** The tag of the image (`8.0.46`), or `undefined` for a digest-pinned image. */
  public readonly tag?: string;

  private constructor(reference: string, tag?: string) {
    brand(this, 'MysqlImage');
    this.reference = reference;
    this.tag = tag;
  }
}
