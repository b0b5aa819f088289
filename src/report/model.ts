/**
 * What a report shows, independent of HTML or Markdown: one value per section, each either there,
 * not offered by the provider, or missing because its data failed. Builders only read this.
 */
import type { PooledTotal, RollupRow } from "../profiles/rollup.js";
import type { ProviderName } from "../providers/capabilities.js";
import type { AnalyticsProvider } from "../providers/provider.js";
import type { WorkspaceDocument } from "../providers/shapes.js";
import type { Deliverability, EngagementHeatmap } from "../providers/tenant/schemas.js";

/** What the seam's compare and campaign calls give (named from the seam, so the report follows it). */
export type CompareResult = Awaited<ReturnType<AnalyticsProvider["compare"]>>;
export type CampaignDocument = Awaited<ReturnType<AnalyticsProvider["campaign"]>>;

export const SECTION_IDS = ["kpis", "timeline", "top", "compare", "deliverability", "heatmap"] as const;
export type SectionId = (typeof SECTION_IDS)[number];

/** Headings, shared by both formats (and the tests that look for them). */
export const SECTION_TITLES: Readonly<Record<SectionId, string>> = {
  kpis: "Key figures",
  timeline: "Daily timeline",
  top: "Top campaigns",
  compare: "Compare",
  deliverability: "Deliverability",
  heatmap: "Send-time heatmap",
};

export const NOT_AVAILABLE = "not available from this provider";

export type Section<T> =
  | { state: "ok"; data: T; notes: string[] }
  /** The provider has no such data (capabilities.ts), or nothing to show (`reason`). */
  | { state: "unavailable"; reason: string }
  /** The data failed and --allow-partial kept the report going. */
  | { state: "missing"; error: string };

/** One KPI: its value now, before, and how to show the change. */
export interface Kpi {
  label: string;
  kind: "count" | "rate";
  current: number;
  previous: number | undefined;
}

export interface KpiData {
  tiles: Kpi[];
  /** The previous period's bounds, as the API reported them. */
  previousRange: { start: string; end: string } | undefined;
}

/** One day of the timeline chart: the date and whichever counts the source has. */
export interface DailyPoint {
  date: string;
  values: Record<string, number>;
}

export interface TimelineData {
  /** Where the series comes from: the workspace timeline, or the sum of the campaigns shown. */
  source: string;
  metrics: string[];
  days: DailyPoint[];
  /** Dates (YYYY-MM-DD) whose data is still arriving. */
  partialDays: string[];
}

export interface TopCampaign {
  rank: number;
  campaign_id: string;
  campaign_name: string;
  open_rate: number;
  reply_rate: number;
  emails_sent?: number | undefined;
}

export interface ReportData {
  provider: ProviderName;
  providerTitle: string;
  workspace: string | undefined;
  period: { start: string; end: string; period?: string | undefined } | undefined;
  /** ISO instant the report was built (SOURCE_DATE_EPOCH when set). */
  generatedAt: string;
  /** The current period reaches past the generation time: its last day is still arriving. */
  partialPeriod: boolean;
  /** The period's overview document as the provider answered (for a many-workspace roll-up); absent where it failed or the provider has none. */
  overview: WorkspaceDocument | undefined;
  kpis: Section<KpiData>;
  timeline: Section<TimelineData>;
  top: Section<TopCampaign[]>;
  compare: Section<CompareResult>;
  deliverability: Section<Deliverability>;
  heatmap: Section<EngagementHeatmap>;
}

/** One workspace of a many-workspace report: its own report, or the one line saying why it failed. */
export type ProfileEntry = { profile: string; provider: string; providerTitle: string; workspace: string | undefined } & ({ report: ReportData } | { error: string });

/** A report of many workspaces (`--profiles`): the roll-up of their overviews, then each one's own report. */
export interface ProfilesReportData {
  /** The requested window in words (each workspace's own period is under its heading). */
  period: string;
  generatedAt: string;
  rows: RollupRow[];
  total: PooledTotal;
  entries: ProfileEntry[];
}

/** Sections that were left out because their data failed, for the warning and the exit code. */
export function missingSections(data: ReportData): SectionId[] {
  return SECTION_IDS.filter((id) => data[id].state === "missing");
}

/** Relative change in percent, or undefined where there is nothing to compare with. */
export function relativeChange(current: number, previous: number | undefined): number | undefined {
  if (previous === undefined || previous === 0) return undefined;
  return ((current - previous) / previous) * 100;
}
