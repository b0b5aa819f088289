/** `analytics compare <id> <id> [<id>…]`: campaigns side by side with statistical significance. */
import { COMPARE_MAX_CAMPAIGNS, COMPARE_MIN_CAMPAIGNS, RATE_METRICS, RELATIVE_RANGES, type RateMetric } from "../providers/vocabulary.js";
import type { Context } from "../context.js";
import { supportOf } from "../providers/capabilities.js";
import { UsageError } from "../errors.js";
import { type TimeWindow, type TimeWindowFlags, resolveTimeWindow } from "../options/dates.js";
import type { AnalyticsProvider } from "../providers/provider.js";
import type { AnalyticsSummary } from "../providers/tenant/schemas.js";
import { type FormatFlags, type OutputFormat, resolveFormat } from "../options/format.js";
import { checkId } from "../options/ids.js";
import { printData } from "../render/print.js";
import { withSpinner } from "../render/spinner.js";

export interface CompareOptions extends FormatFlags, TimeWindowFlags {
  campaignIds: string[];
  /** `--metrics`: comma-separated rate names. */
  metrics?: string;
}

/** 2–10 distinct, well-formed campaign ids, in the order given. */
export function checkCampaignIds(raw: readonly string[]): string[] {
  if (raw.length < COMPARE_MIN_CAMPAIGNS) {
    throw new UsageError(`compare needs at least ${COMPARE_MIN_CAMPAIGNS} campaign ids (got ${raw.length})`, {
      hint: "e.g. analytics compare cmp_abc123 cmp_def456",
    });
  }
  if (raw.length > COMPARE_MAX_CAMPAIGNS) {
    throw new UsageError(`compare takes at most ${COMPARE_MAX_CAMPAIGNS} campaign ids (got ${raw.length})`);
  }
  const seen = new Set<string>();
  for (const id of raw) {
    checkId(id, "campaign id");
    if (seen.has(id)) throw new UsageError(`campaign id ${id} is given more than once; each campaign can be compared once`);
    seen.add(id);
  }
  return [...raw];
}

/** `--metrics open_rate,reply_rate` → the rate names; undefined without the flag (the API's default). */
export function parseMetricsFlag(raw: string | undefined): RateMetric[] | undefined {
  if (raw === undefined) return undefined;
  const valid = `valid metrics: ${RATE_METRICS.join(", ")}`;
  const names = raw
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== "");
  if (names.length === 0) throw new UsageError(`--metrics needs at least one metric; ${valid}`);
  const metrics: RateMetric[] = [];
  for (const name of names) {
    const metric = RATE_METRICS.find((candidate) => candidate === name);
    if (!metric) {
      const shown = name.length > 40 ? `${name.slice(0, 40)}…` : name;
      const guess = RATE_METRICS.find((candidate) => candidate === `${name}_rate`);
      throw new UsageError(`unknown metric ${JSON.stringify(shown)} in --metrics; ${valid}`, guess ? { hint: `did you mean ${guess}?` } : {});
    }
    if (metrics.includes(metric)) throw new UsageError(`--metrics lists ${metric} more than once`);
    metrics.push(metric);
  }
  return metrics;
}

/**
 * Each campaign's counts over the window, for the table only: the compare response has rates
 * alone, and a rate of nothing must print n/a. A campaign whose counts cannot be had keeps its rates.
 */
async function campaignCounts(api: AnalyticsProvider, campaignIds: readonly string[], window: TimeWindow): Promise<Map<string, Partial<AnalyticsSummary>>> {
  const summaries = await Promise.all(
    campaignIds.map((campaignId) =>
      api.campaign({ campaignId, window, groupBy: "month" }).then(
        (analytics) => [campaignId, analytics.summary] as const,
        () => undefined,
      ),
    ),
  );
  return new Map(summaries.filter((entry) => entry !== undefined));
}

/** Campaigns qualified by profile (`acme:cmp_abc123`), across workspaces: a local compare, which judged the counts itself. */
async function compareQualified(options: CompareOptions, ctx: Context, window: TimeWindow, format: OutputFormat) {
  const { planCompare, compareAcrossProfiles } = await import("../profiles/compare.js");
  const { planned, metrics, leftOut } = await planCompare(ctx, options.campaignIds, parseMetricsFlag(options.metrics));
  for (const reason of leftOut) ctx.io.info(`note: not compared: ${reason}`);
  const result = await withSpinner(ctx.io, `Comparing ${planned.length} campaigns across profiles…`, format === "table", () => compareAcrossProfiles(ctx, planned, metrics, window));
  return { result, metrics, counts: undefined };
}

/** Campaigns of the one workspace in use. */
async function compareInWorkspace(options: CompareOptions, ctx: Context, window: TimeWindow, format: OutputFormat) {
  const campaignIds = checkCampaignIds(options.campaignIds);
  const metrics = parseMetricsFlag(options.metrics);
  const [api, provider] = await Promise.all([ctx.api(), ctx.providerName()]);
  const [result, counts] = await withSpinner(ctx.io, `Comparing ${campaignIds.length} campaigns…`, format === "table", () =>
    // A local compare (capabilities: compare "local") judged the counts itself and leaves out rates of nothing; no request per campaign.
    Promise.all([api.compare({ campaignIds, window, metrics }), format === "table" && supportOf(provider, "compare") === "api" ? campaignCounts(api, campaignIds, window) : undefined]),
  );
  await ctx.rememberCampaigns(campaignIds);
  return { result, metrics, counts };
}

export async function run(options: CompareOptions, ctx: Context): Promise<void> {
  const window = resolveTimeWindow(options, RELATIVE_RANGES, { now: ctx.now() });
  const format = resolveFormat(options);
  const { isQualified } = await import("../profiles/compare.js");
  const { result, metrics, counts } = isQualified(options.campaignIds)
    ? await compareQualified(options, ctx, window, format)
    : await compareInWorkspace(options, ctx, window, format);

  await printData(ctx, format, result, {
    csv: async (d) => {
      const columns = (await import("../render/compare.js")).compareMetrics(d, metrics);
      const rows = d.comparison.map((row) => [row.campaign_id, row.campaign_name, ...columns.map((metric) => row.metrics[metric])]);
      return { header: ["campaign_id", "campaign_name", ...columns], rows };
    },
    table: async (d, view) => (await import("../render/compare.js")).renderCompare(d, { ...view, window, metrics, counts }),
  });
}
