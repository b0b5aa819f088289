/**
 * `analytics campaign` as text: header, funnel table (counts with their rates), the buckets as a
 * table when there are few of them, and one chart per series. Pure: data in, lines out.
 */
import { PROVIDER_SECTION_KEYS, type CampaignDocument } from "../providers/shapes.js";
import type { TimeSeriesPoint } from "../providers/tenant/schemas.js";
import type { GroupBy } from "../providers/vocabulary.js";
import { type Bucket, type BucketedSeries, bucketSeries } from "./buckets.js";
import { PARTIAL_MARK, chartHeight, renderChart } from "./chart.js";
import { ofBasis } from "./basis.js";
import { bar, formatCount, formatDay, formatRate, formatWindow, plural, truncate } from "./format.js";
import { sanitize } from "./sanitize.js";
import { SECTION_RENDERERS } from "./sections/index.js";
import { renderTable } from "./table.js";
import type { Theme } from "./theme.js";

export interface CampaignView {
  columns: number;
  /** Terminal height (charts take their height from it); 24 when unknown. */
  rows?: number | undefined;
  theme: Theme;
  chart: boolean;
  groupBy: GroupBy;
  /** `YYYY-MM-DD`: the day whose data is still arriving (see dataToday). */
  today: string;
}

/** Up to this many buckets are also listed as a table (a week over 90 days is 14). */
const MAX_TABLE_BUCKETS = 16;

interface FunnelRow {
  label: string;
  count?: number;
  rate?: number;
  /** The count the rate is a share of: zero prints n/a. */
  denominator?: number;
  /** What the rate is a share of, shown dimmed. */
  of?: string;
}

const RATE_OF: Record<string, string> = {
  Delivered: "delivery_rate",
  Opened: "open_rate",
  Clicked: "click_rate",
  "Click-to-open": "click_to_open_rate",
  Replied: "reply_rate",
  Bounced: "bounce_rate",
  "Spam complaints": "spam_rate",
  Unsubscribed: "unsubscribe_rate",
};

/** Rows the provider has no data for are left out (ColdSend: no clicks); labels follow `rate_basis` when the document has one. */
function funnelRows(data: CampaignDocument): FunnelRow[] {
  return (countsMessages(data) ? messageFunnelRows(data) : tenantFunnelRows(data))
    .filter((row) => row.count !== undefined || row.rate !== undefined)
    .map((row) => {
      const metric = RATE_OF[row.label];
      if (!data.rate_basis || !metric) return row;
      const of = ofBasis(metric, data.rate_basis);
      return of ? { ...row, of } : row;
    });
}

function tenantFunnelRows(data: CampaignDocument): FunnelRow[] {
  const { summary: s, rates: r } = data;
  const sent = s.emails_sent;
  const delivered = s.emails_delivered;
  return [
    { label: "Sent", count: sent },
    { label: "Delivered", count: delivered, rate: r.delivery_rate, denominator: sent, of: "of sent" },
    { label: "Opened", count: s.emails_opened, rate: r.open_rate, denominator: delivered, of: "of delivered" },
    { label: "Clicked", count: s.emails_clicked, rate: r.click_rate, denominator: delivered, of: "of delivered" },
    { label: "Click-to-open", rate: r.click_to_open_rate, denominator: s.emails_opened, of: "of opened" },
    { label: "Replied", count: s.emails_replied, rate: r.reply_rate, denominator: delivered, of: "of delivered" },
    { label: "Bounced", count: s.emails_bounced, rate: r.bounce_rate, denominator: sent, of: "of sent" },
    { label: "Spam complaints", count: s.spam_complaints, rate: r.spam_rate, denominator: sent, of: "of sent" },
    { label: "Unsubscribed", count: s.unsubscribes, rate: r.unsubscribe_rate, denominator: sent, of: "of sent" },
  ];
}

/** CampaignOS counts messages of every channel, never emails (README: "Messages are not emails"). */
const countsMessages = (data: CampaignDocument): boolean => data.summary.messages_sent !== undefined;

