/**
 * ColdSend's public analytics API (document 003): response schemas. Bare objects (no envelope);
 * rates are fractions 0–1 (a value above 1 is a malformed answer, not a percentage to pass on).
 */
import * as v from "valibot";
import { ID_PATTERN } from "../../options/ids.js";

const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const fraction = v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(1, "a rate above 1 (ColdSend sends fractions 0–1)"));
/** Ids go into paths and file names: the shape we accept from users (UUIDs fit). */
const campaignId = v.pipe(v.string(), v.regex(ID_PATTERN, "not a usable campaign id"));

export const ColdSendCampaignSchema = v.looseObject({
  campaign_id: campaignId,
  campaign_name: v.string(),
  status: v.string(),
  total_leads: v.optional(count),
  total_sent: count,
  total_opened: count,
  total_replied: count,
  total_bounced: count,
  open_rate: fraction,
  reply_rate: fraction,
  bounce_rate: fraction,
  created_at: v.optional(v.string()),
});

export const ColdSendCampaignsSchema = v.looseObject({
  workspace_kpis: v.looseObject({
    total_campaigns: count,
    total_sends: count,
    avg_open_rate: fraction,
    avg_reply_rate: fraction,
    avg_bounce_rate: fraction,
  }),
  campaigns: v.array(ColdSendCampaignSchema),
});

export const ColdSendTimelineSchema = v.looseObject({
  timeline: v.array(
    v.looseObject({
      date: v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/, "not a YYYY-MM-DD date")),
      sent: count,
      opened: count,
      replied: count,
      bounced: count,
      open_rate: fraction,
      reply_rate: fraction,
      bounce_rate: fraction,
    }),
  ),
  from_date: v.optional(v.string()),
  to_date: v.optional(v.string()),
});

export type ColdSendCampaign = v.InferOutput<typeof ColdSendCampaignSchema>;
export type ColdSendCampaigns = v.InferOutput<typeof ColdSendCampaignsSchema>;
export type ColdSendTimeline = v.InferOutput<typeof ColdSendTimelineSchema>;
