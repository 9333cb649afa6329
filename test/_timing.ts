/**
 * What counts as a hang. The checker answers hostile and random input in milliseconds to a few seconds; without its
 * guards such input runs for hours (an alias bomb is exponential, 200,000 levels of nesting overflow the stack). The
 * bound tells those apart on a loaded machine too: how fast the checker is, is measured by `npm run bench:hostile`.
 */
export const HANG_MS = 30_000;

/** Runs `fn` and says how long it took. */
export function timed<T>(fn: () => T): { value: T; ms: number } {
  const start = process.hrtime.bigint();
  const value = fn();
  return { value, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}
