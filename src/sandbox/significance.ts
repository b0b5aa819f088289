/**
 * `statistical_significance` for the sandbox's compare: for each requested rate, the counts behind
 * it (README decision 5) go through the one significance module (src/stats/significance.ts). The
 * API always names a winner: when no campaign has trials, the first one listed.
 */
import { LOWER_IS_BETTER, type RateMetric } from "../providers/vocabulary.js";
import { ALPHA, type Group, isSignificant, leaderOf, testFor as testGroups } from "../stats/significance.js";
import type { Proportion, TestResult } from "../stats/statistics.js";
import type { Counts } from "./counts.js";

export { ALPHA };

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

/** The proportion behind `metric` for one campaign. */
export function proportionFor(metric: RateMetric, counts: Counts): Proportion {
  const { successes, trials } = RATE_COUNTS[metric];
  return { successes: counts[successes], trials: counts[trials] };
}

function groupsFor(metric: RateMetric, campaigns: readonly ComparedCampaign[]): Group[] {
  return campaigns.map((campaign) => ({ id: campaign.id, ...proportionFor(metric, campaign.counts) }));
}

/** The winning campaign id for `metric`; the first campaign when none has trials. */
export function pickWinner(metric: RateMetric, campaigns: readonly ComparedCampaign[]): string {
  const first = campaigns[0];
  if (!first) throw new RangeError("pickWinner needs at least one campaign");
  return leaderOf(groupsFor(metric, campaigns), LOWER_IS_BETTER.has(metric)) ?? first.id;
}

/** The test for these campaigns: z-test for two, chi-square for more. */
export function testFor(metric: RateMetric, campaigns: readonly ComparedCampaign[]): TestResult {
  return testGroups(groupsFor(metric, campaigns));
}

/** One `statistical_significance` entry. */
export function metricSignificance(metric: RateMetric, campaigns: readonly ComparedCampaign[]): MetricSignificance {
  const { pValue } = testFor(metric, campaigns);
  return { metric, winner: pickWinner(metric, campaigns), p_value: pValue, is_significant: isSignificant(pValue) };
}
