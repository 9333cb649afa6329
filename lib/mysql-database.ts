import type * as kplus from 'cdk8s-plus-28';

/**
 * An application database and the MySQL user that owns it, created by `MysqlBackend` on the first start of an empty
 * data directory. The user may do anything inside its own database and nothing outside it (`GRANT ALL PRIVILEGES ON
 * \`<name>\`.*`, no global privilege, no `GRANT OPTION`).
 *
 * The password is read from a Secret you provide, in the backend's namespace: never invented, never written into a
 * manifest. See docs/connect.md for what happens on a data directory that already exists, and how to add a user later.
 */
export interface MysqlDatabase {
  /**
   * The database (schema) name: letters, digits and `_`, starting with a letter, at most 64 characters; not one of
   * MySQL's own (`mysql`, `information_schema`, `performance_schema`, `sys`).
   */
  readonly name: string;

  /**
   * The user that owns the database: letters, digits and `_`, starting with a letter, at most 32 characters; not
   * `root`. It may log in from any host (`'<user>'@'%'`): the NetworkPolicy decides which pods reach the server.
   *
   * @default - the database name
   */
  readonly user?: string;

  /**
   * Where the user's password lives: a Secret in the backend's namespace and the key inside it. The server reads it
   * from its environment (`secretKeyRef`); clients that `connect()` read the same Secret.
   *
   * @see https://kubernetes.io/docs/concepts/configuration/secret/
   */
  readonly password: kplus.SecretValue;
}