function messageFunnelRows(data: CampaignDocument): FunnelRow[] {
  const { summary: s, rates: r } = data;
  const denominator = (metric: string): number | undefined => (data.rate_basis?.[metric] === "sent" ? s.messages_sent : s.messages_delivered);
  return [
    { label: "All channels", count: s.messages_total },
    { label: "Sent", count: s.messages_sent },
    { label: "Delivered", count: s.messages_delivered },
    { label: "Opened", count: s.messages_opened, rate: r.open_rate, denominator: denominator("open_rate") },
    { label: "Clicked", count: s.messages_clicked, rate: r.click_rate, denominator: denominator("click_rate") },
    { label: "Bounced", count: s.messages_bounced, rate: r.bounce_rate, denominator: denominator("bounce_rate") },
    { label: "Failed", count: s.messages_failed },
  ];
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
  const hasRate = (row: FunnelRow): row is FunnelRow & { rate: number } => row.rate !== undefined;
  const cells = (row: FunnelRow): string[] => [
    row.label,
    row.count === undefined ? "" : formatCount(row.count),
    hasRate(row) ? formatRate(row.rate, row.denominator) : "",
    ...(withOf ? [row.of ? theme.dim(row.of) : ""] : []),
    ...(withBar ? [hasRate(row) && row.denominator !== 0 ? theme.accent(bar(row.rate / 100, barWidth - 2)) : ""] : []),
  ];
  const head = [countsMessages(data) ? "Messages" : "Metric", "Count", "Rate", ...(withOf ? [""] : []), ...(withBar ? [""] : [])].map((h) => theme.bold(h));
  return renderTable({
    head,
    rows: rows.map(cells),
    align: ["left", "right", "right", "left", "left"],
    colWidths: [...fixed, ...(withBar ? [barWidth] : [])],
  });
}

const SERIES: ReadonlyArray<{ name: string; key: "sent" | "opened" | "clicked" | "replied" }> = [
  { name: "Sent", key: "sent" },
  { name: "Opened", key: "opened" },
  { name: "Clicked", key: "clicked" },
  { name: "Replied", key: "replied" },
];

/** `2025-09-03 → 09-30`, or the day alone. */
function period(bucket: Bucket<unknown>): string {
  return bucket.from === bucket.to ? bucket.from : `${bucket.from} → ${bucket.to.slice(5)}`;
}

/** Why a bucket is partial, in a few words. */
function partialWords(bucket: Bucket<unknown>, groupBy: GroupBy): string {
  if (bucket.partial === "today") return `${period(bucket)}: today's data is still arriving`;
  return `${period(bucket)}: ${bucket.days} of ${plural(bucket.fullDays, "day")} of the ${groupBy} (the range cuts it)`;
}

function bucketTable(series: BucketedSeries<TimeSeriesPoint>, view: CampaignView): string[] {
  const { theme } = view;
  const { buckets } = series;
  const marked = (b: Bucket<TimeSeriesPoint>): string => `${period(b)}${b.partial ? " *" : ""}`;
  const heads = [view.groupBy === "day" ? "Day" : view.groupBy === "week" ? "Week" : "Month", ...SERIES.map((s) => s.name)];
  const cells = buckets.map((b) => [marked(b), ...SERIES.map((s) => formatCount(b.point[s.key]))]);
  const widths = heads.map((h, i) => Math.max(h.length, ...cells.map((row) => (row[i] ?? "").length)) + 2);
  // Drop series from the right until the table fits (each column costs its width and a border).
  let shown = widths.length;
  while (shown > 2 && widths.slice(0, shown).reduce((a, b) => a + b + 1, 1) > view.columns) shown--;
  return renderTable({
    head: heads.slice(0, shown).map((h) => theme.bold(h)),
    rows: cells.map((row) => row.slice(0, shown)),
    align: ["left", "right", "right", "right", "right"],
    colWidths: widths.slice(0, shown),
  });
}

