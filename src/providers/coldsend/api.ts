/**
 * ColdSend's public analytics API (document 003) behind the AnalyticsProvider seam. Two endpoints:
 * `GET /analytics/campaigns` (workspace KPIs + every campaign's counts) serves campaigns, campaign,
 * overview, local compare and local export — one request each, however many campaigns;
 * `GET /analytics/campaigns/timeline` serves timeline. Errors carry no documented body: the HTTP
 * status decides (401 → exit 3; 403 → exit 3 naming the scope the key lacks).
 */
import * as v from "valibot";
import { ApiError, AuthError, NotFoundError, UsageError } from "../../errors.js";
import type { ExportTable } from "../../export/local.js";
import { type ErrorContext, errorFromResponse } from "../../http/errors.js";
import type { HttpClient, HttpResponse } from "../../http/client.js";
import type { TimeWindow } from "../../options/dates.js";
import { checkGapFree, checkUniqueIds } from "../local/checks.js";
import { checkDistinct, compareLocally, localMetrics } from "../local/compare.js";
import type { AnalyticsProvider, CampaignListQuery, CampaignQuery, CompareQuery, ExportRequest, RawCall } from "../provider.js";
import { PROVIDER, RATE_TABLE, campaignDocument, campaignList, campaignRow, countsOf, timelineDocument, workspaceDocument } from "./mapping.js";
import { type ColdSendCampaigns, ColdSendCampaignsSchema, ColdSendTimelineSchema } from "./schemas.js";

export const CAMPAIGNS_PATH = "/analytics/campaigns";
export const TIMELINE_PATH = "/analytics/campaigns/timeline";
/** The scope both endpoints need (document 003, "Required Scopes"). */
export const SCOPE = "campaigns:read";

const DAY_MS = 86_400_000;

/** `from_date`/`to_date` for a window: `Nd` ends today (UTC) and starts N days earlier, as the Tenant API counts it. */
export function windowDates(window: TimeWindow, now: Date): { from: string; to: string } {
  if ("startDate" in window) return { from: window.startDate.slice(0, 10), to: window.endDate.slice(0, 10) };
  const days = Number(/^(\d+)d$/.exec(window.timeRange)?.[1] ?? 30);
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return { from: new Date(today - days * DAY_MS).toISOString().slice(0, 10), to: new Date(today).toISOString().slice(0, 10) };
}

