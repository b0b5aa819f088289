import { describe, expect, it } from "vitest";
import type { Deliverability, WorkspaceOverview } from "../../src/providers/tenant/schemas.js";
import { gauge, healthVerdict, placementVerdict, renderDeliverability } from "../../src/render/deliverability.js";
import { rankingWords, renderOverview } from "../../src/render/overview.js";
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

describe("renderOverview: what the top campaigns are", () => {
  const sent = new Map([
    ["cmp_abc123", 1204],
    ["cmp_def456", 3],
  ]);

  it("says how the list is ranked, read from the numbers", () => {
    expect(rankingWords(overview.top_campaigns)).toBe("ranked by reply rate, then open rate");
    const byOpen = [
      { campaign_id: "a", campaign_name: "A", open_rate: 50, reply_rate: 1 },
      { campaign_id: "b", campaign_name: "B", open_rate: 40, reply_rate: 2 },
    ];
    expect(rankingWords(byOpen)).toBe("ranked by open rate");
    expect(rankingWords([byOpen[1]!, byOpen[0]!, { ...byOpen[1]!, campaign_id: "c" }])).toBe("in the API's order");
    expect(renderOverview(overview, { columns: 80, theme: plain })).toContain("Top campaigns, ranked by reply rate, then open rate");
  });

  it("shows each one's sent volume beside its rates", () => {
    const text = renderOverview(overview, { columns: 100, theme: plain, sent }).join("\n");
    expect(text).toMatch(/│ # │ Campaign\s+│ ID\s+│\s+Sent │ Open rate │ Reply rate │/);
    expect(text).toMatch(/│ 1 │ Q4 Outreach\s+│ cmp_abc123 │\s+1,204 │\s+35\.50% │\s+3\.20% │/);
    expect(text).toMatch(/│ 2 │ A very long.*│ cmp_def456 │\s+3 │/);
  });

  it.each([40, 60, 80, 120])("fits %i columns with the sent column", (columns) => {
    for (const theme of [plain, createTheme(3)]) {
      for (const line of renderOverview(overview, { columns, theme, sent })) expect(visible(line)).toBeLessThanOrEqual(columns);
    }
  });

  it("prints n/a, never 0.00%, for the rates of a workspace that sent nothing", () => {
    const empty: WorkspaceOverview = {
      ...overview,
      summary: { ...overview.summary, emails_sent: 0, emails_delivered: 0, emails_opened: 0, emails_clicked: 0, emails_replied: 0 },
      rates: { delivery_rate: 0, open_rate: 0, click_rate: 0, reply_rate: 0 },
      top_campaigns: [],
    };
    const text = renderOverview(empty, { columns: 80, theme: plain }).join("\n");
    expect(text).not.toContain("0.00%");
    expect(text).toMatch(/│ Delivered\s+│\s+0 │\s+n\/a │/);
  });
});

describe("renderDeliverability: nothing sent, and the trend", () => {
  it("prints n/a for every rate of a range with no sends", () => {
    const none = deliverability(false);
    none.overall = { estimated_inbox_placement_rate: 0, spam_rate: 0, bounce_rate: 0, health_score: 100 };
    none.bounce_analysis = { ...none.bounce_analysis, hard_bounces: 0, soft_bounces: 0, hard_bounce_rate: 0, soft_bounce_rate: 0, top_bounce_reasons: [] };
    const text = renderDeliverability(none, { columns: 80, theme: plain }).join("\n");
    expect(text).not.toContain("0.00%");
    expect(text).toMatch(/Inbox placement\s+n\/a nothing was sent in this range/);
    expect(text).toMatch(/Bounce rate\s+n\/a/);
    expect(text).toMatch(/Total\s+│\s+0 │\s+n\/a │/);
  });

  it("keeps real zero rates when something was sent", () => {
    const clean = deliverability(false);
    clean.overall = { estimated_inbox_placement_rate: 100, spam_rate: 0, bounce_rate: 0, health_score: 100 };
    expect(renderDeliverability(clean, { columns: 80, theme: plain }).join("\n")).toMatch(/Bounce rate\s+0\.00%/);
  });

  it("draws the reputation score on the row that its label says, the same with colour", () => {
    const data = deliverability(false);
    data.reputation_trend = [84, 83, 81, 82, 85, 86, 84].map((score, i) => ({ date: `2025-11-${String(10 + i).padStart(2, "0")}`, score }));
    const lines = renderDeliverability(data, { columns: 80, theme: plain });
    expect(lines.join("\n")).toContain("low 81, high 86");
    const row81 = lines.find((line) => /^ *81 ┤/.test(line))!;
    expect(row81).toMatch(/─/);
    const coloured = renderDeliverability(data, { columns: 80, theme: createTheme(3) }).map((line) => line.replace(ANSI_SEQUENCE, ""));
    expect(coloured).toEqual(lines);
  });

  it("draws no trend chart for two points, and says why", () => {
    const text = renderDeliverability(deliverability(false), { columns: 80, theme: plain }).join("\n");
    expect(text).toContain("Reputation trend (score 0–100): no chart for 2 points (a trend needs at least 3)");
  });
});
