/**
 * The Tenant Analytics API (document 001) behind the AnalyticsProvider seam.
 */
import { ApiError, ExportError, NotFoundError } from "../../errors.js";
import type { TimeWindow } from "../../options/dates.js";
import { type ErrorContext, errorFromResponse } from "../../http/errors.js";
import type { HttpClient, HttpRequest, HttpResponse } from "../../http/client.js";
import type { AnalyticsProvider, CampaignListQuery, CampaignQuery, CompareQuery, DeliverabilityQuery, ExportRequest, HeatmapQuery, RawCall } from "../provider.js";
import {
  CampaignAnalyticsSchema,
  CompareResultSchema,
  DeliverabilitySchema,
  EngagementHeatmapSchema,
  ExportCreatedSchema,
  ExportStatusSchema,
  type Schema,
  WorkspaceOverviewSchema,
  parseErrorEnvelope,
  validate,
} from "./schemas.js";
import { campaignListFrom } from "./campaign-list.js";

const seg = encodeURIComponent;

function windowQuery(window: TimeWindow): Record<string, string> {
  return "startDate" in window ? { timeRange: "custom", startDate: window.startDate, endDate: window.endDate } : { timeRange: window.timeRange };
}

/** Body fields for a time window (README decision 7/8: custom dates as start_date/end_date). */
function windowBody(window: TimeWindow): Record<string, string> {
  return "startDate" in window ? { time_range: "custom", start_date: window.startDate, end_date: window.endDate } : { time_range: window.timeRange };
}

function isSuccessEnvelope(body: unknown): body is { success: true; data: unknown } {
  return typeof body === "object" && body !== null && (body as { success?: unknown }).success === true && "data" in body;
}

export class TenantApi implements AnalyticsProvider {
  constructor(
    private readonly http: HttpClient,
    private readonly errorContext: ErrorContext,
  ) {}

  campaign(query: CampaignQuery) {
    return this.get(`/campaigns/${seg(query.campaignId)}/analytics`, { ...windowQuery(query.window), groupBy: query.groupBy }, CampaignAnalyticsSchema);
  }

  /** The Campaign Management list (inferred endpoint); a 404 means this server has none. */
  async campaigns(query: CampaignListQuery) {
    const response = await this.http.send({ method: "GET", path: "/campaigns", query: { status: query.status, from_date: query.from, to_date: query.to } });
    if (response.status === 404) {
      throw new NotFoundError(`this server has no campaign list (404 to ${response.label})`, {
        hint: "the Campaign Management API's list is not part of the analytics API; find ids in your campaign tool, or use `analytics api`",
      });
    }
    if (response.status < 200 || response.status >= 300 || !isSuccessEnvelope(response.json)) throw errorFromResponse(response, this.errorContext);
    return campaignListFrom(response.json.data, response.label);
  }

  overview(window: TimeWindow) {
    return this.get("/analytics/overview", windowQuery(window), WorkspaceOverviewSchema);
  }

  deliverability(query: DeliverabilityQuery) {
    return this.get("/analytics/deliverability", { timeRange: query.range, campaignId: query.campaignId, domainId: query.domainId }, DeliverabilitySchema);
  }

  heatmap(query: HeatmapQuery) {
    return this.get("/analytics/engagement-heatmap", { timeRange: query.range, campaignId: query.campaignId, timezone: query.timezone }, EngagementHeatmapSchema);
  }

  compare(query: CompareQuery) {
    const body = { campaign_ids: query.campaignIds, ...windowBody(query.window), ...(query.metrics ? { metrics: query.metrics } : {}) };
    // Read-only despite POST: safe to retry like a GET.
    return this.data({ method: "POST", path: "/analytics/compare", body, idempotent: true }, CompareResultSchema);
  }

  createExport(request: ExportRequest) {
    const body = {
      export_type: request.exportType,
      format: request.format,
      ...windowBody(request.window),
      ...(request.campaignIds?.length ? { campaign_ids: request.campaignIds } : {}),
      ...(request.includeTimeSeries ? { include_time_series: true } : {}),
    };
    const headers = request.idempotencyKey ? { "idempotency-key": request.idempotencyKey } : undefined;
    return this.data({ method: "POST", path: "/analytics/export", body, idempotent: false, ...(headers ? { headers } : {}) }, ExportCreatedSchema);
  }

  async exportStatus(exportId: string) {
    const response = await this.http.send({ method: "GET", path: `/analytics/exports/${seg(exportId)}` });
    // README decision 2: a failed export is a 200 with success:false, data.status "failed" and EXPORT_FAILED.
    const body = response.json as { data?: { status?: unknown } } | undefined;
    if (body?.data?.status === "failed") {
      const envelope = parseErrorEnvelope(response.json);
      throw new ExportError(envelope?.message ?? `export ${exportId} failed`, { apiCode: envelope?.code ?? "EXPORT_FAILED" });
    }
    return this.unwrap(response, ExportStatusSchema);
  }

  async raw(call: RawCall): Promise<unknown> {
    const response = await this.http.send({ ...call, idempotent: call.method === "GET" });
    if (response.status >= 200 && response.status < 300) return response.json;
    throw errorFromResponse(response, this.errorContext);
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private get<T>(path: string, query: Record<string, string | undefined>, schema: Schema<T>): Promise<T> {
    return this.data({ method: "GET", path, query }, schema);
  }

  private async data<T>(request: HttpRequest, schema: Schema<T>): Promise<T> {
    return this.unwrap(await this.http.send(request), schema);
  }

  private unwrap<T>(response: HttpResponse, schema: Schema<T>): T {
    if (response.status < 200 || response.status >= 300 || !isSuccessEnvelope(response.json)) {
      throw errorFromResponse(response, this.errorContext);
    }
    const result = validate(schema, response.json.data, response.label);
    if (!result.ok) throw new ApiError(result.message, { status: response.status });
    // The body as received (not the parser's copy), so `--json` prints it unchanged, key order included.
    return response.json.data as T;
  }
}
