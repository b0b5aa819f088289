import { describe, expect, it } from "vitest";
import type { Deliverability, WorkspaceOverview } from "../../src/providers/tenant/schemas.js";
import { gauge, healthVerdict, placementVerdict, renderDeliverability } from "../../src/render/deliverability.js";
import { renderOverview } from "../../src/render/overview.js";
import { createTheme } from "../../src/render/theme.js";

// eslint-disable-next-line no-control-regex
const ANSI_SEQUENCE = /\u001b\[[0-9;]*m/g;
const visible = (line: string): number => [...line.replace(ANSI_SEQUENCE, "")].length;
const plain = createTheme(0);

const overview: WorkspaceOverview = {
  workspace_id: "ws_xyz789",
  time_range: { start: "2025-10-27T00:00:00Z", end: "2025-11-26T23:59:59Z", period: "30d" },
  summary: { total_campaigns: 15, active_campaigns: 8, emails_sent: 75000, emails_delivered: 73500, emails_opened: 22050, emails_clicked: 3675, emails_replied: 1470 },
  rates: { delivery_rate: 98, open_rate: 30, click_rate: 5, reply_rate: 2 },
  top_campaigns: [
    { campaign_id: "cmp_abc123", campaign_name: "Q4 Outreach", open_rate: 35.5, reply_rate: 3.2 },
    { campaign_id: "cmp_def456", campaign_name: "A very long campaign name that goes on and on \u001b[2J forever", open_rate: 20, reply_rate: 1 },
  ],
};

function deliverability(listed: boolean): Deliverability {
  return {
    workspace_id: "ws_xyz789",
    time_range: { start: "2025-10-27T00:00:00Z", end: "2025-11-26T23:59:59Z" },
    overall: { estimated_inbox_placement_rate: 95.5, spam_rate: 2.5, bounce_rate: 2.0, health_score: 92 },
    bounce_analysis: {
      hard_bounces: 800,
      soft_bounces: 700,
      hard_bounce_rate: 1.07,
      soft_bounce_rate: 0.93,
      top_bounce_reasons: [
        { reason: "Invalid recipient", count: 500, percentage: 33.3 },
        { reason: "Mailbox full \u001b]0;pwned\u0007 and a reason far too long to fit any narrow terminal", count: 350, percentage: 23.3 },
      ],
    },
    reputation_trend: [
      { date: "2025-11-01", score: 90 },
      { date: "2025-11-15", score: 92 },
    ],
    blacklist_status: { any_ip_blacklisted: listed, ips_checked: 3, last_check: "2025-11-26T10:00:00Z" },
  };
}

describe("renderOverview", () => {
  it("shows the summary, rates and ranked campaigns, with server strings neutralised", () => {
    const text = renderOverview(overview, { columns: 100, theme: plain }).join("\n");
    expect(text).toContain("2025-10-27 → 2025-11-26 (last 30 days)");
    expect(text).toContain("15 campaigns, 8 active");
    expect(text).toMatch(/Opened\s+│\s+22,050 │\s+30\.00% │ of delivered/);
    expect(text).toMatch(/│ 1 │ Q4 Outreach\s+│ cmp_abc123 │\s+35\.50% │\s+3\.20% │/);
    expect(text).not.toContain("\u001b");
  });

  it.each([40, 60, 80, 120])("fits %i columns", (columns) => {
    for (const line of renderOverview(overview, { columns, theme: createTheme(3) })) expect(visible(line)).toBeLessThanOrEqual(columns);
  });

  it("says so when no campaign sent anything", () => {
    const text = renderOverview({ ...overview, top_campaigns: [] }, { columns: 80, theme: plain }).join("\n");
    expect(text).toContain("No campaign sent anything in this range.");
  });
});

describe("renderDeliverability", () => {
  it("bands the health score and inbox placement", () => {
    expect([92, 80, 79, 60, 59].map(healthVerdict)).toEqual(["good", "good", "fair", "fair", "poor"]);
    expect([99, 95, 94.9, 90, 89].map(placementVerdict)).toEqual(["good", "good", "fair", "fair", "poor"]);
    expect(gauge(0.5, 12, plain, "good")).toBe("[█████·····]");
    expect(gauge(1, 12, plain, "good")).toBe("[██████████]");
  });

  it("shows the scores with gauges, bounces, reasons with bars, the trend and a clean blacklist", () => {
    const lines = renderDeliverability(deliverability(false), { columns: 80, theme: plain, range: "30d" });
    const text = lines.join("\n");
    expect(text).toContain("Deliverability · workspace ws_xyz789");
    expect(text).toContain("2025-10-27 → 2025-11-26 (last 30 days)");
    expect(text).toMatch(/Health score\s+92\/100 \[█+/);
    expect(text).toMatch(/Inbox placement\s+95\.50% \[█+/);
    expect(text).toMatch(/Total\s+│\s+1,500 │\s+2\.00% │/);
    expect(text).toMatch(/│ Invalid recipient\s+│\s+500 │\s+33\.30% │ █+/);
    expect(text).toContain("90 → 92 (+2; low 90, high 92)");
    expect(text).toContain("✓ Not listed: no sending IP is on a blacklist (3 IPs checked)");
    expect(text).not.toContain("\u001b");
    expect(text).not.toContain("\u0007");
  });

  it("flags a listed IP loudly, in red when colour is on", () => {
    const text = renderDeliverability(deliverability(true), { columns: 80, theme: createTheme(1) }).join("\n");
    expect(text).toMatch(/\u001b\[31m[^\n]*✗ LISTED: a sending IP is on a blacklist \(3 IPs checked\)/);
    expect(text).toContain("request delisting");
  });

  it.each([40, 60, 80, 120])("fits %i columns, with or without colour", (columns) => {
    for (const theme of [plain, createTheme(3)]) {
      for (const line of renderDeliverability(deliverability(true), { columns, theme, campaignId: "cmp_abc123", domainId: "dom_k3x9p2" })) {
        expect(visible(line)).toBeLessThanOrEqual(columns);
      }
    }
  });
});
