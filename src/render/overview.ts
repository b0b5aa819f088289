/**
 * `analytics overview` as text: the window, campaign counts, a funnel table (counts with their
 * rates) and the top campaigns as the API ranked them. Pure: data in, lines out.
 */
import type { WorkspaceOverview } from "../providers/tenant/schemas.js";
import { bar, formatCount, formatRate, formatWindow, truncate } from "./format.js";
import { sanitize } from "./sanitize.js";
import { renderTable } from "./table.js";
import type { Theme } from "./theme.js";

export interface OverviewView {
  columns: number;
  theme: Theme;
  /** Emails each top campaign sent in the window, by id, when known (the overview does not say). */
  sent?: ReadonlyMap<string, number> | undefined;
}

interface FunnelRow {
  label: string;
  count: number;
  rate?: number;
  /** The count the rate is a share of: zero prints n/a. */
  denominator?: number;
  of?: string;
}

function funnelTable(data: WorkspaceOverview, view: OverviewView): string[] {
  const { summary: s, rates: r } = data;
  const rows: FunnelRow[] = [
    { label: "Sent", count: s.emails_sent },
    { label: "Delivered", count: s.emails_delivered, rate: r.delivery_rate, denominator: s.emails_sent, of: "of sent" },
    { label: "Opened", count: s.emails_opened, rate: r.open_rate, denominator: s.emails_delivered, of: "of delivered" },
    { label: "Clicked", count: s.emails_clicked, rate: r.click_rate, denominator: s.emails_delivered, of: "of delivered" },
    { label: "Replied", count: s.emails_replied, rate: r.reply_rate, denominator: s.emails_delivered, of: "of delivered" },
  ];
  const countWidth = Math.max(5, ...rows.map((row) => formatCount(row.count).length)) + 2;
  const rateWidth = Math.max(6, ...rows.map((row) => (row.rate === undefined ? 0 : formatRate(row.rate).length))) + 2;
  const fixed = [11, countWidth, rateWidth, 14];
  // Borders take one column per cell plus one; the bar gets what is left, within reason.
  const barWidth = Math.min(30, view.columns - fixed.reduce((a, b) => a + b, 0) - (fixed.length + 2));
  const withBar = barWidth >= 8;
  const withOf = view.columns >= fixed.slice(0, 3).reduce((a, b) => a + b, 0) + 4 + 15;
  const { theme } = view;
  return renderTable({
    head: ["Metric", "Count", "Rate", ...(withOf ? [""] : []), ...(withBar && withOf ? [""] : [])].map((h) => theme.bold(h)),
    rows: rows.map((row) => [
      row.label,
      formatCount(row.count),
      row.rate === undefined ? "" : formatRate(row.rate, row.denominator),
      ...(withOf ? [row.of ? theme.dim(row.of) : ""] : []),
      ...(withBar && withOf ? [row.rate === undefined || row.denominator === 0 ? "" : theme.accent(bar(row.rate / 100, barWidth - 2))] : []),
    ]),
    align: ["left", "right", "right", "left", "left"],
    colWidths: [...fixed.slice(0, withOf ? 4 : 3), ...(withBar && withOf ? [barWidth] : [])],
  });
}

type TopCampaign = WorkspaceOverview["top_campaigns"][number];

const descending = (pick: (c: TopCampaign) => number) => (list: readonly TopCampaign[]): boolean =>
  list.every((c, i) => i === 0 || pick(list[i - 1] as TopCampaign) >= pick(c));

/**
 * How the list is ranked, read from the numbers (document 001 does not say): by reply rate, then
 * open rate, as the sandbox and the API rank them, or else in the order the API sent.
 */
export function rankingWords(top: readonly TopCampaign[]): string {
  if (top.length < 2) return "";
  if (descending((c) => c.reply_rate)(top)) return "ranked by reply rate, then open rate";
  if (descending((c) => c.open_rate)(top)) return "ranked by open rate";
  return "in the API's order";
}

function topCampaignsTable(data: WorkspaceOverview, view: OverviewView): string[] {
  const { theme } = view;
  const top = data.top_campaigns;
  if (top.length === 0) return [theme.dim("No campaign sent anything in this range.")];
  const ids = top.map((c) => sanitize(c.campaign_id));
  const names = top.map((c) => sanitize(c.campaign_name));
  const sent = top.map((c) => view.sent?.get(c.campaign_id));
  const withSent = sent.some((n) => n !== undefined);
  const rankWidth = String(top.length).length + 2;
  const idWidth = Math.min(18, Math.max(4, ...ids.map((id) => id.length))) + 2;
  const sentWidth = withSent ? Math.max(4, ...sent.map((n) => (n === undefined ? 1 : formatCount(n).length))) + 2 : 0;
  // Short headers on a narrow terminal: "Open" and "Reply" over the rates.
  const narrow = view.columns < 64;
  const [openHead, replyHead] = narrow ? ["Open", "Reply"] : ["Open rate", "Reply rate"];
  const rateWidth = Math.max(6, ...top.map((c) => Math.max(formatRate(c.open_rate).length, formatRate(c.reply_rate).length))) + 2;
  const openWidth = Math.max(openHead.length + 2, rateWidth);
  const replyWidth = Math.max(replyHead.length + 2, rateWidth);
  const borders = withSent ? 7 : 6;
  const room = view.columns - (rankWidth + idWidth + sentWidth + openWidth + replyWidth + borders);
  // On a narrow terminal the name matters more than the id: drop the id column rather than the name.
  const withId = room >= 14;
  const nameRoom = withId ? room : room + idWidth + 1;
  const nameWidth = Math.max(6, Math.min(nameRoom, Math.max(10, ...names.map((n) => n.length)) + 2));
  const keep = <T>(cells: T[]): T[] => cells.filter((_, i) => (withId || i !== 2) && (withSent || i !== 3));
  const rows = [
    theme.bold(rankingWords(top) ? `Top campaigns, ${rankingWords(top)}` : "Top campaigns"),
    ...renderTable({
      head: keep(["#", "Campaign", "ID", "Sent", openHead, replyHead]).map((h) => theme.bold(h)),
      rows: top.map((c, i) =>
        keep([
          String(i + 1),
          truncate(names[i] ?? "", nameWidth - 2),
          theme.dim(truncate(ids[i] ?? "", idWidth - 2)),
          sent[i] === undefined ? "–" : formatCount(sent[i] as number),
          formatRate(c.open_rate),
          formatRate(c.reply_rate),
        ]),
      ),
      align: keep<"left" | "right">(["right", "left", "left", "right", "right", "right"]),
      colWidths: keep([rankWidth, nameWidth, idWidth, sentWidth, openWidth, replyWidth]),
    }),
  ];
  return rows;
}

export function renderOverview(data: WorkspaceOverview, view: OverviewView): string[] {
  const { theme } = view;
  const s = data.summary;
  const title = truncate(`Workspace ${sanitize(data.workspace_id)}`, view.columns);
  return [
    theme.bold(title),
    truncate(sanitize(formatWindow(data.time_range)), view.columns),
    `${formatCount(s.total_campaigns)} campaigns, ${formatCount(s.active_campaigns)} active`,
    "",
    ...funnelTable(data, view),
    "",
    ...topCampaignsTable(data, view).map((line, i) => (i === 0 ? truncate(line, view.columns) : line)),
  ];
}
