/**
 * cli-table3 with our defaults: no colours of its own (the theme decides), compact padding.
 */
import Table from "cli-table3";

export type Align = "left" | "right" | "center";

/** A cell, or one spanning several columns (e.g. an error row). */
export type Cell = string | { content: string; colSpan: number };

export interface TableSpec {
  head: string[];
  rows: Cell[][];
  align?: Align[];
  /** Fixed column widths (content + padding); omitted columns size to content. */
  colWidths?: Array<number | null>;
}

export function renderTable(spec: TableSpec): string[] {
  const table = new Table({
    head: spec.head,
    style: { head: [], border: [], "padding-left": 1, "padding-right": 1 },
    ...(spec.align ? { colAligns: spec.align } : {}),
    ...(spec.colWidths ? { colWidths: spec.colWidths } : {}),
    wordWrap: false,
  });
  table.push(...spec.rows);
  // Keep the rule under the header, drop the ones between body rows: compact, like gh's tables.
  let rules = 0;
  return table
    .toString()
    .split("\n")
    .filter((line) => !line.startsWith("├") || rules++ === 0);
}
