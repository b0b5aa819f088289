/**
 * The report as one self-contained HTML file: inline CSS and SVG, no script, and a CSP that forbids
 * loading anything, so it opens the same from a mail attachment, a share or a printer. Every server
 * string goes through `esc`. Pure: data and chart markup in, text out.
 */
import type { Deliverability, EngagementHeatmap } from "../providers/tenant/schemas.js";
import { type CompareResult, type KpiData, type ReportData, SECTION_IDS, SECTION_TITLES, type SectionId, type TimelineData, type TopCampaign } from "./model.js";
import {
  REPORT_TITLE,
  TREND_ARROWS,
  absentLine,
  dayList,
  clean,
  compareMetrics,
  formatCount,
  formatGenerated,
  formatRate,
  isWinner,
  kpiChange,
  kpiFootnote,
  kpiPrevious,
  kpiValue,
  metricLabel,
  periodText,
  verdictText,
  verdicts,
} from "./words.js";

/** The SVG of each chart, drawn by charts.ts (absent when its section is). */
export interface ChartMarkup {
  timeline?: SizedChart;
  reputation?: SizedChart;
  heatmap?: SizedChart;
}

/** The same chart drawn for a wide page and for a phone; CSS shows one. */
export interface SizedChart {
  wide: string;
  narrow: string;
}

function chart(svg: SizedChart | undefined): string {
  return svg ? `<div class="chart wide">${svg.wide}</div><div class="chart narrow">${svg.narrow}</div>` : "";
}

/** Nothing may be fetched: no scripts, images, fonts, frames or connections; only the inline styles. */
export const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'";

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text for HTML content or a quoted attribute value. */
export function esc(text: string): string {
  return clean(text).replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch);
}

