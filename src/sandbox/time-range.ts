/**
 * The `timeRange` / `startDate` / `endDate` / `groupBy` query parameters (README decision 3) and
 * the buckets a time series is grouped into. Ranges are [startMs, endMs] with an inclusive end.
 */
import { GROUP_BY, type GroupBy } from "../providers/vocabulary.js";
import { DAY_MS, dayEndMs, dayNumber, dayStartMs, formatInstant, isoDate, isoWeekStartDay, monthStartDay, nextMonthStartDay } from "./calendar.js";
import { ApiError, quoteValue, validationError } from "./envelope.js";

export interface ResolvedTimeRange {
  startMs: number;
  /** Inclusive: a date-only endDate and the `Nd` ranges end at 23:59:59.999Z. */
  endMs: number;
  /** The timeRange value (`custom` for explicit dates). */
  period: string;
}

export interface TimeRangeRules {
  /** The timeRange values this endpoint accepts, e.g. TIME_RANGES; custom dates only when it includes "custom". */
  allowed: readonly string[];
  nowMs: number;
  /** Default when neither timeRange nor dates are given. */
  defaultRange?: string;
}

/** Longest custom range accepted, in days: keeps a day-grouped series to a sane size. */
export const MAX_CUSTOM_DAYS = 1096;

/** What the three parameters are called where they arrive. */
interface RangeNames {
  range: string;
  start: string;
  end: string;
}

const QUERY_NAMES: RangeNames = { range: "timeRange", start: "startDate", end: "endDate" };
const BODY_NAMES: RangeNames = { range: "time_range", start: "start_date", end: "end_date" };

/**
 * Resolves the query's time range. `Nd` runs from 00:00:00Z N days before today to today 23:59:59Z.
 * Dates without a timeRange mean custom. Throws VALIDATION_ERROR (naming the parameter) for bad
 * values and INVALID_TIME_RANGE when the start is not before the end.
 */
export function resolveTimeRange(query: URLSearchParams, rules: TimeRangeRules): ResolvedTimeRange {
  return resolveRange(query.get("timeRange"), query.get("startDate"), query.get("endDate"), rules, QUERY_NAMES);
}

/**
 * The same rules for a JSON body's `time_range`, `start_date` and `end_date` (compare and export,
 * README decisions 7 and 8), with errors naming the body's fields.
 */
export function resolveBodyTimeRange(body: Record<string, unknown>, rules: TimeRangeRules): ResolvedTimeRange {
  const field = (name: string, expected: string): string | null => {
    const value = body[name];
    if (value === undefined || value === null) return null;
    if (typeof value !== "string") throw validationError(`${name} must be ${expected}`);
    return value;
  };
  const date = "an ISO 8601 date or date-time string";
  return resolveRange(
    field(BODY_NAMES.range, `one of: ${rules.allowed.join(", ")}`),
    field(BODY_NAMES.start, date),
    field(BODY_NAMES.end, date),
    rules,
    BODY_NAMES,
  );
}

