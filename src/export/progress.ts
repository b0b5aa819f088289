/**
 * What the user sees while an export runs, on stderr and only where CLI.md allows it (a TTY, not
 * -q, not CI, not TERM=dumb): a spinner with the status and the time waited, then a progress bar
 * with bytes, total, rate and ETA. The line builders are pure; the drawers own the timers.
 */
import { bar } from "../render/format.js";
import type { IOStreams } from "../render/io.js";
import { startSpinner } from "../render/spinner.js";

const UNITS = ["B", "KiB", "MiB", "GiB", "TiB"] as const;

/** `512 B`, `12.3 KiB`, `1.07 GiB`. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value >= 100 ? 0 : value >= 10 ? 1 : 2)} ${UNITS[unit]}`;
}

/** `2.4s`, `42s`, `3m 05s`, `1h 02m`. */
export function formatClock(ms: number): string {
  if (ms < 9950) return `${(Math.max(0, ms) / 1000).toFixed(1)}s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, "0")}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, "0")}m`;
}

export interface ProgressSnapshot {
  received: number;
  total: number | undefined;
  /** Bytes received by this run (a resumed prefix does not count towards the rate). */
  bytesThisRun: number;
  elapsedMs: number;
  columns: number;
}

/** One progress line: `[██████▌     ]  45%  12.3 MiB / 27.1 MiB  8.20 MiB/s  ETA 2s`, fitted to `columns`. */
export function progressLine(p: ProgressSnapshot): string {
  const rate = p.elapsedMs > 0 ? (p.bytesThisRun * 1000) / p.elapsedMs : 0;
  const amount = p.total !== undefined ? `${formatBytes(p.received)} / ${formatBytes(p.total)}` : formatBytes(p.received);
  const speed = rate > 0 ? `${formatBytes(rate)}/s` : "";
  const eta = p.total !== undefined && rate > 0 ? `ETA ${formatClock(((p.total - p.received) / rate) * 1000)}` : "";
  const tail = [amount, speed, eta].filter(Boolean).join("  ");
  if (p.total === undefined || p.total === 0) return tail;
  const fraction = Math.min(1, p.received / p.total);
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  const barWidth = Math.min(30, p.columns - tail.length - percent.length - 6);
  if (barWidth < 5) return `${percent}  ${tail}`;
  return `[${bar(fraction, barWidth).padEnd(barWidth)}] ${percent}  ${tail}`;
}

export interface ProgressBar {
  update(received: number, total: number | undefined): void;
  /** Removes the line. */
  stop(): void;
}

const NO_BAR: ProgressBar = { update() {}, stop() {} };
const REDRAW_MS = 100;

/** A progress bar on stderr, redrawn at most ten times a second; a no-op where progress is not allowed. */
export function startProgressBar(io: IOStreams, now: () => number = () => performance.now()): ProgressBar {
  if (!io.progressAllowed) return NO_BAR;
  const started = now();
  let firstReceived: number | undefined;
  let lastDraw = -Infinity;
  let drawn = false;
  return {
    update(received, total) {
      firstReceived ??= received;
      const t = now();
      if (t - lastDraw < REDRAW_MS && received !== total) return;
      lastDraw = t;
      const line = progressLine({ received, total, bytesThisRun: received - firstReceived, elapsedMs: t - started, columns: io.columns });
      io.stderr.write(`\r${line}\u001b[K`);
      drawn = true;
    },
    stop() {
      if (drawn) io.stderr.write("\r\u001b[K");
      drawn = false;
    },
  };
}

export interface StatusSpinner {
  update(status: string): void;
  stop(): void;
}

/** A spinner with the export's status and the time waited, ticking every second. */
export async function startStatusSpinner(io: IOStreams, exportId: string, now: () => number = () => Date.now()): Promise<StatusSpinner> {
  const started = now();
  let status = "processing";
  const text = (): string => {
    const waited = now() - started;
    return `Export ${exportId}: ${status} · ${waited < 60_000 ? `${Math.floor(waited / 1000)}s` : formatClock(waited)}`;
  };
  const spinner = await startSpinner(io, text());
  if (!io.progressAllowed) return { update() {}, stop() {} };
  const timer = setInterval(() => spinner.update(text()), 1000);
  timer.unref();
  return {
    update(next) {
      status = next;
      spinner.update(text());
    },
    stop() {
      clearInterval(timer);
      spinner.stop();
    },
  };
}
