/** Number, rate and date formatting shared by every renderer. */
import type { TimeWindow } from "../options/dates.js";
import type { AnalyticsSummary } from "../providers/tenant/schemas.js";
import type { RateMetric } from "../providers/vocabulary.js";
import { ALPHA } from "../stats/significance.js";

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

export function formatCount(value: number): string {
  return integer.format(value);
}

/** What a rate prints when its denominator is zero: there is no rate, not a rate of 0 %. */
export const NO_RATE = "n/a";

/**
 * A percentage from the API (0–100) with two decimals: `16.67%`. Given the rate's denominator
 * (the count it is a share of), a zero denominator prints `n/a`: the API sends 0 there.
 */
export function formatRate(value: number, denominator?: number): string {
  if (denominator === 0 || !Number.isFinite(value)) return NO_RATE;
  return `${value.toFixed(2)}%`;
}

/** The count each rate is a share of (api-docs README decision 5). */
export const RATE_DENOMINATORS: Readonly<Record<RateMetric, keyof AnalyticsSummary>> = {
  open_rate: "emails_delivered",
  click_rate: "emails_delivered",
  reply_rate: "emails_delivered",
  delivery_rate: "emails_sent",
  click_to_open_rate: "emails_opened",
  bounce_rate: "emails_sent",
  spam_rate: "emails_sent",
  unsubscribe_rate: "emails_sent",
};

/** `1 email`, `2 emails`, `1,204 emails`. */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${formatCount(count)} ${count === 1 ? noun : nouns}`;
}

export { ALPHA };

/**
 * One p-value format for every view: `<0.001` below 0.001, else three significant digits
 * (`0.520`, `0.0123`). Where three digits would round onto or across 0.05, more digits are shown,
 * so `p < 0.05` and `p = 0.05` never print the same.
 */
export function formatPValue(p: number): string {
  if (!Number.isFinite(p)) return "–";
  if (p < 0.001) return "<0.001";
  for (let digits = 3; digits < 17; digits++) {
    const text = p.toPrecision(digits);
    const shown = Number(text);
    if (shown < ALPHA === p < ALPHA && (shown === ALPHA) === (p === ALPHA)) return text;
  }
  return String(p);
}

/** `2025-10-27` from an ISO date or date-time, in UTC; the input itself when it is not a date. */
export function formatDay(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms).toISOString().slice(0, 10);
}

const PERIOD_WORDS: Record<string, string> = { "7d": "last 7 days", "30d": "last 30 days", "90d": "last 90 days", custom: "custom range" };

/** `2025-10-27 → 2025-11-26 (last 30 days)` */
export function formatWindow(range: { start: string; end: string; period?: string | undefined }): string {
  const words = range.period ? PERIOD_WORDS[range.period] ?? range.period : undefined;
  return `${formatDay(range.start)} → ${formatDay(range.end)}${words ? ` (${words})` : ""}`;
}

/** A requested window in words: `last 30 days`, or `2025-11-01 → 2025-11-15`. */
export function windowWords(window: TimeWindow): string {
  return "startDate" in window ? `${formatDay(window.startDate)} → ${formatDay(window.endDate)}` : `last ${window.timeRange.replace("d", " days")}`;
}

/** Cut text to `width` display columns with an ellipsis. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return "";
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

/** Greedy word wrap to `width` columns, keeping the text's leading spaces; continuation lines start with `indent`. */
export function wrap(text: string, width: number, indent = "  "): string[] {
  const lead = /^ */.exec(text)?.[0] ?? "";
  const lines: string[] = [];
  let line = lead;
  for (const word of text.trim().split(/ +/)) {
    const fresh = line.trim() === "";
    const candidate = fresh ? `${line}${word}` : `${line} ${word}`;
    if (fresh || [...candidate].length <= width) {
      line = candidate;
    } else {
      lines.push(line);
      line = `${indent}${word}`;
    }
  }
  if (line.trim() !== "") lines.push(line);
  return lines.map((l) => truncate(l, width));
}

const EIGHTHS = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];

/** A horizontal bar for `fraction` (0–1) in `width` columns, with eighth-block precision. */
export function bar(fraction: number, width: number): string {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  const eighths = Math.round(clamped * width * 8);
  return "█".repeat(Math.floor(eighths / 8)) + (EIGHTHS[eighths % 8] ?? "");
}
