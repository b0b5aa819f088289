import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/sandbox/envelope.js";
import { bucketsFor, parseGroupBy, resolveTimeRange, timeRangeJson } from "../../src/sandbox/time-range.js";
import { TIME_RANGES } from "../../src/providers/vocabulary.js";
import { PINNED_NOW } from "./helpers.js";

const rules = { allowed: TIME_RANGES, nowMs: PINNED_NOW.getTime() };
const resolve = (query: Record<string, string>) => resolveTimeRange(new URLSearchParams(query), rules);
const errorOf = (fn: () => unknown): { status: number; code: string; message: string } => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ApiError) return { status: error.status, code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected an ApiError");
};

describe("resolveTimeRange", () => {
  it("defaults to 30d: 2025-10-27T00:00:00Z to 2025-11-26T23:59:59Z for now = 2025-11-26T12:00Z", () => {
    expect(timeRangeJson(resolve({}))).toEqual({ start: "2025-10-27T00:00:00Z", end: "2025-11-26T23:59:59Z", period: "30d" });
    expect(timeRangeJson(resolve({ timeRange: "7d" }))).toEqual({ start: "2025-11-19T00:00:00Z", end: "2025-11-26T23:59:59Z", period: "7d" });
    expect(timeRangeJson(resolve({ timeRange: "90d" })).start).toBe("2025-08-28T00:00:00Z");
  });

  it("treats dates without timeRange as custom; a date-only endDate includes that whole day", () => {
    const range = resolve({ startDate: "2025-11-01", endDate: "2025-11-03" });
    expect(timeRangeJson(range)).toEqual({ start: "2025-11-01T00:00:00Z", end: "2025-11-03T23:59:59Z", period: "custom" });
    expect(range.endMs).toBe(Date.parse("2025-11-04T00:00:00Z") - 1);
    const sameDay = resolve({ timeRange: "custom", startDate: "2025-11-01", endDate: "2025-11-01" });
    expect(sameDay.endMs - sameDay.startMs).toBe(86_400_000 - 1);
  });

  it("accepts date-times with Z, offsets or no zone (UTC)", () => {
    expect(resolve({ startDate: "2025-11-01T09:30:00Z", endDate: "2025-11-02T10:00:00.5Z" }).endMs).toBe(Date.parse("2025-11-02T10:00:00.500Z"));
    expect(resolve({ startDate: "2025-11-01T09:30:00-05:00", endDate: "2025-11-02T10:00" }).startMs).toBe(Date.parse("2025-11-01T14:30:00Z"));
  });

  it("rejects bad values with VALIDATION_ERROR naming the parameter", () => {
    expect(errorOf(() => resolve({ timeRange: "14d" }))).toMatchObject({ status: 400, code: "VALIDATION_ERROR", message: expect.stringContaining("timeRange") });
    expect(errorOf(() => resolve({ timeRange: "30d", startDate: "2025-11-01" })).message).toMatch(/startDate.*custom/);
    expect(errorOf(() => resolve({ timeRange: "custom", startDate: "2025-11-01" })).message).toMatch(/endDate is required/);
    expect(errorOf(() => resolve({ timeRange: "custom" })).message).toMatch(/startDate is required/);
    expect(errorOf(() => resolve({ endDate: "2025-11-01" })).message).toMatch(/startDate/);
    expect(errorOf(() => resolve({ startDate: "2025-02-30", endDate: "2025-03-01" }))).toMatchObject({ code: "VALIDATION_ERROR", message: expect.stringContaining("startDate") });
    expect(errorOf(() => resolve({ startDate: "2025-11-01", endDate: "2025-11-02T24:00:00Z" })).message).toContain("endDate");
    expect(errorOf(() => resolve({ startDate: "yesterday", endDate: "2025-11-02" })).message).toContain("startDate");
    // An unencoded "+" in a query string arrives as a space: strict, like a real server.
    expect(errorOf(() => resolve({ startDate: "2025-11-01T00:00:00 05:00", endDate: "2025-11-02" })).code).toBe("VALIDATION_ERROR");
  });

  it("rejects a start after the end with INVALID_TIME_RANGE", () => {
    expect(errorOf(() => resolve({ startDate: "2025-11-05", endDate: "2025-11-01" }))).toEqual({
      status: 400,
      code: "INVALID_TIME_RANGE",
      message: "Start date must be before end date",
    });
  });

  it("respects an endpoint's narrower list (no custom dates)", () => {
    const heatmap = { allowed: ["30d", "90d"], nowMs: PINNED_NOW.getTime() };
    expect(errorOf(() => resolveTimeRange(new URLSearchParams({ timeRange: "7d" }), heatmap)).message).toContain("30d, 90d");
    expect(errorOf(() => resolveTimeRange(new URLSearchParams({ startDate: "2025-11-01" }), heatmap)).message).toContain("startDate");
  });
});

describe("groupBy and buckets", () => {
  it("validates groupBy and lists the valid values", () => {
    expect(parseGroupBy(new URLSearchParams())).toBe("day");
    expect(errorOf(() => parseGroupBy(new URLSearchParams({ groupBy: "hour" }))).message).toContain("day, week, month");
  });

  it("labels weeks with their ISO Monday and months with the 1st, even when the range starts mid-bucket", () => {
    const range = resolve({ startDate: "2025-10-29", endDate: "2025-11-12" }); // a Wednesday to a Wednesday
    expect(bucketsFor(range, "week").map((b) => b.label)).toEqual(["2025-10-27", "2025-11-03", "2025-11-10"]);
    expect(bucketsFor(range, "month").map((b) => b.label)).toEqual(["2025-10-01", "2025-11-01"]);
    const days = bucketsFor(range, "day");
    expect(days).toHaveLength(15);
    const weeks = bucketsFor(range, "week");
    expect(weeks[0]!.startMs).toBe(range.startMs); // clipped to the range
    expect(weeks.at(-1)!.endMs).toBe(range.endMs);
  });
});
