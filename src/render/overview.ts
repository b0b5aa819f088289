/**
 * `analytics overview` as text: the window, campaign counts, a funnel table (counts with their
 * rates) and the top campaigns as the API ranked them. Pure: data in, lines out.
 */
import type { WorkspaceDocument } from "../providers/shapes.js";
import { ofBasis } from "./basis.js";
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
  count?: number;
  rate?: number;
  /** The count the rate is a share of: zero prints n/a. */
  denominator?: number;
  of?: string;
}

const RATE_OF: Record<string, string> = { Delivered: "delivery_rate", Opened: "open_rate", Clicked: "click_rate", Replied: "reply_rate", Bounced: "bounce_rate" };

function funnelTable(data: WorkspaceDocument, view: OverviewView): string[] {
  const { summary: s, rates: r } = data;
  const rows: FunnelRow[] = [
    { label: "Sent", count: s.emails_sent },
    { label: "Delivered", count: s.emails_delivered, rate: r.delivery_rate, denominator: s.emails_sent, of: "of sent" },
    { label: "Opened", count: s.emails_opened, rate: r.open_rate, denominator: s.emails_delivered, of: "of delivered" },
    { label: "Clicked", count: s.emails_clicked, rate: r.click_rate, denominator: s.emails_delivered, of: "of delivered" },
    { label: "Replied", count: s.emails_replied, rate: r.reply_rate, denominator: s.emails_delivered, of: "of delivered" },
    // Only providers that report it (the Tenant overview has no bounce figures).
    { label: "Bounced", count: s.emails_bounced, rate: r.bounce_rate, denominator: s.emails_sent, of: "of sent" },
  ]
    // What the provider does not report is left out; labels follow the document's rate_basis.
    .filter((row) => row.count !== undefined || row.rate !== undefined)
    .map((row) => {
      const of = data.rate_basis && RATE_OF[row.label] ? ofBasis(RATE_OF[row.label]!, data.rate_basis) : undefined;
      const denominator = data.rate_basis && of === "of sent" ? s.emails_sent : row.denominator;
      return of ? { ...row, of, denominator } : row;
    });
  const countWidth = Math.max(5, ...rows.map((row) => (row.count === undefined ? 0 : formatCount(row.count).length))) + 2;
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
      row.count === undefined ? "" : formatCount(row.count),
      row.rate === undefined ? "" : formatRate(row.rate, row.denominator),
      ...(withOf ? [row.of ? theme.dim(row.of) : ""] : []),
      ...(withBar && withOf ? [row.rate === undefined || row.denominator === 0 ? "" : theme.accent(bar(row.rate / 100, barWidth - 2))] : []),
    ]),
    align: ["left", "right", "right", "left", "left"],
    colWidths: [...fixed.slice(0, withOf ? 4 : 3), ...(withBar && withOf ? [barWidth] : [])],
  });
}

type TopCampaign = NonNullable<WorkspaceDocument["top_campaigns"]>[number];

const descending = (pick: (c: TopCampaign) => number) => (list: readonly TopCampaign[]): boolean =>
  list.every((c, i) => i === 0 || pick(list[i - 1] as TopCampaign) >= pick(c));

/**
 * How the list is ranked, read from the numbers (document 001 does not say): by reply rate, then
 * open rate, as the sandbox and the API rank them, or else in the order the API sent.
 */
export function rankingWords(top: readonly TopCampaign[]): string {
  if (top.length < 2) return "";
  if (descending((c) => c.reply_rate ?? 0)(top)) return "ranked by reply rate, then open rate";
  if (descending((c) => c.open_rate ?? 0)(top)) return "ranked by open rate";
  return "in the API's order";
}

function topCampaignsTable(data: WorkspaceDocument, view: OverviewView): string[] {
  const { theme } = view;
  const top = data.top_campaigns ?? [];
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
  const rate = (value: number | undefined): string => (value === undefined ? "–" : formatRate(value));
  const rateWidth = Math.max(6, ...top.map((c) => Math.max(rate(c.open_rate).length, rate(c.reply_rate).length))) + 2;
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
          rate(c.open_rate),
          rate(c.reply_rate),
        ]),
      ),
      align: keep<"left" | "right">(["right", "left", "left", "right", "right", "right"]),
      colWidths: keep([rankWidth, nameWidth, idWidth, sentWidth, openWidth, replyWidth]),
    }),
  ];
  return rows;
}

/** The provider's means over campaigns (not pooled rates), labelled as such. */
function averagesLines(data: WorkspaceDocument, view: OverviewView): string[] {
  const averages = data.averages;
  if (!averages) return [];
  const parts = (["open_rate", "reply_rate", "bounce_rate"] as const)
    .filter((metric) => averages[metric] !== undefined)
    .map((metric) => `${metric.replace(/_rate$/, "")} ${formatRate(averages[metric]!)}`);
  return parts.length ? ["", truncate(`Average of campaigns: ${parts.join(", ")}`, view.columns)] : [];
}

/** Which campaigns and sends the pooled rates cover, and whether that is all of the workspace's sends. */
function coverageLines(data: WorkspaceDocument, view: OverviewView): string[] {
  const from = data.pooled_from;
  if (!from) return [];
  const total = data.summary.emails_sent;
  const what = `Rates pooled from ${formatCount(from.campaigns)} listed campaign${from.campaigns === 1 ? "" : "s"}: ${formatCount(from.emails_sent)}`;
  const note = total !== undefined && total !== from.emails_sent ? `${what} of the workspace's ${formatCount(total)} sends.` : `${what} sends.`;
  return [view.theme.dim(truncate(note, view.columns))];
}

export function renderOverview(data: WorkspaceDocument, view: OverviewView): string[] {
  const { theme } = view;
  const s = data.summary;
  const title = truncate(data.workspace_id !== undefined ? `Workspace ${sanitize(data.workspace_id)}` : `Workspace (${sanitize(data.provider ?? "")})`, view.columns);
  const campaigns = [
    s.total_campaigns !== undefined ? `${formatCount(s.total_campaigns)} campaign${s.total_campaigns === 1 ? "" : "s"}` : undefined,
    s.active_campaigns !== undefined ? `${formatCount(s.active_campaigns)} active` : undefined,
  ].filter((part) => part !== undefined);
  return [
    theme.bold(title),
    truncate(data.time_range ? sanitize(formatWindow(data.time_range)) : "All time, as the provider reports it", view.columns),
    ...(campaigns.length ? [campaigns.join(", ")] : []),
    "",
    ...funnelTable(data, view),
    ...coverageLines(data, view),
    ...averagesLines(data, view),
    ...(data.top_campaigns ? ["", ...topCampaignsTable(data, view).map((line, i) => (i === 0 ? truncate(line, view.columns) : line))] : []),
  ];
}
