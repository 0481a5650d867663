/**
 * Two-proportion z-test (pooled), the standard test for "did variant B convert better than A?".
 * Two-sided p-value. Equivalent to a 2×2 chi-square test without continuity correction (z² = χ²).
 */
export interface ZTest {
  z: number;
  pValue: number;
  /** p < alpha. */
  significant: boolean;
}

export function twoProportionZTest(x1: number, n1: number, x2: number, n2: number, alpha = 0.05): ZTest | undefined {
  if (n1 <= 0 || n2 <= 0 || x1 < 0 || x2 < 0 || x1 > n1 || x2 > n2) return undefined;
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se === 0) return { z: 0, pValue: 1, significant: false };
  const z = (x2 / n2 - x1 / n1) / se;
  const pValue = Math.min(1, 2 * (1 - normalCdf(Math.abs(z))));
  return { z: round(z, 4), pValue: round(pValue, 4), significant: pValue < alpha };
}

/**
 * The large-sample approximation is sound only when each group has at least 5 successes and 5 failures
 * (the usual n·p ≥ 5 rule) — which also keeps the test from being computed on suppressed small cells.
 */
export function testIsValid(x1: number, n1: number, x2: number, n2: number): boolean {
  return [x1, n1 - x1, x2, n2 - x2].every((k) => k >= 5);
}

/** Standard normal CDF via erf (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7). */
export function normalCdf(x: number): number {
  return 0.5 * (1 + erf(x / Math.SQRT2));
}

function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return sign * y;
}

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;
