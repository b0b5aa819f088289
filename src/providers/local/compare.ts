/**
 * Local compare (CLI.md, "Local compare and A/B tests"): for providers without a compare endpoint,
 * the CLI builds the Tenant API's compare shape from each campaign's counts, with the same
 * statistics (stats/significance.ts) over each rate's own denominator.
 *
 * - A rate is successes / trials × 100 from the counts, at full precision.
 * - A campaign without trials for a rate has no value for it (the key is absent, not 0).
 * - `winner` is named only when the difference is significant (p < α) and some campaign had trials;
 *   otherwise it is absent and the table says "no clear winner".
 */
import { UsageError } from "../../errors.js";
import { type Group, verdict } from "../../stats/significance.js";
import type { CompareResult, RateBasis } from "../shapes.js";
import { LOWER_IS_BETTER, type RateMetric } from "../vocabulary.js";

/** How a provider's rate is made from its counts, and what the denominator is called. */
export interface RateDefinition {
  successes: string;
  trials: string;
  basis: RateBasis[string];
}

/** A provider's comparable rates, in the order they are shown by default. */
export type RateTable = Readonly<Partial<Record<RateMetric, RateDefinition>>>;

/** One campaign's counts, keyed by the names the provider's RateTable uses. */
export interface CountedCampaign {
  campaign_id: string;
  campaign_name: string;
  counts: Readonly<Record<string, number | undefined>>;
}

/** The metrics to compare: those asked for (each must be one the provider has), else all of them. */
export function localMetrics(provider: string, table: RateTable, requested?: readonly string[]): RateMetric[] {
  const available = Object.keys(table) as RateMetric[];
  if (!requested?.length) return available;
  for (const metric of requested) {
    if (!(metric in table)) {
      throw new UsageError(`${provider} has no ${metric} to compare`, { hint: `${provider} can compare: ${available.join(", ")}` });
    }
  }
  return requested as RateMetric[];
}

/** Ids for a local compare: each once (comparing a campaign with itself is a usage error). */
export function checkDistinct(ids: readonly string[]): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw new UsageError(`campaign ${id} is given more than once; a campaign cannot be compared with itself`);
    seen.add(id);
  }
}

function proportion(campaign: CountedCampaign, rate: RateDefinition): { successes: number; trials: number } {
  return { successes: campaign.counts[rate.successes] ?? 0, trials: campaign.counts[rate.trials] ?? 0 };
}

/** The compare document for `campaigns` (in the order given) over `metrics`. */
export function compareLocally(campaigns: readonly CountedCampaign[], table: RateTable, metrics: readonly RateMetric[]): CompareResult {
  if (campaigns.length < 2) throw new UsageError("compare needs at least two campaigns");
  checkDistinct(campaigns.map((c) => c.campaign_id));
  const definition = (metric: RateMetric): RateDefinition => {
    const rate = table[metric];
    if (!rate) throw new UsageError(`no rate definition for ${metric}`);
    return rate;
  };
  const comparison = campaigns.map((campaign) => {
    const values: Record<string, number> = {};
    for (const metric of metrics) {
      const { successes, trials } = proportion(campaign, definition(metric));
      if (trials > 0) values[metric] = (successes / trials) * 100;
    }
    return { campaign_id: campaign.campaign_id, campaign_name: campaign.campaign_name, metrics: values };
  });
  const statistical_significance = metrics.map((metric) => {
    const groups: Group[] = campaigns.map((c) => ({ id: c.campaign_id, ...proportion(c, definition(metric)) }));
    const result = verdict(groups, LOWER_IS_BETTER.has(metric));
    const named = result.is_significant && result.leader !== undefined;
    return { metric, ...(named ? { winner: result.leader } : {}), p_value: result.p_value, is_significant: result.is_significant, test: result.test };
  });
  const rate_basis: RateBasis = Object.fromEntries(metrics.map((metric) => [metric, definition(metric).basis]));
  return { comparison, statistical_significance, rate_basis };
}
