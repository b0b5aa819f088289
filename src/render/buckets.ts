/**
 * Time-series buckets as the reader should see them. The API labels a bucket with the start of its
 * day, ISO week or month (`2025-09-01`) but counts only what falls inside the requested range, so
 * a month the range cuts holds a few days, and today's bucket holds a day that is not over yet.
 * Here each bucket gets the dates it really covers and a reason when it is partial; buckets that
 * start after today are dropped (they are not zeros, they have not happened).
 */
import type { GroupBy } from "../providers/vocabulary.js";

const DAY_MS = 86_400_000;

export type PartialReason = "cut" | "today";

export interface Bucket<P> {
  point: P;
  /** First and last UTC day the bucket covers inside the range, `YYYY-MM-DD`. */
  from: string;
  to: string;
  /** Days covered, and days in the whole day/week/month. */
  days: number;
  fullDays: number;
  /** `cut`: the range starts or ends inside it; `today`: it holds today, whose data is still arriving. */
  partial?: PartialReason | undefined;
}

export interface BucketedSeries<P> {
  buckets: Array<Bucket<P>>;
  /** Days of the range after today (nothing to show yet), when there are any. */
  future?: { from: string; to: string } | undefined;
}

const dayOf = (ms: number): number => Math.floor(ms / DAY_MS);
const isoDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

function parseDay(text: string): number | undefined {
  const ms = Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text);
  return Number.isNaN(ms) ? undefined : dayOf(ms);
}

/** The day after the bucket that starts on `day`. */
function nextBucketDay(day: number, groupBy: GroupBy): number {
  if (groupBy === "day") return day + 1;
  if (groupBy === "week") return day + 7;
  const date = new Date(day * DAY_MS);
  return dayOf(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1));
}

/**
 * "Today" as the data knows it: a relative range (`30d`) ends today by definition (its end is
 * today 23:59:59 UTC), so that end is the server's today; for custom dates, the local clock's day.
 */
export function dataToday(range: { end: string; period?: string | undefined }, now: Date): string {
  const end = parseDay(range.end);
  return range.period !== undefined && range.period !== "custom" && end !== undefined ? isoDay(end) : now.toISOString().slice(0, 10);
}

/** Annotate `points` (each labelled with its bucket's start date) with what they cover. */
export function bucketSeries<P extends { date: string }>(
  points: readonly P[],
  range: { start: string; end: string },
  groupBy: GroupBy,
  today: string,
): BucketedSeries<P> {
  const startDay = parseDay(range.start);
  const endDay = parseDay(range.end);
  const todayDay = parseDay(today) ?? Number.POSITIVE_INFINITY;
  const rangeStartMs = Date.parse(range.start);
  const rangeEndMs = Date.parse(range.end);
  const buckets: Array<Bucket<P>> = [];
  for (const point of points) {
    const first = parseDay(point.date);
    if (first === undefined || startDay === undefined || endDay === undefined) {
      buckets.push({ point, from: point.date, to: point.date, days: 1, fullDays: 1 });
      continue;
    }
    const next = nextBucketDay(first, groupBy);
    const from = Math.max(first, startDay);
    const to = Math.min(next - 1, endDay);
    if (from > todayDay) continue;
    // A range may start or end inside a day (date-times); whole days are covered to the second.
    const cut = rangeStartMs > first * DAY_MS || rangeEndMs < next * DAY_MS - 1000;
    const partial: PartialReason | undefined = todayDay >= from && todayDay <= to ? "today" : cut ? "cut" : undefined;
    buckets.push({ point, from: isoDay(from), to: isoDay(Math.min(to, todayDay)), days: Math.min(to, todayDay) - from + 1, fullDays: next - first, partial });
  }
  const future = endDay !== undefined && endDay > todayDay ? { from: isoDay(Math.max(todayDay + 1, startDay ?? todayDay + 1)), to: isoDay(endDay) } : undefined;
  return { buckets, future };
}
