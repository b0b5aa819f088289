/**
 * `analytics campaign` as text: header, funnel table (counts with their rates), time-series chart.
 * Pure: data in, lines out.
 */
import type { CampaignAnalytics } from "../providers/tenant/schemas.js";
import { type Series, renderChart } from "./chart.js";
import { bar, formatCount, formatDay, formatRate, formatWindow, truncate } from "./format.js";
import { sanitize } from "./sanitize.js";
import { renderTable } from "./table.js";
import type { CampaignSection } from "./sections.js";
import type { Theme } from "./theme.js";

export interface CampaignView {
  columns: number;
  theme: Theme;
  chart: boolean;
  groupBy: string;
  /** Provider-only sections after the funnel (render/sections.ts). */
  sections?: readonly CampaignSection[];
}

interface FunnelRow {
  label: string;
  count?: number;
  rate?: number;
  /** What the rate is a share of, shown dimmed. */
  of?: string;
}

function funnelRows(data: CampaignAnalytics): FunnelRow[] {
  const { summary: s, rates: r } = data;
  return [
    { label: "Sent", count: s.emails_sent },
    { label: "Delivered", count: s.emails_delivered, rate: r.delivery_rate, of: "of sent" },
    { label: "Opened", count: s.emails_opened, rate: r.open_rate, of: "of delivered" },
    { label: "Clicked", count: s.emails_clicked, rate: r.click_rate, of: "of delivered" },
    { label: "Click-to-open", rate: r.click_to_open_rate, of: "of opened" },
    { label: "Replied", count: s.emails_replied, rate: r.reply_rate, of: "of delivered" },
    { label: "Bounced", count: s.emails_bounced, rate: r.bounce_rate, of: "of sent" },
    { label: "Spam complaints", count: s.spam_complaints, rate: r.spam_rate, of: "of sent" },
    { label: "Unsubscribed", count: s.unsubscribes, rate: r.unsubscribe_rate, of: "of sent" },
  ].filter((row) => row.count !== undefined || row.rate !== undefined);
}

function funnelTable(data: CampaignAnalytics, view: CampaignView): string[] {
  const rows = funnelRows(data);
  const { theme } = view;
  const countWidth = Math.max(5, ...rows.map((row) => (row.count === undefined ? 0 : formatCount(row.count).length))) + 2;
  const base = [17, countWidth, 9];
  // Each cell costs its width plus one border column, plus one at the end of the row.
  const used = (widths: number[]): number => widths.reduce((a, b) => a + b, 0) + widths.length + 1;
  const withOf = used([...base, 14]) <= view.columns;
  const fixed = withOf ? [...base, 14] : base;
  const barWidth = Math.min(30, view.columns - used(fixed) - 1);
  const withBar = barWidth >= 8;
  const cells = (row: FunnelRow): string[] => [
    row.label,
    row.count === undefined ? "" : formatCount(row.count),
    row.rate === undefined ? "" : formatRate(row.rate),
    ...(withOf ? [row.of ? theme.dim(row.of) : ""] : []),
    ...(withBar ? [row.rate === undefined ? "" : theme.accent(bar(row.rate / 100, barWidth - 2))] : []),
  ];
  const head = ["Metric", "Count", "Rate", ...(withOf ? [""] : []), ...(withBar ? [""] : [])].map((h) => theme.bold(h));
  return renderTable({
    head,
    rows: rows.map(cells),
    align: ["left", "right", "right", "left", "left"],
    colWidths: [...fixed, ...(withBar ? [barWidth] : [])],
  });
}

/** The window and grouping; for a provider without time ranges (SendKit), the status and start instead. */
function subtitle(data: CampaignAnalytics, view: CampaignView): string {
  if (data.time_range) return sanitize(`${formatWindow(data.time_range)}, by ${view.groupBy}`);
  const extra = data as { status?: string; started_at?: string };
  const parts = [extra.status && `status ${extra.status}`, extra.started_at && `started ${formatDay(extra.started_at)}`, "whole campaign"];
  return sanitize(parts.filter(Boolean).join(", "));
}

export function renderCampaign(data: CampaignAnalytics, view: CampaignView): string[] {
  const { theme } = view;
  const id = `(${sanitize(data.campaign_id)})`;
  const lines = [
    `${theme.bold(truncate(sanitize(data.campaign_name), view.columns - id.length - 1))} ${theme.dim(id)}`,
    truncate(subtitle(data, view), view.columns),
    "",
    ...funnelTable(data, view),
  ];
  for (const section of view.sections ?? []) lines.push("", ...section(view));
  if (view.chart && data.time_series) {
    const points = data.time_series;
    const chart = (title: string, series: Series[]): string[] =>
      renderChart(series, {
        title,
        firstLabel: sanitize(points[0]?.date ?? ""),
        lastLabel: sanitize(points.at(-1)?.date ?? ""),
        width: view.columns,
        height: 8,
        theme,
      });
    // Replies and clicks are a few percent of sends: on one scale they would lie flat at zero.
    lines.push(
      "",
      ...chart(`Volume per ${view.groupBy}`, [
        { name: "Sent", values: points.map((p) => p.sent) },
        { name: "Opened", values: points.map((p) => p.opened) },
      ]),
      "",
      ...chart(`Responses per ${view.groupBy}`, [
        { name: "Clicked", values: points.map((p) => p.clicked) },
        { name: "Replied", values: points.map((p) => p.replied) },
      ]),
    );
  }
  return lines;
}
