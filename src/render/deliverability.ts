/**
 * `analytics deliverability` as text: health score and inbox placement with gauges, spam and bounce
 * rates, bounces by type, top bounce reasons with percentage bars, the reputation trend as a chart,
 * and the blacklist status (flagged loudly when any IP is listed). Pure: data in, lines out.
 */
import type { Deliverability } from "../providers/tenant/schemas.js";
import { chartHeight, renderChart } from "./chart.js";
import { bar, formatCount, formatDay, formatRate, formatWindow, truncate } from "./format.js";
import { CHECK, CROSS, formatTimestamp } from "./messages.js";
import { sanitize } from "./sanitize.js";
import { renderTable } from "./table.js";
import type { Theme } from "./theme.js";

export interface DeliverabilityView {
  columns: number;
  /** Terminal height (the trend chart takes its height from it); 24 when unknown. */
  rows?: number | undefined;
  theme: Theme;
  /** The filters the user asked for, shown under the title. */
  campaignId?: string | undefined;
  domainId?: string | undefined;
  /** The timeRange asked for (the response's time_range has no period). */
  range?: string | undefined;
}

type Verdict = "good" | "fair" | "poor";

/** Health score bands: 80+ good, 60–79 fair, below 60 poor. */
export function healthVerdict(score: number): Verdict {
  return score >= 80 ? "good" : score >= 60 ? "fair" : "poor";
}

/** Inbox placement bands: 95 %+ good, 90–95 % fair, below 90 % poor. */
export function placementVerdict(rate: number): Verdict {
  return rate >= 95 ? "good" : rate >= 90 ? "fair" : "poor";
}

function paint(theme: Theme, verdict: Verdict, text: string): string {
  return verdict === "good" ? theme.good(text) : verdict === "fair" ? theme.warn(text) : theme.bad(text);
}

/** `[█████▌····]`: a gauge of exactly `width` columns (brackets included). */
export function gauge(fraction: number, width: number, theme: Theme, verdict: Verdict): string {
  const inner = Math.max(1, width - 2);
  const filled = bar(fraction, inner);
  return `[${paint(theme, verdict, filled)}${theme.dim("·".repeat(Math.max(0, inner - [...filled].length)))}]`;
}

/**
 * Whether anything was sent: the response has no send count, but placement = (sent − bounced −
 * spam) / sent makes placement + bounce + spam rates 100 whenever sent > 0; the API sends 0 for all
 * three when nothing was sent, so then they are n/a.
 */
export function nothingSent(data: Deliverability): boolean {
  const o = data.overall;
  return o.estimated_inbox_placement_rate === 0 && o.bounce_rate === 0 && o.spam_rate === 0;
}

function headline(data: Deliverability, view: DeliverabilityView): string[] {
  const { theme } = view;
  const o = data.overall;
  const labelWidth = 17;
  const valueWidth = 8;
  const verdictWidth = 6;
  const gaugeWidth = Math.min(32, view.columns - labelWidth - valueWidth - verdictWidth - 3);
  const row = (label: string, value: string, verdict: Verdict, fraction: number): string => {
    const parts = [label.padEnd(labelWidth), paint(theme, verdict, value.padStart(valueWidth - 1)), " "];
    if (gaugeWidth >= 8) parts.push(gauge(fraction, gaugeWidth, theme, verdict), " ");
    parts.push(paint(theme, verdict, verdict));
    return parts.join("");
  };
  const health = row("Health score", `${Math.round(o.health_score)}/100`, healthVerdict(o.health_score), o.health_score / 100);
  const sent = nothingSent(data) ? 0 : undefined;
  const placement =
    sent === 0
      ? `${"Inbox placement".padEnd(labelWidth)}${formatRate(0, 0).padStart(valueWidth - 1)} ${theme.dim(truncate("nothing was sent in this range", view.columns - labelWidth - valueWidth))}`
      : row("Inbox placement", formatRate(o.estimated_inbox_placement_rate), placementVerdict(o.estimated_inbox_placement_rate), o.estimated_inbox_placement_rate / 100);
  const plain = (label: string, rate: number, note: string): string => {
    const text = `${label.padEnd(labelWidth)}${formatRate(rate, sent).padStart(valueWidth - 1)} `;
    return text + theme.dim(truncate(note, view.columns - text.length));
  };
  return [
    health,
    placement,
    theme.dim(truncate(`${" ".repeat(labelWidth)}estimated: (sent − bounced − spam) / sent`, view.columns)),
    plain("Bounce rate", o.bounce_rate, "of sent"),
    plain("Spam rate", o.spam_rate, "of sent (complaints)"),
  ];
}

