/**
 * `campaigns --profiles …` / `--all-profiles`: the union of every profile's campaigns with a
 * profile column, sorted and limited as one list. Providers divide rates by different counts, so
 * the union's rates are rebuilt over sent from each row's counts (absent where a count is).
 */
import type { Context } from "../context.js";
import type { OutputFormat } from "../options/format.js";
import { need } from "../providers/provider.js";
import type { CampaignList, CampaignRow, RateBasis } from "../providers/shapes.js";
import { type ManyProfilesFlags, errorJson, failureOf, fetchPerProfile, profileEntries } from "./many.js";
import { percentOf } from "./rollup.js";

export type ProfiledRow = CampaignRow & { profile: string };

const RATE_COUNTS = { open_rate: "emails_opened", click_rate: "emails_clicked", reply_rate: "emails_replied", bounce_rate: "emails_bounced" } as const;

/** One row with its rates over sent, from its own counts. */
export function overSent(row: CampaignRow, profile: string): ProfiledRow {
  const out: ProfiledRow = { profile, ...row };
  for (const [rate, count] of Object.entries(RATE_COUNTS) as Array<[keyof typeof RATE_COUNTS, keyof CampaignRow]>) {
    delete out[rate];
    const successes = row[count];
    const value = typeof successes === "number" && row.emails_sent !== undefined ? percentOf(successes, row.emails_sent) : undefined;
    if (value !== undefined) out[rate] = value;
  }
  return out;
}

export interface UnionPlan {
  shape(list: CampaignList): CampaignList;
  query: { status?: string | undefined; from?: string | undefined; to?: string | undefined };
}

export async function runCampaignsUnion(flags: ManyProfilesFlags, plan: UnionPlan, format: OutputFormat, ctx: Context, columnsOf: (rows: readonly CampaignRow[]) => string[]): Promise<void> {
  const results = await fetchPerProfile(ctx, flags, "campaigns", "campaigns", (api) => need(api, "campaigns")(plan.query), format === "table");
  const union = results.flatMap(({ profile, outcome }) => (outcome.ok ? outcome.value.campaigns.map((row) => overSent(row, profile)) : []));
  const rateBasis: RateBasis = Object.fromEntries(Object.keys(RATE_COUNTS).filter((rate) => union.some((row) => row[rate as keyof CampaignRow] !== undefined)).map((rate) => [rate, "sent"]));
  const total = plan.shape({ campaigns: union, rate_basis: rateBasis }) as CampaignList & { campaigns: ProfiledRow[] };

  if (format === "json") {
    const { jsonText } = await import("../render/output.js");
    ctx.io.out(jsonText({ profiles: profileEntries(results), total }));
  } else if (format === "csv") {
    const { csvText } = await import("../render/output.js");
    const columns = ["profile", ...columnsOf(total.campaigns)];
    ctx.io.out(csvText(columns, total.campaigns.map((row) => columns.map((column) => (row as ProfiledRow)[column as keyof ProfiledRow]))));
  } else {
    const [{ renderCampaigns }, { createTheme }] = await Promise.all([import("../render/campaigns.js"), import("../render/theme.js")]);
    const theme = createTheme(ctx.io.stdoutColor);
    const lines = renderCampaigns(total, { columns: ctx.io.columns, theme });
    for (const { profile, outcome } of results) if (!outcome.ok) lines.push(theme.bad(`${profile}: error: ${errorJson(outcome.error).message}`));
    ctx.io.out(`${lines.join("\n")}\n`);
  }
  const failure = failureOf(ctx, results);
  if (failure) throw failure;
}
