// A literal value where a secret belongs: an env var whose name says password, token or key, a URL with a password, and
// the same in the data of a ConfigMap (stored and shown in clear, readable by anyone who may read ConfigMaps).
import { CheckContext } from '../context';
import { asArray, asRecord, containersOf, cut } from '../model';
import { Report } from '../rule';

export const id = 'env-literal-secret';
export const severity = 'error';
export const group = 'security';
export const description = 'a literal value in an env var (or a ConfigMap key) whose name looks like a password, token or secret, or a URL with a password';

const SECRET_NAME = /(PASSWORD|PASSWD|(^|_)PWD($|_)|PASSPHRASE|TOKEN|SECRET|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?|BEARER)/i;
// names that say the value is about a secret, not the secret: a file, a name, a setting, a lifetime, a size, a place
const NOT_A_SECRET_NAME = new RegExp('(_FILE|_PATH|_DIR|_NAME|_REF|_ENABLED|_TYPE|_MODE|_TTL|_EXPIRY|_EXPIRES|_EXPIRATION|_TIMEOUT|_LENGTH|_SIZE|_HEADER'
  + '|_ISSUER|_AUDIENCE|_ALGORITHM|_URL|_URI|_ENDPOINT|_HOST|_PORT|_SECONDS|_SECS|_MINUTES|_MINS|_HOURS|_DAYS|_MS|_MILLIS|_DURATION|_INTERVAL'
  + '|_LIFETIME|_AGE|_MAX_AGE|_VALIDITY|_COUNT|_LIMIT|_RETRIES|_MIN|_MAX|_KEY_ID|_USER|_USERNAME|_POLICY|_REGEX|_PATTERN|_PREFIX|_FORMAT)$', 'i');
/** A URL with a password in it: `postgres://user:secret@db/app`. */
const URL_WITH_PASSWORD = /^[a-zA-Z][-+.a-zA-Z0-9]*:\/\/[^/:@\s]*:[^/@\s]+@/;
const NOT_A_SECRET_VALUE = /^(true|false|yes|no|on|off|0|1|none|null|disabled|enabled|changeme|-)$/i;
/** A duration or a number: `3600`, `15m`, `24h`, `7d`. */
const DURATION = /^[0-9]+(\.[0-9]+)?(ns|us|ms|s|m|h|d|w)?$/;

/** What a literal value under `name` holds, if it looks like a secret. */
function secretKind(name: string, value: string): 'url' | 'name' | undefined {
  if (value.length > 4096) {
    return undefined;
  }
  if (URL_WITH_PASSWORD.test(value.replace(/^jdbc:/, ''))) {
    return 'url';
  }
  if (SECRET_NAME.test(name) && !NOT_A_SECRET_NAME.test(name) && !NOT_A_SECRET_VALUE.test(value) && !DURATION.test(value) && !value.startsWith('/')) {
    return 'name';
  }
  return undefined;
}

export function check(ctx: CheckContext, report: Report): void {
  for (const pod of ctx.pods) {
    for (const { container, path } of containersOf(pod)) {
      const cname = `container "${cut(String(container.name))}"`;
      asArray(container.env).forEach((env, i) => {
        if (typeof env?.name !== 'string' || typeof env.value !== 'string' || env.value === '' || env.value.includes('$(')) {
          return;
        }
        const kind = secretKind(env.name, env.value);
        const fix = `Put the value in a Secret and use valueFrom.secretKeyRef for ${cut(env.name)}.`;
        if (kind === 'url') {
          report(pod.item, `${path}.env[${i}].value`, `env ${cut(env.name)} of ${cname} holds a URL with a password in it, in clear text`,
            `${fix} (or keep the URL without the password, and pass the password from a Secret)`);
        } else if (kind === 'name') {
          report(pod.item, `${path}.env[${i}].value`, `env ${cut(env.name)} of ${cname} holds a literal value: it is stored and shown in clear text`, fix);
        }
      });
    }
  }
  for (const item of ctx.objects) {
    if (item.kind !== 'ConfigMap') {
      continue;
    }
    for (const [key, value] of Object.entries(asRecord(item.object.data))) {
      if (typeof value !== 'string' || value === '' || value.includes('\n')) {
        continue; // a file (a multi-line value) is a configuration file, not a variable
      }
      const kind = secretKind(key, value.trim());
      if (kind) {
        report(item, `data.${cut(key)}`, `ConfigMap key ${cut(key)} holds ${kind === 'url' ? 'a URL with a password in it' : 'what its name says is a secret'}, in clear text`,
          `Move ${cut(key)} to a Secret (and load it with secretKeyRef or envFrom.secretRef): ConfigMaps are readable by anyone who may read the namespace's configuration.`);
      }
    }
  }
}
