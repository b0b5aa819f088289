/**
 * Fetches what a report shows, over the provider seam only: each section asks for the data its
 * provider declares (capabilities.ts) and is "not available" otherwise. Independent requests go out
 * together, at most a few at a time, so a report costs about as long as its slowest chain.
 */
import { type ProviderName, PROVIDERS, supportOf } from "../providers/capabilities.js";
import type { AnalyticsProvider } from "../providers/provider.js";
import type { WorkspaceDocument as WorkspaceOverview } from "../providers/shapes.js";
import { DELIVERABILITY_RANGES, HEATMAP_RANGES } from "../providers/vocabulary.js";
import type { TimeWindow } from "../options/dates.js";
import { CliError, UsageError } from "../errors.js";
import { type CampaignDocument, type DailyPoint, type Kpi, NOT_AVAILABLE, type ReportData, SECTION_IDS, type Section, type SectionId, type TimelineData, type TopCampaign } from "./model.js";

/** Requests in flight at once: well inside every sandbox bucket, and polite to real APIs. */
export const REPORT_CONCURRENCY = 4;
/** How many of the top campaigns the compare section takes when no --campaign is given. */
export const DEFAULT_COMPARED = 5;

export interface GatherOptions {
  api: AnalyticsProvider;
  provider: ProviderName;
  workspace: string | undefined;
  window: TimeWindow;
  /** --campaign ids, in the order given; empty: the top campaigns. */
  campaignIds: readonly string[];
  generatedAt: Date;
  /** Keep going when a section's data fails, marking it missing. */
  allowPartial: boolean;
  /** How a reader chooses campaigns for a provider without an overview (default `--campaign`). */
  chooseWith?: string;
}

/** A tiny semaphore: at most `limit` calls of `run` at a time. */
export function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

const isoSeconds = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** The period of the same length just before `range` (inclusive ends, second precision, as the APIs report them). */
export function previousWindow(range: { start: string; end: string }): TimeWindow | undefined {
  const start = Date.parse(range.start);
  const end = Date.parse(range.end);
  if (!Number.isFinite(start) || !Number.isFinite(end) || end < start) return undefined;
  const length = end - start + 1000;
  return { timeRange: "custom", startDate: isoSeconds(start - length), endDate: isoSeconds(start - 1000) };
}

function kpiTiles(current: WorkspaceOverview, previous: WorkspaceOverview | undefined): Kpi[] {
  const count = (label: string, pick: (o: WorkspaceOverview) => number | undefined): Kpi | undefined => {
    const now = pick(current);
    return now === undefined ? undefined : { label, kind: "count", current: now, previous: previous && pick(previous) };
  };
  const rate = (label: string, pick: (o: WorkspaceOverview) => number | undefined): Kpi | undefined => {
    const now = pick(current);
    return now === undefined ? undefined : { label, kind: "rate", current: now, previous: previous && pick(previous) };
  };
  return [
    count("Emails sent", (o) => o.summary.emails_sent),
    count("Delivered", (o) => o.summary.emails_delivered),
    count("Opened", (o) => o.summary.emails_opened),
    count("Replied", (o) => o.summary.emails_replied),
    rate("Open rate", (o) => o.rates.open_rate),
    rate("Click rate", (o) => o.rates.click_rate),
    rate("Reply rate", (o) => o.rates.reply_rate),
    rate("Delivery rate", (o) => o.rates.delivery_rate),
    count("Active campaigns", (o) => o.summary.active_campaigns),
  ].filter((kpi): kpi is Kpi => kpi !== undefined && Number.isFinite(kpi.current));
}

const SERIES_ORDER = ["sent", "delivered", "opened", "clicked", "replied", "bounced"] as const;
/** The chart shows at most these: enough to read, few enough to tell apart. */
const CHARTED = new Set(["sent", "opened", "clicked", "replied"]);

function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function partialDays(days: readonly DailyPoint[], generatedAt: Date): string[] {
  const today = utcDay(generatedAt);
  return days.filter((day) => day.date >= today).map((day) => day.date);
}

/** Days from a provider's own timeline; only the counts (rates are not summed or charted). */
function timelineDays(series: ReadonlyArray<Record<string, string | number>>): { metrics: string[]; days: DailyPoint[] } {
  const metrics = SERIES_ORDER.filter((key) => CHARTED.has(key) && series.some((point) => typeof point[key] === "number"));
  const days = series.map((point) => ({
    date: String(point.date).slice(0, 10),
    values: Object.fromEntries(metrics.map((key) => [key, Number(point[key] ?? 0)])),
  }));
  return { metrics, days };
}

