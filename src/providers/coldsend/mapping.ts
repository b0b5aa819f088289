/**
 * ColdSend's answers → the common shapes (CLI.md, "The common JSON shape"): fractions × 100 (to the
 * provider's own precision, no further rounding), every rate over sent (169 / 498 = 0.3394),
 * statuses lower-case, and nothing ColdSend does not report (no clicks, no deliveries, no series).
 */
import type { RateTable } from "../local/compare.js";
import type { CampaignDocument, CampaignList, CampaignRow, RateBasis, Timeline } from "../shapes.js";
import type { WorkspaceDocument } from "../shapes.js";
import type { ColdSendCampaign, ColdSendCampaigns, ColdSendTimeline } from "./schemas.js";

export const PROVIDER = "coldsend" as const;

/** Every ColdSend rate is over sent: the document's own numbers show it (169 opened / 498 sent = 0.3394). */
export const RATE_BASIS: RateBasis = { open_rate: "sent", reply_rate: "sent", bounce_rate: "sent" };

/** What local compare divides (keys of countsOf). */
export const RATE_TABLE: RateTable = {
  open_rate: { successes: "opened", trials: "sent", basis: "sent" },
  reply_rate: { successes: "replied", trials: "sent", basis: "sent" },
  bounce_rate: { successes: "bounced", trials: "sent", basis: "sent" },
};

/** A fraction as a percentage with the digits the provider sent (0.3394 → 33.94, not 33.940000000000005). */
export function percent(fraction: number): number {
  const text = String(fraction);
  const exponent = /e-(\d+)$/.exec(text);
  const decimals = exponent ? Number(exponent[1]) + (text.split("e")[0]!.split(".")[1]?.length ?? 0) : (text.split(".")[1]?.length ?? 0);
  return Number((fraction * 100).toFixed(Math.min(100, Math.max(0, decimals - 2))));
}

export function countsOf(campaign: ColdSendCampaign): Record<string, number> {
  return { sent: campaign.total_sent, opened: campaign.total_opened, replied: campaign.total_replied, bounced: campaign.total_bounced };
}

export function campaignRow(campaign: ColdSendCampaign): CampaignRow {
  return {
    campaign_id: campaign.campaign_id,
    campaign_name: campaign.campaign_name,
    status: campaign.status.toLowerCase(),
    ...(campaign.total_leads !== undefined ? { total_leads: campaign.total_leads } : {}),
    emails_sent: campaign.total_sent,
    emails_opened: campaign.total_opened,
    emails_replied: campaign.total_replied,
    emails_bounced: campaign.total_bounced,
    open_rate: percent(campaign.open_rate),
    reply_rate: percent(campaign.reply_rate),
    bounce_rate: percent(campaign.bounce_rate),
    ...(campaign.created_at !== undefined ? { created_at: campaign.created_at } : {}),
  };
}

export function campaignList(answer: ColdSendCampaigns): CampaignList {
  return { campaigns: answer.campaigns.map(campaignRow), provider: PROVIDER, rate_basis: RATE_BASIS };
}

/** `campaign <id>`: its row of the list, in the campaign shape (all-time counts; no series, no clicks). */
export function campaignDocument(campaign: ColdSendCampaign): CampaignDocument {
  const row = campaignRow(campaign);
  return {
    campaign_id: row.campaign_id,
    campaign_name: row.campaign_name,
    ...(row.status !== undefined ? { status: row.status } : {}),
    ...(row.created_at !== undefined ? { created_at: row.created_at } : {}),
    summary: {
      ...(row.total_leads !== undefined ? { total_leads: row.total_leads } : {}),
      emails_sent: campaign.total_sent,
      emails_opened: campaign.total_opened,
      emails_replied: campaign.total_replied,
      emails_bounced: campaign.total_bounced,
    },
    rates: { open_rate: percent(campaign.open_rate), reply_rate: percent(campaign.reply_rate), bounce_rate: percent(campaign.bounce_rate) },
    provider: PROVIDER,
    rate_basis: RATE_BASIS,
  };
}

const pooled = (successes: number, sent: number): number | undefined => (sent > 0 ? (successes / sent) * 100 : undefined);

/**
 * `overview`: totals from workspace_kpis; rates pooled from the listed campaigns' counts (never an
 * average of rates); ColdSend's avg_*_rate (means over campaigns) under `averages`; `pooled_from`
 * says which campaigns and sends the pooled rates cover.
 */
export function workspaceDocument(answer: ColdSendCampaigns, top = 5): WorkspaceDocument {
  const sum = (key: "total_sent" | "total_opened" | "total_replied" | "total_bounced"): number => answer.campaigns.reduce((total, c) => total + c[key], 0);
  const sent = sum("total_sent");
  const rates: Record<string, number> = {};
  for (const [metric, successes] of [
    ["open_rate", sum("total_opened")],
    ["reply_rate", sum("total_replied")],
    ["bounce_rate", sum("total_bounced")],
  ] as const) {
    const value = pooled(successes, sent);
    if (value !== undefined) rates[metric] = value;
  }
  const kpis = answer.workspace_kpis;
  const ranked = [...answer.campaigns].filter((c) => c.total_sent > 0).sort((a, b) => b.reply_rate - a.reply_rate || b.open_rate - a.open_rate);
  return {
    summary: { total_campaigns: kpis.total_campaigns, emails_sent: kpis.total_sends, emails_opened: sum("total_opened"), emails_replied: sum("total_replied"), emails_bounced: sum("total_bounced") },
    rates,
    averages: { open_rate: percent(kpis.avg_open_rate), reply_rate: percent(kpis.avg_reply_rate), bounce_rate: percent(kpis.avg_bounce_rate) },
    pooled_from: { campaigns: answer.campaigns.length, emails_sent: sent },
    top_campaigns: ranked.slice(0, top).map((c) => ({ campaign_id: c.campaign_id, campaign_name: c.campaign_name, emails_sent: c.total_sent, open_rate: percent(c.open_rate), reply_rate: percent(c.reply_rate) })),
    provider: PROVIDER,
    rate_basis: RATE_BASIS,
  };
}

export function timelineDocument(answer: ColdSendTimeline, requested: { from: string; to: string }): Timeline {
  return {
    time_range: { start: answer.from_date ?? requested.from, end: answer.to_date ?? requested.to },
    time_series: answer.timeline.map((day) => ({
      date: day.date,
      sent: day.sent,
      opened: day.opened,
      replied: day.replied,
      bounced: day.bounced,
      open_rate: percent(day.open_rate),
      reply_rate: percent(day.reply_rate),
      bounce_rate: percent(day.bounce_rate),
    })),
    provider: PROVIDER,
    rate_basis: RATE_BASIS,
  };
}
