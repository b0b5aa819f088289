/** `campaign`'s renderer with a provider's partial data: no series, no clicks, rate bases, sections. */
import { describe, expect, it } from "vitest";
import type { CampaignDocument } from "../../src/providers/shapes.js";
import { renderCampaign } from "../../src/render/campaign.js";
import { SECTION_RENDERERS } from "../../src/render/sections/index.js";
import { createTheme } from "../../src/render/theme.js";

const coldsend: CampaignDocument = {
  campaign_id: "550e8400-e29b-41d4-a716-446655440000",
  campaign_name: "Q1 Outreach",
  status: "completed",
  summary: { total_leads: 500, emails_sent: 498, emails_opened: 169, emails_replied: 40, emails_bounced: 2 },
  rates: { open_rate: 33.94, reply_rate: 8.03, bounce_rate: 0.4 },
  provider: "coldsend",
  rate_basis: { open_rate: "sent", reply_rate: "sent", bounce_rate: "sent" },
};
const view = { columns: 80, theme: createTheme(0), chart: true, groupBy: "day" as const, today: "" };

describe("campaign view of partial data", () => {
  it("says there is no series and no clicks instead of drawing empty charts", () => {
    const text = renderCampaign(coldsend, view).join("\n");
    expect(text).toContain("coldsend reports no time series for a campaign, and no clicks.");
    expect(text).not.toMatch(/Clicked|Click-to-open|Delivered|per day/);
  });

  it("labels each rate with its own basis", () => {
    const opened = renderCampaign(coldsend, view).find((line) => line.includes("Opened"))!;
    expect(opened).toContain("33.94%");
    expect(opened).toContain("of sent");
    expect(opened).not.toContain("of delivered");
  });

  it("appends a provider-only section through the hook", () => {
    SECTION_RENDERERS.steps = (data) => [`Steps of ${data.campaign_name}`];
    try {
      const lines = renderCampaign({ ...coldsend, steps: [] }, view);
      expect(lines.at(-1)).toBe("Steps of Q1 Outreach");
      expect(renderCampaign(coldsend, view).join("\n")).not.toContain("Steps of");
    } finally {
      delete SECTION_RENDERERS.steps;
    }
  });
});
