/**
 * CampaignOS analytics (document 002) behind the AnalyticsProvider seam: bare JSON objects,
 * `period=Nd` on the campaign call and `days=N` elsewhere, answers mapped to the common shapes.
 */
import * as v from "valibot";
import { ApiError, UsageError } from "../../errors.js";
import type { HttpClient } from "../../http/client.js";
import type { ErrorContext } from "../../http/errors.js";
import type { TimeWindow } from "../../options/dates.js";
import { type RateTable, checkDistinct, compareLocally, localMetrics } from "../local/compare.js";
import type { ExportTable } from "../../export/local.js";
import { MESSAGE_COUNT_KEYS } from "../shapes.js";
import type { AnalyticsProvider, AttributionQuery, CampaignQuery, CohortsQuery, CompareQuery, ExportRequest, FunnelQuery, RawCall } from "../provider.js";
import { errorFromCampaignOs, rehomeHtmlError } from "./errors.js";
import { Malformed, mapAttribution, mapCampaign, mapCohorts, mapFunnel, mapOverview, mapTimeline } from "./map.js";
import { AttributionSchema, CampaignSchema, CohortsSchema, FunnelSchema, OverviewSchema, TimeseriesSchema } from "./schemas.js";

const seg = encodeURIComponent;

/** What a CampaignOS campaign's rates are made of: its own counts over delivered (document 002's example). */
export const CAMPAIGNOS_RATES: RateTable = {
  open_rate: { successes: "messages_opened", trials: "messages_delivered", basis: "delivered" },
  click_rate: { successes: "messages_clicked", trials: "messages_delivered", basis: "delivered" },
  bounce_rate: { successes: "messages_bounced", trials: "messages_delivered", basis: "delivered" },
};

/** `--range 7d` → 7; custom dates are refused before any request: CampaignOS takes a lookback only. */
export function lookbackDays(window: TimeWindow, what: string): number {
  if ("startDate" in window) {
    throw new UsageError(`campaignos's ${what} takes a lookback, not dates`, { hint: "use --range 7d|30d|90d" });
  }
  return Number(window.timeRange.replace(/d$/, ""));
}

export class CampaignOsApi implements AnalyticsProvider {
  constructor(
    private readonly http: HttpClient,
    private readonly errorContext: ErrorContext,
    private readonly workspaceId: string,
  ) {}

  campaign(query: CampaignQuery) {
    const days = lookbackDays(query.window, "campaign view");
    return this.get(`/campaigns/${seg(query.campaignId)}`, { period: `${days}d` }, CampaignSchema, (raw) => mapCampaign(raw, `${days}d`));
  }

  overview(window: TimeWindow) {
    if ("startDate" in window || window.timeRange !== "30d") {
      throw new UsageError("campaignos's overview always covers the last 30 days", { hint: "leave out --range/--from/--to (or use --range 30d)" });
    }
    return this.get("", {}, OverviewSchema, (raw) => mapOverview(raw, this.workspaceId));
  }

  /** `auth login`: one overview call (the only endpoint without parameters) proves the session. */
  async verifyCredential(): Promise<void> {
    await this.overview({ timeRange: "30d" });
  }

  timeline(window: TimeWindow) {
    const days = lookbackDays(window, "timeline");
    return this.get("/timeseries", { days: String(days) }, TimeseriesSchema, mapTimeline);
  }

  funnel(query: FunnelQuery) {
    return this.get("/funnel", { steps: query.steps.join(","), days: String(query.days) }, FunnelSchema, (raw) => mapFunnel(raw, query.days));
  }

  cohorts(query: CohortsQuery) {
    const params = { days: String(query.days), ...(query.metric ? { metric: query.metric } : {}) };
    return this.get("/cohorts", params, CohortsSchema, (raw) => mapCohorts(raw, query.days, query.metric ?? "events"));
  }

  attribution(query: AttributionQuery) {
    return this.get("/attribution", { days: String(query.days) }, AttributionSchema, (raw) => mapAttribution(raw, query.days));
  }

  /** Local compare (CLI.md): each campaign fetched once, the statistics over each rate's own denominator. */
  async compare(query: CompareQuery) {
    checkDistinct(query.campaignIds);
    const metrics = localMetrics("campaignos", CAMPAIGNOS_RATES, query.metrics);
    const campaigns = await Promise.all(query.campaignIds.map((campaignId) => this.campaign({ campaignId, window: query.window })));
    const counted = campaigns.map((c) => ({ campaign_id: c.campaign_id, campaign_name: c.campaign_name, counts: { ...c.summary } }));
    return { provider: "campaignos" as const, period: campaigns[0]?.period ?? `${lookbackDays(query.window, "compare")}d`, ...compareLocally(counted, CAMPAIGNOS_RATES, metrics) };
  }

  /**
   * Local export: one row per campaign named with --campaign (CampaignOS cannot list campaigns),
   * its message counts and rates over delivered. There is no per-campaign series to export.
   */
  async exportTable(request: ExportRequest): Promise<ExportTable> {
    if (request.includeTimeSeries) throw new UsageError("campaignos has no per-campaign time series to export", { hint: "leave out --time-series; `analytics timeline --csv` gives the workspace's daily series" });
    if (!request.campaignIds?.length) throw new UsageError("campaignos cannot list campaigns: name the ones to export", { hint: "e.g. analytics export --campaign cmp_1 --campaign cmp_2" });
    checkDistinct(request.campaignIds);
    const campaigns = await Promise.all(request.campaignIds.map((campaignId) => this.campaign({ campaignId, window: request.window })));
    const rows = campaigns.map((c) => [c.campaign_id, c.campaign_name, c.period, ...MESSAGE_COUNT_KEYS.map((key) => c.summary[key]), c.rates.open_rate, c.rates.click_rate, c.rates.bounce_rate]);
    return { columns: ["campaign_id", "campaign_name", "period", ...MESSAGE_COUNT_KEYS, "open_rate", "click_rate", "bounce_rate"], rows };
  }

  async raw(call: RawCall): Promise<unknown> {
    const label = `${call.method} ${call.path}`;
    const response = await this.http.send({ ...call, idempotent: call.method === "GET" }).catch((error: unknown) => {
      throw rehomeHtmlError(error, label, this.errorContext);
    });
    if (response.status >= 200 && response.status < 300) return response.json;
    throw errorFromCampaignOs(response, this.errorContext);
  }

  close(): Promise<void> {
    return this.http.close();
  }

  /** GET, check the status, the schema, then map (a self-contradicting answer is a one-line error, exit 1). */
  private async get<R, T>(path: string, query: Record<string, string>, schema: v.GenericSchema<unknown, R>, map: (raw: R) => T): Promise<T> {
    const label = `GET ${path || "/"}`;
    const response = await this.http.send({ method: "GET", path, query }).catch((error: unknown) => {
      throw rehomeHtmlError(error, label, this.errorContext);
    });
    if (response.status < 200 || response.status >= 300) throw errorFromCampaignOs(response, this.errorContext);
    const result = v.safeParse(schema, response.json);
    if (!result.success) {
      const issue = result.issues[0];
      const where = v.getDotPath(issue);
      throw new ApiError(`unexpected response to ${response.label}: ${where ? `${where}: ` : ""}${issue.message}`, { status: response.status });
    }
    try {
      return map(result.output);
    } catch (error) {
      if (error instanceof Malformed) throw new ApiError(`malformed response to ${response.label}: ${error.message}`, { status: response.status });
      throw error;
    }
  }
}
