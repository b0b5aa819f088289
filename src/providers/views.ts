/**
 * Common output shapes of the views only some providers have (CLI.md, "The common JSON shape"):
 * `funnel`, `cohorts`, `attribution`, and the provider-only parts of `campaign` and `overview`.
 * Keys are snake_case; every conversion, retention and rate figure is a percentage 0–100; a field
 * the provider does not report is absent.
 */
import type { ProviderTags } from "./shapes.js";

/** One step of a funnel: contacts who reached it, lost since the previous step, and the share kept. */
export interface FunnelStep {
  step: string;
  count: number;
  dropoff: number;
  /** Percent of the previous step's count (100 for the first step). */
  conversion_from_previous: number;
}

export interface Funnel extends ProviderTags {
  /** The lookback as the API named it, e.g. "30d". */
  period: string;
  steps: FunnelStep[];
  /** Percent of the first step that reached the last. */
  overall_conversion: number;
}

/** What the server's retention values were, as far as the CLI can tell (README: "Cohort retention"). */
export type RetentionUnit = "count" | "percent" | "unknown";

export interface CohortWeek {
  week: number;
  /** Contacts active that week (when the server's values are counts, or derivable from them). */
  retained?: number;
  /** Percent of the cohort active that week. */
  retention?: number;
  /** The server's value as sent, when its unit cannot be told ("unknown"). */
  value?: number;
}

export interface CohortRow {
  cohort: string;
  size: number;
  active_contacts?: number;
  retention_rate?: number;
  weeks: CohortWeek[];
}

export interface Cohorts extends ProviderTags {
  period: string;
  metric: string;
  retention_unit: RetentionUnit;
  cohorts: CohortRow[];
}

export interface AttributionSource {
  source: string;
  medium: string;
  campaign: string;
  unique_visitors: number;
  total_events: number;
}

export interface Attribution extends ProviderTags {
  period: string;
  /** Sorted by unique visitors, most first. */
  sources: AttributionSource[];
  total_attributed_events: number;
  conversions: number;
}

/** The verdict of an A/B test, in compare's `statistical_significance` shape (no winner unless p < 0.05). */
export interface AbSignificance {
  metric: "open_rate";
  winner?: string;
  p_value: number;
  is_significant: boolean;
  test: "two_proportion_z" | "chi_square";
}

export interface AbVariant {
  name: string;
  sent: number;
  opened: number;
  /** Percent of sent (the only denominator a variant reports). */
  open_rate?: number;
}

export interface AbTest {
  id: string;
  name: string;
  variants: AbVariant[];
  /** Absent for a test with fewer than two variants that sent anything. */
  statistical_significance?: AbSignificance;
}

/** Messages of every channel, never called emails (README: "Messages are not emails"). */
export interface MessageCounts {
  messages_total?: number;
  messages_sent: number;
  messages_delivered?: number;
  messages_opened: number;
  messages_clicked: number;
  messages_bounced?: number;
  messages_failed?: number;
}

export interface ChannelCount {
  channel: string;
  messages: number;
}

export interface StatusCount {
  status: string;
  messages: number;
}

/** `campaign <id>` from a provider whose counts are messages of several channels. */
export interface MessagesCampaign extends ProviderTags {
  campaign_id: string;
  campaign_name: string;
  period: string;
  summary: MessageCounts;
  rates: { open_rate: number; click_rate: number; bounce_rate?: number };
  enrollments?: { total: number; active: number; completed: number };
  statuses?: StatusCount[];
  channels?: ChannelCount[];
  ab_tests?: AbTest[];
}

/** `overview` from such a provider. */
export interface MessagesOverview extends ProviderTags {
  workspace_id: string;
  period: string;
  summary: MessageCounts & { total_campaigns: number; active_campaigns: number };
  rates: { open_rate: number; click_rate: number };
  contacts?: { total: number; new: number };
  events?: { total: number };
}
