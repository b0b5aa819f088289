/**
 * The many-workspace overview as text: one row per profile (provider, workspace, counts, rates
 * over sent) and a pooled total row, then what the total covers. Pure: data in, lines out.
 */
import type { PooledTotal, RollupCount, RollupRate } from "../profiles/rollup.js";
import { formatCount, formatRate } from "./format.js";
import { sanitize } from "./sanitize.js";
import { type Cell, renderTable } from "./table.js";
import type { Theme } from "./theme.js";

export interface RollupRow {
  profile: string;
  provider: string;
  workspace?: string | undefined;
  counts?: Partial<Record<RollupCount, number>>;
  rates?: Partial<Record<RollupRate, number>>;
  /** One line, for a profile that failed. */
  error?: string;
  /** The provider reports no window for its counts (ColdSend's are all-time). */
  allTime?: boolean;
}

export interface RollupView {
  columns: number;
  theme: Theme;
}

const COUNT_COLUMNS: Array<[RollupCount, string]> = [
  ["emails_sent", "Sent"],
  ["emails_delivered", "Delivered"],
  ["emails_opened", "Opened"],
  ["emails_replied", "Replied"],
];
const RATE_COLUMNS: Array<[RollupRate, string]> = [
  ["open_rate", "Open %"],
  ["reply_rate", "Reply %"],
  ["bounce_rate", "Bounce %"],
];

const cell = (value: number | undefined, format: (n: number) => string): string => (value === undefined ? "—" : format(value));

/** Columns that fit: rates are dropped from the right before counts, the workspace first of all. */
function fittingColumns(columns: number): { workspace: boolean; counts: typeof COUNT_COLUMNS; rates: typeof RATE_COLUMNS } {
  if (columns >= 110) return { workspace: true, counts: COUNT_COLUMNS, rates: RATE_COLUMNS };
  if (columns >= 90) return { workspace: false, counts: COUNT_COLUMNS, rates: RATE_COLUMNS };
  if (columns >= 70) return { workspace: false, counts: COUNT_COLUMNS.filter(([key]) => key !== "emails_delivered"), rates: RATE_COLUMNS.slice(0, 2) };
  return { workspace: false, counts: COUNT_COLUMNS.slice(0, 1), rates: RATE_COLUMNS.slice(0, 2) };
}

export function renderRollup(rows: readonly RollupRow[], total: PooledTotal, window: string, view: RollupView): string[] {
  const { theme } = view;
  const fit = fittingColumns(view.columns);
  const failed = rows.filter((row) => row.error !== undefined).length;
  const head = ["Profile", "Provider", ...(fit.workspace ? ["Workspace"] : []), ...fit.counts.map(([, label]) => label), ...fit.rates.map(([, label]) => label)];
  const body = rows.map((row): Cell[] => {
    const lead = [sanitize(row.profile), row.provider, ...(fit.workspace ? [sanitize(row.workspace ?? "—")] : [])];
    if (row.error !== undefined) {
      return [...lead, { content: theme.bad(`error: ${sanitize(row.error)}`), colSpan: fit.counts.length + fit.rates.length }];
    }
    return [...lead, ...fit.counts.map(([key]) => cell(row.counts?.[key], formatCount)), ...fit.rates.map(([key]) => cell(row.rates?.[key], formatRate))];
  });
  const totalRow = [
    theme.bold("Total"),
    "",
    ...(fit.workspace ? [""] : []),
    ...fit.counts.map(([key]) => theme.bold(cell(total.summary[key], formatCount))),
    ...fit.rates.map(([key]) => theme.bold(cell(total.rates[key], formatRate))),
  ];
  const succeeded = rows.length - failed;
  const lines = [
    `${theme.bold(`${rows.length} profile${rows.length === 1 ? "" : "s"}`)} · ${window}`,
    "",
    ...renderTable({
      head: head.map((h) => theme.bold(h)),
      rows: [...body, totalRow],
      align: ["left", "left", ...(fit.workspace ? ["left" as const] : []), ...fit.counts.map(() => "right" as const), ...fit.rates.map(() => "right" as const)],
    }),
    theme.dim(`Rates are over sent, pooled from counts (Σ count / Σ sent), never averaged.`),
    theme.dim(`Total: ${succeeded} of ${rows.length} profile${rows.length === 1 ? "" : "s"}${failed ? ` (${failed} failed, not counted)` : ""}.`),
  ];
  const allTime = rows.filter((row) => row.allTime && row.error === undefined);
  if (allTime.length) {
    lines.push(theme.warn(`${allTime.map((row) => `${sanitize(row.profile)} (${row.provider})`).join(", ")}: all-time counts, not ${window}: the provider reports no window.`));
  }
  for (const [key, lacking] of Object.entries(total.missing)) {
    lines.push(theme.dim(`${key.replace("emails_", "")} is left out of the total: not reported by ${lacking.map(sanitize).join(", ")}.`));
  }
  return lines;
}
