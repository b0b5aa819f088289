/**
 * The Tenant Analytics API's fixed vocabularies (document 001 and the decisions in
 * shared/api-docs/README.md). One list each, shared by the flag parser, validation,
 * completions, the sandbox and the TypeScript types.
 */

/** `timeRange` values of the campaign and overview endpoints. */
export const TIME_RANGES = ["7d", "30d", "90d", "custom"] as const;
export type TimeRange = (typeof TIME_RANGES)[number];

/** Relative ranges a user can pass to `--range` (custom is implied by `--from/--to`). */
export const RELATIVE_RANGES = ["7d", "30d", "90d"] as const;
export type RelativeRange = (typeof RELATIVE_RANGES)[number];

/** `timeRange` values of the deliverability endpoint. */
export const DELIVERABILITY_RANGES = ["7d", "30d", "90d"] as const;

/** `timeRange` values of the engagement-heatmap endpoint. */
export const HEATMAP_RANGES = ["30d", "90d"] as const;
export type HeatmapRange = (typeof HEATMAP_RANGES)[number];

export const GROUP_BY = ["day", "week", "month"] as const;
export type GroupBy = (typeof GROUP_BY)[number];

export const DAYS_OF_WEEK = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;
export type DayOfWeek = (typeof DAYS_OF_WEEK)[number];

/** Heatmap periods in time order, with their local-hour bounds [from, to). */
export const TIME_PERIODS = ["nighttime", "early_morning", "office_hours", "evening"] as const;
export type TimePeriod = (typeof TIME_PERIODS)[number];
export const TIME_PERIOD_HOURS: Record<TimePeriod, readonly [number, number]> = {
  nighttime: [0, 6],
  early_morning: [6, 9],
  office_hours: [9, 17],
  evening: [17, 24],
};

export const HEATMAP_METRICS = ["open_rate", "engagement_score", "emails_sent", "emails_opened"] as const;
export type HeatmapMetric = (typeof HEATMAP_METRICS)[number];

/** The AnalyticsRates fields; the metrics `compare` accepts. */
export const RATE_METRICS = [
  "open_rate",
  "click_rate",
  "reply_rate",
  "delivery_rate",
  "click_to_open_rate",
  "bounce_rate",
  "spam_rate",
  "unsubscribe_rate",
] as const;
export type RateMetric = (typeof RATE_METRICS)[number];
/** How many campaigns one comparison takes (the client checks before sending, the sandbox again). */
export const COMPARE_MIN_CAMPAIGNS = 2;
export const COMPARE_MAX_CAMPAIGNS = 10;
export const DEFAULT_COMPARE_METRICS: readonly RateMetric[] = ["open_rate", "click_rate", "reply_rate", "delivery_rate"];

/** Rates where a lower value is the better one (used to pick winners and mark bests). */
export const LOWER_IS_BETTER: ReadonlySet<RateMetric> = new Set(["bounce_rate", "spam_rate", "unsubscribe_rate"]);

export const EXPORT_TYPES = ["campaign_performance"] as const;
export type ExportType = (typeof EXPORT_TYPES)[number];
export const EXPORT_FORMATS = ["csv", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const EXPORT_STATUSES = ["processing", "completed", "failed"] as const;
