/**
 * `--range`, `--from` and `--to`: parsed and checked before any request is sent.
 */
import { UsageError } from "../errors.js";

/** A date the user typed, kept as typed (the API reads a date-only `endDate` as the whole day). */
export interface DateFlag {
  /** What we send: `YYYY-MM-DD` or a normalised ISO 8601 date-time. */
  readonly value: string;
  readonly dateOnly: boolean;
  /** Start of the date (date-only) or the exact instant, in ms since the epoch. */
  readonly startMs: number;
  /** End of the day for a date-only value, else the instant itself. */
  readonly endMs: number;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const DAY_MS = 86_400_000;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function checkCalendarDate(year: number, month: number, day: number, raw: string, flag: string): void {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new UsageError(`invalid date for ${flag}: "${raw}" is not a calendar date`);
  }
}

/** Parse `YYYY-MM-DD` or an ISO 8601 date-time (no zone means UTC). */
export function parseDateFlag(raw: string, flag: string): DateFlag {
  const text = raw.trim();
  const dateOnly = DATE_ONLY.exec(text);
  if (dateOnly) {
    const [year, month, day] = dateOnly.slice(1, 4).map(Number) as [number, number, number];
    checkCalendarDate(year, month, day, raw, flag);
    const startMs = Date.UTC(year, month - 1, day);
    return { value: text, dateOnly: true, startMs, endMs: startMs + DAY_MS - 1 };
  }
  const dateTime = DATE_TIME.exec(text);
  if (dateTime) {
    const [year, month, day, hour, minute] = dateTime.slice(1, 6).map(Number) as [number, number, number, number, number];
    const second = Number(dateTime[6] ?? 0);
    checkCalendarDate(year, month, day, raw, flag);
    if (hour > 23 || minute > 59 || second > 59) {
      throw new UsageError(`invalid date for ${flag}: "${raw}" has an impossible time of day`);
    }
    const zone = dateTime[8] ?? "Z";
    const normalisedZone = zone.toUpperCase() === "Z" ? "Z" : zone.replace(/^([+-]\d{2})(\d{2})$/, "$1:$2");
    const iso = `${dateTime.slice(1, 4).join("-")}T${dateTime[4]}:${dateTime[5]}:${String(second).padStart(2, "0")}${dateTime[7] ?? ""}${normalisedZone}`;
    const ms = Date.parse(iso);
    if (Number.isNaN(ms)) throw new UsageError(`invalid date for ${flag}: "${raw}"`);
    return { value: iso, dateOnly: false, startMs: ms, endMs: ms };
  }
  throw new UsageError(`invalid date for ${flag}: "${raw}" (use YYYY-MM-DD or ISO 8601, e.g. 2025-11-01T09:00:00Z)`);
}

/** What a data command sends as `timeRange` (+ dates for custom). */
export type TimeWindow =
  | { readonly timeRange: string }
  | { readonly timeRange: "custom"; readonly startDate: string; readonly endDate: string };

export interface TimeWindowFlags {
  range?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export interface TimeWindowRules {
  /** `--range` when neither it nor dates are given. */
  defaultRange?: string;
  /** The clock: a range that starts after today (UTC, the API's days) is refused. */
  now?: Date;
}

/**
 * Combine `--range`, `--from` and `--to` into one window. `--from/--to` imply `custom`; mixing them
 * with `--range`, giving only one of them, `--from` after `--to`, or a range wholly after today is
 * a usage error.
 */
export function resolveTimeWindow(flags: TimeWindowFlags, allowedRanges: readonly string[], rules: TimeWindowRules = {}): TimeWindow {
  const { range, from, to } = flags;
  if (range !== undefined && (from !== undefined || to !== undefined)) {
    throw new UsageError("--range cannot be combined with --from/--to", { hint: "use either --range 7d|30d|90d or --from DATE --to DATE" });
  }
  if ((from === undefined) !== (to === undefined)) {
    throw new UsageError(from === undefined ? "--to needs --from" : "--from needs --to", { hint: "a custom range needs both --from DATE and --to DATE" });
  }
  if (from !== undefined && to !== undefined) {
    const start = parseDateFlag(from, "--from");
    const end = parseDateFlag(to, "--to");
    if (start.startMs > end.endMs) {
      throw new UsageError(`--from ${from} is after --to ${to}`);
    }
    checkNotFuture(start, from, rules.now ?? new Date());
    return { timeRange: "custom", startDate: start.value, endDate: end.value };
  }
  const chosen = range ?? rules.defaultRange ?? "30d";
  if (!allowedRanges.includes(chosen)) {
    throw new UsageError(`invalid --range "${chosen}": valid values are ${allowedRanges.join(", ")}`);
  }
  return { timeRange: chosen };
}

/** A range that starts after today has no data at all: say so instead of drawing zeros. */
function checkNotFuture(start: DateFlag, raw: string, now: Date): void {
  const todayStart = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  if (start.startMs >= todayStart + DAY_MS) {
    const today = new Date(todayStart).toISOString().slice(0, 10);
    throw new UsageError(`--from ${raw} is in the future (today is ${today} UTC): there is no data for this range yet`, {
      hint: "choose dates up to today, or --range 7d|30d|90d",
    });
  }
}
