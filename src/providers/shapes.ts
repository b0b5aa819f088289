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
  total_leads?: number;
  emails_sent?: number;
  emails_delivered?: number;
  emails_opened?: number;
  emails_clicked?: number;
  emails_replied?: number;
  emails_bounced?: number;
  delivery_rate?: number;
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
  /** Local compare: the range the counts cover (absent when the provider's counts are all-time). */
  time_range?: { start: string; end: string };
  /** Local compare over a lookback without dates (CampaignOS: "30d"). */
  period?: string;
  comparison: Array<{ campaign_id: string; campaign_name: string; metrics: Record<string, number> }>;
  statistical_significance: SignificanceEntry[];
}

export interface Timeline extends ProviderTags {
  time_range: { start: string; end: string };
  time_series: TimelinePoint[];
}

/** Data only one provider has, each under its own key (CLI.md); `campaign`'s renderer appends a section per key present. */
export const PROVIDER_SECTION_KEYS = ["enrollments", "channels", "statuses", "ab_tests", "steps", "lead_status"] as const;
export type ProviderSectionKey = (typeof PROVIDER_SECTION_KEYS)[number];

/**
 * Counts of messages of every channel (CampaignOS): never called emails, so `emails_*` never holds a
 * push message (README: "Messages are not emails").
 */
export const MESSAGE_COUNT_KEYS = ["messages_total", "messages_sent", "messages_delivered", "messages_opened", "messages_clicked", "messages_bounced", "messages_failed"] as const;
export type MessageCountKey = (typeof MESSAGE_COUNT_KEYS)[number];

/**
 * `campaign`'s document for every provider: the Tenant's CampaignAnalytics where complete, and for
 * other providers the same keys where they have the data (absent otherwise: ColdSend has no
 * time_series and no click fields), plus provider-only sections.
 */
export interface CampaignDocument extends ProviderTags {
  campaign_id: string;
  campaign_name: string;
  status?: string;
  created_at?: string;
  /** When the campaign started sending (SendKit's `startedAt`). */
  started_at?: string;
  /** Absent where the provider's counts cover the whole campaign, whatever window was asked. */
  time_range?: { start: string; end: string; period?: string };
  /** A lookback without dates, where the provider names only that (CampaignOS: "30d"). */
  period?: string;
  summary: Partial<Record<"emails_sent" | "emails_delivered" | "emails_bounced" | "emails_opened" | "emails_clicked" | "emails_replied" | "spam_complaints" | "unsubscribes" | "total_leads" | MessageCountKey, number>>;
  rates: Partial<Record<"delivery_rate" | "open_rate" | "click_rate" | "click_to_open_rate" | "reply_rate" | "bounce_rate" | "spam_rate" | "unsubscribe_rate", number>>;
  time_series?: Array<{ date: string; sent: number; delivered?: number; opened?: number; clicked?: number; replied?: number; bounced?: number; spam_complaints?: number }>;
  enrollments?: unknown;
  channels?: unknown;
  statuses?: unknown;
  ab_tests?: unknown;
  steps?: unknown;
  lead_status?: unknown;
}

/**
 * `overview`'s document for every provider: the Tenant's WorkspaceOverview where complete; other
 * providers give what they have. `averages` are a provider's means over campaigns (ColdSend's
 * avg_*_rate, in percent), never presented as pooled rates; `pooled_from` says which campaigns and
 * sends the pooled `rates` were computed from.
 */
export interface WorkspaceDocument extends ProviderTags {
  workspace_id?: string;
  time_range?: { start: string; end: string; period?: string };
  period?: string;
  summary: Partial<Record<"total_campaigns" | "active_campaigns" | "emails_sent" | "emails_delivered" | "emails_opened" | "emails_clicked" | "emails_replied" | "emails_bounced" | MessageCountKey, number>>;
  rates: Partial<Record<"delivery_rate" | "open_rate" | "click_rate" | "reply_rate" | "bounce_rate", number>>;
  averages?: Partial<Record<"open_rate" | "reply_rate" | "bounce_rate", number>>;
  pooled_from?: { campaigns: number; emails_sent: number };
  contacts?: { total: number; new: number };
  events?: { total: number };
  top_campaigns?: Array<{ campaign_id: string; campaign_name: string; emails_sent?: number; open_rate?: number; reply_rate?: number }>;
}
