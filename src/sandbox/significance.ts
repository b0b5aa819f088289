/**
 * `statistical_significance` for `compare`: for each requested rate, which campaign wins and
 * whether the difference is real, computed from the counts behind the rate (README decision 5).
 *
 * - Test: two campaigns → two-sided two-proportion z-test (pooled); three or more → Pearson's
 *   chi-square test of homogeneity on the k × 2 table, no continuity correction. (For two groups
 *   both give the same p-value: χ² = z².)
 * - Winner: the best exact proportion (successes/trials, compared as exact fractions, not the rounded
 *   rate); higher is better except for bounce, spam and unsubscribe rates. Campaigns without trials
 *   (nothing sent, delivered or opened in the window) cannot win. Ties go to the campaign listed
 *   first in the request; when no campaign has trials the first one is the winner.
 * - `is_significant` is p < 0.05. Degenerate tables (no trials, nobody or everybody succeeding)
 *   have p = 1.
 */
import { LOWER_IS_BETTER, type RateMetric } from "../providers/vocabulary.js";
import type { Counts } from "./counts.js";
import { type Proportion, type TestResult, chiSquareHomogeneity, twoProportionZTest } from "../stats/statistics.js";

/** Significance level for `is_significant`. */
export const ALPHA = 0.05;

/** Which counts each rate divides (numerator = successes, denominator = trials). */
export const RATE_COUNTS: Readonly<Record<RateMetric, { successes: keyof Counts; trials: keyof Counts }>> = {
  open_rate: { successes: "opened", trials: "delivered" },
  click_rate: { successes: "clicked", trials: "delivered" },
  reply_rate: { successes: "replied", trials: "delivered" },
  delivery_rate: { successes: "delivered", trials: "sent" },
  click_to_open_rate: { successes: "clicked", trials: "opened" },
  bounce_rate: { successes: "bounced", trials: "sent" },
  spam_rate: { successes: "spamComplaints", trials: "sent" },
  unsubscribe_rate: { successes: "unsubscribes", trials: "sent" },
};

/** One campaign's counts in the window, in request order. */
export interface ComparedCampaign {
  id: string;
  counts: Counts;
}

export interface MetricSignificance {
  metric: RateMetric;
  winner: string;
  p_value: number;
  is_significant: boolean;
}

/** Significant at ALPHA: strictly below it (p = 0.05 exactly is not significant). */
export function isSignificant(pValue: number): boolean {
  return pValue < ALPHA;
}

/** The proportion behind `metric` for one campaign. */
export function proportionFor(metric: RateMetric, counts: Counts): Proportion {
  const { successes, trials } = RATE_COUNTS[metric];
  return { successes: counts[successes], trials: counts[trials] };
}

/** Sign of a/b − c/d for b, d > 0, exactly (BigInt cross-multiplication: no rounding, no overflow). */
function compareFractions(a: Proportion, b: Proportion): number {
  const left = BigInt(a.successes) * BigInt(b.trials);
  const right = BigInt(b.successes) * BigInt(a.trials);
  return left === right ? 0 : left > right ? 1 : -1;
}

/** The winning campaign id for `metric` (rules in the module comment). `campaigns` must not be empty. */
export function pickWinner(metric: RateMetric, campaigns: readonly ComparedCampaign[]): string {
  const direction = LOWER_IS_BETTER.has(metric) ? -1 : 1;
  let best: { id: string; proportion: Proportion } | undefined;
  for (const campaign of campaigns) {
    const proportion = proportionFor(metric, campaign.counts);
    if (proportion.trials === 0) continue;
    // Strictly better only: on an exact tie the earlier campaign keeps the lead.
    if (!best || direction * compareFractions(proportion, best.proportion) > 0) best = { id: campaign.id, proportion };
  }
  const first = campaigns[0];
  if (!first) throw new RangeError("pickWinner needs at least one campaign");
  return best?.id ?? first.id;
}

/** The test for these campaigns: z-test for two, chi-square for more. */
export function testFor(metric: RateMetric, campaigns: readonly ComparedCampaign[]): TestResult {
  const proportions = campaigns.map((campaign) => proportionFor(metric, campaign.counts));
  const [a, b] = proportions;
  return proportions.length === 2 && a && b ? twoProportionZTest(a, b) : chiSquareHomogeneity(proportions);
}

/** One `statistical_significance` entry. */
export function metricSignificance(metric: RateMetric, campaigns: readonly ComparedCampaign[]): MetricSignificance {
  const { pValue } = testFor(metric, campaigns);
  return { metric, winner: pickWinner(metric, campaigns), p_value: pValue, is_significant: isSignificant(pValue) };
}
