/**
 * The many-workspace overview as text: one row per profile (provider, workspace, counts, rates
 * over sent) and a pooled total row, then what the total covers. Pure: data in, lines out.
 */
import type { PooledTotal, RollupRow } from "../profiles/rollup.js";
import { COUNT_COLUMNS, RATE_COLUMNS, type RollupColumns, figureCells, rollupNotes } from "./rollup-words.js";
import { sanitize } from "./sanitize.js";
import { type Cell, renderTable } from "./table.js";
import type { Theme } from "./theme.js";

export interface RollupView {
  columns: number;
  theme: Theme;
}

/** Columns that fit: rates are dropped from the right before counts, the workspace first of all. */
function fittingColumns(columns: number): RollupColumns & { workspace: boolean } {
  if (columns >= 110) return { workspace: true, counts: COUNT_COLUMNS, rates: RATE_COLUMNS };
  if (columns >= 90) return { workspace: false, counts: COUNT_COLUMNS, rates: RATE_COLUMNS };
  if (columns >= 70) return { workspace: false, counts: COUNT_COLUMNS.filter(([key]) => key !== "emails_delivered"), rates: RATE_COLUMNS.slice(0, 2) };
  return { workspace: false, counts: COUNT_COLUMNS.slice(0, 1), rates: RATE_COLUMNS.slice(0, 2) };
}

export function renderRollup(rows: readonly RollupRow[], total: PooledTotal, window: string, view: RollupView): string[] {
  const { theme } = view;
  const fit = fittingColumns(view.columns);
  const head = ["Profile", "Provider", ...(fit.workspace ? ["Workspace"] : []), ...fit.counts.map(([, label]) => label), ...fit.rates.map(([, label]) => label)];
  const body = rows.map((row): Cell[] => {
    const lead = [sanitize(row.profile), row.provider, ...(fit.workspace ? [sanitize(row.workspace ?? "—")] : [])];
    if (row.error !== undefined) {
      return [...lead, { content: theme.bad(`error: ${sanitize(row.error)}`), colSpan: fit.counts.length + fit.rates.length }];
    }
    return [...lead, ...figureCells(row.counts, row.rates, fit)];
  });
  const totalRow = [
    theme.bold("Total"),
    "",
    ...(fit.workspace ? [""] : []),
    ...figureCells(total.summary, total.rates, fit).map((text) => theme.bold(text)),
  ];
  return [
    `${theme.bold(`${rows.length} profile${rows.length === 1 ? "" : "s"}`)} · ${window}`,
    "",
    ...renderTable({
      head: head.map((h) => theme.bold(h)),
      rows: [...body, totalRow],
      align: ["left", "left", ...(fit.workspace ? ["left" as const] : []), ...fit.counts.map(() => "right" as const), ...fit.rates.map(() => "right" as const)],
    }),
    ...rollupNotes(rows, total, window).map((note) => theme[note.tone](note.text)),
  ];
}
