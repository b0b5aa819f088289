/** The published schemas (schema/) reject what CLI.md forbids: a helper that never fails proves nothing. */
import { describe, expect, it } from "vitest";
import { schemaProblems } from "../schema.js";

const coldsendCampaign = {
  campaign_id: "550e8400-e29b-41d4-a716-446655440000",
  campaign_name: "Q1 Outreach",
  status: "completed",
  summary: { emails_sent: 498, emails_opened: 169, emails_replied: 40, emails_bounced: 2 },
  rates: { open_rate: 33.94, reply_rate: 8.03, bounce_rate: 0.4 },
  provider: "coldsend",
  rate_basis: { open_rate: "sent", reply_rate: "sent", bounce_rate: "sent" },
};

describe("schema/", () => {
  it("accepts a ColdSend campaign without series or clicks", () => {
    expect(schemaProblems("campaign", coldsendCampaign)).toEqual([]);
  });

  it.each([
    ["a fraction above 1 left as is (rate over 100)", { ...coldsendCampaign, rates: { ...coldsendCampaign.rates, open_rate: 3394 } }],
    ["a missing rate_basis", { ...coldsendCampaign, rate_basis: undefined }],
    ["a null for absent data", { ...coldsendCampaign, summary: { ...coldsendCampaign.summary, emails_clicked: null } }],
    ["a camelCase key", { ...coldsendCampaign, summary: { ...coldsendCampaign.summary, emailsSent: 1 } }],
    ["an upper-case status", { ...coldsendCampaign, status: "COMPLETED" }],
    ["a tenant document without its series", { ...coldsendCampaign, provider: undefined, rate_basis: undefined }],
  ])("rejects %s", (_what, doc) => {
    expect(schemaProblems("campaign", JSON.parse(JSON.stringify(doc)))).not.toEqual([]);
  });

  it("requires a tenant compare to name a winner, and lets a local one leave it out", () => {
    const comparison = [
      { campaign_id: "a", campaign_name: "A", metrics: { open_rate: 30 } },
      { campaign_id: "b", campaign_name: "B", metrics: { open_rate: 31 } },
    ];
    const entry = { metric: "open_rate", p_value: 0.8, is_significant: false };
    expect(schemaProblems("compare", { comparison, statistical_significance: [entry] })).not.toEqual([]);
    expect(schemaProblems("compare", { comparison, statistical_significance: [entry], provider: "coldsend", rate_basis: { open_rate: "sent" } })).toEqual([]);
  });
});
