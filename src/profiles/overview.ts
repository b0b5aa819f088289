/** `overview --profiles a,b,c` / `--all-profiles`: one row per profile and a pooled total. */
import type { Context } from "../context.js";
import type { TimeWindow } from "../options/dates.js";
import type { OutputFormat } from "../options/format.js";
import { need } from "../providers/provider.js";
import { windowWords } from "../render/format.js";
import { type ManyProfilesFlags, failureOf, fetchPerProfile, profileEntries } from "./many.js";
import { ROLLUP_COUNTS, ROLLUP_RATES, type RollupRate, poolTotal, rollupRowOf } from "./rollup.js";

/** CSV columns: one row per profile. */
export const OVERVIEW_ROLLUP_CSV_HEADER = ["profile", "provider", "workspace", ...ROLLUP_COUNTS, ...Object.keys(ROLLUP_RATES), "error"] as const;

export async function runOverviewRollup(flags: ManyProfilesFlags, window: TimeWindow, format: OutputFormat, ctx: Context): Promise<void> {
  const results = await fetchPerProfile(ctx, flags, "overview", "overview", (api) => need(api, "overview")(window), format === "table");
  const rows = results.map(rollupRowOf);
  const total = poolTotal(rows);

  if (format === "json") {
    const { jsonText } = await import("../render/output.js");
    ctx.io.out(jsonText({ profiles: profileEntries(results), total: { profiles: total.profiles, summary: total.summary, rates: total.rates, rate_basis: total.rate_basis } }, ctx.io.stdoutIsTTY));
  } else if (format === "csv") {
    const { csvText } = await import("../render/output.js");
    const lines = rows.map((row) => [
      row.profile,
      row.provider,
      row.workspace ?? "",
      ...ROLLUP_COUNTS.map((key) => row.counts?.[key]),
      ...(Object.keys(ROLLUP_RATES) as RollupRate[]).map((key) => row.rates?.[key]),
      row.error ?? "",
    ]);
    ctx.io.out(csvText(OVERVIEW_ROLLUP_CSV_HEADER, lines));
  } else {
    const [{ renderRollup }, { createTheme }] = await Promise.all([import("../render/rollup.js"), import("../render/theme.js")]);
    const lines = renderRollup(rows, total, windowWords(window), { columns: ctx.io.columns, theme: createTheme(ctx.io.stdoutColor) });
    ctx.io.out(`${lines.join("\n")}\n`);
  }
  const failure = failureOf(ctx, results);
  if (failure) throw failure;
}
