/**
 * Matchers for a consumer's tests: the manifest checker over a chart, as a jest (or vitest) matcher
 * `expect(chart).toHaveConsistentWiring()` and as plain functions for any other runner.
 *
 * Register the matcher with `import 'cdk8s-mysql-clusterip/testing/jest'` (in a jest setup file or at the top of a test
 * file: it calls `expect.extend()` on the global `expect` and declares the matcher's type), or pass `wiringMatchers` to
 * `expect.extend()` yourself. Nothing here imports jest: it stays a dev dependency of yours, if you use it at all.
 *
 * @module cdk8s-mysql-clusterip/testing
 */
import { Chart, Testing } from 'cdk8s';
import { checkManifests, CheckOptions, CheckResult, formatText } from '../check';
import type { Finding } from '../check';

/** Options of the wiring matchers. */
export interface WiringCheckOptions extends CheckOptions {
  /**
   * The least severity that fails: `'error'` fails on errors only (a Service that selects no pod, a client env var
   * naming a port its Service does not serve, a NetworkPolicy that blocks a client ...); `'warning'` on warnings too.
   *
   * @default 'error'
   */
  readonly failOn?: 'error' | 'warning';
}

/** What the wiring matchers read: a chart (synthesized with `Testing.synth`), or manifests already synthesized. */
export type WiringSubject = Chart | readonly unknown[];

function manifestsOf(subject: WiringSubject): readonly unknown[] {
  if (Array.isArray(subject)) return subject;
  if (Chart.isChart(subject)) return Testing.synth(subject);
  throw new Error(`cannot check the wiring of ${subject === null ? 'null' : typeof subject}: pass a cdk8s Chart, or the manifests of Testing.synth(chart)`);
}

function failing(result: CheckResult, options: WiringCheckOptions): Finding[] {
  return result.findings.filter((f) => f.severity === 'error' || options.failOn === 'warning');
}

/**
 * Runs the manifest checker over the chart (or manifests) and returns the findings that fail under `options`: errors,
 * and warnings with `failOn: 'warning'`. Empty when the wiring is consistent.
 */
export function wiringFindings(subject: WiringSubject, options: WiringCheckOptions = {}): Finding[] {
  return failing(checkManifests(manifestsOf(subject), options), options);
}

/** The checker's report of the findings that fail, or undefined when none does. */
function report(subject: WiringSubject, options: WiringCheckOptions): string | undefined {
  const result = checkManifests(manifestsOf(subject), options);
  const findings = failing(result, options);
  if (findings.length === 0) return undefined;
  const shown: CheckResult = { ...result, findings, waived: [], get wiring() { return result.wiring; } };
  const what = options.failOn === 'warning' ? 'errors or warnings' : 'errors';
  return `expected consistent wiring, but the manifest checker found ${what}:\n${formatText(shown)}`;
}

/**
 * Throws an `Error` whose message is the checker's report when the chart (or manifests) has findings that fail under
 * `options`; returns nothing otherwise. For test runners without jest's `expect.extend` (node:test, mocha, ava).
 */
export function assertConsistentWiring(subject: WiringSubject, options: WiringCheckOptions = {}): void {
  const text = report(subject, options);
  if (text !== undefined) throw new Error(text);
}

/** The result of a matcher, in the shape jest's and vitest's `expect.extend` take. */
export interface WiringMatcherResult {
  readonly pass: boolean;
  readonly message: () => string;
}

/**
 * The matchers for `expect.extend(wiringMatchers)` (jest, vitest, or any runner with jest's `expect`):
 * `expect(chart).toHaveConsistentWiring(options?)` passes when the manifest checker finds nothing that fails under
 * `options`, and fails with the checker's findings (each with its object, field, message and fix) in its message.
 */
export const wiringMatchers = {
  toHaveConsistentWiring(received: WiringSubject, options: WiringCheckOptions = {}): WiringMatcherResult {
    const text = report(received, options);
    return text === undefined
      ? { pass: true, message: () => 'expected the manifest checker to find wiring errors, and it found none' }
      : { pass: false, message: () => text };
  },
};
