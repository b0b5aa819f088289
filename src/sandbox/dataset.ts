/**
 * The sandbox's deterministic demo dataset: a facade over the catalogue and the generative model
 * that adds "now" (history ends at the current hour), lookups and range sums.
 *
 * Same (seed, now, campaigns) → same numbers. Any (campaign, day) is computed on demand in O(1);
 * hours are computed only when a caller needs them (a heatmap, a range boundary inside a day, today).
 */
import { DAY_MS, HOUR_MS, dayNumber, dayStartMs } from "./calendar.js";
import { HISTORY_DAYS, buildCatalog, type SandboxCampaign, type SandboxDomain, type SandboxWorkspace } from "./catalog.js";
import { type Counts, addInto, zeroCounts } from "./counts.js";
import { type BounceReasonCount, fullDayCounts, sendsOn, splitBounceReasons, splitDayByHour } from "./model.js";
import { utcOffsetMinutes } from "./timezone.js";

export interface DatasetOptions {
  seed: number;
  /** The clock the data is relative to: history ends with the hour containing `now`. */
  now: Date;
  /** Number of campaigns in the catalogue. */
  campaigns: number;
}

export interface Dataset {
  readonly seed: number;
  readonly now: Date;
  readonly nowMs: number;
  readonly workspace: SandboxWorkspace;
  readonly domains: readonly SandboxDomain[];
  readonly campaigns: readonly SandboxCampaign[];
  /** First UTC day number with data (today − 179). */
  readonly firstDay: number;
  /** The UTC day number containing `now`; its hours after `now` have no data. */
  readonly today: number;
  campaignById(id: string): SandboxCampaign | undefined;
  domainById(id: string): SandboxDomain | undefined;
  /** A campaign's counts for one UTC day (today: only the hours up to `now`; zero outside history). */
  dailyCounts(campaign: SandboxCampaign, day: number): Counts;
  /** The same day split over its 24 UTC hours (index = UTC hour); sums exactly to `dailyCounts`. */
  hourlyCounts(campaign: SandboxCampaign, day: number): Counts[];
  /** The day's bounces by reason, in `BOUNCE_REASONS` order; counts sum to the day's hard and soft bounces. */
  bounceReasons(campaign: SandboxCampaign, day: number): BounceReasonCount[];
  /**
   * Sums counts over `[startMs, endMs]` (inclusive) for one campaign or several. An hour belongs to
   * the range when its start instant lies inside it; whole days use the daily values directly.
   */
  sumRange(campaigns: SandboxCampaign | Iterable<SandboxCampaign>, startMs: number, endMs: number): Counts;
}

/** Builds the dataset; O(campaigns), no per-day work. */
export function createDataset(options: DatasetOptions): Dataset {
  const { seed } = options;
  const nowMs = options.now.getTime();
  const today = dayNumber(nowMs);
  const firstDay = today - (HISTORY_DAYS - 1);
  const catalog = buildCatalog(seed, today, options.campaigns);
  const byId = new Map(catalog.campaigns.map((campaign) => [campaign.id, campaign]));
  const offsetByDay = new Map<number, number>();
  const todayTotals = new Map<number, Counts>();

  /** The workspace zone's UTC offset for a day, taken at 12:00 UTC (DST switches at night). */
  const offsetFor = (day: number): number => {
    let offset = offsetByDay.get(day);
    if (offset === undefined) {
      offset = utcOffsetMinutes(catalog.workspace.timezone, dayStartMs(day) + 12 * HOUR_MS);
      offsetByDay.set(day, offset);
    }
    return offset;
  };

  const inHistory = (campaign: SandboxCampaign, day: number): boolean => day >= firstDay && day <= today && sendsOn(campaign, day);

  const hourlyCounts = (campaign: SandboxCampaign, day: number): Counts[] => {
    if (!inHistory(campaign, day)) return Array.from({ length: 24 }, zeroCounts);
    const hours = splitDayByHour(seed, campaign, day, fullDayCounts(seed, campaign, day), offsetFor(day));
    if (day === today) {
      const lastHour = Math.floor((nowMs - dayStartMs(day)) / HOUR_MS);
      for (let hour = lastHour + 1; hour < 24; hour++) hours[hour] = zeroCounts();
    }
    return hours;
  };

  const dailyCounts = (campaign: SandboxCampaign, day: number): Counts => {
    if (!inHistory(campaign, day)) return zeroCounts();
    if (day !== today) return fullDayCounts(seed, campaign, day);
    let totals = todayTotals.get(campaign.index);
    if (!totals) {
      totals = zeroCounts();
      for (const hour of hourlyCounts(campaign, day)) addInto(totals, hour);
      todayTotals.set(campaign.index, totals);
    }
    return { ...totals };
  };

  const bounceReasons = (campaign: SandboxCampaign, day: number): BounceReasonCount[] => {
    const daily = dailyCounts(campaign, day);
    return splitBounceReasons(seed, campaign, day, daily.hardBounced, daily.softBounced);
  };

  const addCampaignRange = (total: Counts, campaign: SandboxCampaign, startMs: number, endMs: number): void => {
    if (campaign.firstSendDay === null) return;
    const firstDayInRange = Math.max(dayNumber(startMs), firstDay, campaign.firstSendDay);
    const lastDayInRange = Math.min(dayNumber(endMs), today, campaign.lastSendDay ?? today);
    for (let day = firstDayInRange; day <= lastDayInRange; day++) {
      const dayStart = dayStartMs(day);
      if (startMs <= dayStart && dayStart + DAY_MS - HOUR_MS <= endMs) {
        addInto(total, dailyCounts(campaign, day));
        continue;
      }
      const hours = hourlyCounts(campaign, day);
      for (let hour = 0; hour < 24; hour++) {
        const hourStart = dayStart + hour * HOUR_MS;
        const counts = hours[hour];
        if (counts && hourStart >= startMs && hourStart <= endMs) addInto(total, counts);
      }
    }
  };

  return {
    seed,
    now: new Date(nowMs),
    nowMs,
    workspace: catalog.workspace,
    domains: catalog.domains,
    campaigns: catalog.campaigns,
    firstDay,
    today,
    campaignById: (id) => byId.get(id),
    domainById: (id) => catalog.domains.find((domain) => domain.id === id),
    dailyCounts,
    hourlyCounts,
    bounceReasons,
    sumRange(campaigns, startMs, endMs) {
      const total = zeroCounts();
      if (endMs < startMs) return total;
      const list = isCampaign(campaigns) ? [campaigns] : campaigns;
      for (const campaign of list) addCampaignRange(total, campaign, startMs, endMs);
      return total;
    },
  };
}

function isCampaign(value: SandboxCampaign | Iterable<SandboxCampaign>): value is SandboxCampaign {
  return typeof (value as SandboxCampaign).id === "string";
}
