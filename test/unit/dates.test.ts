import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { parseDateFlag, resolveTimeWindow } from "../../src/options/dates.js";
import { formatDuration, parseDuration } from "../../src/options/duration.js";

const RANGES = ["7d", "30d", "90d"];

describe("parseDateFlag", () => {
  it("accepts a plain date and spans the whole day", () => {
    const d = parseDateFlag("2025-11-01", "--from");
    expect(d.value).toBe("2025-11-01");
    expect(d.dateOnly).toBe(true);
    expect(new Date(d.startMs).toISOString()).toBe("2025-11-01T00:00:00.000Z");
    expect(new Date(d.endMs).toISOString()).toBe("2025-11-01T23:59:59.999Z");
  });

  it("accepts 29 February only in leap years", () => {
    expect(parseDateFlag("2024-02-29", "--from").value).toBe("2024-02-29");
    expect(parseDateFlag("2000-02-29", "--from").value).toBe("2000-02-29");
    expect(() => parseDateFlag("2025-02-29", "--from")).toThrow(/not a calendar date/);
    expect(() => parseDateFlag("1900-02-29", "--from")).toThrow(/not a calendar date/);
  });

  it.each(["2025-02-30", "2025-13-01", "2025-00-10", "2025-04-31", "2025-11-00"])("rejects the impossible date %s", (raw) => {
    expect(() => parseDateFlag(raw, "--to")).toThrow(UsageError);
  });

  it.each(["yesterday", "2025/11/01", "11-01-2025", "", "2025-11-1", "2025-11-01T25:00:00Z", "2025-11-01T10:61Z"])("rejects %j with the flag name", (raw) => {
    expect(() => parseDateFlag(raw, "--from")).toThrow(/--from/);
  });

  it("normalises date-times with offsets and keeps the instant", () => {
    const d = parseDateFlag("2025-11-01T09:30+0200", "--from");
    expect(d.value).toBe("2025-11-01T09:30:00+02:00");
    expect(new Date(d.startMs).toISOString()).toBe("2025-11-01T07:30:00.000Z");
    expect(parseDateFlag("2025-11-01T09:30:15Z", "--from").value).toBe("2025-11-01T09:30:15Z");
    expect(parseDateFlag("2025-11-01T09:30:15", "--from").value).toBe("2025-11-01T09:30:15Z");
  });
});

describe("resolveTimeWindow", () => {
  it("defaults to 30d", () => {
    expect(resolveTimeWindow({}, RANGES)).toEqual({ timeRange: "30d" });
  });

  it("turns --from/--to into a custom window with both dates", () => {
    expect(resolveTimeWindow({ from: "2025-11-01", to: "2025-11-15" }, RANGES)).toEqual({
      timeRange: "custom",
      startDate: "2025-11-01",
      endDate: "2025-11-15",
    });
  });

  it("allows a one-day range (from = to)", () => {
    expect(resolveTimeWindow({ from: "2025-11-01", to: "2025-11-01" }, RANGES)).toMatchObject({ timeRange: "custom" });
  });

  it("rejects --range with --from/--to", () => {
    expect(() => resolveTimeWindow({ range: "7d", from: "2025-11-01", to: "2025-11-02" }, RANGES)).toThrow(/cannot be combined/);
  });

  it("rejects only one of --from/--to", () => {
    expect(() => resolveTimeWindow({ from: "2025-11-01" }, RANGES)).toThrow("--from needs --to");
    expect(() => resolveTimeWindow({ to: "2025-11-01" }, RANGES)).toThrow("--to needs --from");
  });

  it("rejects --from after --to, also for date-times on the same day", () => {
    expect(() => resolveTimeWindow({ from: "2025-11-02", to: "2025-11-01" }, RANGES)).toThrow(/after/);
    expect(() => resolveTimeWindow({ from: "2025-11-02T10:00:00Z", to: "2025-11-02T09:00:00Z" }, RANGES)).toThrow(/after/);
  });

  it("rejects a range the endpoint does not accept, listing the valid ones", () => {
    expect(() => resolveTimeWindow({ range: "7d" }, ["30d", "90d"])).toThrow("valid values are 30d, 90d");
  });
});

describe("parseDuration", () => {
  it.each([
    ["30s", 30_000],
    ["500ms", 500],
    ["2m", 120_000],
    ["1h", 3_600_000],
    ["45", 45_000],
    ["1.5s", 1_500],
  ])("%s → %d ms", (raw, ms) => {
    expect(parseDuration(raw, "--timeout")).toBe(ms);
  });

  it.each(["", "abc", "0", "-5s", "10x", "s", "1e3"])("rejects %j", (raw) => {
    expect(() => parseDuration(raw, "--timeout")).toThrow(/invalid duration for --timeout/);
  });

  it("formats durations for messages", () => {
    expect(formatDuration(450)).toBe("450ms");
    expect(formatDuration(30_000)).toBe("30s");
    expect(formatDuration(90_000)).toBe("1m 30s");
    expect(formatDuration(120_000)).toBe("2m");
  });
});

describe("resolveTimeWindow: ranges in the future", () => {
  const now = new Date("2026-12-02T16:00:00Z");

  it("refuses a range that starts after today (UTC) as a usage error", () => {
    const attempt = (): unknown => resolveTimeWindow({ from: "2026-12-10", to: "2026-12-20" }, RANGES, { now });
    expect(attempt).toThrow(UsageError);
    expect(attempt).toThrow("--from 2026-12-10 is in the future (today is 2026-12-02 UTC): there is no data for this range yet");
    expect(() => resolveTimeWindow({ from: "2026-12-03T00:00:00Z", to: "2026-12-04" }, RANGES, { now })).toThrow(/in the future/);
  });

  it("accepts a range that starts today, or earlier and ends later", () => {
    expect(resolveTimeWindow({ from: "2026-12-02", to: "2026-12-20" }, RANGES, { now })).toEqual({ timeRange: "custom", startDate: "2026-12-02", endDate: "2026-12-20" });
    expect(resolveTimeWindow({ from: "2026-11-20", to: "2027-01-20" }, RANGES, { now })).toMatchObject({ timeRange: "custom" });
    expect(resolveTimeWindow({ from: "2026-12-02T23:59:00Z", to: "2026-12-03" }, RANGES, { now })).toMatchObject({ timeRange: "custom" });
  });
});
