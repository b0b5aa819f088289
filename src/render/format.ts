/** Number, rate and date formatting shared by every renderer. */

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

export function formatCount(value: number): string {
  return integer.format(value);
}

/** A percentage from the API (0–100) with two decimals: `16.67%`. */
export function formatRate(value: number): string {
  return `${value.toFixed(2)}%`;
}

/** `2025-10-27` from an ISO date or date-time, in UTC; the input itself when it is not a date. */
export function formatDay(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms).toISOString().slice(0, 10);
}

const PERIOD_WORDS: Record<string, string> = { "7d": "last 7 days", "30d": "last 30 days", "90d": "last 90 days", custom: "custom range" };

/** `2025-10-27 → 2025-11-26 (last 30 days)` */
export function formatWindow(range: { start: string; end: string; period?: string }): string {
  const words = range.period ? PERIOD_WORDS[range.period] ?? range.period : undefined;
  return `${formatDay(range.start)} → ${formatDay(range.end)}${words ? ` (${words})` : ""}`;
}

/** Cut text to `width` display columns with an ellipsis. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return "";
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

const EIGHTHS = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];

/** A horizontal bar for `fraction` (0–1) in `width` columns, with eighth-block precision. */
export function bar(fraction: number, width: number): string {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  const eighths = Math.round(clamped * width * 8);
  return "█".repeat(Math.floor(eighths / 8)) + (EIGHTHS[eighths % 8] ?? "");
}
