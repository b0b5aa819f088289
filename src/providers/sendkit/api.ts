/**
 * SendKit (document 004) behind the AnalyticsProvider seam: one endpoint, per campaign, for the
 * campaign's whole life (no time ranges). `compare` and `export` are computed locally from it.
 */
import { ApiError, AuthError, type CliError, UsageError } from "../../errors.js";
import type { ExportTable } from "../../export/local.js";
import type { HttpClient, HttpResponse } from "../../http/client.js";
import { type ErrorContext, errorFromResponse } from "../../http/errors.js";
import { validate } from "../tenant/schemas.js";
import type { AnalyticsProvider, CampaignQuery, CompareQuery, ExportRequest, RawCall } from "../provider.js";
import { checkDistinct, compareLocally, localMetrics } from "../local/compare.js";
import type { CompareResult } from "../shapes.js";
import { SENDKIT_RATES, replyDisagreement, toCampaign } from "./map.js";
import { SendkitAnalyticsSchema } from "./schemas.js";
import type { SendkitCampaign } from "./shape.js";
import { exportTable } from "./table.js";

/** An id no SendKit campaign has: `verifyCredential()` asks for it, and a 404 proves the key was accepted. */
export const NONEXISTENT_CAMPAIGN_ID = "000000000000000000000000";

const seg = encodeURIComponent;
/** Requests in flight at once for compare and export. */
const COMPARE_CONCURRENCY = 4;

/** `fn` over `items` with at most `limit` calls in flight; results in input order; the first failure rejects. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function isSuccessEnvelope(body: unknown): body is { success: true; data: unknown } {
  return typeof body === "object" && body !== null && (body as { success?: unknown }).success === true && "data" in body;
}

/**
 * What to do about a refused key. The document takes a workspace key (`sk_…`) or a platform key
 * (`sk_user_…`) but this endpoint names no workspace, so a platform key that is refused needs
 * replacing with the workspace's key.
 */
export function keyHint(status: number, key: string, fallback: string): string {
  if (key.startsWith("sk_user_")) {
    return "a platform key (sk_user_…) names no workspace, and this endpoint takes none: use the workspace's API key (sk_…)";
  }
  if (!key.startsWith("sk_")) return "SendKit keys start with sk_ (workspace key) or sk_user_ (platform key); use the workspace's API key (sk_…)";
  if (status === 403) return "this workspace key (sk_…) may not read that campaign: use the API key of the workspace that owns it";
  return fallback;
}

export class SendkitApi implements AnalyticsProvider {
  constructor(
    private readonly http: HttpClient,
    private readonly errorContext: ErrorContext,
    private readonly key: string,
  ) {}

  /** The whole campaign: SendKit has no time ranges, so `query.window` does not apply (the document carries no `time_range`). */
  async campaign(query: CampaignQuery): Promise<SendkitCampaign> {
    return this.sendkitCampaign(query.campaignId);
  }

  /** One campaign in the common shape, with steps and lead statuses. */
  async sendkitCampaign(campaignId: string): Promise<SendkitCampaign> {
    const response = await this.http.send({ method: "GET", path: `/campaigns/${seg(campaignId)}/analytics` });
    if (response.status < 200 || response.status >= 300 || !isSuccessEnvelope(response.json)) throw this.error(response);
    const result = validate(SendkitAnalyticsSchema, response.json.data, response.label);
    if (!result.ok) throw new ApiError(result.message, { status: response.status });
    const warning = replyDisagreement(result.value);
    if (warning) this.errorContext.warn?.(warning);
    return toCampaign(result.value, response.label);
  }

  /**
   * Proves the key with the one request SendKit allows without knowing a campaign: a campaign that
   * cannot exist. 404 means the key was accepted; 401/403 are an AuthError with a hint naming the
   * key to use (CLI.md, `auth login --provider NAME`).
   */
  async verifyCredential(): Promise<void> {
    const response = await this.http.send({ method: "GET", path: `/campaigns/${NONEXISTENT_CAMPAIGN_ID}/analytics` });
    if (response.status === 404 || (response.status >= 200 && response.status < 300)) return;
    throw this.error(response);
  }

  /** Local compare: one request per campaign, a few at a time (well inside 100 per minute). */
  async compare(query: CompareQuery): Promise<CompareResult> {
    checkDistinct(query.campaignIds);
    const metrics = localMetrics("sendkit", SENDKIT_RATES, query.metrics);
    const campaigns = await mapLimited(query.campaignIds, COMPARE_CONCURRENCY, (id) => this.sendkitCampaign(id));
    const counted = campaigns.map((c) => ({ campaign_id: c.campaign_id, campaign_name: c.campaign_name, counts: { ...c.summary } }));
    return { provider: "sendkit", ...compareLocally(counted, SENDKIT_RATES, metrics) };
  }

  /**
   * Local export: each named campaign's stats, then its steps and variants (table.ts), one request
   * per campaign. SendKit cannot list campaigns and has no time series, so both are refused
   * before any request.
   */
  async exportTable(request: ExportRequest): Promise<ExportTable> {
    if (request.includeTimeSeries) {
      throw new UsageError("sendkit has no time series to export: its counts cover the whole campaign", { hint: "leave out --time-series" });
    }
    const ids = request.campaignIds ?? [];
    if (ids.length === 0) {
      throw new UsageError("sendkit cannot list a workspace's campaigns: name the campaigns to export", { hint: "e.g. analytics export --campaign 665a1b2c3d4e5f6a7b8c9d0e --format csv" });
    }
    const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
    if (duplicate !== undefined) throw new UsageError(`--campaign ${duplicate} is given more than once`);
    return exportTable(await mapLimited(ids, COMPARE_CONCURRENCY, (id) => this.sendkitCampaign(id)));
  }

  async raw(call: RawCall): Promise<unknown> {
    const response = await this.http.send({ ...call, idempotent: call.method === "GET" });
    if (response.status >= 200 && response.status < 300) return response.json;
    throw this.error(response);
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private error(response: HttpResponse): CliError {
    const error = errorFromResponse(response, this.errorContext);
    if (!(error instanceof AuthError)) return error;
    return new AuthError(error.message, { ...(error.apiCode ? { apiCode: error.apiCode } : {}), hint: keyHint(response.status, this.key, this.errorContext.authHint) });
  }
}