export class ColdSendApi implements AnalyticsProvider {
  constructor(
    private readonly http: HttpClient,
    private readonly errorContext: ErrorContext,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async campaigns(query: CampaignListQuery) {
    return campaignList(await this.list(query));
  }

  /** One campaign is its row of the list (the API has no per-campaign endpoint). */
  async campaign(query: CampaignQuery) {
    const answer = await this.list({});
    const found = answer.campaigns.find((c) => c.campaign_id === query.campaignId);
    if (!found) throw notFound(query.campaignId);
    return campaignDocument(found);
  }

  async overview() {
    return workspaceDocument(await this.list({}));
  }

  async timeline(window: TimeWindow) {
    const requested = windowDates(window, this.now());
    // "Last 90 days" is ColdSend's default: leave the dates to the server's clock (its answer names them).
    const query = "timeRange" in window && window.timeRange === "90d" ? {} : { from_date: requested.from, to_date: requested.to };
    const response = await this.http.send({ method: "GET", path: TIMELINE_PATH, query });
    const answer = this.parse(response, ColdSendTimelineSchema);
    checkGapFree(answer.timeline, response.label);
    return timelineDocument(answer, requested);
  }

  /** Local compare: every flag checked first, then ONE list request however many campaigns. */
  async compare(query: CompareQuery) {
    const metrics = localMetrics(PROVIDER, RATE_TABLE, query.metrics);
    checkDistinct(query.campaignIds);
    const answer = await this.list({});
    const picked = query.campaignIds.map((id) => {
      const found = answer.campaigns.find((c) => c.campaign_id === id);
      if (!found) throw notFound(id);
      return { campaign_id: found.campaign_id, campaign_name: found.campaign_name, counts: countsOf(found) };
    });
    return { ...compareLocally(picked, RATE_TABLE, metrics), provider: PROVIDER };
  }

  /** Local export: one row per campaign (ColdSend has no per-campaign series), with the columns it has. */
  async exportTable(request: ExportRequest): Promise<ExportTable> {
    if (request.includeTimeSeries) {
      throw new UsageError("coldsend has no per-campaign time series to export", { hint: "leave out --time-series; `analytics timeline --csv` gives the workspace's daily series" });
    }
    const answer = await this.list({});
    const wanted = request.campaignIds?.length ? request.campaignIds : undefined;
    const campaigns = wanted
      ? wanted.map((id) => answer.campaigns.find((c) => c.campaign_id === id) ?? (() => { throw notFound(id); })())
      : answer.campaigns;
    const columns = ["campaign_id", "campaign_name", "campaign_status", "total_leads", "emails_sent", "emails_opened", "emails_replied", "emails_bounced", "open_rate", "reply_rate", "bounce_rate", "created_at"];
    const rows = campaigns.map((c) => {
      const row = campaignRow(c);
      return [row.campaign_id, row.campaign_name, row.status, row.total_leads, row.emails_sent, row.emails_opened, row.emails_replied, row.emails_bounced, row.open_rate, row.reply_rate, row.bounce_rate, row.created_at];
    });
    return { columns, rows };
  }

  /** The smallest scoped request there is: today's timeline (one day). */
  async verifyCredential(): Promise<void> {
    await this.timeline({ timeRange: "0d" });
  }

  async raw(call: RawCall): Promise<unknown> {
    const response = await this.http.send({ ...call, idempotent: call.method === "GET" });
    if (response.status >= 200 && response.status < 300) return response.json;
    throw this.error(response);
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private async list(query: CampaignListQuery): Promise<ColdSendCampaigns> {
    const response = await this.http.send({
      method: "GET",
      path: CAMPAIGNS_PATH,
      query: { status: query.status?.toUpperCase(), from_date: query.from, to_date: query.to },
    });
    const answer = this.parse(response, ColdSendCampaignsSchema);
    checkUniqueIds(answer.campaigns, response.label);
    return answer;
  }

  private parse<T>(response: HttpResponse, schema: v.GenericSchema<unknown, T>): T {
    if (response.status < 200 || response.status >= 300) throw this.error(response);
    const result = v.safeParse(schema, response.json);
    if (!result.success) {
      const issue = result.issues[0];
      const path = v.getDotPath(issue);
      throw new ApiError(`unexpected response to ${response.label}: ${path ?? "body"}: ${issue.message}`, { status: response.status });
    }
    return result.output;
  }

  /** Errors by HTTP status (document 003 specifies no error body); a 403 is a key without the scope. */
  private error(response: HttpResponse) {
    if (response.status === 403) {
      const message = messageOf(response.json) ?? `the API key was refused (403 to ${response.label})`;
      return new AuthError(message, { hint: `the key needs the ${SCOPE} scope (or campaigns:all); create one with it in ColdSend's API settings` });
    }
    if (response.status === 401) {
      return new AuthError(messageOf(response.json) ?? `the API key was not accepted (401 to ${response.label})`, { hint: this.errorContext.authHint });
    }
    return errorFromResponse(response, this.errorContext);
  }
}

function notFound(id: string): NotFoundError {
  return new NotFoundError(`campaign ${id} is not in this ColdSend workspace`, { hint: "`analytics campaigns` lists the ids" });
}

/** A message from an error body of any common shape (`{message}`, `{error: "…"}`, `{error: {message}}`). */
function messageOf(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const record = body as { message?: unknown; error?: unknown; detail?: unknown };
  const nested = typeof record.error === "object" && record.error !== null ? (record.error as { message?: unknown }).message : undefined;
  const candidate = [record.message, nested, record.error, record.detail].find((value) => typeof value === "string" && value !== "");
  return typeof candidate === "string" ? candidate.slice(0, 300) : undefined;
}
