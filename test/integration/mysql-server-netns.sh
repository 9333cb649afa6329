#!/usr/bin/env bash
# Runs a command next to a private MariaDB server, inside new user, network and mount namespaces
# (start it with `unshare --user --map-root-user --net --mount`): the server listens on 127.0.0.1:3306
# of a loopback no other process shares, and the given host name resolves to it, as a Service name does
# inside a cluster. Nothing outside the namespaces changes.
#
# usage: mysql-server-netns.sh <workdir> <host name> <root password> -- <command> [args...]
set -euo pipefail
work=$1 host=$2 password=$3
shift 4

ip link set lo up
printf '127.0.0.1 localhost %s\n' "${host}" > "${work}/hosts"
mount --bind "${work}/hosts" /etc/hosts

user=$(id -un)
mariadb-install-db --no-defaults --datadir="${work}/data" --user="${user}" \
  --auth-root-authentication-method=normal --skip-test-db > "${work}/install.log" 2>&1
mariadbd --no-defaults --datadir="${work}/data" --socket="${work}/mysqld.sock" --pid-file="${work}/mysqld.pid" \
  --port=3306 --bind-address=127.0.0.1 --skip-name-resolve --user="${user}" --log-error="${work}/mysqld.err" &
server=$!
trap 'kill "${server}" 2>/dev/null || true; wait "${server}" 2>/dev/null || true' EXIT

for _ in $(seq 1 150); do
  if mariadb-admin --no-defaults --socket="${work}/mysqld.sock" --user=root ping > /dev/null 2>&1; then break; fi
  sleep 0.2
done

# Root may log in from anywhere with the password, as the mysql image's entrypoint sets it up.
quoted=${password//\\/\\\\}
quoted=${quoted//\'/\\\'}
mariadb --no-defaults --socket="${work}/mysqld.sock" --user=root <<SQL
DROP USER IF EXISTS 'root'@'127.0.0.1', 'root'@'::1';
CREATE USER 'root'@'%' IDENTIFIED BY '${quoted}';
GRANT ALL PRIVILEGES ON *.* TO 'root'@'%' WITH GRANT OPTION;
SQL

"$@"
