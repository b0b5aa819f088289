/**
 * The sandbox's route table. Add an endpoint by adding an entry: method, path, rate-limit class, handler.
 */
import { API_BASE, type RouteDefinition } from "../router.js";
import { campaignAnalytics } from "./campaign.js";
import { workspaceOverview } from "./overview.js";

export const ROUTES: readonly RouteDefinition[] = [
  { method: "GET", path: `${API_BASE}/campaigns/:campaignId/analytics`, rateClass: "campaign", handler: campaignAnalytics },
  { method: "GET", path: `${API_BASE}/analytics/overview`, rateClass: "overview", handler: workspaceOverview },
];
