/**
 * `analytics cohorts` as text: signup cohort × week retention grid, coloured like the heatmap (the
 * same viridis scale at the stream's colour level) and readable without colour (a shading character
 * ░▒▓█ per quarter before each value). The scale is fixed, 0–100 % of the cohort, so colours mean
 * the same in every run; when the API's unit is unknown the values are shown as sent, on a scale
 * from 0 to the largest value, and the header says so. Pure: data in, lines out.
 *
 * A week the cohort has not reached yet is blank; a cohort of size 0 shows "–". Weeks that do not
 * fit the terminal are left out, and a line says which.
 */
import type { CohortRow, CohortWeek, Cohorts } from "../providers/views.js";
import { formatCount, formatRate, truncate } from "./format.js";
import { SHADES, paintCell, shadeIndex } from "./heatmap.js";
import { sanitize } from "./sanitize.js";
import type { Theme } from "./theme.js";

export interface CohortsView {
  columns: number;
  theme: Theme;
}

const PERIOD_WORDS = (period: string): string => (/^\d+d$/.test(period) ? `last ${period.slice(0, -1)} days` : period);

const UNIT_NOTES: Record<Cohorts["retention_unit"], string> = {
  count: "% of the cohort active each week (the API sent contact counts)",
  percent: "% of the cohort active each week (the API sent percentages)",
  unknown: "values as the API sent them: it does not say whether contacts or %",
};

/** The figure a cell shows and where it sits on the scale (0–1). */
function cellValue(week: CohortWeek | undefined, scaleMax: number): { text: string; fraction: number } | undefined {
  if (!week) return undefined;
  const value = week.retention ?? week.value;
  if (value === undefined) return { text: "–", fraction: 0 };
  // The shade follows the figure shown, so "75" is never drawn in the 50–75 quarter.
  const shown = Math.round(value);
  return { text: String(shown), fraction: scaleMax > 0 ? Math.min(1, shown / scaleMax) : 0 };
}

const pad = (text: string, width: number, right = true): string => (right ? text.padStart(width) : text.padEnd(width));

export function renderCohorts(data: Cohorts, view: CohortsView): string[] {
  const { theme } = view;
  const colour = theme.level > 0;
  const head = [
    theme.bold(truncate(`Retention by signup week: ${sanitize(data.metric)}`, view.columns)),
    truncate(`${PERIOD_WORDS(sanitize(data.period))}; ${UNIT_NOTES[data.retention_unit]}`, view.columns),
    "",
  ];
  if (data.cohorts.length === 0) return [...head, theme.dim("No cohorts signed up in this period.")];

  const weeks = Math.max(0, ...data.cohorts.map((c) => Math.max(-1, ...c.weeks.map((w) => w.week)) + 1));
  const scaleMax = data.retention_unit === "unknown" ? Math.max(0, ...data.cohorts.flatMap((c) => c.weeks.map((w) => w.value ?? 0))) : 100;
  const digits = Math.max(3, ...data.cohorts.flatMap((c) => c.weeks.map((w) => String(Math.round(w.retention ?? w.value ?? 0)).length)));
  // Without colour a shading character precedes the value; with colour the background carries it.
  const cellWidth = digits + 1;
  const labels = data.cohorts.map((c) => sanitize(c.cohort));
  const longLabel = Math.max(6, ...labels.map((l) => l.length));
  const sizeWidth = Math.max(4, ...data.cohorts.map((c) => formatCount(c.size).length));
  const activeWidth = 8;
  const fits = (labelWidth: number, shown: number, withActive: boolean): boolean =>
    labelWidth + 1 + sizeWidth + shown * (cellWidth + 1) + (withActive ? 1 + activeWidth : 0) <= view.columns;
  // Prefer every week; a short label (MM-DD) before dropping weeks; the active column last.
  let labelWidth = longLabel;
  if (!fits(labelWidth, weeks, false) && /^\d{4}-/.test(labels[0] ?? "")) labelWidth = Math.max(5, longLabel - 5);
  const short = labelWidth < longLabel;
  let shown = weeks;
  while (shown > 1 && !fits(labelWidth, shown, false)) shown--;
  const withActive = fits(labelWidth, shown, true) && data.cohorts.some((c) => c.retention_rate !== undefined);

  const label = (text: string): string => truncate(short ? text.replace(/^\d{4}-/, "") : text, labelWidth);
  const weekHeads = Array.from({ length: shown }, (_, w) => pad(`W${w}`, cellWidth));
  const lines = [
    theme.bold([pad(labelWidth >= 6 ? "Cohort" : "Start", labelWidth, false), pad("Size", sizeWidth), ...weekHeads, ...(withActive ? [pad("Active", activeWidth)] : [])].join(" ")),
  ];
  for (const [i, cohort] of data.cohorts.entries()) lines.push(cohortLine(cohort, label(labels[i] ?? ""), { labelWidth, sizeWidth, cellWidth, shown, withActive, activeWidth, scaleMax, colour, theme }));

  const legendScale = data.retention_unit === "unknown" ? `0–${formatCount(scaleMax)}` : "0–100%";
  lines.push("", truncate(`${SHADES.map((s, q) => `${s} ${q * 25}–${(q + 1) * 25}%`).join("  ")} of ${legendScale}`, view.columns));
  if (shown < weeks) lines.push(theme.dim(truncate(`weeks ${shown}–${weeks - 1} left out to fit ${view.columns} columns; --json has them all`, view.columns)));
  if (withActive) lines.push(theme.dim(truncate("Active: the cohort's retention rate as the API reports it", view.columns)));
  return [...head, ...lines];
}

interface RowLayout {
  labelWidth: number;
  sizeWidth: number;
  cellWidth: number;
  shown: number;
  withActive: boolean;
  activeWidth: number;
  scaleMax: number;
  colour: boolean;
  theme: Theme;
}

function cohortLine(cohort: CohortRow, label: string, layout: RowLayout): string {
  const byWeek = new Map(cohort.weeks.map((w) => [w.week, w]));
  const cells = Array.from({ length: layout.shown }, (_, w) => {
    const cell = cohort.size === 0 && byWeek.has(w) ? { text: "–", fraction: 0 } : cellValue(byWeek.get(w), layout.scaleMax);
    if (!cell) return " ".repeat(layout.cellWidth);
    if (cell.text === "–") return pad("–", layout.cellWidth);
    if (layout.colour) return paintCell(layout.theme, cell.fraction, pad(cell.text, layout.cellWidth));
    return `${SHADES[shadeIndex(cell.fraction)]}${pad(cell.text, layout.cellWidth - 1)}`;
  });
  const active = cohort.retention_rate === undefined ? "" : formatRate(cohort.retention_rate);
  return [pad(label, layout.labelWidth, false), pad(formatCount(cohort.size), layout.sizeWidth), ...cells, ...(layout.withActive ? [pad(active, layout.activeWidth)] : [])].join(" ").trimEnd();
}
