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

export interface Timeline extends ProviderTags {
  time_range: { start: string; end: string };
  time_series: TimelinePoint[];
}
