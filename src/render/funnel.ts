/**
 * `analytics funnel` as text: one bar per step (its count against the first step's), the drop-off
 * and the conversion from the previous step, then the overall conversion. Pure: data in, lines out.
 * Narrow terminals lose the bar first, then the drop-off column; nothing wraps.
 */
import type { Funnel } from "../providers/views.js";
import { bar, formatCount, formatRate, truncate } from "./format.js";
import { sanitize } from "./sanitize.js";
import { renderTable } from "./table.js";
import type { Theme } from "./theme.js";

export interface FunnelView {
  columns: number;
  theme: Theme;
}

const PERIOD_WORDS = (period: string): string => (/^\d+d$/.test(period) ? `last ${period.slice(0, -1)} days` : period);

export function renderFunnel(data: Funnel, view: FunnelView): string[] {
  const { theme } = view;
  const names = data.steps.map((step) => sanitize(step.step));
  const first = data.steps[0]?.count ?? 0;
  const stepWidth = Math.min(26, Math.max(6, ...names.map((n) => n.length)) + 3) + 2;
  const countWidth = Math.max(8, ...data.steps.map((s) => formatCount(s.count).length)) + 2;
  const dropWidth = Math.max(8, ...data.steps.map((s) => formatCount(s.dropoff).length + 1)) + 2;
  const convWidth = view.columns >= 60 ? 13 : 10;
  const used = (widths: number[]): number => widths.reduce((a, b) => a + b, 0) + widths.length + 1;
  const withDrop = used([stepWidth, countWidth, dropWidth, convWidth]) <= view.columns;
  const fixed = withDrop ? [stepWidth, countWidth, dropWidth, convWidth] : [stepWidth, countWidth, convWidth];
  const barWidth = Math.min(30, view.columns - used(fixed) - 1);
  const withBar = barWidth >= 8;
  const rows = data.steps.map((step, i) => [
    `${i + 1}. ${truncate(names[i] ?? "", stepWidth - 5)}`,
    formatCount(step.count),
    ...(withDrop ? [i === 0 ? "" : step.dropoff === 0 ? "0" : `−${formatCount(step.dropoff)}`] : []),
    i === 0 ? theme.dim("start") : formatRate(step.conversion_from_previous),
    ...(withBar ? [theme.accent(bar(first > 0 ? step.count / first : 0, barWidth - 2)) || theme.dim("·")] : []),
  ]);
  const head = ["Step", "Contacts", ...(withDrop ? ["Drop-off"] : []), convWidth === 13 ? "of previous" : "of prev.", ...(withBar ? ["of first step"] : [])].map((h) => theme.bold(h));
  const last = data.steps.at(-1);
  return [
    theme.bold(truncate(`Funnel: ${names.join(" → ")}`, view.columns)),
    truncate(`${PERIOD_WORDS(sanitize(data.period))}; contacts reaching each step in order`, view.columns),
    "",
    ...renderTable({
      head,
      rows,
      align: ["left", "right", ...(withDrop ? ["right" as const] : []), "right", "left"],
      colWidths: [...fixed, ...(withBar ? [barWidth] : [])],
    }),
    truncate(`Overall conversion: ${formatRate(data.overall_conversion)}${last && data.steps.length > 1 ? ` (${names.at(-1)} of ${names[0]})` : ""}`, view.columns),
  ];
}
