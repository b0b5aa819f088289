/** `overview --profiles a,b,c` / `--all-profiles`: one row per profile and a pooled total. */
import type { Context } from "../context.js";
import type { TimeWindow } from "../options/dates.js";
import type { OutputFormat } from "../options/format.js";
import { need } from "../providers/provider.js";
import { formatDay } from "../render/format.js";
import { type ManyProfilesFlags, errorJson, failureOf, fetchPerProfile, profileEntries } from "./many.js";
import { ROLLUP_COUNTS, ROLLUP_RATES, countsOf, poolTotal, ratesOf, successfulCounts } from "./rollup.js";

/** CSV columns: one row per profile. */
export const OVERVIEW_ROLLUP_CSV_HEADER = ["profile", "provider", "workspace", ...ROLLUP_COUNTS, ...Object.keys(ROLLUP_RATES), "error"] as const;

function windowWords(window: TimeWindow): string {
  return "startDate" in window ? `${formatDay(window.startDate)} → ${formatDay(window.endDate)}` : `last ${window.timeRange.replace("d", " days")}`;
}

export async function runOverviewRollup(flags: ManyProfilesFlags, window: TimeWindow, format: OutputFormat, ctx: Context): Promise<void> {
  const results = await fetchPerProfile(ctx, flags, "overview", "overview", (api) => need(api, "overview")(window), format === "table");
  const total = poolTotal(successfulCounts(results.map((result) => result.outcome)));

  if (format === "json") {
    const { jsonText } = await import("../render/output.js");
    ctx.io.out(jsonText({ profiles: profileEntries(results), total: { summary: total.summary, rates: total.rates, rate_basis: total.rate_basis } }));
  } else if (format === "csv") {
    const { csvText } = await import("../render/output.js");
    const rows = results.map(({ profile, provider, workspace, outcome }) => {
      const counts = outcome.ok ? countsOf(outcome.value) : {};
      const { rates } = ratesOf(counts);
      return [profile, provider, workspace ?? "", ...ROLLUP_COUNTS.map((key) => counts[key]), ...Object.keys(ROLLUP_RATES).map((key) => rates[key as keyof typeof rates]), outcome.ok ? "" : errorJson(outcome.error).message];
    });
    ctx.io.out(csvText(OVERVIEW_ROLLUP_CSV_HEADER, rows));
  } else {
    const [{ renderRollup }, { createTheme }] = await Promise.all([import("../render/rollup.js"), import("../render/theme.js")]);
    const rows = results.map(({ profile, provider, workspace, outcome }) => {
      if (!outcome.ok) return { profile, provider: provider ?? "", workspace, error: errorJson(outcome.error).message };
      const counts = countsOf(outcome.value);
      const allTime = (outcome.value as { time_range?: unknown }).time_range === undefined;
      return { profile, provider: provider ?? "", workspace, counts, rates: ratesOf(counts).rates, allTime };
    });
    const lines = renderRollup(rows, total, windowWords(window), { columns: ctx.io.columns, theme: createTheme(ctx.io.stdoutColor) });
    ctx.io.out(`${lines.join("\n")}\n`);
  }
  const failure = failureOf(ctx, results);
  if (failure) throw failure;
}
