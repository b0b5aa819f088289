/**
 * Which of several groups (campaigns, A/B variants, sequence steps) has the best proportion, and
 * whether the difference is real. One implementation for the sandbox's compare, the CLI's local
 * compare and the A/B verdicts.
 *
 * - Test: two groups → two-sided two-proportion z-test (pooled); three or more → Pearson's
 *   chi-square test of homogeneity on the k × 2 table, no continuity correction. (For two groups
 *   both give the same p-value: χ² = z².)
 * - Leader: the best exact proportion (successes/trials, compared as exact fractions, not rounded
 *   rates); `lowerIsBetter` for bounce, spam and unsubscribe rates. Groups without trials cannot
 *   lead. Ties go to the group listed first; when no group has trials there is no leader.
 * - `is_significant` is p < α = 0.05. Degenerate tables (no trials, nobody or everybody
 *   succeeding) have p = 1.
 */
import { type Proportion, type TestResult, chiSquareHomogeneity, twoProportionZTest } from "./statistics.js";

/** Significance level for `is_significant`. */
export const ALPHA = 0.05;

/** Significant at ALPHA: strictly below it (p = 0.05 exactly is not significant). */
export function isSignificant(pValue: number): boolean {
  return pValue < ALPHA;
}

export interface Group extends Proportion {
  id: string;
}

export interface Verdict {
  /** The group with the best proportion, or undefined when no group has trials. */
  leader: string | undefined;
  p_value: number;
  is_significant: boolean;
  test: "two_proportion_z" | "chi_square";
}

/** Sign of a/b − c/d for b, d > 0, exactly (BigInt cross-multiplication: no rounding, no overflow). */
function compareFractions(a: Proportion, b: Proportion): number {
  const left = BigInt(a.successes) * BigInt(b.trials);
  const right = BigInt(b.successes) * BigInt(a.trials);
  return left === right ? 0 : left > right ? 1 : -1;
}

/** The id of the group with the best proportion (rules in the module comment). */
export function leaderOf(groups: readonly Group[], lowerIsBetter: boolean): string | undefined {
  const direction = lowerIsBetter ? -1 : 1;
  let best: Group | undefined;
  for (const group of groups) {
    if (group.trials === 0) continue;
    // Strictly better only: on an exact tie the earlier group keeps the lead.
    if (!best || direction * compareFractions(group, best) > 0) best = group;
  }
  return best?.id;
}

/** The test for these groups: z-test for two, chi-square for more. */
export function testFor(groups: readonly Proportion[]): TestResult & { test: Verdict["test"] } {
  const [a, b] = groups;
  return groups.length === 2 && a && b ? { ...twoProportionZTest(a, b), test: "two_proportion_z" } : { ...chiSquareHomogeneity(groups), test: "chi_square" };
}

/** The verdict on `groups` (at least two). */
export function verdict(groups: readonly Group[], lowerIsBetter: boolean): Verdict {
  if (groups.length < 2) throw new RangeError("a significance test needs at least two groups");
  const { pValue, test } = testFor(groups);
  return { leader: leaderOf(groups, lowerIsBetter), p_value: pValue, is_significant: isSignificant(pValue), test };
}
