/** Machine-readable output: JSON documents and RFC 4180 CSV. Never coloured. */
import { stringify } from "csv-stringify/sync";
import { sanitize } from "./sanitize.js";

/** One JSON document, newline-terminated. JSON escapes control characters itself. */
export function jsonText(data: unknown): string {
  return `${JSON.stringify(data, null, 2)}\n`;
}

export type CsvCell = string | number | boolean | null | undefined;

/** CSV with a header row; server strings are neutralised like everywhere else. */
export function csvText(header: readonly string[], rows: readonly CsvCell[][]): string {
  const clean = rows.map((row) => row.map((cell) => (typeof cell === "string" ? sanitize(cell) : cell)));
  return stringify([header as string[], ...clean], { record_delimiter: "\r\n" });
}
