/** `analytics campaign <id>`: one campaign's summary, rates and time series. */
import { RELATIVE_RANGES, type GroupBy } from "../providers/vocabulary.js";
import type { Context } from "../context.js";
import { type TimeWindowFlags, resolveTimeWindow, wholeCampaignNote } from "../options/dates.js";
import { type FormatFlags, resolveFormat } from "../options/format.js";
import { checkId } from "../options/ids.js";
import { type CsvTable, printData } from "../render/print.js";
import { type CampaignDocument, MESSAGE_COUNT_KEYS } from "../providers/shapes.js";
import type { Step } from "../providers/sendkit/shape.js";
import { CAMPAIGN_COLUMNS } from "./campaigns.js";
import { withSpinner } from "../render/spinner.js";

/** CSV columns: the time series. */
export const CAMPAIGN_CSV_HEADER = ["date", "sent", "delivered", "opened", "clicked", "replied", "bounced", "spam_complaints"] as const;

/** Without a time series (ColdSend, CampaignOS), the CSV is the campaign's one row, with `analytics campaigns`' columns. */
function summaryCsv(d: CampaignDocument): CsvTable {
  const row: Record<string, string | number | undefined> = {
    campaign_id: d.campaign_id,
    campaign_name: d.campaign_name,
    status: d.status,
    total_leads: d.summary.total_leads,
    emails_sent: d.summary.emails_sent,
    emails_delivered: d.summary.emails_delivered,
    emails_opened: d.summary.emails_opened,
    emails_clicked: d.summary.emails_clicked,
    emails_replied: d.summary.emails_replied,
    emails_bounced: d.summary.emails_bounced,
    ...Object.fromEntries(MESSAGE_COUNT_KEYS.map((key) => [key, d.summary[key]])),
    ...d.rates,
    created_at: d.created_at,
  };
  // Message counts (CampaignOS) stand where email counts would.
  const columns = CAMPAIGN_COLUMNS.flatMap((column) => (column === "emails_bounced" ? [column, ...MESSAGE_COUNT_KEYS] : [column]));
  const header = columns.filter((column) => row[column] !== undefined);
  return { header, rows: [header.map((column) => row[column])] };
}

export interface CampaignOptions extends FormatFlags, TimeWindowFlags {
  campaignId: string;
  groupBy?: GroupBy;
  /** commander's `--no-chart` sets chart: false. */
  chart?: boolean;
}

export async function run(options: CampaignOptions, ctx: Context): Promise<void> {
  const campaignId = checkId(options.campaignId, "campaign id");
  const window = resolveTimeWindow(options, RELATIVE_RANGES, { now: ctx.now() });
  const format = resolveFormat(options);
  const groupBy = options.groupBy ?? "day";
  const api = await ctx.api();
  const data = await withSpinner(ctx.io, `Fetching ${campaignId}…`, format === "table", () => api.campaign({ campaignId, window, groupBy }));
  await ctx.rememberCampaigns([campaignId]);
  const note = wholeCampaignNote(options, data.provider, data.time_range !== undefined);
  if (note) ctx.io.info(note);

  await printData(ctx, format, data, {
    csv: async (d) => {
      if (d.time_series) return { header: CAMPAIGN_CSV_HEADER, rows: d.time_series.map((point) => CAMPAIGN_CSV_HEADER.map((key) => point[key])) };
      // Without a series, a campaign's steps (SendKit) are its main table; else its one summary row.
      if (d.steps === undefined) return summaryCsv(d);
      const { stepTable } = await import("../providers/sendkit/table.js");
      const { columns, rows } = stepTable(d.steps as Step[]);
      return { header: columns, rows: rows.map((row) => [...row]) };
    },
    table: async (d, view) => {
      const [{ renderCampaign }, { dataToday }] = await Promise.all([import("../render/campaign.js"), import("../render/buckets.js")]);
      return renderCampaign(d, { ...view, chart: options.chart !== false, groupBy, today: d.time_range ? dataToday(d.time_range, ctx.now()) : "" });
    },
  });
}