/** The campaigns' daily series summed per day (a day any campaign reports is kept). */
export function summedDays(campaigns: readonly CampaignDocument[]): { metrics: string[]; days: DailyPoint[] } {
  const withSeries = campaigns.filter((c) => Array.isArray(c.time_series));
  const points = withSeries.flatMap((c) => c.time_series as unknown as Array<Record<string, string | number>>);
  const metrics = SERIES_ORDER.filter((key) => CHARTED.has(key) && points.some((point) => typeof point[key] === "number"));
  const byDate = new Map<string, Record<string, number>>();
  for (const point of points) {
    const date = String(point.date).slice(0, 10);
    const values = byDate.get(date) ?? Object.fromEntries(metrics.map((key) => [key, 0]));
    for (const key of metrics) values[key] = (values[key] ?? 0) + Number(point[key] ?? 0);
    byDate.set(date, values);
  }
  const days = [...byDate.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([date, values]) => ({ date, values }));
  return { metrics, days };
}

function describeError(error: unknown): string {
  if (error instanceof CliError) return error.apiCode ? `${error.apiCode}: ${error.message}` : error.message;
  return error instanceof Error ? error.message : String(error);
}

function unavailable(reason = NOT_AVAILABLE): Section<never> {
  return { state: "unavailable", reason };
}

function ok<T>(data: T, notes: string[] = []): Section<T> {
  return { state: "ok", data, notes };
}

/** Which relative range an endpoint that takes only `allowed` should use for `window`, and a note when it differs. */
function nearestRange(window: TimeWindow, allowed: readonly string[], fallback: string, what: string): { range: string; notes: string[] } {
  if (!("startDate" in window) && allowed.includes(window.timeRange)) return { range: window.timeRange, notes: [] };
  const days = fallback.replace("d", "");
  return { range: fallback, notes: [`${what} covers the last ${days} days: the provider offers it for ${allowed.join(", ")} only`] };
}

/**
 * Everything the report shows. A section whose data fails throws its error (the report is not
 * written), unless `allowPartial`, which marks the section missing and keeps the others.
 */
