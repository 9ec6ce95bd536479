/** The statistics of the study report: small pure functions, each checked against hand-computed values. */

/** Median of the values (mean of the two middle ones for an even count); undefined when empty. */
export function median(values: readonly number[]): number | undefined {
  return quantile(values, 0.5);
}

/**
 * The q-quantile with linear interpolation between closest ranks (R's type 7, the default
 * of R, NumPy and spreadsheets' QUARTILE.INC).
 */
export function quantile(values: readonly number[], q: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

export function mean(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

export interface Spread {
  n: number;
  median: number;
  q1: number;
  q3: number;
  min: number;
  max: number;
}

/** Median with interquartile range and extremes; undefined when there are no values. */
export function spread(values: readonly number[]): Spread | undefined {
  if (values.length === 0) return undefined;
  return {
    n: values.length,
    median: quantile(values, 0.5) as number,
    q1: quantile(values, 0.25) as number,
    q3: quantile(values, 0.75) as number,
    min: Math.min(...values),
    max: Math.max(...values),
  };
}

export interface Proportion {
  successes: number;
  n: number;
  rate: number;
  /** 95 % adjusted-Wald (Agresti–Coull) interval, clamped to [0, 1]. */
  low: number;
  high: number;
}

/**
 * Success rate with its adjusted-Wald interval, the interval recommended for the small
 * samples of usability tests (Sauro & Lewis): add z²/2 successes and z² trials, then a Wald
 * interval around the adjusted proportion. Undefined when there were no trials.
 */
export function adjustedWald(successes: number, n: number, z = 1.959964): Proportion | undefined {
  if (n <= 0) return undefined;
  const z2 = z * z;
  const nAdj = n + z2;
  const pAdj = (successes + z2 / 2) / nAdj;
  const margin = z * Math.sqrt((pAdj * (1 - pAdj)) / nAdj);
  return {
    successes,
    n,
    rate: successes / n,
    low: Math.max(0, pAdj - margin),
    high: Math.min(1, pAdj + margin),
  };
}

/**
 * Standard SUS scoring (Brooke 1996): odd items contribute answer − 1, even items 5 − answer;
 * the sum times 2.5 gives 0–100. Undefined unless there are ten whole answers from 1 to 5.
 */
export function susScore(answers: readonly number[] | undefined): number | undefined {
  if (answers?.length !== 10) return undefined;
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const a = answers[i] as number;
    if (!Number.isInteger(a) || a < 1 || a > 5) return undefined;
    sum += i % 2 === 0 ? a - 1 : 5 - a;
  }
  return sum * 2.5;
}
