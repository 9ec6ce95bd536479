/**
 * Exponential backoff with ±50 % jitter, capped. Pure: the random source is a parameter.
 * Shared by the storage adapters and the recorder's transport.
 */
export function nextRetryDelay(
  attempt: number,
  opts: { baseMs: number; maxMs: number },
  random: () => number = Math.random,
): number {
  const exponential = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.max(0, attempt));
  const jittered = exponential * (0.5 + random());
  return Math.round(Math.min(opts.maxMs, jittered));
}

export { sleep } from "./platform";
