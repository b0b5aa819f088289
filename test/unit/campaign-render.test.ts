import { describe, expect, it } from "vitest";
import type { CampaignAnalytics } from "../../src/providers/tenant/schemas.js";
import { renderCampaign } from "../../src/render/campaign.js";
import { createTheme } from "../../src/render/theme.js";

function campaign(days: number, name = "Q4 Outreach Campaign"): CampaignAnalytics {
  return {
    campaign_id: "cmp_abc123",
    campaign_name: name,
    time_range: { start: "2025-10-27T00:00:00Z", end: "2025-11-26T23:59:59Z", period: "30d" },
    summary: { emails_sent: 5000, emails_delivered: 4900, emails_bounced: 100, emails_opened: 1470, emails_clicked: 245, emails_replied: 98, spam_complaints: 5, unsubscribes: 12 },
    rates: { delivery_rate: 98, open_rate: 30, click_rate: 5, click_to_open_rate: 16.67, reply_rate: 2, bounce_rate: 2, spam_rate: 0.1, unsubscribe_rate: 0.24 },
    time_series: Array.from({ length: days }, (_, i) => ({ date: `2025-11-${String((i % 28) + 1).padStart(2, "0")}`, sent: 100 + (i % 7) * 20, delivered: 98, opened: 30 + (i % 5), clicked: 5, replied: i % 3 })),
  };
}

const width = (line: string): number => [...line.replace(/\u001b\[[0-9;]*m/g, "")].length;

describe("renderCampaign", () => {
  it("shows the document's example as counts with their rates", () => {
    const text = renderCampaign(campaign(31), { columns: 80, theme: createTheme(0), chart: false, groupBy: "day" }).join("\n");
    expect(text).toMatch(/│ Sent\s+│\s+5,000 │/);
    expect(text).toMatch(/│ Click-to-open\s+│\s+│\s+16\.67% │ of opened/);
    expect(text).toMatch(/│ Unsubscribed\s+│\s+12 │\s+0\.24% │ of sent/);
  });

  it.each([40, 60, 80, 120, 200])("keeps every line within %i columns, with and without colour, for 7 to 181 points", (columns) => {
    for (const days of [1, 7, 31, 181]) {
      for (const level of [0, 3] as const) {
        const lines = renderCampaign(campaign(days), { columns, theme: createTheme(level), chart: true, groupBy: "day" });
        for (const line of lines) expect(width(line)).toBeLessThanOrEqual(Math.max(columns, 40));
      }
    }
  });

  it("neutralises control characters in the campaign name", () => {
    const lines = renderCampaign(campaign(3, "\u001b[2J\u001b[HEvil\u0007"), { columns: 80, theme: createTheme(0), chart: true, groupBy: "day" });
    const text = lines.join("\n");
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(lines[0]).toBe("\\x1b[2J\\x1b[HEvil\\x07 (cmp_abc123)");
  });

  it("tells the volume and response series apart without colour (one chart each)", () => {
    const text = renderCampaign(campaign(31), { columns: 80, theme: createTheme(0), chart: true, groupBy: "week" }).join("\n");
    for (const label of ["Volume per week", "Sent:", "Opened:", "Responses per week", "Clicked:", "Replied:"]) expect(text).toContain(label);
  });

  it("draws one chart per group with a coloured legend when colour is on", () => {
    const text = renderCampaign(campaign(31), { columns: 80, theme: createTheme(1), chart: true, groupBy: "day" }).join("\n");
    expect(text).toContain("━━ Sent");
    expect(text).not.toContain("Sent:");
  });

  it("says so when there are no points", () => {
    const text = renderCampaign(campaign(0), { columns: 80, theme: createTheme(0), chart: true, groupBy: "day" }).join("\n");
    expect(text).toContain("Volume per day: no data in this range");
  });
});
