/**
 * GET …/analytics/engagement-heatmap: engagement by local day of the week × time period.
 *
 * - `timeRange` 30d or 90d (README decision 3); `campaignId` optional (unknown → 404
 *   CAMPAIGN_NOT_FOUND); `timezone` an IANA zone known to `Intl` (default: the workspace's,
 *   America/New_York; anything else → 400 VALIDATION_ERROR). The response echoes `timezone` as sent.
 * - Bucketing: the dataset holds counts per UTC hour, and opens, clicks and replies belong to the hour
 *   the mail was sent. Each UTC hour is placed in the cell of the local weekday and hour its start
 *   instant falls on in `timezone` (zones with half-hour offsets place 10:00Z in Kolkata at 15:30,
 *   hour 15). The offset is taken from Intl per hour, so a range across a DST change is right on both
 *   sides. An hour counts when its start lies in the range, as everywhere in the sandbox, so the cells
 *   add up to the campaign and overview totals for the same range.
 * - Cells: all 28, Monday … Sunday, each with the periods in time order (nighttime 00–06,
 *   early_morning 06–09, office_hours 09–17, evening 17–24, local hours).
 * - `open_rate` = opened / delivered × 100 (decision 5); `engagement_score` = (opens × 0.3 + clicks ×
 *   0.4 + replies × 0.3) / sent × 100 (decision 6); both 2 decimals, 0 when the denominator is 0.
 * - `optimal_send_time`: the cell with the highest engagement score as shown (rounded); ties go to the
 *   earlier day (Monday first), then the earlier period. Its `hour` is the local hour inside that
 *   period with the most sends (ties: the earlier hour). With no sends at all in the range it is
 *   Monday, hour 0, score 0.
 */
import { DAYS_OF_WEEK, HEATMAP_RANGES, TIME_PERIODS, TIME_PERIOD_HOURS, type TimePeriod } from "../../../providers/vocabulary.js";
import { HOUR_MS, dayNumber, dayStartMs } from "../../calendar.js";
import type { SandboxCampaign } from "../../catalog.js";
import { type Counts, addInto, zeroCounts } from "../../counts.js";
import type { Dataset } from "../../dataset.js";
import { ApiError, type ApiResult, ok, quoteValue, validationError } from "../../envelope.js";
import { localSlot } from "../../local-time.js";
import { percent } from "../../metrics.js";
import type { RouteContext } from "../../router.js";
import { resolveTimeRange } from "../../time-range.js";
import { isValidTimeZone } from "../../timezone.js";

export interface HeatmapCell {
  day_of_week: (typeof DAYS_OF_WEEK)[number];
  time_period: TimePeriod;
  emails_sent: number;
  emails_opened: number;
  open_rate: number;
  engagement_score: number;
}

/** The period a local hour (0–23) belongs to. */
export function periodOfHour(hour: number): TimePeriod {
  return TIME_PERIODS.find((period) => hour >= TIME_PERIOD_HOURS[period][0] && hour < TIME_PERIOD_HOURS[period][1]) ?? "evening";
}

/** (opens × 0.3 + clicks × 0.4 + replies × 0.3) / sent × 100, 2 decimals half-up, on integers. */
export function engagementScore(c: Pick<Counts, "sent" | "opened" | "clicked" | "replied">): number {
  return percent(3 * c.opened + 4 * c.clicked + 3 * c.replied, 10 * c.sent);
}

