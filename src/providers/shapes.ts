/**
 * The common output shapes beyond the Tenant API's own (CLI.md, "The common JSON shape"): what
 * `campaigns` and `timeline` print for every provider, and the tags every non-tenant document
 * carries. A field a provider does not report is absent, never 0, null or [].
 */
import type { ProviderName } from "./capabilities.js";

/** What a rate was divided by, e.g. `{"open_rate": "sent"}`. */
export type RateBasis = Record<string, "sent" | "delivered" | "opened" | "leads" | "previous_step" | "first_step" | "cohort_size">;

/** On every non-tenant document: which provider answered and each rate's denominator. */
export interface ProviderTags {
  provider?: Exclude<ProviderName, "tenant">;
  rate_basis?: RateBasis;
}

/** One row of `campaigns`: flat, each field where the provider has it; rates in percent. */
export interface CampaignRow {
  campaign_id: string;
  campaign_name: string;
  status?: string;
  emails_sent?: number;
  emails_delivered?: number;
  emails_opened?: number;
  emails_clicked?: number;
  emails_replied?: number;
  emails_bounced?: number;
  open_rate?: number;
  click_rate?: number;
  reply_rate?: number;
  bounce_rate?: number;
  created_at?: string;
}

export interface CampaignList extends ProviderTags {
  campaigns: CampaignRow[];
}

/** One day of `timeline`: the date and the provider's counts (and rates, in percent) for it. */
export interface TimelinePoint {
  date: string;
  [metric: string]: string | number;
}

/** One metric's verdict: `winner` is absent where nothing is significant or nothing was sent (local compare). */
export interface SignificanceEntry {
  metric: string;
  winner?: string | undefined;
  p_value: number;
  is_significant: boolean;
  /** Which test gave the p-value (local compare says; the Tenant API does not). */
  test?: "two_proportion_z" | "chi_square";
}

/** `compare`'s document: the Tenant API's shape, built locally for other providers. */
export interface CompareResult extends ProviderTags {
  comparison: Array<{ campaign_id: string; campaign_name: string; metrics: Record<string, number> }>;
  statistical_significance: SignificanceEntry[];
}

export interface Timeline extends ProviderTags {
  time_range: { start: string; end: string };
  time_series: TimelinePoint[];
}
