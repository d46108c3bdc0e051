/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

/**
 * The Wilson score interval of a proportion (successes of n) at 95%: better than the normal
 * approximation for small samples and rates near 0 or 1. Null bounds when n is 0.
 */
export function wilson(successes: number, n: number, z = Z95): { rate: number | null; low: number | null; high: number | null; n: number } {
  if (n <= 0) return { rate: null, low: null, high: null, n: 0 };
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { rate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half), n };
}
