/**
 * Counts → the API's AnalyticsSummary and AnalyticsRates (README decisions 4 and 5).
 *
 * Denominators: open, click and reply rates over delivered; delivery, bounce, spam and unsubscribe
 * rates over sent; click-to-open over opened. Rates are percentages with 2 decimals, 0 when the
 * denominator is 0.
 */
import type { RateMetric } from "../providers/vocabulary.js";
import type { Counts } from "./counts.js";

/** `numerator / denominator × 100`, rounded half-up to 2 decimals; 0 for a zero denominator. */
export function percent(numerator: number, denominator: number): number {
  if (denominator <= 0) return 0;
  return Math.round((numerator * 10_000) / denominator) / 100;
}

export interface AnalyticsSummaryJson {
  emails_sent: number;
  emails_delivered: number;
  emails_bounced: number;
  emails_opened: number;
  emails_clicked: number;
  emails_replied: number;
  spam_complaints: number;
  unsubscribes: number;
}

/** The AnalyticsSummary model. */
export function analyticsSummary(c: Counts): AnalyticsSummaryJson {
  return {
    emails_sent: c.sent,
    emails_delivered: c.delivered,
    emails_bounced: c.bounced,
    emails_opened: c.opened,
    emails_clicked: c.clicked,
    emails_replied: c.replied,
    spam_complaints: c.spamComplaints,
    unsubscribes: c.unsubscribes,
  };
}

/** The AnalyticsRates model, in document order. */
export function analyticsRates(c: Counts): Record<RateMetric, number> {
  return {
    delivery_rate: percent(c.delivered, c.sent),
    open_rate: percent(c.opened, c.delivered),
    click_rate: percent(c.clicked, c.delivered),
    click_to_open_rate: percent(c.clicked, c.opened),
    reply_rate: percent(c.replied, c.delivered),
    bounce_rate: percent(c.bounced, c.sent),
    spam_rate: percent(c.spamComplaints, c.sent),
    unsubscribe_rate: percent(c.unsubscribes, c.sent),
  };
}

/** A TimeSeriesDataPoint for a bucket. */
export function timeSeriesPoint(date: string, c: Counts) {
  return {
    date,
    sent: c.sent,
    delivered: c.delivered,
    opened: c.opened,
    clicked: c.clicked,
    replied: c.replied,
    bounced: c.bounced,
    spam_complaints: c.spamComplaints,
  };
}
