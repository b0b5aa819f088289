/** Machine-readable output: JSON documents and RFC 4180 CSV. Never coloured. */
import { stringify } from "csv-stringify/sync";
import { escapeForTerminal, sanitize } from "./sanitize.js";

/**
 * One JSON document, newline-terminated. JSON escapes C0 controls itself; for a terminal, C1
 * controls and bidi overrides are escaped too (same data, still valid JSON).
 */
export function jsonText(data: unknown, forTerminal: boolean, compact = false): string {
  const text = `${JSON.stringify(data, null, compact ? undefined : 2)}\n`;
  return forTerminal ? escapeForTerminal(text) : text;
}

export type CsvCell = string | number | boolean | null | undefined;

/** CSV with a header row; server strings are neutralised like everywhere else. */
export function csvText(header: readonly string[], rows: readonly CsvCell[][]): string {
  const clean = rows.map((row) => row.map((cell) => (typeof cell === "string" ? sanitize(cell) : cell)));
  return stringify([header as string[], ...clean], { record_delimiter: "\r\n" });
}
