/**
 * The report as CommonMark for chat and wikis: the same sections as the HTML, as tables, with
 * charts as text sparklines and no HTML at all. Server strings are backslash-escaped, so a name
 * like `<img src=x onerror=…>` stays text in any renderer. Pure.
 */
import type { Deliverability, EngagementHeatmap } from "../providers/tenant/schemas.js";
import { DAYS_OF_WEEK, TIME_PERIODS, TIME_PERIOD_HOURS } from "../providers/vocabulary.js";
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
  sparkline,
  verdictText,
  verdicts,
} from "./words.js";

/** Text safe in a Markdown table cell: no HTML, no emphasis, links or cell breaks from server strings. */
export function md(text: string): string {
  return clean(text).replace(/[\\`*_[\]<>|&~#!]/g, (ch) => `\\${ch}`);
}

export function table(head: readonly string[], rows: readonly string[][], align: readonly ("l" | "r")[] = []): string[] {
  const rule = head.map((_, i) => (align[i] === "r" ? "---:" : "---"));
  return [`| ${head.join(" | ")} |`, `| ${rule.join(" | ")} |`, ...rows.map((row) => `| ${row.join(" | ")} |`)];
}

function kpiLines(data: KpiData, report: ReportData): string[] {
  const rows = data.tiles.map((kpi) => {
    const change = kpiChange(kpi);
    return [md(kpi.label), md(kpiValue(kpi)), md(kpiPrevious(kpi)), md(`${TREND_ARROWS[change.trend]} ${change.text}`.trim())];
  });
  return [...table(["Figure", "This period", "Previous period", "Change"], rows, ["l", "r", "r", "r"]), "", ...kpiFootnote(report).map((line) => (line.startsWith("Partial") ? `> **${md(line)}**` : md(line)))];
}

function timelineLines(data: TimelineData): string[] {
  const partial = new Set(data.partialDays);
  const rows = data.metrics.map((metric) => {
    const values = data.days.map((day) => day.values[metric] ?? 0);
    return [md(metric), formatCount(values.reduce((a, b) => a + b, 0)), `\`${sparkline(values)}\``];
  });
  const first = data.days[0]?.date ?? "";
  const last = data.days.at(-1)?.date ?? "";
  const notes = [`From ${md(data.source)}; ${data.days.length} days, ${first} → ${last}, one character per day.`];
  if (partial.size) notes.push(`Still arriving (partial): ${dayList([...partial])}.`);
  return [md(notes[0]!), "", ...table(["Metric", "Total", "Per day"], rows, ["l", "r", "l"]), ...(notes[1] ? ["", md(notes[1])] : [])];
}

function topLines(rows: readonly TopCampaign[], notes: readonly string[]): string[] {
  const withSent = rows.some((row) => row.emails_sent !== undefined);
  const head = ["#", "Campaign", "ID", ...(withSent ? ["Sent"] : []), "Open rate", "Reply rate"];
  const cells = rows.map((row) => [
    String(row.rank),
    md(row.campaign_name),
    `\`${clean(row.campaign_id).replace(/`/g, "'")}\``,
    ...(withSent ? [row.emails_sent === undefined ? "—" : formatCount(row.emails_sent)] : []),
    formatRate(row.open_rate),
    formatRate(row.reply_rate),
  ]);
  return [...table(head, cells, ["r", "l", "l", ...(withSent ? (["r"] as const) : []), "r", "r"]), ...notes.flatMap((n) => ["", md(n)])];
}

function compareLines(data: CompareResult, notes: readonly string[]): string[] {
  const metrics = compareMetrics(data);
  const all = verdicts(data);
  const rows = data.comparison.map((row) => [
    md(row.campaign_name),
    ...metrics.map((m) => {
      const value = row.metrics[m];
      const text = value === undefined ? "—" : formatRate(value);
      return isWinner(all, m, row.campaign_id) ? `**★ ${text}**` : text;
    }),
  ]);
  return [
    ...notes.flatMap((n) => [md(n), ""]),
    ...table(["Campaign", ...metrics.map(metricLabel)], rows, ["l", ...metrics.map(() => "r" as const)]),
    "",
    ...table(["Metric", "Verdict"], all.map((v) => [md(metricLabel(v.metric)), v.winner ? `**★ ${md(verdictText(v))}**` : md(verdictText(v))])),
    "",
    md("★ marks a significant winner (α = 0.05); no winner is named where the difference is not significant."),
  ];
}

