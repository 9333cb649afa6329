// A client logs in as a MySQL user with a password from a Secret, and the server of its Service sets that user's
// password from another Secret or key of the same namespace: the login fails with "Access denied" at run time. The
// server side is read from the env of the mysql and mariadb images (MYSQL_ROOT_PASSWORD for root, MYSQL_USER with
// MYSQL_PASSWORD, the MARIADB_ names) and of this package's init script (MYSQL_APP_PASSWORD_<user>). Across namespaces
// the client reads a copy, whose name may differ: nothing to compare.
import { CheckContext } from '../context';
import { asArray, containersOf, cut, isObject, Json } from '../model';
import { Report } from '../rule';

export const id = 'client-wrong-secret';
export const severity = 'error';
export const group = 'wiring';
export const description = "a client's password from another Secret or key than the one its MySQL server sets that user's password from";

const HOST_SUFFIX = /(HOST|HOSTNAME|ADDR|ADDRESS|SERVER|ENDPOINT|URL|URI|DSN)$/;
const USER_SUFFIXES = ['USER', 'USERNAME', 'USER_NAME'];
const PASSWORD_SUFFIXES = ['PASSWORD', 'PASS', 'PWD'];

interface SecretRef { readonly name: string; readonly key: string }

function secretRef(env: Json): SecretRef | undefined {
  const ref = env?.valueFrom?.secretKeyRef;
  return isObject(ref) && typeof ref.name === 'string' && typeof ref.key === 'string' ? { name: ref.name, key: ref.key } : undefined;
}

/** The Secret key a MySQL server container sets `user`'s password from, if its env says. */
function serverSecret(container: Json, user: string): { ref: SecretRef; env: string } | undefined {
  const env: Json[] = asArray(container.env);
  const byName = (name: string): Json => env.find((e) => e?.name === name);
  const candidates: string[] = [`MYSQL_APP_PASSWORD_${user}`];
  if (user === 'root') candidates.push('MYSQL_ROOT_PASSWORD', 'MARIADB_ROOT_PASSWORD');
  for (const image of ['MYSQL', 'MARIADB']) {
    if (byName(`${image}_USER`)?.value === user) candidates.push(`${image}_PASSWORD`);
  }
  for (const name of candidates) {
    const ref = secretRef(byName(name));
    if (ref) return { ref, env: name };
  }
  return undefined;
}

export function check(ctx: CheckContext, report: Report): void {
  const seen = new Set<string>();
  for (const { client, ref, service } of ctx.clients) {
    const servers = service ? ctx.backends(service)?.selected ?? [] : [];
    if (servers.length === 0) continue;
    const container = containersOf(client).find((c) => ref.path.startsWith(`${c.path}.`));
    const hostName = ref.env.split(' ')[0];
    if (!container || !HOST_SUFFIX.test(hostName)) continue;
    const prefix = hostName.replace(HOST_SUFFIX, '');
    const env: Json[] = asArray(container.container.env);
    const userEnv = USER_SUFFIXES.map((s) => env.find((e) => e?.name === `${prefix}${s}`)).find((e) => typeof e?.value === 'string');
    const passwordIndex = env.findIndex((e) => PASSWORD_SUFFIXES.some((s) => e?.name === `${prefix}${s}`) && secretRef(e));
    if (!userEnv || passwordIndex < 0) continue;
    const key = `${container.path}.env[${passwordIndex}]`;
    // a container with a host and a URL variable of the same prefix is one client: report it once
    const once = `${client.item.index} ${key}`;
    if (seen.has(once)) continue;
    seen.add(once);
    const user: string = userEnv.value;
    const clientRef = secretRef(env[passwordIndex])!;
    for (const server of servers) {
      if (server.item.namespace !== client.item.namespace) continue;
      const found = containersOf(server).filter((c) => !c.init).map((c) => serverSecret(c.container, user)).find(Boolean);
      if (!found || (found.ref.name === clientRef.name && found.ref.key === clientRef.key)) continue;
      const passwordName = cut(String(env[passwordIndex].name));
      report(client.item, `${key}.valueFrom.secretKeyRef`,
        `env ${passwordName} reads Secret ${cut(clientRef.name)} key ${cut(clientRef.key)} to log in as ${cut(user)} (${cut(String(userEnv.name))}), `
        + `but the server of Service ${service!.namespace}/${service!.name} (${server.item.kind} ${server.item.namespace}/${server.item.name}) sets that user's `
        + `password from Secret ${cut(found.ref.name)} key ${cut(found.ref.key)} (${found.env})`,
        `Read ${passwordName} from Secret ${cut(found.ref.name)} key ${cut(found.ref.key)}, the one the server uses.`);
      break;
    }
  }
}
