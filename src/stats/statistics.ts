/**
 * The statistics behind `compare`: the normal and chi-square survival functions and the two tests
 * the sandbox runs on proportions (two-proportion z-test, chi-square test of homogeneity).
 *
 * Everything rests on the regularized incomplete gamma function, computed as in Numerical Recipes
 * (a power series below a + 1, a Lentz continued fraction above), with a Lanczos log-gamma:
 * erfc(x) = Q(½, x²) and the chi-square survival function is Q(df/2, x/2). Both are evaluated
 * directly in the tail, so small p-values keep their relative precision (checked against SciPy in
 * test/fixtures/significance.json).
 */

/** Relative precision the series and the continued fraction iterate to. */
const EPSILON = 1e-16;
/** Near the smallest normal double: keeps Lentz's method away from a division by zero. */
const TINY = 1e-300;
const MAX_ITERATIONS = 10_000;

// Lanczos approximation, g = 7, n = 9 (relative error below 1e-15 for positive arguments).
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** ln Γ(x) for x > 0. */
export function lnGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`lnGamma needs a positive argument, got ${x}`);
  if (x < 0.5) {
    // Reflection: Γ(x) Γ(1 − x) = π / sin(πx).
    return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  }
  const z = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return LN_SQRT_2PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** e^(−x) x^a / Γ(a): the factor in front of both the series and the continued fraction. */
function gammaPrefactor(a: number, x: number): number {
  return Math.exp(-x + a * Math.log(x) - lnGamma(a));
}

/** P(a, x) by its power series; converges quickly for x < a + 1. */
function lowerGammaSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < MAX_ITERATIONS; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPSILON) break;
  }
  return sum * gammaPrefactor(a, x);
}

/** Q(a, x) by its continued fraction (modified Lentz); converges quickly for x ≥ a + 1. */
function upperGammaFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return h * gammaPrefactor(a, x);
}

/** The regularized lower incomplete gamma function P(a, x) = γ(a, x) / Γ(a), for a > 0, x ≥ 0. */
export function regularizedGammaP(a: number, x: number): number {
  checkGammaArguments(a, x);
  if (x === 0) return 0;
  if (x === Infinity) return 1;
  return x < a + 1 ? lowerGammaSeries(a, x) : 1 - upperGammaFraction(a, x);
}

/** The regularized upper incomplete gamma function Q(a, x) = 1 − P(a, x), for a > 0, x ≥ 0. */
export function regularizedGammaQ(a: number, x: number): number {
  checkGammaArguments(a, x);
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  return x < a + 1 ? 1 - lowerGammaSeries(a, x) : upperGammaFraction(a, x);
}

function checkGammaArguments(a: number, x: number): void {
  if (!(a > 0) || !(x >= 0)) throw new RangeError(`incomplete gamma needs a > 0 and x ≥ 0, got a=${a}, x=${x}`);
}

/** The complementary error function erfc(x) = 1 − erf(x), through erfc(x) = Q(½, x²) for x ≥ 0. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const tail = regularizedGammaQ(0.5, x * x);
  return x >= 0 ? tail : 2 - tail;
}

/** The standard normal survival function P(Z > z) (SciPy's `norm.sf`). */
export function normalSf(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** The chi-square survival function P(X > x) with `df` degrees of freedom (SciPy's `chi2.sf`). */
export function chiSquareSf(x: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`chi-square needs df > 0, got ${df}`);
  if (x <= 0) return 1;
  return regularizedGammaQ(df / 2, x / 2);
}

/** `successes` out of `trials`, e.g. opened out of delivered. */
export interface Proportion {
  successes: number;
  trials: number;
}

export interface TestResult {
  /** z for the z-test, χ² for the chi-square test; 0 when the test is degenerate. */
  statistic: number;
  /** Degrees of freedom (1 for the z-test); 0 when the test is degenerate. */
  df: number;
  /** Two-sided p-value; exactly 1 when the data cannot show a difference. */
  pValue: number;
}

/** No evidence of a difference: what a degenerate table yields instead of NaN. */
const NO_EVIDENCE: TestResult = { statistic: 0, df: 0, pValue: 1 };

function checkProportion({ successes, trials }: Proportion): void {
  if (!Number.isInteger(successes) || !Number.isInteger(trials) || successes < 0 || successes > trials) {
    throw new RangeError(`a proportion needs integers 0 ≤ successes ≤ trials, got ${successes}/${trials}`);
  }
}

/**
 * Two-sided two-proportion z-test with the pooled standard error:
 * z = (p₁ − p₂) / √(p̂(1 − p̂)(1/n₁ + 1/n₂)), p = 2·P(Z > |z|).
 *
 * Degenerate cases answer p = 1 (no evidence) rather than NaN: a group without trials, or a pooled
 * proportion of 0 or 1 (nobody or everybody succeeded, so both groups are identical).
 */
export function twoProportionZTest(a: Proportion, b: Proportion): TestResult {
  checkProportion(a);
  checkProportion(b);
  if (a.trials === 0 || b.trials === 0) return NO_EVIDENCE;
  const pooled = (a.successes + b.successes) / (a.trials + b.trials);
  if (pooled === 0 || pooled === 1) return NO_EVIDENCE;
  const standardError = Math.sqrt(pooled * (1 - pooled) * (1 / a.trials + 1 / b.trials));
  const z = (a.successes / a.trials - b.successes / b.trials) / standardError;
  // 2·P(Z > |z|) = erfc(|z|/√2) = Q(½, z²/2), evaluated directly so tiny p-values stay exact.
  return { statistic: z, df: 1, pValue: Math.min(1, regularizedGammaQ(0.5, (z * z) / 2)) };
}

/**
 * Pearson's chi-square test of homogeneity on the k × 2 table (successes, failures) of the groups,
 * without continuity correction (SciPy's `chi2_contingency(table, correction=False)`), df = k − 1.
 *
 * Groups without trials carry no information and are left out (their expected counts would be 0).
 * Fewer than two groups left, or a column that sums to 0 (nobody or everybody succeeded), answers
 * p = 1 rather than NaN.
 */
export function chiSquareHomogeneity(groups: readonly Proportion[]): TestResult {
  groups.forEach(checkProportion);
  const rows = groups.filter((group) => group.trials > 0);
  if (rows.length < 2) return NO_EVIDENCE;
  const total = rows.reduce((sum, row) => sum + row.trials, 0);
  const totalSuccesses = rows.reduce((sum, row) => sum + row.successes, 0);
  const totalFailures = total - totalSuccesses;
  if (totalSuccesses === 0 || totalFailures === 0) return NO_EVIDENCE;
  let statistic = 0;
  for (const row of rows) {
    const expectedSuccesses = (row.trials * totalSuccesses) / total;
    const expectedFailures = (row.trials * totalFailures) / total;
    statistic += (row.successes - expectedSuccesses) ** 2 / expectedSuccesses;
    statistic += (row.trials - row.successes - expectedFailures) ** 2 / expectedFailures;
  }
  const df = rows.length - 1;
  return { statistic, df, pValue: Math.min(1, chiSquareSf(statistic, df)) };
}