function bounceTable(data: Deliverability, view: DeliverabilityView): string[] {
  const b = data.bounce_analysis;
  const { theme } = view;
  const total = b.hard_bounces + b.soft_bounces;
  const sent = nothingSent(data) ? 0 : undefined;
  const rows = [
    ["Hard", formatCount(b.hard_bounces), formatRate(b.hard_bounce_rate, sent), theme.dim("bad address: remove it")],
    ["Soft", formatCount(b.soft_bounces), formatRate(b.soft_bounce_rate, sent), theme.dim("temporary: retried")],
    [theme.bold("Total"), theme.bold(formatCount(total)), theme.bold(formatRate(data.overall.bounce_rate, sent)), ""],
  ];
  const countWidth = Math.max(7, formatCount(total).length + 2);
  const fixed = [9, countWidth, 10];
  const noteWidth = Math.min(26, view.columns - fixed.reduce((a, c) => a + c, 0) - 5);
  const withNote = noteWidth >= 12;
  return renderTable({
    head: ["Bounces", "Count", "of sent", ...(withNote ? [""] : [])].map((h) => theme.bold(h)),
    rows: rows.map((r) => (withNote ? r : r.slice(0, 3))),
    align: ["left", "right", "right", "left"],
    colWidths: [...fixed, ...(withNote ? [noteWidth] : [])],
  });
}

function reasonsTable(data: Deliverability, view: DeliverabilityView): string[] {
  const { theme } = view;
  const reasons = data.bounce_analysis.top_bounce_reasons;
  if (reasons.length === 0) return [theme.dim("No bounces in this range.")];
  const names = reasons.map((r) => sanitize(r.reason));
  const countWidth = Math.max(7, ...reasons.map((r) => formatCount(r.count).length + 2));
  const shareWidth = Math.max(9, ...reasons.map((r) => formatRate(r.percentage).length + 2));
  const borders = 5;
  const reasonWidth = Math.max(12, Math.min(Math.max(...names.map((n) => n.length)) + 2, view.columns - countWidth - shareWidth - borders - 10));
  const barWidth = Math.min(22, view.columns - reasonWidth - countWidth - shareWidth - borders);
  const withBar = barWidth >= 6;
  return renderTable({
    head: ["Reason", "Count", "Share", ...(withBar ? [""] : [])].map((h) => theme.bold(h)),
    rows: reasons.map((r, i) => [
      truncate(names[i] ?? "", reasonWidth - 2),
      formatCount(r.count),
      formatRate(r.percentage),
      ...(withBar ? [theme.accent(bar(r.percentage / 100, barWidth - 2))] : []),
    ]),
    align: ["left", "right", "right", "left"],
    colWidths: [reasonWidth, countWidth, shareWidth, ...(withBar ? [barWidth] : [])],
  });
}

function trend(data: Deliverability, view: DeliverabilityView): string[] {
  const { theme } = view;
  const points = data.reputation_trend;
  if (points.length === 0) return [theme.bold("Reputation trend"), theme.dim("No reputation data in this range.")];
  const scores = points.map((p) => p.score);
  const first = scores[0] ?? 0;
  const last = scores.at(-1) ?? 0;
  const change = last - first;
  const summary = `${formatScore(first)} → ${formatScore(last)} (${change > 0 ? "+" : ""}${formatScore(change)}; low ${formatScore(Math.min(...scores))}, high ${formatScore(Math.max(...scores))})`;
  // Zoom the axis onto the scores (a 0–100 axis flattens a few points of change into a line).
  const chart = renderChart(
    scores.map((value) => ({ value })),
    {
      title: "Reputation trend (score 0–100)",
      labels: points.map((p) => sanitize(formatDay(p.date))),
      pointNoun: "point",
      width: view.columns,
      height: chartHeight(view.rows ?? 24),
      theme,
      integer: scores.every(Number.isInteger),
      zoom: true,
      floor: 0,
      ceiling: 100,
    },
  );
  return [...chart, truncate(summary, view.columns)];
}

function formatScore(score: number): string {
  return Number.isInteger(score) ? String(score) : score.toFixed(1);
}

function blacklist(data: Deliverability, view: DeliverabilityView): string[] {
  const { theme } = view;
  const b = data.blacklist_status;
  const checked = `${formatCount(b.ips_checked)} IP${b.ips_checked === 1 ? "" : "s"} checked`;
  const when = `last check ${sanitize(formatTimestamp(b.last_check))}`;
  if (b.any_ip_blacklisted) {
    const lines = [`${CROSS} LISTED: a sending IP is on a blacklist (${checked})`, when, "Find the listed IP and request delisting before sending more."];
    return lines.map((line, i) => (i === 0 ? theme.bad(theme.bold(truncate(line, view.columns))) : theme.bad(truncate(line, view.columns))));
  }
  return [theme.good(truncate(`${CHECK} Not listed: no sending IP is on a blacklist (${checked})`, view.columns)), theme.dim(truncate(when, view.columns))];
}

export function renderDeliverability(data: Deliverability, view: DeliverabilityView): string[] {
  const { theme } = view;
  const filters = [view.campaignId ? `campaign ${view.campaignId}` : "", view.domainId ? `domain ${view.domainId}` : ""].filter(Boolean);
  const scope = filters.length ? filters.join(", ") : `workspace ${sanitize(data.workspace_id)}`;
  return [
    theme.bold(truncate(`Deliverability · ${scope}`, view.columns)),
    truncate(sanitize(formatWindow({ period: view.range, ...data.time_range })), view.columns),
    "",
    ...headline(data, view),
    "",
    ...bounceTable(data, view),
    "",
    theme.bold("Top bounce reasons"),
    ...reasonsTable(data, view),
    "",
    ...trend(data, view),
    "",
    theme.bold("Blacklist status"),
    ...blacklist(data, view),
  ];
}
