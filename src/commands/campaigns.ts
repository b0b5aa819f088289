/** `analytics campaigns`: every campaign of the workspace, one row each, to find ids and compare at a glance. */
import type { Context } from "../context.js";
import { UsageError } from "../errors.js";
import { parseDateFlag } from "../options/dates.js";
import { type FormatFlags, resolveFormat } from "../options/format.js";
import { parseInteger } from "../options/numbers.js";
import { need } from "../providers/provider.js";
import type { CampaignList, CampaignRow } from "../providers/shapes.js";
import type { ManyProfilesFlags } from "../profiles/many.js";
import { wantsManyProfiles } from "../profiles/select.js";
import { printData } from "../render/print.js";
import { withSpinner } from "../render/spinner.js";

/** Lower-case statuses (CLI.md); `--status` takes them in any case. */
export const CAMPAIGN_STATUSES = ["draft", "active", "paused", "completed", "failed"] as const;

/** `--sort` names → the row field, and whether the biggest (or newest) comes first. */
export const SORT_FIELDS = {
  name: { key: "campaign_name", descending: false },
  status: { key: "status", descending: false },
  created: { key: "created_at", descending: true },
  sent: { key: "emails_sent", descending: true },
  opened: { key: "emails_opened", descending: true },
  replied: { key: "emails_replied", descending: true },
  bounced: { key: "emails_bounced", descending: true },
  open_rate: { key: "open_rate", descending: true },
  click_rate: { key: "click_rate", descending: true },
  reply_rate: { key: "reply_rate", descending: true },
  bounce_rate: { key: "bounce_rate", descending: false },
} as const satisfies Record<string, { key: keyof CampaignRow; descending: boolean }>;
export type SortField = keyof typeof SORT_FIELDS;

/** CSV (and the order of JSON-less views): every column a row can have, in this order. */
export const CAMPAIGN_COLUMNS = [
  "campaign_id",
  "campaign_name",
  "status",
  "total_leads",
  "emails_sent",
  "emails_delivered",
  "emails_opened",
  "emails_clicked",
  "emails_replied",
  "emails_bounced",
  "delivery_rate",
  "open_rate",
  "click_rate",
  "reply_rate",
  "bounce_rate",
  "created_at",
] as const;

export interface CampaignsOptions extends FormatFlags, ManyProfilesFlags {
  status?: string;
  from?: string;
  to?: string;
  sort?: string;
  limit?: string;
}

interface ListPlan {
  status?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  fromMs?: number;
  toMs?: number;
  sort?: SortField | undefined;
  limit?: number | undefined;
}

/** Every flag checked before any request. */
export function planList(options: CampaignsOptions): ListPlan {
  const plan: ListPlan = {};
  if (options.status !== undefined) {
    const status = options.status.trim().toLowerCase();
    if (!(CAMPAIGN_STATUSES as readonly string[]).includes(status)) {
      throw new UsageError(`invalid --status ${JSON.stringify(options.status.slice(0, 40))}: valid values are ${CAMPAIGN_STATUSES.join(", ")} (any case)`);
    }
    plan.status = status;
  }
  if ((options.from === undefined) !== (options.to === undefined)) {
    throw new UsageError(options.from === undefined ? "--to needs --from" : "--from needs --to", { hint: "launch dates need both --from DATE and --to DATE" });
  }
  if (options.from !== undefined && options.to !== undefined) {
    const from = parseDateFlag(options.from, "--from");
    const to = parseDateFlag(options.to, "--to");
    if (from.startMs > to.endMs) throw new UsageError(`--from ${options.from} is after --to ${options.to}`);
    Object.assign(plan, { from: from.value.slice(0, 10), to: to.value.slice(0, 10), fromMs: from.startMs, toMs: to.endMs });
  }
  if (options.sort !== undefined) {
    const sort = options.sort.trim().toLowerCase();
    if (!(sort in SORT_FIELDS)) throw new UsageError(`invalid --sort ${JSON.stringify(options.sort.slice(0, 40))}: valid fields are ${Object.keys(SORT_FIELDS).join(", ")}`);
    plan.sort = sort as SortField;
  }
  if (options.limit !== undefined) plan.limit = parseInteger(options.limit, "--limit", 1, 100_000);
  return plan;
}

/** The plan's filters applied again on our side (a list endpoint may ignore them), then its sort and limit. */
export function shapeList(list: CampaignList, plan: ListPlan): CampaignList {
  let rows = list.campaigns.filter((row) => {
    if (plan.status !== undefined && row.status !== plan.status) return false;
    if (plan.fromMs !== undefined && plan.toMs !== undefined) {
      const created = row.created_at === undefined ? Number.NaN : Date.parse(row.created_at);
      if (!(created >= plan.fromMs && created <= plan.toMs)) return false;
    }
    return true;
  });
  if (plan.sort) rows = sortRows(rows, plan.sort);
  if (plan.limit !== undefined) rows = rows.slice(0, plan.limit);
  return { ...list, campaigns: rows };
}

function sortRows(rows: readonly CampaignRow[], field: SortField): CampaignRow[] {
  const { key, descending } = SORT_FIELDS[field];
  const direction = descending ? -1 : 1;
  // Rows without the field go last whatever the direction; ties keep the provider's order (stable sort).
  return [...rows].sort((a, b) => {
    const x = a[key];
    const y = b[key];
    if (x === undefined || y === undefined) return x === undefined ? (y === undefined ? 0 : 1) : -1;
    const order = key === "created_at" ? Date.parse(String(x)) - Date.parse(String(y)) : typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
    return direction * order;
  });
}

/** The CSV columns: those any row has, in CAMPAIGN_COLUMNS order (absent stays absent: no empty column for data nobody has). */
export function campaignColumns(rows: readonly CampaignRow[]): string[] {
  return CAMPAIGN_COLUMNS.filter((column) => column === "campaign_id" || column === "campaign_name" || rows.some((row) => row[column] !== undefined));
}

export async function run(options: CampaignsOptions, ctx: Context): Promise<void> {
  const plan = planList(options);
  const format = resolveFormat(options);
  if (wantsManyProfiles(options)) {
    const { runCampaignsUnion } = await import("../profiles/campaigns.js");
    return runCampaignsUnion(options, { query: { status: plan.status, from: plan.from, to: plan.to }, shape: (list) => shapeList(list, plan) }, format, ctx, campaignColumns);
  }
  const api = await ctx.api();
  const list = await withSpinner(ctx.io, "Fetching campaigns…", format === "table", () =>
    need(api, "campaigns")({ status: plan.status, from: plan.from, to: plan.to }),
  );
  const shaped = shapeList(list, plan);
  await ctx.rememberCampaigns(list.campaigns.map((row) => row.campaign_id));

  await printData(ctx, format, shaped, {
    csv: (d) => {
      const columns = campaignColumns(d.campaigns);
      return { header: columns, rows: d.campaigns.map((row) => columns.map((column) => row[column as keyof CampaignRow])) };
    },
    table: async (d, view) => (await import("../render/campaigns.js")).renderCampaigns(d, view),
  });
}
