/**
 * Pooled totals across profiles, from counts only: a rate is always Σ successes / Σ trials over
 * the profiles that report both counts, never an average of rates (CLI.md). Every rate of the
 * roll-up is over sent, so rows from providers with different bases compare like with like.
 */
import { type ProfileResult, errorJson } from "./many.js";

export const ROLLUP_COUNTS = ["emails_sent", "emails_delivered", "emails_opened", "emails_clicked", "emails_replied", "emails_bounced"] as const;
export type RollupCount = (typeof ROLLUP_COUNTS)[number];

/** Each pooled rate: its numerator count, over emails_sent. */
export const ROLLUP_RATES = {
  delivery_rate: "emails_delivered",
  open_rate: "emails_opened",
  click_rate: "emails_clicked",
  reply_rate: "emails_replied",
  bounce_rate: "emails_bounced",
} as const satisfies Record<string, RollupCount>;
export type RollupRate = keyof typeof ROLLUP_RATES;

export type Counts = Partial<Record<RollupCount, number>>;

export interface Pooled {
  summary: Counts;
  rates: Partial<Record<RollupRate, number>>;
  rate_basis: Partial<Record<RollupRate, "sent">>;
}

/** The counts a command's JSON reports in its `summary` (absent ones stay absent). */
export function countsOf(data: unknown): Counts {
  const summary = (data as { summary?: Record<string, unknown> } | undefined)?.summary ?? {};
  const counts: Counts = {};
  for (const key of ROLLUP_COUNTS) {
    const value = summary[key];
    if (typeof value === "number" && Number.isFinite(value)) counts[key] = value;
  }
  return counts;
}

/** `numerator / denominator × 100` with two decimals, like the API's rates; undefined for a zero denominator. */
export function percentOf(numerator: number, denominator: number): number | undefined {
  return denominator > 0 ? Math.round((numerator * 10_000) / denominator) / 100 : undefined;
}

/** Rates over sent for one set of counts. */
export function ratesOf(counts: Counts): Pick<Pooled, "rates" | "rate_basis"> {
  const rates: Pooled["rates"] = {};
  const basis: Pooled["rate_basis"] = {};
  for (const [rate, numerator] of Object.entries(ROLLUP_RATES) as Array<[RollupRate, RollupCount]>) {
    const successes = counts[numerator];
    const sent = counts.emails_sent;
    if (successes === undefined || sent === undefined) continue;
    const value = percentOf(successes, sent);
    if (value === undefined) continue;
    rates[rate] = value;
    basis[rate] = "sent";
  }
  return { rates, rate_basis: basis };
}

/** Why a successful profile's counts are not in the total. */
export type ExclusionReason = "no email counts" | "all-time counts" | "no overview";

export interface PooledTotal extends Pooled {
  /** The profiles whose counts the total adds up. */
  profiles: string[];
  /** Successful profiles left out of the total, and why. */
  excluded: Array<{ profile: string; reason: ExclusionReason }>;
  /** Counts left out of the total because some pooled profile does not report them, with those profiles. */
  missing: Partial<Record<RollupCount, string[]>>;
}

/** What the total reads of a row. */
export type PoolInput = Pick<RollupRow, "profile" | "counts" | "allTime" | "error" | "noOverview">;

const hasEmailCounts = (row: PoolInput): boolean => ROLLUP_COUNTS.some((key) => row.counts?.[key] !== undefined);

function exclusionReason(row: PoolInput): ExclusionReason {
  if (row.noOverview) return "no overview";
  return hasEmailCounts(row) ? "all-time counts" : "no email counts";
}

/**
 * The total of the successful rows that measure the same thing: email counts (a provider that
 * counts messages is left out, not mixed in) over the requested window (all-time counts are left
 * out when any row has windowed ones; they pool only with each other). A count is in the total only
 * where every pooled row reports it.
 */
export function poolTotal(rows: readonly PoolInput[]): PooledTotal {
  const succeeded = rows.filter((row) => row.error === undefined);
  const withEmails = succeeded.filter(hasEmailCounts);
  const windowed = withEmails.filter((row) => !row.allTime);
  const pooled = windowed.length > 0 ? windowed : withEmails;
  const excluded = succeeded
    .filter((row) => !pooled.includes(row))
    .map((row) => ({ profile: row.profile, reason: exclusionReason(row) }));
  const summary: Counts = {};
  const missing: PooledTotal["missing"] = {};
  for (const key of ROLLUP_COUNTS) {
    const lacking = pooled.filter((row) => row.counts?.[key] === undefined).map((row) => row.profile);
    if (pooled.length > 0 && lacking.length === 0) summary[key] = pooled.reduce((sum, row) => sum + (row.counts?.[key] ?? 0), 0);
    else if (lacking.length < pooled.length) missing[key] = lacking;
  }
  return { summary, ...ratesOf(summary), profiles: pooled.map((row) => row.profile), excluded, missing };
}

/** One row of a roll-up: a profile's counts and rates over sent, or its one-line error. */
export interface RollupRow {
  profile: string;
  provider: string;
  workspace?: string | undefined;
  counts?: Counts;
  rates?: Pooled["rates"];
  /** One line, for a profile that failed. */
  error?: string;
  /** The provider reports no window for its counts (ColdSend's are all-time). */
  allTime?: boolean;
  /** The provider has no workspace overview (SendKit), so the row has no counts. */
  noOverview?: boolean;
}

/** A profile's row from its overview document (or its error). */
export function rollupRowOf({ profile, provider = "", workspace, outcome }: ProfileResult<unknown>): RollupRow {
  if (!outcome.ok) return { profile, provider, workspace, error: errorJson(outcome.error).message };
  const counts = countsOf(outcome.value);
  const { time_range, period } = outcome.value as { time_range?: unknown; period?: unknown };
  const allTime = time_range === undefined && period === undefined;
  return { profile, provider, workspace, counts, rates: ratesOf(counts).rates, allTime };
}
