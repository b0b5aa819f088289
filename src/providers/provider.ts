/**
 * The seam between commands and an analytics backend. Commands and renderers speak the Tenant
 * API's data shapes; another platform (CampaignOS, ColdSend, SendKit…) plugs in as an adapter
 * that implements this interface and converts its answers to these shapes.
 */
import type { TimeWindow } from "../options/dates.js";
import type {
  CampaignAnalytics,
  CompareResult,
  Deliverability,
  EngagementHeatmap,
  ExportCreated,
  ExportStatus,
  WorkspaceOverview,
} from "./tenant/schemas.js";
import type { ExportFormat, ExportType, GroupBy, RateMetric } from "./vocabulary.js";

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

export interface AnalyticsProvider {
  campaign(query: CampaignQuery): Promise<CampaignAnalytics>;
  overview(window: TimeWindow): Promise<WorkspaceOverview>;
  deliverability(query: DeliverabilityQuery): Promise<Deliverability>;
  heatmap(query: HeatmapQuery): Promise<EngagementHeatmap>;
  compare(query: CompareQuery): Promise<CompareResult>;
  createExport(request: ExportRequest): Promise<ExportCreated>;
  /** Status of one export; a failed export is an ExportError (exit 6). */
  exportStatus(exportId: string): Promise<ExportStatus>;
  raw(call: RawCall): Promise<unknown>;
  close(): Promise<void>;
}
