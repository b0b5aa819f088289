import { UsageError } from "../errors.js";

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parse `500ms`, `30s`, `2m`, `1h` or a bare number of seconds into milliseconds. */
export function parseDuration(raw: string, flag: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/i.exec(raw);
  const amount = match ? Number(match[1]) : Number.NaN;
  const unit = (match?.[2] ?? "s").toLowerCase();
  const ms = Math.round(amount * (UNIT_MS[unit] ?? Number.NaN));
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new UsageError(`invalid duration for ${flag}: "${raw}" (use e.g. 500ms, 30s, 2m)`);
  }
  return ms;
}

/** `30s`, `1m 30s`, `450ms`: for messages. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m ${seconds % 60}s`;
}
