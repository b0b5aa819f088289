/**
 * `analytics attribution` as text: UTM source × medium × campaign sorted by unique visitors, a bar
 * per row (share of the listed visitors), a total row, and the attributed events and conversions.
 * When the listed sources cover fewer events than the API's total, a row says how many are not
 * listed. Pure: data in, lines out.
 */
import type { Attribution } from "../providers/views.js";
import { bar, formatCount, truncate } from "./format.js";
import { sanitize } from "./sanitize.js";
import { renderTable } from "./table.js";
import type { Theme } from "./theme.js";

export interface AttributionView {
  columns: number;
  theme: Theme;
}

const PERIOD_WORDS = (period: string): string => (/^\d+d$/.test(period) ? `last ${period.slice(0, -1)} days` : period);

export function renderAttribution(data: Attribution, view: AttributionView): string[] {
  const { theme } = view;
  const title = [theme.bold(truncate("Attribution by UTM source / medium / campaign", view.columns)), truncate(PERIOD_WORDS(sanitize(data.period)), view.columns), ""];
  if (data.sources.length === 0) return [...title, theme.dim("No UTM-tagged traffic in this period.")];
  const visitors = data.sources.reduce((sum, s) => sum + s.unique_visitors, 0);
  const events = data.sources.reduce((sum, s) => sum + s.total_events, 0);
  const unlisted = data.total_attributed_events - events;
  const countWidth = Math.max(view.columns >= 60 ? 8 : 6, formatCount(Math.max(visitors, data.total_attributed_events)).length) + 2;
  const texts = data.sources.map((s) => [sanitize(s.source), sanitize(s.medium), sanitize(s.campaign)]);
  const extraLabels = unlisted > 0 ? ["not listed".length] : [];
  const natural = [0, 1, 2].map((k) => Math.max(k === 2 ? 8 : 6, ...(k === 0 ? extraLabels : []), ...texts.map((t) => (t[k] ?? "").length)) + 2);
  const used = (widths: number[]): number => widths.reduce((a, b) => a + b, 0) + widths.length + 1;
  // Text columns shrink (campaign first) until visitors and events fit; then a bar takes what is left.
  const widths = [...natural];
  const numeric = [countWidth, countWidth];
  for (const k of [2, 0, 1]) {
    const over = used([...widths, ...numeric]) - view.columns;
    if (over > 0) widths[k] = Math.max(6, (widths[k] ?? 6) - over);
  }
  // Still too wide (a very narrow terminal): the medium column goes; --json and --csv keep it.
  const withMedium = used([...widths, ...numeric]) <= view.columns;
  if (!withMedium) widths.splice(1, 1);
  const barWidth = Math.min(24, view.columns - used([...widths, ...numeric]) - 1);
  const withBar = barWidth >= 8;
  const keep = <T>(cells: T[]): T[] => (withMedium ? cells : cells.filter((_, i) => i !== 1));
  const cut = (text: string, k: number): string => truncate(text, (widths[withMedium || k === 0 ? k : k - 1] ?? 8) - 2);
  const rows = data.sources.map((s, i) => [
    cut(texts[i]?.[0] ?? "", 0),
    ...(withMedium ? [cut(texts[i]?.[1] ?? "", 1)] : []),
    cut(texts[i]?.[2] ?? "", 2),
    formatCount(s.unique_visitors),
    formatCount(s.total_events),
    ...(withBar ? [theme.accent(bar(visitors > 0 ? s.unique_visitors / visitors : 0, barWidth - 2))] : []),
  ]);
  if (unlisted > 0) rows.push(keep([theme.dim(cut("not listed", 0)), "", "", "", theme.dim(formatCount(unlisted)), ...(withBar ? [""] : [])]));
  rows.push(keep([theme.bold(cut("Total", 0)), "", "", theme.bold(formatCount(visitors)), theme.bold(formatCount(data.total_attributed_events)), ...(withBar ? [""] : [])]));
  return [
    ...title,
    ...renderTable({
      head: keep(["Source", "Medium", "Campaign", countWidth >= 10 ? "Visitors" : "Visits", "Events", ...(withBar ? ["share"] : [])]).map((h) => theme.bold(h)),
      rows,
      align: keep<"left" | "right">(["left", "left", "left", "right", "right", "left"]),
      colWidths: [...widths, ...numeric, ...(withBar ? [barWidth] : [])],
    }),
    truncate(`Conversions: ${formatCount(data.conversions)} from ${formatCount(data.total_attributed_events)} attributed events`, view.columns),
  ];
}
