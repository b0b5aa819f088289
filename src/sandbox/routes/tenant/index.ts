/**
 * The Tenant Analytics API (document 001): method, path, rate-limit class, handler per endpoint.
 */
import { API_BASE, type RouteDefinition } from "../../router.js";
import { campaignAnalytics } from "./campaign.js";
import { listCampaigns } from "./campaigns.js";
import { compareCampaigns } from "./compare.js";
import { deliverability } from "./deliverability.js";
import { createExport, exportStatus } from "./export.js";
import { engagementHeatmap } from "./heatmap.js";
import { workspaceOverview } from "./overview.js";

export const TENANT_ROUTES: readonly RouteDefinition[] = [
  // Inferred (Campaign Management API, not document 001): see ./campaigns.ts.
  { method: "GET", path: `${API_BASE}/campaigns`, rateClass: "campaign", handler: listCampaigns },
  { method: "GET", path: `${API_BASE}/campaigns/:campaignId/analytics`, rateClass: "campaign", handler: campaignAnalytics },
  { method: "GET", path: `${API_BASE}/analytics/overview`, rateClass: "overview", handler: workspaceOverview },
  { method: "GET", path: `${API_BASE}/analytics/deliverability`, rateClass: "deliverability", handler: deliverability },
  { method: "GET", path: `${API_BASE}/analytics/engagement-heatmap`, rateClass: "heatmap", handler: engagementHeatmap },
  { method: "POST", path: `${API_BASE}/analytics/compare`, rateClass: "compare", handler: compareCampaigns, body: "json" },
  { method: "POST", path: `${API_BASE}/analytics/export`, rateClass: "export", handler: createExport, body: "json" },
  { method: "GET", path: `${API_BASE}/analytics/exports/:exportId`, rateClass: "export_status", handler: exportStatus },
];