export function engagementHeatmap(ctx: RouteContext): ApiResult {
  const { dataset } = ctx;
  const range = resolveTimeRange(ctx.query, { allowed: HEATMAP_RANGES, nowMs: dataset.nowMs });
  const campaignId = ctx.query.get("campaignId");
  let campaigns = dataset.campaigns;
  if (campaignId !== null) {
    const campaign = dataset.campaignById(campaignId);
    if (!campaign) {
      if (campaignId === "") throw validationError("campaignId must not be empty");
      throw new ApiError(404, "CAMPAIGN_NOT_FOUND", `Campaign with ID ${campaignId} not found in workspace ${dataset.workspace.id}`);
    }
    campaigns = [campaign];
  }
  const timezone = ctx.query.get("timezone") ?? dataset.workspace.timezone;
  if (timezone === "" || !isValidTimeZone(timezone)) {
    throw validationError(`timezone must be an IANA time zone name such as America/New_York, Europe/Berlin or UTC (got ${quoteValue(timezone)})`);
  }

  const { cells, sentByLocalHour } = bucket(dataset, campaigns, range.startMs, range.endMs, timezone);
  const heatmap: HeatmapCell[] = [];
  DAYS_OF_WEEK.forEach((day, weekday) => {
    TIME_PERIODS.forEach((period, p) => {
      const c = cells[weekday * TIME_PERIODS.length + p] ?? zeroCounts();
      heatmap.push({
        day_of_week: day,
        time_period: period,
        emails_sent: c.sent,
        emails_opened: c.opened,
        open_rate: percent(c.opened, c.delivered),
        engagement_score: engagementScore(c),
      });
    });
  });

  return ok({
    workspace_id: dataset.workspace.id,
    timezone,
    optimal_send_time: optimalSendTime(heatmap, sentByLocalHour),
    heatmap,
  });
}

/**
 * Sums every UTC hour in [startMs, endMs] into 7 × 4 cells by its local weekday and hour, and the
 * sends into 7 × 24 local hours (for the optimal hour).
 */
function bucket(dataset: Dataset, campaigns: readonly SandboxCampaign[], startMs: number, endMs: number, timezone: string) {
  const cells = Array.from({ length: DAYS_OF_WEEK.length * TIME_PERIODS.length }, zeroCounts);
  const sentByLocalHour = Array.from({ length: DAYS_OF_WEEK.length * 24 }, () => 0);
  const firstDay = Math.max(dayNumber(startMs), dataset.firstDay);
  const lastDay = Math.min(dayNumber(endMs), dataset.today);
  if (lastDay < firstDay) return { cells, sentByLocalHour };

  // One Intl lookup per UTC hour of the range, shared by every campaign.
  const slots = new Map<number, { cell: number; localHour: number }>();
  const slotFor = (hourStart: number) => {
    let slot = slots.get(hourStart);
    if (!slot) {
      const { weekday, hour } = localSlot(timezone, hourStart);
      slot = { cell: weekday * TIME_PERIODS.length + TIME_PERIODS.indexOf(periodOfHour(hour)), localHour: weekday * 24 + hour };
      slots.set(hourStart, slot);
    }
    return slot;
  };

  for (const campaign of campaigns) {
    if (campaign.firstSendDay === null) continue;
    const from = Math.max(firstDay, campaign.firstSendDay);
    const to = Math.min(lastDay, campaign.lastSendDay ?? lastDay);
    for (let day = from; day <= to; day++) {
      const hours = dataset.hourlyCounts(campaign, day);
      for (let hour = 0; hour < 24; hour++) {
        const hourStart = dayStartMs(day) + hour * HOUR_MS;
        const counts = hours[hour];
        if (!counts || counts.sent === 0 || hourStart < startMs || hourStart > endMs) continue;
        const slot = slotFor(hourStart);
        addInto(cells[slot.cell] as Counts, counts);
        sentByLocalHour[slot.localHour] = (sentByLocalHour[slot.localHour] ?? 0) + counts.sent;
      }
    }
  }
  return { cells, sentByLocalHour };
}

function optimalSendTime(heatmap: readonly HeatmapCell[], sentByLocalHour: readonly number[]) {
  let best: HeatmapCell | undefined;
  // The cells are in day, then period order, so keeping the first maximum breaks ties as documented.
  for (const cell of heatmap) {
    if (cell.emails_sent > 0 && (!best || cell.engagement_score > best.engagement_score)) best = cell;
  }
  if (!best) return { day_of_week: DAYS_OF_WEEK[0], hour: 0, engagement_score: 0 };
  const weekday = DAYS_OF_WEEK.indexOf(best.day_of_week);
  const [from, to] = TIME_PERIOD_HOURS[best.time_period];
  let hour = from;
  for (let h = from + 1; h < to; h++) {
    if ((sentByLocalHour[weekday * 24 + h] ?? 0) > (sentByLocalHour[weekday * 24 + hour] ?? 0)) hour = h;
  }
  return { day_of_week: best.day_of_week, hour, engagement_score: best.engagement_score };
}
