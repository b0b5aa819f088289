/**
 * The workspace's campaign list from the Campaign Management API that document 000 references but
 * the seeds do not specify: `GET /api/v1/workspaces/{id}/campaigns`. Inferred, so read tolerantly:
 * `data` is the array itself or `{campaigns: [...]}`; ids come as `id` or `campaign_id`, names as
 * `name` or `campaign_name`; counts and rates (percent) under the Tenant's own names where present.
 */
import * as v from "valibot";
import { ApiError } from "../../errors.js";
import { checkUniqueIds } from "../local/checks.js";
import type { CampaignList, CampaignRow } from "../shapes.js";

const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const rate = v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(100));

const ListedCampaignSchema = v.looseObject({
  id: v.optional(v.string()),
  campaign_id: v.optional(v.string()),
  name: v.optional(v.string()),
  campaign_name: v.optional(v.string()),
  status: v.optional(v.string()),
  created_at: v.optional(v.string()),
  emails_sent: v.optional(count),
  emails_delivered: v.optional(count),
  emails_opened: v.optional(count),
  emails_clicked: v.optional(count),
  emails_replied: v.optional(count),
  emails_bounced: v.optional(count),
  delivery_rate: v.optional(rate),
  open_rate: v.optional(rate),
  click_rate: v.optional(rate),
  reply_rate: v.optional(rate),
  bounce_rate: v.optional(rate),
});
const ListSchema = v.union([v.array(ListedCampaignSchema), v.looseObject({ campaigns: v.array(ListedCampaignSchema) })]);

const OPTIONAL_FIELDS = [
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

/** The list in the common shape; a malformed one is an ApiError (exit 1) naming what is wrong. */
export function campaignListFrom(data: unknown, label: string): CampaignList {
  const parsed = v.safeParse(ListSchema, data);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = v.getDotPath(issue);
    throw new ApiError(`unexpected response to ${label}: ${path ? `data.${path}` : "data"}: ${issue.message}`);
  }
  const items = Array.isArray(parsed.output) ? parsed.output : parsed.output.campaigns;
  const campaigns = items.map((item, index): CampaignRow => {
    const id = item.campaign_id ?? item.id;
    const name = item.campaign_name ?? item.name;
    if (id === undefined || name === undefined) throw new ApiError(`unexpected response to ${label}: campaign ${index} has no ${id === undefined ? "id" : "name"}`);
    const row: CampaignRow = { campaign_id: id, campaign_name: name };
    if (item.status !== undefined) row.status = item.status.toLowerCase();
    for (const field of OPTIONAL_FIELDS) if (item[field] !== undefined) Object.assign(row, { [field]: item[field] });
    return row;
  });
  checkUniqueIds(campaigns, label);
  return { campaigns };
}