const STYLE = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1b1f24;--muted:#59636e;--line:#d1d9e0;--card:#f6f8fa;--up:#1a7f37;--down:#cf222e;--accent:#0969da;--warn-bg:#fff8c5;--warn-line:#d4a72c}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;--card:#151b23;--up:#3fb950;--down:#f85149;--accent:#4493f8;--warn-bg:#3b2e0a;--warn-line:#9e6a03}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.page{max-width:1120px;margin:0 auto;padding:24px 16px 48px}
h1{font-size:1.6rem;margin:0 0 8px}h2{font-size:1.2rem;margin:0 0 12px}
header dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:0;color:var(--muted)}
header dt{font-weight:600}header dd{margin:0;overflow-wrap:anywhere}
section{margin-top:28px;padding-top:20px;border-top:1px solid var(--line)}
.note,.na,.missing{color:var(--muted);margin:8px 0}
.na{font-style:italic}.missing,.partial{background:var(--warn-bg);border-left:4px solid var(--warn-line);padding:8px 12px;color:var(--fg)}
.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(160px,1fr));gap:12px}
.tile{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px}
.tile .label{color:var(--muted);font-size:.85rem}.tile .value{font-size:1.45rem;font-weight:650;font-variant-numeric:tabular-nums}
.tile .change{font-size:.85rem}.tile .before{color:var(--muted);font-size:.8rem}
.up{color:var(--up)}.down{color:var(--down)}.flat,.none{color:var(--muted)}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
th,td{text-align:left;padding:6px 10px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:.85rem;color:var(--muted);font-weight:600}
td.num,th.num{text-align:right;white-space:nowrap}
td.name{overflow-wrap:anywhere;min-width:10ch}
.win{font-weight:700;color:var(--accent)}
figure{margin:8px 0}figure svg{display:block;max-width:100%;height:auto;color:var(--fg)}
figcaption{color:var(--muted);font-size:.85rem}
.key{display:inline-block;width:.9em;height:.9em;border-radius:2px;vertical-align:-.1em;margin:0 4px 0 12px}
.key:first-child{margin-left:0}
.chart.narrow{display:none}
footer{margin-top:40px;color:var(--muted);font-size:.8rem}
@media (max-width:600px){.chart.wide{display:none}.chart.narrow{display:block}.id{display:none}}
@media (max-width:480px){body{font-size:14px}.page{padding:16px 12px 32px}h1{font-size:1.3rem}.tiles{grid-template-columns:repeat(2,minmax(0,1fr))}.tile .value{font-size:1.2rem}th,td{padding:5px 6px}}
@media print{.chart.wide{display:block}.chart.narrow{display:none}.id{display:table-cell}:root{color-scheme:light;--bg:#fff;--fg:#000;--muted:#444;--line:#bbb;--card:#fff}body{font-size:11pt}.page{max-width:none;padding:0}section{break-inside:avoid-page}.scroll{overflow:visible}figure svg{max-height:9cm;width:auto}a{color:inherit}}
`.trim();

export type Column = { text: string; kind?: "num" | "name" | "id" };
/** Escaped markup, or markup spanning `span` columns with a class of its own (a row's error). */
export type Cell = string | { html: string; span: number; className: string };

/** A table whose cells are already escaped markup. */
export function table(head: readonly Column[], rows: Cell[][]): string {
  const attr = (column: Column | undefined): string => (column?.kind ? ` class="${column.kind}"` : "");
  const th = head.map((h) => `<th${attr(h)} scope="col">${esc(h.text)}</th>`).join("");
  const td = (cell: Cell, column: Column | undefined): string =>
    typeof cell === "string" ? `<td${attr(column)}>${cell}</td>` : `<td colspan="${cell.span}" class="${cell.className}">${cell.html}</td>`;
  const body = rows.map((row) => `<tr>${row.map((cell, i) => td(cell, head[i])).join("")}</tr>`).join("\n");
  return `<div class="scroll"><table>\n<thead><tr>${th}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table></div>`;
}

export function notes(lines: readonly string[], className = "note"): string {
  return lines.map((line) => `<p class="${className}">${esc(line)}</p>`).join("\n");
}

function kpiSection(data: KpiData, report: ReportData): string {
  const tiles = data.tiles.map((kpi) => {
    const change = kpiChange(kpi);
    return `<div class="tile"><div class="label">${esc(kpi.label)}</div><div class="value">${esc(kpiValue(kpi))}</div><div class="change ${change.trend}">${esc(`${TREND_ARROWS[change.trend]} ${change.text}`.trim())}</div><div class="before">previous: ${esc(kpiPrevious(kpi))}</div></div>`;
  });
  const [range, partial] = [kpiFootnote(report).filter((l) => !l.startsWith("Partial")), kpiFootnote(report).filter((l) => l.startsWith("Partial"))];
  return `<div class="tiles">\n${tiles.join("\n")}\n</div>\n${notes(range)}${partial.length ? `\n${notes(partial, "partial")}` : ""}`;
}

function timelineSection(data: TimelineData, svg: SizedChart | undefined, colours: readonly string[]): string {
  const totals = data.metrics.map((metric, i) => `<span class="key" style="background:${colours[i % colours.length]}"></span>${esc(metric)} ${esc(formatCount(data.days.reduce((sum, day) => sum + (day.values[metric] ?? 0), 0)))}`);
  const partial = data.partialDays.length ? ` Dashed, with rings: ${dayList(data.partialDays)}, still arriving.` : "";
  return [
    `<p class="note">From ${esc(data.source)}; ${data.days.length} days.</p>`,
    `<figure>${chart(svg)}<figcaption>${totals.join("")} (totals).${esc(partial)}</figcaption></figure>`,
  ].join("\n");
}

function topSection(rows: readonly TopCampaign[]): string {
  const withSent = rows.some((row) => row.emails_sent !== undefined);
  const head: Column[] = [{ text: "#", kind: "num" }, { text: "Campaign", kind: "name" }, { text: "ID", kind: "id" }, ...(withSent ? [{ text: "Sent", kind: "num" } as const] : []), { text: "Open rate", kind: "num" }, { text: "Reply rate", kind: "num" }];
  const cells = rows.map((row) => [
    String(row.rank),
    esc(row.campaign_name),
    `<code>${esc(row.campaign_id)}</code>`,
    ...(withSent ? [row.emails_sent === undefined ? "—" : esc(formatCount(row.emails_sent))] : []),
    esc(formatRate(row.open_rate)),
    esc(formatRate(row.reply_rate)),
  ]);
  return table(head, cells);
}

function compareSection(data: CompareResult, level: number): string {
  const metrics = compareMetrics(data);
  const all = verdicts(data);
  const head: Column[] = [{ text: "Campaign", kind: "name" }, { text: "ID", kind: "id" }, ...metrics.map((m): Column => ({ text: metricLabel(m), kind: "num" }))];
  const rows = data.comparison.map((row) => [
    esc(row.campaign_name),
    `<code>${esc(row.campaign_id)}</code>`,
    ...metrics.map((m) => {
      const value = row.metrics[m];
      const text = value === undefined ? "—" : esc(formatRate(value));
      return isWinner(all, m, row.campaign_id) ? `<span class="win" title="significant winner">★ ${text}</span>` : text;
    }),
  ]);
  const compareTable = table(head, rows);
  const significance = table(
    [{ text: "Metric" }, { text: "Verdict", kind: "name" }],
    all.map((v) => [esc(metricLabel(v.metric)), v.winner ? `<span class="win">★ ${esc(verdictText(v))}</span>` : esc(verdictText(v))]),
  );
  const noneSignificant = all.every((v) => !v.significant) ? `\n<p class="note">No difference is statistically significant (α = 0.05): no winner is named.</p>` : "";
  return `${compareTable}\n<h${level + 1}>Significance</h${level + 1}>\n${significance}${noneSignificant}\n<p class="note">★ marks a significant winner (α = 0.05); the lowest rate wins for bounce, spam and unsubscribe rates.</p>`;
}

function deliverabilitySection(data: Deliverability, svg: SizedChart | undefined, level: number): string {
  const o = data.overall;
  const tiles = [
    ["Health score", `${o.health_score} / 100`],
    ["Inbox placement (est.)", formatRate(o.estimated_inbox_placement_rate)],
    ["Bounce rate", formatRate(o.bounce_rate)],
    ["Spam rate", formatRate(o.spam_rate)],
  ].map(([label, value]) => `<div class="tile"><div class="label">${esc(label!)}</div><div class="value">${esc(value!)}</div></div>`);
  const b = data.bounce_analysis;
  const reasons = b.top_bounce_reasons.length
    ? table([{ text: "Bounce reason", kind: "name" }, { text: "Count", kind: "num" }, { text: "Share", kind: "num" }], b.top_bounce_reasons.map((r) => [esc(r.reason), esc(formatCount(r.count)), esc(formatRate(r.percentage))]))
    : `<p class="note">No bounces in this period.</p>`;
  const blacklist = data.blacklist_status.any_ip_blacklisted
    ? `<p class="partial">Blacklisted: at least one of ${esc(formatCount(data.blacklist_status.ips_checked))} sending IPs is listed (checked ${esc(data.blacklist_status.last_check.slice(0, 10))}).</p>`
    : `<p class="note">Blacklists: none of ${esc(formatCount(data.blacklist_status.ips_checked))} sending IPs listed (checked ${esc(data.blacklist_status.last_check.slice(0, 10))}).</p>`;
  return [
    `<div class="tiles">\n${tiles.join("\n")}\n</div>`,
    `<p class="note">Bounces: ${esc(formatCount(b.hard_bounces))} hard (${esc(formatRate(b.hard_bounce_rate))}), ${esc(formatCount(b.soft_bounces))} soft (${esc(formatRate(b.soft_bounce_rate))}).</p>`,
    reasons,
    `<h${level + 1}>Reputation trend</h${level + 1}>`,
    `<figure>${chart(svg)}<figcaption>Sender reputation score per day, 0–100.</figcaption></figure>`,
    blacklist,
  ].join("\n");
}

function heatmapSection(data: EngagementHeatmap, svg: SizedChart | undefined): string {
  const best = data.optimal_send_time;
  return [
    `<figure>${chart(svg)}<figcaption>Open rate by day of week and time of day (${esc(data.timezone)}); darker is higher; n/a: nothing sent.</figcaption></figure>`,
    `<p class="note">Best time to send: ${esc(best.day_of_week)} at ${String(best.hour).padStart(2, "0")}:00 ${esc(data.timezone)} (engagement score ${esc(best.engagement_score.toFixed(2))}).</p>`,
  ].join("\n");
}

function sectionBody(id: SectionId, report: ReportData, charts: ChartMarkup, colours: readonly string[], level: number): string {
  const section = report[id];
  const absent = absentLine(id, section);
  if (absent) return `<p class="${section.state === "missing" ? "missing" : "na"}">${esc(absent)}</p>`;
  if (section.state !== "ok") return "";
  const extra = notes(section.notes);
  switch (id) {
    case "kpis":
      return kpiSection(report.kpis.state === "ok" ? report.kpis.data : { tiles: [], previousRange: undefined }, report);
    case "timeline":
      return report.timeline.state === "ok" ? timelineSection(report.timeline.data, charts.timeline, colours) : "";
    case "top":
      return report.top.state === "ok" ? `${topSection(report.top.data)}\n${extra}` : "";
    case "compare":
      return report.compare.state === "ok" ? `${extra}\n${compareSection(report.compare.data, level)}` : "";
    case "deliverability":
      return report.deliverability.state === "ok" ? `${extra}\n${deliverabilitySection(report.deliverability.data, charts.reputation, level)}` : "";
    case "heatmap":
      return report.heatmap.state === "ok" ? `${extra}\n${heatmapSection(report.heatmap.data, charts.heatmap)}` : "";
  }
}

/** Where a report's sections go: headed at `level` (2 alone, 3 under a profile's heading), ids prefixed to stay unique. */
export interface SectionPlacement {
  level: number;
  idPrefix: string;
}

/** A report's sections, one `<section>` each. */
export function reportSections(report: ReportData, charts: ChartMarkup, colours: readonly string[], place: SectionPlacement = { level: 2, idPrefix: "" }): string {
  const h = `h${place.level}`;
  return SECTION_IDS.map(
    (id) => `<section id="${place.idPrefix}${id}" data-state="${report[id].state}">\n<${h}>${esc(SECTION_TITLES[id])}</${h}>\n${sectionBody(id, report, charts, colours, place.level).trim()}\n</section>`,
  ).join("\n");
}

/** The document around a report: `header` is the markup of the header's `<dl>` items, `main` of its content; `style` adds to the page's CSS. */
export function htmlPage(title: string, header: string, main: string, style = ""): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="no-referrer">
<title>${esc(title)}</title>
<style>
${STYLE}${style ? `\n${style}` : ""}
</style>
</head>
<body>
<div class="page">
<header id="header">
<h1>${esc(REPORT_TITLE)}</h1>
<dl>
${header}
</dl>
</header>
<main>
${main}
</main>
<footer>Built by the analytics CLI (analytics report). This file loads nothing from the network.</footer>
</div>
</body>
</html>
`;
}

/** `<time>` of the generation instant, for a header. */
export function generatedTime(iso: string): string {
  return `<time datetime="${esc(iso)}">${esc(formatGenerated(iso))}</time>`;
}

/** The whole document. `colours` are the timeline's series colours, in metric order. */
export function buildHtml(report: ReportData, charts: ChartMarkup, colours: readonly string[]): string {
  const workspace = report.workspace ?? "—";
  const header = [
    `<dt>Workspace</dt><dd>${esc(workspace)}</dd>`,
    `<dt>Provider</dt><dd>${esc(`${report.providerTitle} (${report.provider})`)}</dd>`,
    `<dt>Period</dt><dd>${esc(periodText(report))}${report.partialPeriod ? " · partial" : ""}</dd>`,
    `<dt>Generated</dt><dd>${generatedTime(report.generatedAt)}</dd>`,
  ];
  return htmlPage(`${REPORT_TITLE} · ${workspace} · ${periodText(report)}`, header.join("\n"), reportSections(report, charts, colours));
}