export async function gatherReport(options: GatherOptions): Promise<ReportData> {
  const { api, provider, window, generatedAt } = options;
  const limit = limiter(REPORT_CONCURRENCY);
  const has = (feature: Parameters<typeof supportOf>[1]) => supportOf(provider, feature) !== undefined;
  const failures = new Map<SectionId, unknown>();

  /** Runs a section's fetch; a failure becomes a missing section (and is remembered for the exit). */
  const section = async <T>(id: SectionId, build: () => Promise<Section<T>>): Promise<Section<T>> => {
    try {
      return await build();
    } catch (error) {
      failures.set(id, error);
      return { state: "missing", error: describeError(error) };
    }
  };

  const overview = has("overview") && api.overview ? limit(() => api.overview!(window)) : undefined;
  const deliverability = section("deliverability", async () => {
    if (!has("deliverability") || !api.deliverability) return unavailable();
    const { range, notes } = nearestRange(window, DELIVERABILITY_RANGES, "30d", "Deliverability");
    return ok(await limit(() => api.deliverability!({ range })), notes);
  });
  const heatmap = section("heatmap", async () => {
    if (!has("heatmap") || !api.heatmap) return unavailable();
    const { range, notes } = nearestRange(window, HEATMAP_RANGES, "30d", "The heatmap");
    return ok(await limit(() => api.heatmap!({ range })), notes);
  });
  const workspaceTimeline = has("timeline") && api.timeline ? limit(() => api.timeline!(window)) : undefined;

  // Which campaigns the compare (and, without a workspace timeline, the chart) shows.
  const shownIds = (async (): Promise<string[]> => {
    if (options.campaignIds.length > 0) return [...options.campaignIds];
    const data = overview ? await overview : undefined;
    return (data?.top_campaigns ?? []).slice(0, DEFAULT_COMPARED).map((c) => c.campaign_id);
  })();
  const campaigns = workspaceTimeline
    ? undefined
    : shownIds.then((ids) => Promise.all(ids.map((campaignId) => limit(() => api.campaign({ campaignId, window, groupBy: "day" })))));

  const previous = overview?.then((data) => {
    const before = data.time_range ? previousWindow(data.time_range) : undefined;
    return before ? limit(() => api.overview!(before)) : undefined;
  });

  const kpis = section("kpis", async () => {
    if (!overview) return unavailable();
    const [current, before] = await Promise.all([overview, previous]);
    return ok({ tiles: kpiTiles(current, before), previousRange: before?.time_range });
  });

  const top = section("top", async () => {
    if (!overview) return unavailable();
    const data = await overview;
    const list = data.top_campaigns ?? [];
    if (list.length === 0) return unavailable("no campaign sent in this period");
    // Sent counts where the campaigns were fetched anyway (for the chart); never a second request.
    const fetched = await (campaigns ?? Promise.resolve([] as CampaignDocument[])).catch(() => [] as CampaignDocument[]);
    const sent = new Map(fetched.map((c) => [c.campaign_id, c.summary?.emails_sent]));
    const rows: TopCampaign[] = list.map((c, i) => ({ rank: i + 1, campaign_id: c.campaign_id, campaign_name: c.campaign_name, open_rate: c.open_rate ?? Number.NaN, reply_rate: c.reply_rate ?? Number.NaN, emails_sent: sent.get(c.campaign_id) ?? c.emails_sent }));
    return ok(rows, ["ranked by reply rate, then open rate"]);
  });

  const timeline = section("timeline", async (): Promise<Section<TimelineData>> => {
    if (workspaceTimeline) {
      const data = await workspaceTimeline;
      const { metrics, days } = timelineDays(data.time_series);
      return ok({ source: "the workspace's daily series", metrics, days, partialDays: partialDays(days, generatedAt) });
    }
    if (!campaigns) return unavailable();
    const fetched = await campaigns;
    if (fetched.length === 0) return unavailable(options.campaignIds.length === 0 && !overview ? `${NOT_AVAILABLE}: choose campaigns with ${options.chooseWith ?? "--campaign"}` : "no campaign sent in this period");
    const { metrics, days } = summedDays(fetched);
    if (metrics.length === 0) return unavailable(`${NOT_AVAILABLE}: its campaigns have no daily series`);
    const source = `the daily series of the ${fetched.length === 1 ? "campaign" : `${fetched.length} campaigns`} shown (the provider has no workspace timeline)`;
    return ok({ source, metrics, days, partialDays: partialDays(days, generatedAt) });
  });

  const compare = section("compare", async () => {
    if (!has("compare")) return unavailable();
    const ids = await shownIds;
    if (ids.length < 2) {
      return unavailable(options.campaignIds.length === 0 && !overview ? `choose two or more campaigns with ${options.chooseWith ?? "--campaign"}` : "fewer than two campaigns to compare");
    }
    const data = await limit(() => api.compare({ campaignIds: ids, window }));
    return ok(data, options.campaignIds.length > 0 ? ["the campaigns chosen with --campaign"] : [`the top ${ids.length} campaigns`]);
  });

  const [kpiSection, timelineSection, topSection, compareSection, deliverabilitySection, heatmapSection, overviewData] = await Promise.all([
    kpis,
    timeline,
    top,
    compare,
    deliverability,
    heatmap,
    overview?.catch(() => undefined),
  ]);
  // Settle the chains no section awaited, so none rejects unhandled.
  await Promise.allSettled([previous, campaigns, workspaceTimeline, shownIds]);

  const first = SECTION_IDS.find((id) => failures.has(id));
  const nothingArrived = [kpiSection, timelineSection, topSection, compareSection, deliverabilitySection, heatmapSection].every((s) => s.state !== "ok");
  // A usage error (a window the provider cannot serve) is the user's to fix, not missing data; and
  // even with allowPartial, when no section's data arrived (a refused credential, an unreachable
  // origin), the report has failed: it is not partial.
  const usage = [...failures.values()].find((error) => error instanceof UsageError);
  if (usage) throw usage;
  if (first && (!options.allowPartial || nothingArrived)) throw failures.get(first);
  const timelineRange = await workspaceTimeline?.then((t) => t.time_range).catch(() => undefined);
  const period = overviewData?.time_range ?? timelineRange;
  return {
    provider,
    providerTitle: PROVIDERS[provider].title,
    workspace: overviewData?.workspace_id ?? options.workspace,
    period,
    generatedAt: generatedAt.toISOString(),
    partialPeriod: period ? Date.parse(period.end) > generatedAt.getTime() : false,
    overview: overviewData,
    kpis: kpiSection,
    timeline: timelineSection,
    top: topSection,
    compare: compareSection,
    deliverability: deliverabilitySection,
    heatmap: heatmapSection,
  };
}
