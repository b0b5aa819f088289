/**
 * `analytics overview` for a provider that counts messages of every channel (CampaignOS): contacts,
 * campaigns, events, and the message funnel with rates over sent (the overview's basis, unlike the
 * campaign view's). Pure: data in, lines out.
 */
import type { MessagesOverview } from "../providers/views.js";
import { formatCount, formatRate, truncate } from "./format.js";
import { sanitize } from "./sanitize.js";
import { renderTable } from "./table.js";
import type { Theme } from "./theme.js";

export interface MessagesOverviewView {
  columns: number;
  theme: Theme;
}

export function renderMessagesOverview(data: MessagesOverview, view: MessagesOverviewView): string[] {
  const { theme } = view;
  const s = data.summary;
  const basis = data.rate_basis ?? {};
  const of = (rate: string): string => (basis[rate] ? `of ${basis[rate]}` : "");
  const withOf = view.columns >= 45;
  const rows: Array<[string, number | undefined, number | undefined, string]> = [
    ["All channels", s.messages_total, undefined, ""],
    ["Sent", s.messages_sent, undefined, ""],
    ["Opened", s.messages_opened, data.rates.open_rate, of("open_rate")],
    ["Clicked", s.messages_clicked, data.rates.click_rate, of("click_rate")],
  ];
  return [
    theme.bold(truncate(`Workspace ${sanitize(data.workspace_id)}`, view.columns)),
    truncate(`last ${sanitize(data.period).replace(/d$/, "")} days (the API's fixed window)`, view.columns),
    truncate(`${formatCount(s.total_campaigns)} campaigns, ${formatCount(s.active_campaigns)} active`, view.columns),
    ...(data.contacts ? [truncate(`${formatCount(data.contacts.total)} contacts, ${formatCount(data.contacts.new)} new`, view.columns)] : []),
    ...(data.events ? [truncate(`${formatCount(data.events.total)} events`, view.columns)] : []),
    "",
    ...renderTable({
      head: ["Messages", "Count", "Rate", ...(withOf ? [""] : [])].map((h) => theme.bold(h)),
      rows: rows
        .filter(([, count]) => count !== undefined)
        .map(([label, count, rate, basisText]) => [label, formatCount(count ?? 0), rate === undefined ? "" : formatRate(rate), ...(withOf ? [theme.dim(basisText)] : [])]),
      align: ["left", "right", "right", "left"],
    }),
  ];
}
