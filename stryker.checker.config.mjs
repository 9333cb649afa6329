// `npx stryker run stryker.checker.config.mjs --mutate lib/check/netpol.ts`: stryker.config.json with jest running
// only the checker's tests (jest.mutation.checker.config.js), for the files under lib/check/.
import { readFileSync } from 'node:fs';

const base = JSON.parse(readFileSync(new URL('./stryker.config.json', import.meta.url), 'utf8'));
delete base.$schema;

export default {
  ...base,
  mutate: base.mutate.filter((f) => f.startsWith('lib/check/')),
  jest: { ...base.jest, configFile: 'jest.mutation.checker.config.js' },
};
