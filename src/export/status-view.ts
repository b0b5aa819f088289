/** The table view of one export's status: label/value lines, pure (data in, lines out). */
import type { ExportStatus } from "../providers/tenant/schemas.js";
import { formatTimestamp } from "../render/messages.js";
import { sanitize } from "../render/sanitize.js";
import type { Theme } from "../render/theme.js";
import { formatBytes, formatClock } from "./progress.js";

function when(iso: string | null | undefined, nowMs: number): string | undefined {
  if (!iso) return undefined;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return sanitize(iso);
  const delta = ms - nowMs;
  const relative = Math.abs(delta) < 1000 ? "now" : delta > 0 ? `in ${formatClock(delta)}` : `${formatClock(-delta)} ago`;
  return `${sanitize(formatTimestamp(iso))} (${relative})`;
}

export function renderExportStatus(status: ExportStatus, theme: Theme, nowMs: number): string[] {
  const colour = status.status === "completed" ? theme.good : status.status === "failed" ? theme.bad : theme.warn;
  const rows: Array<[string, string | undefined]> = [
    ["Export", sanitize(status.export_id)],
    ["Status", colour(sanitize(status.status))],
    ["Format", status.format ? sanitize(status.format) : undefined],
    ["Size", typeof status.file_size_bytes === "number" ? `${formatBytes(status.file_size_bytes)} (${status.file_size_bytes.toLocaleString("en-US")} bytes)` : undefined],
    ["Created", when(status.created_at, nowMs)],
    ["Estimated", status.status === "processing" ? when(status.estimated_completion, nowMs) : undefined],
    ["Completed", when(status.completed_at, nowMs)],
    ["Link expires", when(status.expires_at, nowMs)],
  ];
  const lines = rows.filter((row): row is [string, string] => row[1] !== undefined).map(([label, value]) => `${theme.dim(label.padEnd(13))}${value}`);
  if (status.status === "completed") lines.push("", `Download it with: analytics exports download ${sanitize(status.export_id)}`);
  if (status.status === "processing") lines.push("", "Not ready yet; check again in a moment.");
  return lines;
}
