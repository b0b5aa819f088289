/**
 * POST …/analytics/export (202, README decision 8 for the body's defaults) and
 * GET …/analytics/exports/{exportId} (README decision 2 for a failed export).
 */
import { EXPORT_FORMATS, EXPORT_TYPES, TIME_RANGES } from "../../../providers/vocabulary.js";
import type { SandboxCampaign } from "../../catalog.js";
import { ApiError, type ApiResult, ok, quoteValue, validationError } from "../../envelope.js";
import type { ExportSelection } from "../../export-file.js";
import type { RouteContext } from "../../router.js";
import { resolveBodyTimeRange } from "../../time-range.js";

const BODY_FIELDS = ["export_type", "format", "time_range", "start_date", "end_date", "campaign_ids", "include_time_series"] as const;
/** Longest Idempotency-Key accepted (Stripe's limit). */
const MAX_KEY_LENGTH = 255;

export function createExport(ctx: RouteContext): ApiResult {
  const selection = parseExportBody(ctx);
  const key = idempotencyKey(ctx.headers["idempotency-key"]);
  const { data, replayed } = ctx.exports.create(selection, key);
  const location = `/api/v1/workspaces/${encodeURIComponent(ctx.dataset.workspace.id)}/analytics/exports/${String(data.export_id)}`;
  return { ...ok(data, 202), headers: { Location: location, ...(replayed ? { "Idempotent-Replayed": "true" } : {}) } };
}

export function exportStatus(ctx: RouteContext): ApiResult {
  return ctx.exports.status(ctx.params.exportId ?? "");
}

function idempotencyKey(raw: string | string[] | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined || value === "" || value.length > MAX_KEY_LENGTH || !/^[\x21-\x7e]+$/.test(value)) {
    throw validationError(`Idempotency-Key must be 1-${MAX_KEY_LENGTH} printable ASCII characters`);
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Validates the body into a selection; 400 VALIDATION_ERROR / INVALID_TIME_RANGE, 404 for an unknown campaign. */
export function parseExportBody(ctx: RouteContext): ExportSelection {
  const body = ctx.body;
  if (!isPlainObject(body)) throw validationError("Request body must be a JSON object");
  for (const key of Object.keys(body)) {
    if (!(BODY_FIELDS as readonly string[]).includes(key)) throw validationError(`Unknown field ${quoteValue(key)}; expected: ${BODY_FIELDS.join(", ")}`);
  }

  if (body.format === undefined) throw validationError(`format is required: one of ${EXPORT_FORMATS.join(", ")}`);
  const format = EXPORT_FORMATS.find((value) => value === body.format);
  if (!format) throw validationError(`format must be one of: ${EXPORT_FORMATS.join(", ")} (got ${quoteValue(String(body.format))})`);

  const exportType = body.export_type === undefined ? "campaign_performance" : EXPORT_TYPES.find((value) => value === body.export_type);
  if (!exportType) throw validationError(`export_type must be one of: ${EXPORT_TYPES.join(", ")} (got ${quoteValue(String(body.export_type))})`);

  if (body.include_time_series !== undefined && typeof body.include_time_series !== "boolean") {
    throw validationError("include_time_series must be true or false");
  }

  return {
    exportType,
    format,
    range: resolveBodyTimeRange(body, { allowed: TIME_RANGES, nowMs: ctx.dataset.nowMs }),
    campaigns: selectedCampaigns(ctx, body.campaign_ids),
    includeTimeSeries: body.include_time_series === true,
  };
}

function selectedCampaigns(ctx: RouteContext, raw: unknown): readonly SandboxCampaign[] {
  const { dataset } = ctx;
  if (raw === undefined) return dataset.campaigns;
  if (!Array.isArray(raw) || raw.some((id) => typeof id !== "string" || id === "")) {
    throw validationError("campaign_ids must be an array of campaign ids");
  }
  if (raw.length === 0) throw validationError("campaign_ids must not be empty; leave it out to export every campaign");
  const wanted = new Set<string>();
  for (const id of raw as string[]) {
    if (!dataset.campaignById(id)) {
      throw new ApiError(404, "CAMPAIGN_NOT_FOUND", `Campaign with ID ${id.slice(0, 64)} not found in workspace ${dataset.workspace.id}`);
    }
    wanted.add(id);
  }
  // Catalogue order, each campaign once.
  return dataset.campaigns.filter((campaign) => wanted.has(campaign.id));
}
