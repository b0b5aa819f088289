/**
 * `analytics campaign` as text: header, funnel table (counts with their rates), time-series chart.
 * Pure: data in, lines out.
 */
import { PROVIDER_SECTION_KEYS, type CampaignDocument } from "../providers/shapes.js";
import { ofBasis } from "./basis.js";
import { type Series, renderChart } from "./chart.js";
import { bar, formatCount, formatRate, formatWindow, truncate } from "./format.js";
import { sanitize } from "./sanitize.js";
import { renderTable } from "./table.js";
import { SECTION_RENDERERS } from "./sections/index.js";
import type { Theme } from "./theme.js";

export interface CampaignView {
  columns: number;
  theme: Theme;
  chart: boolean;
  groupBy: string;
}

interface FunnelRow {
  label: string;
  count?: number;
  rate?: number;
  /** What the rate is a share of, shown dimmed. */
  of?: string;
}

function funnelRows(data: CampaignDocument): FunnelRow[] {
  const { summary: s, rates: r } = data;
  // Rows the provider has no data for are left out (no clicks for ColdSend); labels follow rate_basis.
  const rows: FunnelRow[] = [
    { label: "Sent", count: s.emails_sent },
    { label: "Delivered", count: s.emails_delivered, rate: r.delivery_rate, of: "of sent" },
    { label: "Opened", count: s.emails_opened, rate: r.open_rate, of: "of delivered" },
    { label: "Clicked", count: s.emails_clicked, rate: r.click_rate, of: "of delivered" },
    { label: "Click-to-open", rate: r.click_to_open_rate, of: "of opened" },
    { label: "Replied", count: s.emails_replied, rate: r.reply_rate, of: "of delivered" },
    { label: "Bounced", count: s.emails_bounced, rate: r.bounce_rate, of: "of sent" },
    { label: "Spam complaints", count: s.spam_complaints, rate: r.spam_rate, of: "of sent" },
    { label: "Unsubscribed", count: s.unsubscribes, rate: r.unsubscribe_rate, of: "of sent" },
  ];
  const metricOf: Record<string, string> = { Delivered: "delivery_rate", Opened: "open_rate", Clicked: "click_rate", "Click-to-open": "click_to_open_rate", Replied: "reply_rate", Bounced: "bounce_rate", "Spam complaints": "spam_rate", Unsubscribed: "unsubscribe_rate" };
  return rows
    .filter((row) => row.count !== undefined || row.rate !== undefined)
    .map((row) => (data.rate_basis && metricOf[row.label] ? { ...row, of: ofBasis(metricOf[row.label]!, data.rate_basis) } : row));
}

function funnelTable(data: CampaignDocument, view: CampaignView): string[] {
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

export function renderCampaign(data: CampaignDocument, view: CampaignView): string[] {
  const { theme } = view;
  const id = `(${sanitize(data.campaign_id)})`;
  const lines = [
    `${theme.bold(truncate(sanitize(data.campaign_name), view.columns - id.length - 1))} ${theme.dim(id)}`,
    truncate(data.time_range ? `${sanitize(formatWindow(data.time_range))}, by ${view.groupBy}` : "All time, as the provider reports it", view.columns),
    "",
    ...funnelTable(data, view),
  ];
  if (!data.time_series) {
    lines.push("", theme.dim(truncate(`${data.provider ?? "This provider"} reports no time series for a campaign${data.summary.emails_clicked === undefined ? ", and no clicks" : ""}.`, view.columns)));
  } else if (view.chart) {
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
        { name: "Opened", values: points.map((p) => p.opened ?? 0) },
      ]),
      "",
      ...chart(`Responses per ${view.groupBy}`, [
        ...(points.some((p) => p.clicked !== undefined) ? [{ name: "Clicked", values: points.map((p) => p.clicked ?? 0) }] : []),
        { name: "Replied", values: points.map((p) => p.replied ?? 0) },
      ]),
    );
  }
  for (const key of PROVIDER_SECTION_KEYS) {
    const section = SECTION_RENDERERS[key];
    if (data[key] !== undefined && section) lines.push("", ...section(data, view));
  }
  return lines;
}
