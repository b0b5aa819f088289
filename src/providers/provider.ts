/**
 * The seam between commands and an analytics backend. Commands and renderers speak the common
 * shapes (the Tenant API's, CLI.md "The common JSON shape"); each provider folder implements this
 * interface and maps its answers to those shapes. A method a provider lacks is absent, and
 * capabilities.ts declares which are there, so a command refuses before it gets here.
 */
import type { TimeWindow } from "../options/dates.js";
import type {
  Deliverability,
  EngagementHeatmap,
  ExportCreated,
  ExportStatus,
} from "./tenant/schemas.js";
import type { CampaignDocument, CampaignList, CompareResult, Timeline, WorkspaceDocument } from "./shapes.js";
import type { Attribution, Cohorts, Funnel } from "./views.js";
import type { ExportFormat, ExportType, GroupBy, RateMetric } from "./vocabulary.js";
import type { ExportTable } from "../export/local.js";

export interface CampaignQuery {
  campaignId: string;
  window: TimeWindow;
  groupBy?: GroupBy | undefined;
}

export interface DeliverabilityQuery {
  range?: string | undefined;
  campaignId?: string | undefined;
  domainId?: string | undefined;
}

export interface HeatmapQuery {
  range?: string | undefined;
  campaignId?: string | undefined;
  timezone?: string | undefined;
}

export interface CompareQuery {
  campaignIds: readonly string[];
  window: TimeWindow;
  metrics?: readonly RateMetric[] | undefined;
}

export interface ExportRequest {
  exportType: ExportType;
  format: ExportFormat;
  window: TimeWindow;
  campaignIds?: readonly string[] | undefined;
  includeTimeSeries?: boolean | undefined;
  /** Same key, same export: lets a retried create be recognised by the server. */
  idempotencyKey?: string | undefined;
}

/** A raw call for `analytics api`. */
export interface RawCall {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  query?: Record<string, string>;
  body?: unknown;
}

export interface CampaignListQuery {
  /** Lower-case status (CLI.md), e.g. "active". */
  status?: string | undefined;
  /** Launch-date bounds, YYYY-MM-DD, inclusive. */
  from?: string | undefined;
  to?: string | undefined;
}

/** `funnel --steps a,b,c [--days N]`. */
export interface FunnelQuery {
  steps: readonly string[];
  days: number;
}

/** `cohorts [--days N] [--metric M]`. */
export interface CohortsQuery {
  days: number;
  metric?: string | undefined;
}

/** `attribution [--days N]`. */
export interface AttributionQuery {
  days: number;
}

export interface AnalyticsProvider {
  campaign(query: CampaignQuery): Promise<CampaignDocument>;
  campaigns?(query: CampaignListQuery): Promise<CampaignList>;
  overview?(window: TimeWindow): Promise<WorkspaceDocument>;
  timeline?(window: TimeWindow): Promise<Timeline>;
  deliverability?(query: DeliverabilityQuery): Promise<Deliverability>;
  heatmap?(query: HeatmapQuery): Promise<EngagementHeatmap>;
  compare(query: CompareQuery): Promise<CompareResult>;
  createExport?(request: ExportRequest): Promise<ExportCreated>;
  /** Local export (capability export: "local"): the rows of the file, built from the provider's own data. */
  exportTable?(request: ExportRequest): Promise<ExportTable>;
  /** Status of one export; a failed export is an ExportError (exit 6). */
  exportStatus?(exportId: string): Promise<ExportStatus>;
  funnel?(query: FunnelQuery): Promise<Funnel>;
  cohorts?(query: CohortsQuery): Promise<Cohorts>;
  attribution?(query: AttributionQuery): Promise<Attribution>;
  raw(call: RawCall): Promise<unknown>;
  /** Proves the credential with exactly one cheap request (auth login / auth status); default: a 7-day overview. */
  verifyCredential?(): Promise<void>;
  close(): Promise<void>;
}

/** One request that proves URL and credential (CLI.md: `auth login` verifies with exactly one request of the provider). */
export async function verifyCredential(api: AnalyticsProvider): Promise<void> {
  if (api.verifyCredential) return api.verifyCredential();
  await need(api, "overview")({ timeRange: "7d" });
}

type OptionalMethod = { [K in keyof AnalyticsProvider]-?: undefined extends AnalyticsProvider[K] ? K : never }[keyof AnalyticsProvider];

/**
 * A method the command needs, bound to its provider. The capability check in program.ts refuses
 * unsupported commands before any request, so a missing method here is a provider that declares
 * a feature it does not implement (a test checks every declaration against the code).
 */
export function need<K extends OptionalMethod>(api: AnalyticsProvider, name: K): NonNullable<AnalyticsProvider[K]> {
  const method = api[name];
  if (typeof method !== "function") throw new Error(`the provider declares ${name} but does not implement it`);
  return method.bind(api) as NonNullable<AnalyticsProvider[K]>;
}
