/**
 * Registers `toHaveConsistentWiring` on jest's global `expect` (vitest's, with `globals: true`, too) and declares its
 * type: `import 'cdk8s-mysql-clusterip/testing/jest';` in a setup file or a test file. It does not import jest.
 *
 * @module cdk8s-mysql-clusterip/testing/jest
 */
import { WiringCheckOptions, wiringMatchers } from './index';

interface ExpectWithExtend {
  extend(matchers: Record<string, unknown>): void;
}

const expectGlobal = (globalThis as { expect?: Partial<ExpectWithExtend> }).expect;
if (typeof expectGlobal?.extend !== 'function') {
  throw new Error('cdk8s-mysql-clusterip/testing/jest registers its matcher on the global `expect` of jest, and there is none here: '
    + 'import it from a test file or a jest setup file (setupFilesAfterEnv), or pass `wiringMatchers` from cdk8s-mysql-clusterip/testing '
    + "to your runner's expect.extend()");
}
expectGlobal.extend(wiringMatchers);

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      /**
       * Passes when the manifest checker finds no error in the chart (or in the manifests of `Testing.synth(chart)`);
       * fails with its findings in the message.
       */
      toHaveConsistentWiring(options?: WiringCheckOptions): R;
    }
  }
}
