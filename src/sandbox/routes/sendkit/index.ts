/** SendKit's one endpoint (document 004), under the campaign-analytics rate limit. */
import type { RouteDefinition } from "../../router.js";
import { sendkitCampaignAnalytics } from "./analytics.js";

export const SENDKIT_ROUTES: readonly RouteDefinition[] = [
  { method: "GET", path: "/v1/campaigns/:id/analytics", rateClass: "campaign", handler: sendkitCampaignAnalytics },
];