function resolveRange(rawRange: string | null, rawStart: string | null, rawEnd: string | null, rules: TimeRangeRules, names: RangeNames): ResolvedTimeRange {
  const hasDates = rawStart !== null || rawEnd !== null;
  const allowsCustom = rules.allowed.includes("custom");
  const period = rawRange ?? (hasDates && allowsCustom ? "custom" : (rules.defaultRange ?? "30d"));

  if (!rules.allowed.includes(period)) {
    throw validationError(`${names.range} must be one of: ${rules.allowed.join(", ")} (got ${quoteValue(period)})`);
  }
  if (period !== "custom") {
    if (hasDates) {
      const given = [rawStart !== null ? names.start : null, rawEnd !== null ? names.end : null].filter(Boolean).join(" and ");
      throw validationError(
        allowsCustom ? `${given} can only be used with ${names.range}=custom` : `${given} is not supported by this endpoint; use ${names.range}`,
      );
    }
    const days = Number.parseInt(period, 10);
    const today = dayNumber(rules.nowMs);
    return { startMs: dayStartMs(today - days), endMs: dayEndMs(today), period };
  }

  if (rawStart === null) throw validationError(`${names.start} is required when ${names.range}=custom`);
  if (rawEnd === null) throw validationError(`${names.end} is required when ${names.range}=custom`);
  const startMs = parseInstant(rawStart, names.start, "start");
  const endMs = parseInstant(rawEnd, names.end, "end");
  if (startMs >= endMs) throw new ApiError(400, "INVALID_TIME_RANGE", "Start date must be before end date");
  if (endMs - startMs >= MAX_CUSTOM_DAYS * DAY_MS) {
    throw new ApiError(400, "INVALID_TIME_RANGE", `A custom range may span at most ${MAX_CUSTOM_DAYS} days`);
  }
  return { startMs, endMs, period: "custom" };
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?([Zz]|[+-]\d{2}:\d{2})?$/;

/**
 * Parses an ISO 8601 date (`2025-11-01`) or date-time (`2025-11-01T09:30:00Z`, offset optional and
 * UTC when absent). A date means the start of that UTC day, or its last millisecond when `edge` is
 * "end". Impossible dates (2025-02-30, 24:00) are rejected.
 */
export function parseInstant(raw: string, parameter: string, edge: "start" | "end"): number {
  const invalid = (): ApiError => validationError(`${parameter} must be an ISO 8601 date or date-time (got ${quoteValue(raw)})`);
  const dateOnly = DATE_ONLY.exec(raw);
  if (dateOnly) {
    const day = calendarDay(Number(dateOnly[1]), Number(dateOnly[2]), Number(dateOnly[3]));
    if (day === null) throw invalid();
    return edge === "start" ? dayStartMs(day) : dayEndMs(day);
  }
  const dateTime = DATE_TIME.exec(raw);
  if (!dateTime) throw invalid();
  const day = calendarDay(Number(dateTime[1]), Number(dateTime[2]), Number(dateTime[3]));
  const hour = Number(dateTime[4]);
  const minute = Number(dateTime[5]);
  const second = Number(dateTime[6] ?? "0");
  const millis = Number((dateTime[7] ?? "0").padEnd(3, "0").slice(0, 3));
  if (day === null || hour > 23 || minute > 59 || second > 59) throw invalid();
  const offsetMinutes = parseOffset(dateTime[8]);
  if (offsetMinutes === null) throw invalid();
  return dayStartMs(day) + ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 + millis;
}

function calendarDay(year: number, month: number, dayOfMonth: number): number | null {
  if (month < 1 || month > 12 || dayOfMonth < 1) return null;
  const ms = Date.UTC(year, month - 1, dayOfMonth);
  const date = new Date(ms);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== dayOfMonth) return null;
  return dayNumber(ms);
}

function parseOffset(raw: string | undefined): number | null {
  if (raw === undefined || raw === "Z" || raw === "z") return 0;
  const hours = Number(raw.slice(1, 3));
  const minutes = Number(raw.slice(4, 6));
  if (hours > 14 || minutes > 59) return null;
  return (raw.startsWith("-") ? -1 : 1) * (hours * 60 + minutes);
}

/** The `groupBy` parameter (default day). */
export function parseGroupBy(query: URLSearchParams): GroupBy {
  const raw = query.get("groupBy") ?? "day";
  const match = GROUP_BY.find((value) => value === raw);
  if (!match) throw validationError(`groupBy must be one of: ${GROUP_BY.join(", ")} (got ${quoteValue(raw)})`);
  return match;
}

/** One time-series bucket: its label and the part of the range it covers. */
export interface Bucket {
  /** `YYYY-MM-DD`: the day, the ISO week's Monday, or the month's 1st (like TimescaleDB date_trunc). */
  label: string;
  startMs: number;
  endMs: number;
}

/** Every bucket touching the range, in order, each clipped to the range (zero-count buckets included). */
export function bucketsFor(range: ResolvedTimeRange, groupBy: GroupBy): Bucket[] {
  const buckets: Bucket[] = [];
  const lastDay = dayNumber(range.endMs);
  let bucketDay = bucketStartDay(dayNumber(range.startMs), groupBy);
  while (bucketDay <= lastDay) {
    const nextDay = groupBy === "day" ? bucketDay + 1 : groupBy === "week" ? bucketDay + 7 : nextMonthStartDay(bucketDay);
    buckets.push({
      label: isoDate(bucketDay),
      startMs: Math.max(range.startMs, dayStartMs(bucketDay)),
      endMs: Math.min(range.endMs, dayStartMs(nextDay) - 1),
    });
    bucketDay = nextDay;
  }
  return buckets;
}

function bucketStartDay(day: number, groupBy: GroupBy): number {
  if (groupBy === "week") return isoWeekStartDay(day);
  if (groupBy === "month") return monthStartDay(day);
  return day;
}

/** The `time_range` object of a response (`period` omitted for endpoints that have none). */
export function timeRangeJson(range: ResolvedTimeRange, withPeriod = true): { start: string; end: string; period?: string } {
  const json: { start: string; end: string; period?: string } = { start: formatInstant(range.startMs), end: formatInstant(range.endMs) };
  if (withPeriod) json.period = range.period;
  return json;
}
