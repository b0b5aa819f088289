/**
 * SendKit's campaign in the common JSON shape (CLI.md, "The common JSON shape"): the Tenant
 * campaign's fields, plus `steps`, `lead_status` and `total_replied`, snake_case, rates in percent.
 */
import type { ProviderTags, RateBasis } from "../shapes.js";

export interface SendkitSummary {
  emails_sent: number;
  emails_delivered: number;
  emails_opened: number;
  emails_clicked: number;
  emails_replied: number;
  emails_bounced: number;
  unsubscribes: number;
}

/** Each rate is absent where its denominator is 0 (nothing to divide by; never an invented 0). */
export interface SendkitRates {
  delivery_rate?: number;
  open_rate?: number;
  click_rate?: number;
  click_to_open_rate?: number;
  reply_rate?: number;
  bounce_rate?: number;
  unsubscribe_rate?: number;
}

/** A step's or a variant's counts and their rates over sent (rates absent when nothing was sent). */
export interface StepCounts {
  sent: number;
  opened: number;
  clicked: number;
  bounced: number;
  open_rate?: number;
  click_rate?: number;
  bounce_rate?: number;
}

/** The A/B verdict on one metric of a step (the `statistical_significance` shape of compare). */
export interface StepSignificance {
  metric: StepMetric;
  test: "two_proportion_z" | "chi_square";
  /** Named only when the difference is significant. */
  winner?: string;
  p_value: number;
  is_significant: boolean;
}

export const STEP_METRICS = ["open_rate", "click_rate", "bounce_rate"] as const;
export type StepMetric = (typeof STEP_METRICS)[number];

export interface StepVariant extends StepCounts {
  variant: string;
}

export interface Step extends StepCounts {
  /** The API's `sequenceStep`, never renumbered. */
  step: number;
  /** Present only where the step is an A/B test. */
  variants?: StepVariant[];
  significance?: StepSignificance[];
}

export interface LeadStatus {
  active: number;
  completed: number;
  bounced: number;
  unsubscribed: number;
  replied: number;
  removed: number;
}

export const LEAD_STATUSES = ["active", "completed", "bounced", "unsubscribed", "replied", "removed"] as const satisfies ReadonlyArray<keyof LeadStatus>;

export interface SendkitCampaign extends ProviderTags {
  provider: "sendkit";
  campaign_id: string;
  campaign_name: string;
  status: string;
  started_at?: string;
  summary: SendkitSummary;
  rates: SendkitRates;
  rate_basis: RateBasis;
  /** The API's `totalReplied`. */
  total_replied: number;
  steps: Step[];
  /** Step and variant rates are all over that step's sends. */
  step_rate_basis: RateBasis;
  lead_status: LeadStatus;
}
