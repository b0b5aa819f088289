/**
 * Checks on provider answers that no per-field schema can state: a campaign list names each
 * campaign once, and a series promised gap-free has every day. Each failure is a malformed
 * response (exit 1) that says what is wrong in one line.
 */
import { ApiError } from "../../errors.js";
import type { CampaignRow, TimelinePoint } from "../shapes.js";

/** A list that names one campaign twice cannot be trusted for counts or for picking a row. */
export function checkUniqueIds(rows: readonly Pick<CampaignRow, "campaign_id">[], label: string): void {
  const seen = new Set<string>();
  for (const row of rows) {
    if (seen.has(row.campaign_id)) throw new ApiError(`unexpected response to ${label}: campaign ${row.campaign_id} is listed more than once`);
    seen.add(row.campaign_id);
  }
}

const DAY_MS = 86_400_000;

/** Every day from the first to the last point, in order, once each; otherwise names the first missing (or repeated) day. */
export function checkGapFree(points: readonly Pick<TimelinePoint, "date">[], label: string): void {
  let previous: number | undefined;
  for (const point of points) {
    const day = Date.parse(`${String(point.date).slice(0, 10)}T00:00:00Z`);
    if (Number.isNaN(day)) throw new ApiError(`unexpected response to ${label}: ${JSON.stringify(String(point.date).slice(0, 40))} is not a date`);
    if (previous !== undefined) {
      if (day <= previous) throw new ApiError(`unexpected response to ${label}: the series is out of order or repeats ${String(point.date).slice(0, 10)}`);
      if (day > previous + DAY_MS) {
        const missing = new Date(previous + DAY_MS).toISOString().slice(0, 10);
        throw new ApiError(`unexpected response to ${label}: the series has no entry for ${missing} (it promises every day)`);
      }
    }
    previous = day;
  }
}
