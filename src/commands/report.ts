/**
 * `analytics report`: a self-contained HTML (or Markdown) report of a period, for sharing and for
 * cron. Works for every provider: a section whose data the provider lacks says so. The file is
 * written beside the target and renamed into place only when every section's data arrived (or,
 * with --allow-partial, with the missing sections named in it). With --profiles / --all-profiles
 * one file covers every workspace (profiles/report.ts).
 */
import { randomBytes } from "node:crypto";
import { open, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Context } from "../context.js";
import { type CliError, UsageError } from "../errors.js";
import { type TimeWindow, type TimeWindowFlags, resolveTimeWindow } from "../options/dates.js";
import { checkId } from "../options/ids.js";
import type { ManyProfilesFlags } from "../profiles/many.js";
import { wantsManyProfiles } from "../profiles/select.js";
import { COMPARE_MAX_CAMPAIGNS, RELATIVE_RANGES } from "../providers/vocabulary.js";
import { withSpinner } from "../render/spinner.js";

export const REPORT_FORMATS = ["html", "md"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportOptions extends TimeWindowFlags, ManyProfilesFlags {
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

/** What every report run has decided before any request. */
export interface ReportJob {
  format: ReportFormat;
  window: TimeWindow;
  generatedAt: Date;
  allowPartial: boolean;
  /** The chart module, loading while the requests are out (HTML only: Markdown draws no SVG). */
  charts: Promise<typeof import("../report/charts.js")> | undefined;
}

/** A built report: its text, what the stderr warning says is missing, and the failure to exit with after writing it. */
export interface BuiltReport {
  text: string;
  missing?: string | undefined;
  failure?: CliError | undefined;
}

/** One workspace's report, for the connection in force. */
async function buildReport(campaignIds: readonly string[], job: ReportJob, ctx: Context): Promise<BuiltReport> {
  const [{ gatherReport }, { missingSections }, { missingWords }, provider, connection, api] = await Promise.all([
    import("../report/gather.js"),
    import("../report/model.js"),
    import("../report/words.js"),
    ctx.providerName(),
    ctx.connection(),
    ctx.api(),
  ]);
  const data = await withSpinner(ctx.io, "Gathering the report…", true, () =>
    gatherReport({ api, provider, workspace: connection.workspace, window: job.window, campaignIds, generatedAt: job.generatedAt, allowPartial: job.allowPartial }),
  );
  await ctx.rememberCampaigns(campaignIds);
  let text: string;
  if (job.format === "md") {
    text = (await import("../report/markdown.js")).buildMarkdown(data);
  } else {
    const [{ buildHtml }, draw] = await Promise.all([import("../report/html.js"), job.charts!]);
    text = buildHtml(data, draw.reportCharts(data), draw.SERIES_COLOURS);
  }
  const missing = missingSections(data);
  return { text, missing: missing.length > 0 ? missingWords(missing) : undefined };
}

export async function run(options: ReportOptions, ctx: Context): Promise<void> {
  if (options.output === undefined || options.output === "") {
    throw new UsageError("report needs -o PATH (or -o - for stdout)", { hint: "e.g. analytics report --range 7d -o weekly.html" });
  }
  const format = resolveReportFormat(options.format, options.output);
  const window = resolveTimeWindow(options, RELATIVE_RANGES);
  const many = wantsManyProfiles(options);
  if (many && options.campaign?.length) {
    throw new UsageError(`--campaign cannot be combined with ${options.allProfiles ? "--all-profiles" : "--profiles"}: campaign ids belong to one workspace`, {
      hint: "without --campaign each workspace compares its own top campaigns; for chosen ones: analytics report --profile NAME --campaign ID --campaign ID",
    });
  }
  const campaignIds = checkCampaigns(options.campaign);
  const when = generatedAt(ctx.env, ctx.now());
  const { planOutput } = await import("../export/target.js");
  const plan = await planOutput(options.output, Boolean(options.force));

  const charts = format === "html" ? import("../report/charts.js") : undefined;
  charts?.catch(() => undefined);
  const job: ReportJob = { format, window, generatedAt: when, allowPartial: Boolean(options.allowPartial), charts };
  const built = many ? await (await import("../profiles/report.js")).buildProfilesReport(options, job, ctx) : await buildReport(campaignIds, job, ctx);

  if (plan.kind === "stdout") ctx.io.out(built.text);
  else await writeAtomically(plan.path ?? join(plan.dir, `analytics-report.${format}`), built.text, Boolean(options.force));
  // Even with --quiet: a partial report is a failure cron should see.
  if (built.missing) ctx.io.stderr.write(`warning: the report is partial: ${built.missing}\n`);
  if (built.failure) throw built.failure;
}
