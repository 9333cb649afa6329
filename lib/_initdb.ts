// The init script that creates application databases and users on the first start of an empty data directory. The
// mysql image's entrypoint sources every `*.sh` file of /docker-entrypoint-initdb.d that is not executable, with
// `docker_process_sql` defined (root over the socket of its temporary server); run by hand, the script defines its own.
import type { MysqlDatabase } from './mysql-database';

/** Where the entrypoint looks for init files. */
export const INITDB_DIR = '/docker-entrypoint-initdb.d';

/** The file name of the script in the ConfigMap and in INITDB_DIR. */
export const INITDB_FILE = '10-application-databases.sh';

/** The env var of the server container that holds the password of `user` (from its Secret). */
export function passwordEnvName(user: string): string {
  return `MYSQL_APP_PASSWORD_${user}`;
}

/** A resolved database: its name, its user, its password. */
export interface InitDatabase extends MysqlDatabase {
  readonly user: string;
}

/**
 * The script. Names are validated before they get here (letters, digits and `_`), so they are written as they are,
 * in backticks and quotes; passwords never are: the script reads them from the environment, and escapes them into
 * SQL string literals while it runs. It is idempotent: it creates what is missing, sets each password to the one in
 * its Secret, and grants again, so running it by hand after adding a database, or after a password rotation, applies it.
 */
export function initScript(databases: readonly InitDatabase[]): string {
  const lines = [
    '# Application databases and users, written by cdk8s-mysql-clusterip. The mysql entrypoint sources this file on the',
    '# first start of an empty data directory only. Passwords come from the environment (secretKeyRef), never from here.',
    '# To apply it to an existing data directory: kubectl exec deploy/<name> -- bash ' + `${INITDB_DIR}/${INITDB_FILE}`,
    'set -eo pipefail',
    'if ! declare -F docker_process_sql > /dev/null; then',
    '  # run by hand: connect as root over the server\'s socket',
    '  docker_process_sql() {',
    '    MYSQL_PWD="${MYSQL_ROOT_PASSWORD:?MYSQL_ROOT_PASSWORD is not set}" mysql --protocol=socket '
      + '--socket="${MYSQL_UNIX_PORT:-/var/run/mysqld/mysqld.sock}" --user=root --batch "$@"',
    '  }',
    'fi',
    '# A string as a quoted SQL literal (the server\'s default sql_mode reads backslash escapes).',
    'app_sql_string() {',
    '  local s=${1//\\\\/\\\\\\\\}',
    "  s=${s//\\'/\\\\\\'}",
    "  printf \"'%s'\" \"${s}\"",
    '}',
  ];
  for (const db of databases) {
    const env = passwordEnvName(db.user);
    // In GRANT, `_` and `%` of a database name are wildcards: escaped, the grant covers this database only.
    const grantName = db.name.replace(/_/g, '\\_');
    lines.push(
      `if [ -z "\${${env}:-}" ]; then`,
      `  echo "cannot create user ${db.user}: ${env} is empty (check the Secret it comes from)" >&2`,
      '  exit 1',
      'fi',
      `echo "creating database ${db.name} and user ${db.user}"`,
      'docker_process_sql <<SQL',
      `CREATE DATABASE IF NOT EXISTS \\\`${db.name}\\\`;`,
      `CREATE USER IF NOT EXISTS '${db.user}'@'%' IDENTIFIED BY $(app_sql_string "\${${env}}");`,
      `ALTER USER '${db.user}'@'%' IDENTIFIED BY $(app_sql_string "\${${env}}");`,
      `GRANT ALL PRIVILEGES ON \\\`${grantName}\\\`.* TO '${db.user}'@'%';`,
      'SQL',
    );
  }
  lines.push('unset -f app_sql_string', '');
  return lines.join('\n');
}
