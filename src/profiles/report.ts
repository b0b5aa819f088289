/**
 * `report --profiles a,b,c` / `--all-profiles`: one report file over many workspaces (CLI.md,
 * "Many workspaces at once"). Each profile's report is gathered with its own client, exactly as
 * the single report is; the roll-up is pooled, as `overview --profiles` pools it, from the
 * overview each of those reports fetched anyway.
 */
import type { BuiltReport, ReportJob, ReportOptions } from "../commands/report.js";
import type { Context } from "../context.js";
import { PROVIDERS, type ProviderName } from "../providers/capabilities.js";
import type { WorkspaceDocument } from "../providers/shapes.js";
import { windowWords } from "../render/format.js";
import { gatherReport } from "../report/gather.js";
import { type ProfileEntry, type ProfilesReportData, type ReportData, missingSections } from "../report/model.js";
import { missingWords } from "../report/words.js";
import { type ProfileResult, errorJson, failureOf, fetchPerProfile } from "./many.js";
import { type RollupRow, poolTotal, rollupRowOf } from "./rollup.js";

/** A profile's overview as the roll-up reads it: a report whose overview failed (--allow-partial) is a failed row, left out of the total. */
function overviewResult(result: ProfileResult<ReportData>): ProfileResult<WorkspaceDocument> {
  const { profile, outcome } = result;
  if (!outcome.ok) return { ...result, outcome };
  const { overview, kpis } = outcome.value;
  if (overview) return { ...result, outcome: { profile, ok: true, value: overview } };
  return { ...result, outcome: { profile, ok: false, error: new Error(`overview missing: ${kpis.state === "missing" ? kpis.error : "no data"}`) } };
}

/** A profile's roll-up row; a provider without a workspace overview (SendKit) has a row without counts, not an error. */
function rollupRow(result: ProfileResult<ReportData>): RollupRow {
  const { profile, provider = "", workspace, outcome } = result;
  if (outcome.ok && outcome.value.kpis.state === "unavailable") return { profile, provider, workspace, noOverview: true };
  return rollupRowOf(overviewResult(result));
}

function entryOf({ profile, provider = "tenant", workspace, outcome }: ProfileResult<ReportData>): ProfileEntry {
  const head = { profile, provider, providerTitle: PROVIDERS[provider as ProviderName]?.title ?? provider, workspace };
  return outcome.ok ? { ...head, report: outcome.value } : { ...head, error: errorJson(outcome.error).message };
}

/** `acme: Deliverability is missing (its data failed)`, for the profiles whose report is partial. */
function missingOf(results: ReadonlyArray<ProfileResult<ReportData>>): string | undefined {
  const lines = results.flatMap(({ profile, outcome }) => {
    const missing = outcome.ok ? missingSections(outcome.value) : [];
    return missing.length ? [`${profile}: ${missingWords(missing)}`] : [];
  });
  return lines.length ? lines.join("; ") : undefined;
}

function failureHint(job: ReportJob, failFast: boolean, nothing: boolean): string {
  if (!job.allowPartial) return "nothing was written; --allow-partial writes the report without them";
  if (failFast) return "nothing was written: --fail-fast stops at the first failure";
  return nothing ? "nothing was written: no profile's data arrived" : "the report was written without them";
}

/**
 * Every profile's report in one file. A failed profile (or, without --allow-partial, a missing
 * section) means nothing is written, unless --allow-partial and some profile's data arrived; then
 * the failure is returned, to exit with after the file is in place.
 */
export async function buildProfilesReport(flags: ReportOptions, job: ReportJob, ctx: Context): Promise<BuiltReport> {
  const results = await fetchPerProfile(
    ctx,
    flags,
    undefined,
    "report",
    (api, connection) =>
      gatherReport({ api, provider: connection.provider, workspace: connection.workspace, window: job.window, campaignIds: [], generatedAt: job.generatedAt, allowPartial: job.allowPartial, chooseWith: `--campaign in a report of this profile alone (--profile ${connection.profile})` }),
    true,
  );
  // Nothing to show at all is a failure even with --allow-partial: the target keeps its last good report.
  const nothing = results.every((result) => !result.outcome.ok);
  const failure = failureOf(ctx, results, { withErrors: true, hint: failureHint(job, Boolean(flags.failFast), nothing) });
  if (failure && (!job.allowPartial || flags.failFast || nothing)) throw failure;

  const rows = results.map(rollupRow);
  const data: ProfilesReportData = {
    period: windowWords(job.window),
    generatedAt: job.generatedAt.toISOString(),
    rows,
    total: poolTotal(rows),
    entries: results.map(entryOf),
  };
  let text: string;
  if (job.format === "md") {
    text = (await import("../report/profiles-markdown.js")).buildProfilesMarkdown(data);
  } else {
    const [{ buildProfilesHtml }, draw] = await Promise.all([import("../report/profiles-html.js"), job.charts!]);
    text = buildProfilesHtml(data, draw.reportCharts, draw.SERIES_COLOURS);
  }
  return { text, missing: missingOf(results), failure };
}
