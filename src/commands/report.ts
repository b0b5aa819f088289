/**
 * `analytics report`: a self-contained HTML (or Markdown) report of a period, for sharing and for
 * cron. Works for every provider: a section whose data the provider lacks says so. The file is
 * written beside the target and renamed into place only when every section's data arrived (or,
 * with --allow-partial, with the missing sections named in it).
 */
import { randomBytes } from "node:crypto";
import { open, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Context } from "../context.js";
import { UsageError } from "../errors.js";
import { type TimeWindowFlags, resolveTimeWindow } from "../options/dates.js";
import { checkId } from "../options/ids.js";
import { COMPARE_MAX_CAMPAIGNS, RELATIVE_RANGES } from "../providers/vocabulary.js";
import { withSpinner } from "../render/spinner.js";

export const REPORT_FORMATS = ["html", "md"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportOptions extends TimeWindowFlags {
  campaign?: string[];
  format?: string;
  output?: string;
  force?: boolean;
  allowPartial?: boolean;
}

/** `--format`, or the -o file's extension (`.md`), or html. */
export function resolveReportFormat(format: string | undefined, output: string | undefined): ReportFormat {
  if (format === undefined) return output !== undefined && /\.(md|markdown)$/i.test(output) ? "md" : "html";
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`invalid --format "${format}": valid values are ${REPORT_FORMATS.join(", ")}`);
  return format as ReportFormat;
}

/** The "generated at" time: SOURCE_DATE_EPOCH (reproducible builds) when set, else the clock. */
export function generatedAt(env: NodeJS.ProcessEnv, now: Date): Date {
  const raw = env.SOURCE_DATE_EPOCH;
  if (raw === undefined || raw === "") return now;
  if (!/^\d{1,12}$/.test(raw.trim())) throw new UsageError(`SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, got ${JSON.stringify(raw.slice(0, 40))}`);
  return new Date(Number(raw.trim()) * 1000);
}

function checkCampaigns(raw: readonly string[] | undefined): string[] {
  const ids = (raw ?? []).map((id) => checkId(id, "campaign id"));
  if (new Set(ids).size !== ids.length) throw new UsageError("a --campaign id is given more than once; each campaign can be shown once");
  if (ids.length > COMPARE_MAX_CAMPAIGNS) throw new UsageError(`report compares at most ${COMPARE_MAX_CAMPAIGNS} campaigns (got ${ids.length} --campaign)`);
  return ids;
}

/** Writes `text` to a temporary file beside `target`, syncs it and moves it into place. */
async function writeAtomically(target: string, text: string, force: boolean): Promise<void> {
  const { placeFile } = await import("../export/target.js");
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`);
  try {
    const handle = await open(temp, "wx", 0o644);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await placeFile(temp, target, force);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

export async function run(options: ReportOptions, ctx: Context): Promise<void> {
  if (options.output === undefined || options.output === "") {
    throw new UsageError("report needs -o PATH (or -o - for stdout)", { hint: "e.g. analytics report --range 7d -o weekly.html" });
  }
  const format = resolveReportFormat(options.format, options.output);
  const window = resolveTimeWindow(options, RELATIVE_RANGES);
  const campaignIds = checkCampaigns(options.campaign);
  const when = generatedAt(ctx.env, ctx.now());
  const { planOutput } = await import("../export/target.js");
  const plan = await planOutput(options.output, Boolean(options.force));

  // The chart library loads while the requests are out (only for HTML; Markdown draws no SVG).
  const charts = format === "html" ? import("../report/charts.js") : undefined;
  charts?.catch(() => undefined);
  const [{ gatherReport }, { missingSections, SECTION_TITLES }, provider, connection, api] = await Promise.all([
    import("../report/gather.js"),
    import("../report/model.js"),
    ctx.providerName(),
    ctx.connection(),
    ctx.api(),
  ]);
  const data = await withSpinner(ctx.io, "Gathering the report…", true, () =>
    gatherReport({ api, provider, workspace: connection.workspace, window, campaignIds, generatedAt: when, allowPartial: Boolean(options.allowPartial) }),
  );
  await ctx.rememberCampaigns(campaignIds);

  let text: string;
  if (format === "md") {
    text = (await import("../report/markdown.js")).buildMarkdown(data);
  } else {
    const [{ buildHtml }, draw] = await Promise.all([import("../report/html.js"), charts!]);
    const both = <T>(render: (value: T, size: "wide" | "narrow") => string, value: T) => ({ wide: render(value, "wide"), narrow: render(value, "narrow") });
    const { timeline, deliverability, heatmap } = data;
    const svg = {
      timeline: timeline.state === "ok" && timeline.data.days.length > 0 ? both(draw.timelineChart, timeline.data) : undefined,
      reputation: deliverability.state === "ok" && deliverability.data.reputation_trend.length > 0 ? both(draw.reputationChart, deliverability.data.reputation_trend) : undefined,
      heatmap: heatmap.state === "ok" ? both(draw.heatmapChart, heatmap.data) : undefined,
    };
    text = buildHtml(data, svg, draw.SERIES_COLOURS);
  }

  const missing = missingSections(data);
  if (plan.kind === "stdout") ctx.io.out(text);
  else await writeAtomically(plan.path ?? join(plan.dir, `analytics-report.${format}`), text, Boolean(options.force));
  if (missing.length > 0) {
    // Even with --quiet: a partial report is a failure cron should see.
    ctx.io.stderr.write(`warning: the report is partial: ${missing.map((id) => SECTION_TITLES[id]).join(", ")} ${missing.length === 1 ? "is missing (its data failed)" : "are missing (their data failed)"}\n`);
  }
}