/** The lines that say which buckets are partial and which days are not shown. */
function seriesNotes(series: BucketedSeries<TimeSeriesPoint>, view: CampaignView, marker: string): string[] {
  const notes = series.buckets.filter((b) => b.partial).map((b) => `${marker} ${partialWords(b, view.groupBy)}`);
  if (series.future) notes.push(`Not shown: ${series.future.from} → ${series.future.to}, after today (no data yet)`);
  return notes.map((note) => view.theme.dim(truncate(note, view.columns)));
}

function charts(series: BucketedSeries<TimeSeriesPoint>, view: CampaignView): string[] {
  const { buckets } = series;
  const labels = buckets.map((b) => b.from);
  const lines: string[] = [];
  if (buckets.some((b) => b.partial)) lines.push(view.theme.dim(truncate(`${PARTIAL_MARK.repeat(3)} dotted, apart from the line: a partial ${view.groupBy} (see above)`, view.columns)));
  for (const { name, key } of SERIES) {
    lines.push(
      "",
      ...renderChart(
        buckets.map((b) => ({ value: b.point[key], partial: b.partial !== undefined })),
        {
          title: `${name} per ${view.groupBy}`,
          labels,
          pointNoun: view.groupBy,
          width: view.columns,
          height: chartHeight(view.rows ?? 24),
          theme: view.theme,
          integer: true,
        },
      ),
    );
  }
  return lines;
}

/** The dates; a lookback the provider names (CampaignOS: "30d"); or the whole campaign (ColdSend, SendKit) with its status and start where known. And what the counts count. */
function windowLine(data: CampaignDocument, groupBy: GroupBy): string {
  if (data.time_range) return `${sanitize(formatWindow(data.time_range))}, by ${groupBy}`;
  if (data.period && /^\d+d$/.test(data.period)) {
    const lookback = `Last ${data.period.slice(0, -1)} days`;
    return countsMessages(data) ? `${lookback}; counts are messages of every channel, not only email` : lookback;
  }
  const parts = [`All time, as ${data.provider ?? "the provider"} reports it`, data.status && `status ${data.status}`, data.started_at && `started ${formatDay(data.started_at)}`];
  const whole = sanitize(parts.filter(Boolean).join(", "));
  return countsMessages(data) ? `${whole}; counts are messages of every channel, not only email` : whole;
}

export function renderCampaign(data: CampaignDocument, view: CampaignView): string[] {
  const { theme } = view;
  const id = `(${sanitize(data.campaign_id)})`;
  const lines = [
    `${theme.bold(truncate(sanitize(data.campaign_name), view.columns - id.length - 1))} ${theme.dim(id)}`,
    truncate(windowLine(data, view.groupBy), view.columns),
    "",
    ...funnelTable(data, view),
  ];
  if (!data.time_series || !data.time_range) {
    // Said, not drawn: empty charts would look like a campaign that sent nothing.
    const noClicks = data.summary.emails_clicked === undefined && data.summary.messages_clicked === undefined ? ", and no clicks" : "";
    lines.push("", theme.dim(truncate(`${sanitize(data.provider ?? "This provider")} reports no time series for a campaign${noClicks}.`, view.columns)));
  } else {
    const series = bucketSeries(data.time_series as TimeSeriesPoint[], data.time_range, view.groupBy, view.today);
    const tabled = series.buckets.length > 0 && series.buckets.length <= MAX_TABLE_BUCKETS;
    if (tabled) lines.push("", ...bucketTable(series, view));
    // With the table, its * marks the partial buckets; without it the notes say which they are.
    lines.push(...seriesNotes(series, view, tabled ? "*" : PARTIAL_MARK));
    if (view.chart) lines.push(...charts(series, view));
  }
  // Provider-only sections (render/sections/<provider>.ts), one per key the document carries.
  for (const key of PROVIDER_SECTION_KEYS) {
    const section = SECTION_RENDERERS[key];
    if (data[key] !== undefined && section) lines.push("", ...section(data, view));
  }
  return lines;
}