function deliverabilityLines(data: Deliverability, notes: readonly string[]): string[] {
  const o = data.overall;
  const b = data.bounce_analysis;
  const scores = data.reputation_trend.map((p) => p.score);
  return [
    ...notes.flatMap((n) => [md(n), ""]),
    ...table(
      ["Measure", "Value"],
      [
        ["Health score", `${o.health_score} / 100`],
        ["Inbox placement (est.)", formatRate(o.estimated_inbox_placement_rate)],
        ["Bounce rate", formatRate(o.bounce_rate)],
        ["Spam rate", formatRate(o.spam_rate)],
        ["Hard bounces", `${formatCount(b.hard_bounces)} (${formatRate(b.hard_bounce_rate)})`],
        ["Soft bounces", `${formatCount(b.soft_bounces)} (${formatRate(b.soft_bounce_rate)})`],
        ["Reputation trend", scores.length ? `\`${sparkline(scores, Math.min(...scores))}\` ${scores[0]} → ${scores.at(-1)} (range ${Math.min(...scores)}–${Math.max(...scores)})` : "—"],
        ["Blacklists", data.blacklist_status.any_ip_blacklisted ? `**listed** (${formatCount(data.blacklist_status.ips_checked)} IPs checked)` : `none of ${formatCount(data.blacklist_status.ips_checked)} IPs listed`],
      ],
      ["l", "r"],
    ),
    "",
    ...(b.top_bounce_reasons.length
      ? table(["Bounce reason", "Count", "Share"], b.top_bounce_reasons.map((r) => [md(r.reason), formatCount(r.count), formatRate(r.percentage)]), ["l", "r", "r"])
      : ["No bounces in this period."]),
  ];
}

function heatmapLines(data: EngagementHeatmap, notes: readonly string[]): string[] {
  const cell = (day: string, period: string): string => {
    const found = data.heatmap.find((c) => c.day_of_week === day && c.time_period === period);
    return !found ? "—" : found.emails_sent === 0 ? "n/a" : formatRate(found.open_rate);
  };
  const heads = TIME_PERIODS.map((p) => `${p.replace(/_/g, " ")} ${TIME_PERIOD_HOURS[p][0]}–${TIME_PERIOD_HOURS[p][1]}h`);
  const best = data.optimal_send_time;
  return [
    ...notes.flatMap((n) => [md(n), ""]),
    md(`Open rate by day and time of day (${data.timezone}); n/a: nothing sent.`),
    "",
    ...table(["Day", ...heads], DAYS_OF_WEEK.map((day) => [day, ...TIME_PERIODS.map((p) => cell(day, p))]), ["l", "r", "r", "r", "r"]),
    "",
    md(`Best time to send: ${best.day_of_week} at ${String(best.hour).padStart(2, "0")}:00 ${data.timezone} (engagement score ${best.engagement_score.toFixed(2)}).`),
  ];
}

function sectionLines(id: SectionId, report: ReportData): string[] {
  const section = report[id];
  const absent = absentLine(id, section);
  if (absent) return [section.state === "missing" ? `> **${md(absent)}**` : `_${md(absent)}_`];
  switch (id) {
    case "kpis":
      return report.kpis.state === "ok" ? kpiLines(report.kpis.data, report) : [];
    case "timeline":
      return report.timeline.state === "ok" ? timelineLines(report.timeline.data) : [];
    case "top":
      return report.top.state === "ok" ? topLines(report.top.data, report.top.notes) : [];
    case "compare":
      return report.compare.state === "ok" ? compareLines(report.compare.data, report.compare.notes) : [];
    case "deliverability":
      return report.deliverability.state === "ok" ? deliverabilityLines(report.deliverability.data, report.deliverability.notes) : [];
    case "heatmap":
      return report.heatmap.state === "ok" ? heatmapLines(report.heatmap.data, report.heatmap.notes) : [];
  }
}

/** A report's sections, each headed at `level` (2 alone, 3 under a profile's heading). */
export function reportLines(report: ReportData, level = 2): string[] {
  const heading = "#".repeat(level);
  return SECTION_IDS.flatMap((id) => ["", `${heading} ${SECTION_TITLES[id]}`, "", ...sectionLines(id, report)]);
}

export function buildMarkdown(report: ReportData): string {
  const header = table(
    ["", ""],
    [
      ["Workspace", md(report.workspace ?? "—")],
      ["Provider", md(`${report.providerTitle} (${report.provider})`)],
      ["Period", `${md(periodText(report))}${report.partialPeriod ? " · partial" : ""}`],
      ["Generated", formatGenerated(report.generatedAt)],
    ],
  );
  return `${[`# ${REPORT_TITLE}`, "", ...header, ...reportLines(report)].join("\n")}\n`;
}
