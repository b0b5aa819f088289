/**
 * The sandbox's sender-reputation model: the deliverability health score, the reputation trend and
 * the per-IP blacklist checks. Deterministic functions of the dataset's counts and the seed.
 *
 * Health score (0–100 integer), computed from the rounded rates the response shows, so a reader can
 * recompute it from the body alone:
 *
 *   health_score = round(100 − 6 × hard_bounce_rate − 2 × soft_bounce_rate − 40 × spam_rate
 *                        − (any_ip_blacklisted ? 15 : 0)), clamped to 0–100
 *
 * with the rates as percentages of sent (README decision 5). Hard bounces weigh three times soft ones
 * (a hard bounce is a bad address, a soft one often a full mailbox); spam complaints weigh most, since
 * mailbox providers act on ~0.3 % of complaints. With nothing sent the rate terms are 0. The arithmetic
 * runs on hundredths (integers), so there is no floating-point rounding at the .5 edges.
 *
 * Blacklists: each sending domain sends from one dedicated IP (ips_checked = the number of domains in
 * the filtered view). Which IP is listed depends only on the seed: the IP of the domain at catalogue
 * position `seed mod 4` (0 dom_k3x9p2, 1 dom_m7q4t8, 2 dom_r2w6z5); with `seed mod 4 = 3` none is.
 * So the default seed 42 lists `dom_r2w6z5` (team.tryacme.co): the workspace view and
 * `domainId=dom_r2w6z5` (or a campaign sending from it) report `any_ip_blacklisted: true`, the other
 * two domains are clean; seed 43 has a clean workspace.
 * Checks run every 6 hours at 04, 10, 16 and 22 UTC; `last_check` is the latest one at or before now.
 */
import { DAY_MS, HOUR_MS, dayNumber, dayStartMs, formatInstant, isoDate } from "./calendar.js";
import type { SandboxCampaign, SandboxDomain } from "./catalog.js";
import type { Counts } from "./counts.js";
import type { Dataset } from "./dataset.js";
import { percent } from "./metrics.js";

/** Seeds cycle through this many blacklist states: one per domain listed, then none. */
const BLACKLIST_CYCLE = 4;
/** Points the health score loses while any checked IP is listed. */
export const BLACKLIST_PENALTY = 15;
/** Hours of the day (UTC) at which the blacklist checks run. */
const CHECK_HOURS_UTC = [4, 10, 16, 22] as const;
/** Days in the trailing window each reputation-trend point summarises. */
export const TREND_WINDOW_DAYS = 7;

/** The rates the health score is computed from (percentages of sent, 2 decimals). */
export interface HealthRates {
  hard_bounce_rate: number;
  soft_bounce_rate: number;
  spam_rate: number;
}

export function healthRates(c: Counts): HealthRates {
  return {
    hard_bounce_rate: percent(c.hardBounced, c.sent),
    soft_bounce_rate: percent(c.softBounced, c.sent),
    spam_rate: percent(c.spamComplaints, c.sent),
  };
}

/** The documented health-score formula (see the module comment). */
export function healthScore(rates: HealthRates, anyIpBlacklisted: boolean): number {
  const hundredths = (rate: number): number => Math.round(rate * 100);
  const penalty =
    6 * hundredths(rates.hard_bounce_rate) +
    2 * hundredths(rates.soft_bounce_rate) +
    40 * hundredths(rates.spam_rate) +
    (anyIpBlacklisted ? BLACKLIST_PENALTY * 100 : 0);
  // round((10000 − penalty) / 100) half-up, on integers.
  const score = Math.floor((10_000 - penalty + 50) / 100);
  return Math.min(100, Math.max(0, score));
}

/** Whether the domain's IP is on a blacklist for this seed. */
export function isDomainListed(seed: number, domain: SandboxDomain, domains: readonly SandboxDomain[]): boolean {
  return domains.indexOf(domain) === ((seed % BLACKLIST_CYCLE) + BLACKLIST_CYCLE) % BLACKLIST_CYCLE;
}

/** The latest scheduled check at or before `nowMs`. */
export function lastCheckMs(nowMs: number): number {
  const today = dayNumber(nowMs);
  for (let day = today; ; day--) {
    for (const hour of [...CHECK_HOURS_UTC].reverse()) {
      const at = dayStartMs(day) + hour * HOUR_MS;
      if (at <= nowMs) return at;
    }
  }
}

export interface BlacklistStatus {
  any_ip_blacklisted: boolean;
  ips_checked: number;
  last_check: string;
}

/** The blacklist status over the IPs of `domains` (the filtered set). */
export function blacklistStatus(dataset: Dataset, domains: readonly SandboxDomain[]): BlacklistStatus {
  return {
    any_ip_blacklisted: domains.some((domain) => isDomainListed(dataset.seed, domain, dataset.domains)),
    ips_checked: domains.length,
    last_check: formatInstant(lastCheckMs(dataset.nowMs)),
  };
}

/** Days between trend points for each range. */
const TREND_STEP_DAYS: Record<string, number> = { "7d": 1, "30d": 3, "90d": 7 };

/**
 * The reputation trend: points every 1 (7d), 3 (30d) or 7 (90d) days, ending today and going back no
 * further than the range's first day; each scores the trailing 7 UTC days ending with its date by
 * the health formula without the blacklist term (a listing is a current check, not history).
 */
export function reputationTrend(
  dataset: Dataset,
  campaigns: readonly SandboxCampaign[],
  range: { startMs: number; endMs: number; period: string },
): Array<{ date: string; score: number }> {
  const step = TREND_STEP_DAYS[range.period] ?? 7;
  const firstDay = dayNumber(range.startMs);
  const lastDay = Math.min(dayNumber(range.endMs), dataset.today);
  const points: Array<{ date: string; score: number }> = [];
  for (let day = lastDay; day >= firstDay; day -= step) {
    const windowStart = dayStartMs(day - (TREND_WINDOW_DAYS - 1));
    const windowEnd = dayStartMs(day) + DAY_MS - 1;
    const counts = dataset.sumRange(campaigns, windowStart, windowEnd);
    points.push({ date: isoDate(day), score: healthScore(healthRates(counts), false) });
  }
  return points.reverse();
}
