/**
 * The report's wording and number formats, shared by the HTML and Markdown builders so the two
 * say the same thing. Numbers as in the terminal views (render/format.ts). Pure functions.
 */
import { LOWER_IS_BETTER, type RateMetric } from "../providers/vocabulary.js";
import { formatCount, formatRate, formatWindow } from "../render/format.js";
import { sanitize } from "../render/sanitize.js";
import { type CompareResult, type Kpi, type ProfileEntry, type ReportData, SECTION_TITLES, type Section, type SectionId, relativeChange } from "./model.js";

export const REPORT_TITLE = "Campaign analytics report";

/** A server string made safe for any output: control characters neutralised (escaping per format comes after). */
export const clean = (text: string): string => sanitize(text);

/** `2025-11-26 12:00 UTC` */
export function formatGenerated(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export function periodText(data: ReportData): string {
  return data.period ? formatWindow(data.period) : "—";
}

export function kpiValue(kpi: Kpi): string {
  return kpi.kind === "rate" ? formatRate(kpi.current) : formatCount(kpi.current);
}

export function kpiPrevious(kpi: Kpi): string {
  if (kpi.previous === undefined) return "—";
  return kpi.kind === "rate" ? formatRate(kpi.previous) : formatCount(kpi.previous);
}

export type Trend = "up" | "down" | "flat" | "none";

/** The change against the previous period: relative for counts, in percentage points for rates. */
export function kpiChange(kpi: Kpi): { text: string; trend: Trend } {
  if (kpi.previous === undefined) return { text: "no previous data", trend: "none" };
  if (kpi.kind === "rate") {
    const points = kpi.current - kpi.previous;
    const trend: Trend = Math.abs(points) < 0.005 ? "flat" : points > 0 ? "up" : "down";
    return { text: `${points >= 0 ? "+" : "−"}${Math.abs(points).toFixed(2)} pp`, trend };
  }
  const change = relativeChange(kpi.current, kpi.previous);
  if (change === undefined) return { text: kpi.current === 0 ? "no change" : "new (none before)", trend: kpi.current === 0 ? "flat" : "none" };
  const trend: Trend = Math.abs(change) < 0.05 ? "flat" : change > 0 ? "up" : "down";
  return { text: `${change >= 0 ? "+" : "−"}${Math.abs(change).toFixed(1)}%`, trend };
}

export const TREND_ARROWS: Readonly<Record<Trend, string>> = { up: "▲", down: "▼", flat: "■", none: "" };

/** The line under the KPI tiles: what "previous" means, and whether this period is complete. */
export function kpiFootnote(data: ReportData): string[] {
  const lines: string[] = [];
  if (data.kpis.state === "ok" && data.kpis.data.previousRange) lines.push(`Change against the previous period of the same length: ${formatWindow(data.kpis.data.previousRange)}.`);
  if (data.partialPeriod) lines.push("Partial period: it runs past the time this report was generated, so its last day is still arriving and its counts are not final.");
  return lines;
}

/** `p < 0.0001`, `p = 0.0312` */
export function formatP(p: number): string {
  return p < 0.0001 ? "p < 0.0001" : `p = ${p.toFixed(4)}`;
}

export function metricLabel(metric: string): string {
  return metric.replace(/_/g, " ");
}

/** The metric columns of a comparison, in the API's order. */
export function compareMetrics(data: CompareResult): string[] {
  const first = data.comparison[0];
  return first ? Object.keys(first.metrics) : [];
}

export interface Verdict {
  metric: string;
  /** The winner's name, only where the difference is significant. */
  winner: string | undefined;
  winnerId: string | undefined;
  p: string;
  significant: boolean;
}

/** Honest verdicts: no winner is named where nothing is significant. */
export function verdicts(data: CompareResult): Verdict[] {
  const names = new Map(data.comparison.map((row) => [row.campaign_id, clean(row.campaign_name)]));
  return data.statistical_significance.map((s) => {
    const named = s.is_significant && s.winner ? s.winner : undefined;
    return {
      metric: s.metric,
      winner: named ? names.get(named) ?? clean(named) : undefined,
      winnerId: named,
      p: formatP(s.p_value),
      significant: s.is_significant,
    };
  });
}

export function verdictText(verdict: Verdict): string {
  return verdict.winner ? `${verdict.winner} (significant, ${verdict.p})` : `no winner: not significant (${verdict.p})`;
}

/** Whether `campaignId` won `metric` significantly (its cell is marked). */
export function isWinner(all: readonly Verdict[], metric: string, campaignId: string): boolean {
  return all.some((v) => v.metric === metric && v.winnerId === campaignId);
}

export function lowerIsBetter(metric: string): boolean {
  return LOWER_IS_BETTER.has(metric as RateMetric);
}

/** `Deliverability is missing (its data failed)`: what stderr says of a partial report. */
export function missingWords(ids: readonly SectionId[]): string {
  return `${ids.map((id) => SECTION_TITLES[id]).join(", ")} ${ids.length === 1 ? "is missing (its data failed)" : "are missing (their data failed)"}`;
}

/** A workspace's heading in a many-workspace report: `acme · Tenant Analytics API (tenant) · workspace ws_xyz789`. */
export function profileHeading(entry: ProfileEntry): string {
  const workspace = "report" in entry ? entry.report.workspace : entry.workspace;
  return `${entry.profile} · ${entry.providerTitle} (${entry.provider})${workspace ? ` · workspace ${workspace}` : ""}`;
}

/** The line under a workspace's heading: its own period, or why its report is missing. */
export function profileStatus(entry: ProfileEntry): string {
  return "report" in entry ? `Period: ${periodText(entry.report)}${entry.report.partialPeriod ? " · partial" : ""}` : `missing: ${entry.error}`;
}

/** The line a section shows instead of its content. */
export function absentLine(id: SectionId, section: Section<unknown>): string | undefined {
  if (section.state === "unavailable") {
    return `${SECTION_TITLES[id]}: ${section.reason}.`;
  }
  if (section.state === "missing") return `${SECTION_TITLES[id]} is missing from this report: its data failed (${clean(section.error)}).`;
  return undefined;
}

/**
 * `▁▂▃▅▇` for a series: 8 levels from `floor` (0 for counts; the minimum for a score that never
 * nears 0, so its movement shows) to the maximum.
 */
export function sparkline(values: readonly number[], floor = 0): string {
  const blocks = "▁▂▃▄▅▆▇█";
  const max = Math.max(floor, ...values);
  return values.map((v) => (max === floor ? blocks[0] : blocks[Math.max(0, Math.min(7, Math.round(((v - floor) / (max - floor)) * 7)))])).join("");
}

/** `2025-11-26`, `2025-11-25, 2025-11-26`, or `2025-11-20 → 2025-11-26` for a longer run. */
export function dayList(days: readonly string[]): string {
  return days.length <= 2 ? days.join(", ") : `${days[0]} → ${days.at(-1)}`;
}

export { formatCount, formatRate };
