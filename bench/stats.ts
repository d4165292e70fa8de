/** Small statistics for the report: order statistics and growth exponents. */

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest rank: p95 of 50 samples is the 48th, an observed value, not an interpolation.
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const median = (values: readonly number[]) => percentile(values, 50);

/**
 * k in f(n) ~ n^k between two sizes: 1 is linear, 0 constant, 2 quadratic. For a per-unit figure
 * (ms per cluster), 0 means the total grows linearly.
 */
export function exponent(n1: number, f1: number, n2: number, f2: number): number {
  if (!(f1 > 0 && f2 > 0)) return NaN;
  return Math.log(f2 / f1) / Math.log(n2 / n1);
}

export const round = (value: number, digits = 2) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : value);
