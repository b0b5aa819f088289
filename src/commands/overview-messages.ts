/**
 * `overview` for a provider that counts messages of every channel (CampaignOS): JSON as mapped, CSV
 * of the message counts (one row per count, with its rate and basis), the human view.
 */
import type { Context } from "../context.js";
import type { OutputFormat } from "../options/format.js";
import type { MessagesOverview } from "../providers/views.js";
import { type CsvTable, printData } from "../render/print.js";

/** CSV columns: one row per count, with its rate and the rate's basis where it has one. */
export const MESSAGES_CSV_HEADER = ["metric", "count", "rate", "rate_basis"] as const;

const RATE_OF: Record<string, string> = { messages_opened: "open_rate", messages_clicked: "click_rate", messages_bounced: "bounce_rate" };

function countRows(summary: object, rates: Record<string, number | undefined>, basis: Record<string, string> = {}): CsvTable {
  const rows = Object.entries(summary).map(([metric, count]) => {
    const rate = RATE_OF[metric];
    return [metric, count as number, rate ? rates[rate] : undefined, rate ? basis[rate] : undefined];
  });
  return { header: MESSAGES_CSV_HEADER, rows };
}

export function printMessagesOverview(ctx: Context, format: OutputFormat, data: MessagesOverview): Promise<void> {
  return printData(ctx, format, data, {
    csv: (d) => countRows(d.summary, d.rates, d.rate_basis),
    table: async (d, view) => (await import("../render/messages-overview.js")).renderMessagesOverview(d, view),
  });
}
