/**
 * SendKit's mapping and its two renderers: steps as numbered by the API, A/B verdicts against
 * SciPy, malformed step rows, the three reply figures, and the Steps / Lead status sections at
 * 40, 80 and 120 columns with and without colour on edge data.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/errors.js";
import { groupSteps, replyDisagreement, toCampaign } from "../../src/providers/sendkit/map.js";
import type { SendkitAnalytics, StepRow } from "../../src/providers/sendkit/schemas.js";
import { renderLeadStatus } from "../../src/render/lead-status.js";
import { renderSteps } from "../../src/render/steps.js";
import { createTheme } from "../../src/render/theme.js";
import { createDataset } from "../../src/sandbox/dataset.js";
import { campaignTotals, sendkitIds, stepRows } from "../../src/sandbox/routes/sendkit/sequence.js";

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
const HAS_ANSI = /\u001b\[/;
const plain = (line: string): string => line.replace(ANSI, "");
const row = (step: number, variant: string | null, sent: number, opened = 0, clicked = 0, bounced = 0): StepRow => ({
  _id: { sequenceStep: step, variant },
  sent,
  opened,
  clicked,
  bounced,
});

const fixture = JSON.parse(readFileSync(new URL("../fixtures/sendkit-steps.json", import.meta.url), "utf8")) as {
  dataset: { seed: number; now: string; campaigns: number };
  cases: Array<{
    sandbox?: { campaign: string; step: number };
    variants: Record<string, { sent: number; opened: number; clicked: number; bounced: number }>;
    significance: Array<{ metric: string; test: string; p_value: number; is_significant: boolean; winner?: string }>;
  }>;
};

describe("groupSteps", () => {
  it("keeps the API's step numbers (0 and 2 stay 0 and 2), sorts them, and gives a step without variants no variants key", () => {
    const steps = groupSteps([row(2, null, 50, 22, 6, 2), row(0, null, 100, 50, 12, 3)], "GET x");
    expect(steps.map((s) => s.step)).toEqual([0, 2]);
    expect(steps[0]).toEqual({ step: 0, sent: 100, opened: 50, clicked: 12, bounced: 3, open_rate: 50, click_rate: 12, bounce_rate: 3 });
    expect(steps[0]).not.toHaveProperty("variants");
    expect(steps[0]).not.toHaveProperty("significance");
  });

  it("a step with variants: totals, one entry per variant, a verdict per metric; rates absent where nothing was sent", () => {
    const [step] = groupSteps([row(1, "B", 0), row(1, "A", 10, 5, 1, 0)], "GET x");
    expect(step?.variants?.map((v) => v.variant)).toEqual(["A", "B"]);
    expect(step?.variants?.[1]).toEqual({ variant: "B", sent: 0, opened: 0, clicked: 0, bounced: 0 });
    expect(step?.significance?.map((s) => [s.metric, s.p_value, s.is_significant, s.winner])).toEqual([
      ["open_rate", 1, false, undefined],
      ["click_rate", 1, false, undefined],
      ["bounce_rate", 1, false, undefined],
    ]);
  });

  it("two rows with the same step and variant, or a step with and without variants, are a malformed response (exit 1)", () => {
    const duplicate = (): unknown => groupSteps([row(0, "A", 5), row(0, "A", 6)], "GET /v1/campaigns/x/analytics");
    expect(duplicate).toThrow(ApiError);
    expect(duplicate).toThrow('malformed response to GET /v1/campaigns/x/analytics: stepAnalytics has two rows for step 0 variant "A"');
    expect(() => groupSteps([row(3, null, 5), row(3, null, 6)], "GET x")).toThrow("two rows for step 3 without a variant");
    expect(() => groupSteps([row(3, null, 5), row(3, "A", 6)], "GET x")).toThrow("step 3 has rows both with and without a variant");
    expect(new ApiError("x").exitCode).toBe(1);
  });
});

describe("A/B verdicts against SciPy (test/fixtures/sendkit-steps.json)", () => {
  it("match every p-value to 1e-9, the test used, significance and winner", () => {
    expect(fixture.cases.length).toBeGreaterThanOrEqual(6);
    for (const testCase of fixture.cases) {
      const rows = Object.entries(testCase.variants).map(([variant, c]) => row(4, variant, c.sent, c.opened, c.clicked, c.bounced));
      const [step] = groupSteps(rows, "GET x");
      const got = step?.significance ?? [];
      expect(got.map((s) => s.metric)).toEqual(testCase.significance.map((s) => s.metric));
      testCase.significance.forEach((want, i) => {
        const entry = got[i]!;
        expect(Math.abs(entry.p_value - want.p_value), `${want.metric} ${entry.p_value} vs ${want.p_value}`).toBeLessThanOrEqual(1e-9);
        if (want.p_value > 0) expect(Math.abs(entry.p_value - want.p_value) / want.p_value).toBeLessThan(1e-6);
        expect([entry.test, entry.is_significant, entry.winner]).toEqual([want.test, want.is_significant, want.winner]);
      });
    }
  });

  it("the sandbox still serves the fixture's dataset steps", () => {
    const { seed, now, campaigns } = fixture.dataset;
    const dataset = createDataset({ seed, now: new Date(now), campaigns });
    const ids = sendkitIds(dataset);
    for (const testCase of fixture.cases.filter((c) => c.sandbox)) {
      const campaign = ids.campaignOf(testCase.sandbox!.campaign)!;
      const served = stepRows(seed, campaign, campaignTotals(dataset, campaign)).filter((r) => r._id.sequenceStep === testCase.sandbox!.step);
      expect(Object.fromEntries(served.map((r) => [r._id.variant, { sent: r.sent, opened: r.opened, clicked: r.clicked, bounced: r.bounced }]))).toEqual(testCase.variants);
    }
  });
});

const DOC_EXAMPLE: SendkitAnalytics = {
  campaign: { id: "665a1b2c3d4e5f6a7b8c9d0e", name: "Q1 Outreach Campaign", status: "active", startedAt: "2025-06-15T09:00:00.000Z" },
  stats: { sent: 150, delivered: 145, opened: 72, clicked: 18, replied: 12, bounced: 5, unsubscribed: 2 },
  stepAnalytics: [row(0, null, 100, 50, 12, 3), row(2, null, 50, 22, 6, 2)],
  statusBreakdown: { active: 350, completed: 100, bounced: 5, unsubscribed: 2, replied: 12, removed: 31 },
  totalReplied: 12,
};

describe("toCampaign and the three reply figures", () => {
  it("maps the document's example: Tenant denominators, rate_basis, funnel replies from stats.replied", () => {
    const data = toCampaign(DOC_EXAMPLE, "GET x");
    expect(data.provider).toBe("sendkit");
    expect(data.summary.emails_replied).toBe(12);
    expect(data.rates.open_rate).toBeCloseTo((72 / 145) * 100, 12);
    expect(data.rates.bounce_rate).toBeCloseTo((5 / 150) * 100, 12);
    expect(data.rate_basis).toMatchObject({ open_rate: "delivered", reply_rate: "delivered", bounce_rate: "sent", click_to_open_rate: "opened" });
    expect(data.rates).not.toHaveProperty("spam_rate");
    expect(data.summary).not.toHaveProperty("spam_complaints");
    expect(data.lead_status.replied).toBe(12);
    expect(data.total_replied).toBe(12);
  });

  it("says nothing when the three agree, and names all three when they do not", () => {
    expect(replyDisagreement(DOC_EXAMPLE)).toBeUndefined();
    const odd = { ...DOC_EXAMPLE, totalReplied: 13, statusBreakdown: { ...DOC_EXAMPLE.statusBreakdown, replied: 11 } };
    expect(replyDisagreement(odd)).toBe(
      "SendKit's reply counts disagree (stats.replied 12, totalReplied 13, statusBreakdown.replied 11); the funnel uses stats.replied, lead status uses statusBreakdown.replied",
    );
  });

  it("a campaign that sent nothing has no rates at all (absent, not 0)", () => {
    const empty = toCampaign({ ...DOC_EXAMPLE, stats: { sent: 0, delivered: 0, opened: 0, clicked: 0, replied: 0, bounced: 0, unsubscribed: 0 }, stepAnalytics: [] }, "GET x");
    expect(empty.rates).toEqual({});
    expect(empty.steps).toEqual([]);
  });
});

const TEN_STEPS = groupSteps(
  Array.from({ length: 10 }, (_, i) => row(i, null, 1000 - i * 90, 400 - i * 30, 50 - i * 4, 10 - i)),
  "GET x",
);
const ONE_STEP = groupSteps([row(0, null, 1_234_567, 456_789, 12_345, 9_876)], "GET x");
const THREE_VARIANTS = groupSteps(
  [row(0, null, 900, 400, 40, 9), row(1, "A", 843, 149, 22, 25), row(1, "B", 913, 191, 22, 30), row(1, "C", 857, 279, 31, 29), row(4, null, 300, 90, 5, 3)],
  "GET x",
);
const ZERO_SENDS = groupSteps([row(0, "A", 0), row(0, "B", 0), row(1, null, 0)], "GET x");

describe("renderSteps", () => {
  const views = [40, 80, 120].flatMap((columns) => [0, 3].map((level) => ({ columns, theme: createTheme(level as 0 | 3) })));

  it("never exceeds the width, colour only when asked, on every edge case", () => {
    for (const steps of [TEN_STEPS, ONE_STEP, THREE_VARIANTS, ZERO_SENDS, []]) {
      for (const view of views) {
        const lines = renderSteps(steps, view);
        for (const line of lines) expect(plain(line).length, `${view.columns}: ${plain(line)}`).toBeLessThanOrEqual(view.columns);
        expect(lines.some((line) => HAS_ANSI.test(line))).toBe(view.theme.level > 0);
      }
    }
  });

  it("ten steps: ten rows numbered 0–9, no gap rows", () => {
    const lines = renderSteps(TEN_STEPS, { columns: 80, theme: createTheme(0) });
    const numbers = lines.slice(3).map((line) => line.split(/\s+/)[0]);
    expect(numbers).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);
    expect(lines.join("\n")).not.toContain("no step");
  });

  it("one step with big counts: counts and rates at 80 and 120, rates at 40", () => {
    const wide = renderSteps(ONE_STEP, { columns: 80, theme: createTheme(0) });
    expect(wide[1]).toMatch(/^Step\s+Sent\s+Opened\s+%\s+Clicked\s+%\s+Bounced\s+%$/);
    expect(wide[3]).toMatch(/^0\s+1,234,567\s+456,789\s+37\.00%\s+12,345\s+1\.00%\s+9,876\s+0\.80%$/);
    const narrow = renderSteps(ONE_STEP, { columns: 40, theme: createTheme(0) });
    expect(narrow[1]).toMatch(/^Step\s+Sent\s+Open %\s+Click %\s+Bounce %$/);
    expect(narrow[3]).toMatch(/^0\s+1,234,567\s+37\.00%\s+1\.00%\s+0\.80%$/);
  });

  it("three variants: sub-rows under their step, the gaps 1→4 shown, a chi-square verdict naming C for opens", () => {
    const lines = renderSteps(THREE_VARIANTS, { columns: 80, theme: createTheme(0) });
    const text = lines.join("\n");
    expect(lines.slice(3, 9).map((line) => line.trim().split(/\s+/)[0])).toEqual(["0", "1", "A", "B", "C", "…"]);
    expect(text).toContain("no steps 2–3");
    expect(text).toContain("Step 1 A/B test (chi-square, α = 0.05)");
    expect(text).toMatch(/ {2}Open rate {4}C wins {7}p <0\.001/);
    expect(text).toMatch(/ {2}Click rate {3}no winner {4}p 0\.270/);
  });

  it("zero sends: dashes for rates, 'nothing sent' verdicts; no steps at all says so", () => {
    const text = renderSteps(ZERO_SENDS, { columns: 80, theme: createTheme(0) }).join("\n");
    expect(text).toMatch(/ {2}A\s+0\s+0\s+—\s+0\s+—\s+0\s+—/);
    expect(text).toMatch(/Open rate {4}nothing sent p 1\.00$/m);
    expect(renderSteps([], { columns: 80, theme: createTheme(0) })).toEqual(["Steps (rates of each step's sends)", "No step has sent anything yet."]);
  });
});

describe("renderLeadStatus", () => {
  const leads = { active: 350, completed: 100, bounced: 5, unsubscribed: 2, replied: 12, removed: 31 };

  it("counts and shares of all leads, bars where they fit, within the width", () => {
    for (const columns of [40, 80, 120]) {
      for (const level of [0, 3] as const) {
        const lines = renderLeadStatus(leads, { columns, theme: createTheme(level) });
        expect(plain(lines[0]!)).toBe("Lead status (shares of 500 leads)");
        expect(lines).toHaveLength(7);
        for (const line of lines) expect(plain(line).length).toBeLessThanOrEqual(columns);
        expect(lines.some((line) => HAS_ANSI.test(line))).toBe(level > 0);
      }
    }
    const lines = renderLeadStatus(leads, { columns: 80, theme: createTheme(0) });
    expect(lines[1]).toMatch(/^Active {8}350 {3}70\.00% {2}█{28}$/);
    expect(lines[6]).toMatch(/^Removed {8}31 {4}6\.20% {2}██▌$/);
    expect(renderLeadStatus({ active: 0, completed: 0, bounced: 0, unsubscribed: 0, replied: 0, removed: 0 }, { columns: 80, theme: createTheme(0) })[1]).toBe("No leads yet.");
  });
});

describe("SendKit on the platform's campaign hook (render/sections/sendkit.ts)", () => {
  const data = toCampaign(
    {
      campaign: { id: "665a1b2c3d4e5f6a7b8c9d0e", name: "Q1", status: "ACTIVE", startedAt: "2025-06-15T09:00:00Z" },
      stats: { sent: 150, delivered: 145, opened: 72, clicked: 18, replied: 12, bounced: 5, unsubscribed: 2 },
      stepAnalytics: [
        { _id: { sequenceStep: 0, variant: "A" }, sent: 60, opened: 30, clicked: 6, bounced: 1 },
        { _id: { sequenceStep: 0, variant: "B" }, sent: 40, opened: 20, clicked: 6, bounced: 2 },
        { _id: { sequenceStep: 2, variant: null }, sent: 50, opened: 22, clicked: 6, bounced: 2 },
      ],
      statusBreakdown: { active: 350, completed: 100, bounced: 5, unsubscribed: 2, replied: 12, removed: 31 },
      totalReplied: 12,
    },
    "GET test",
  );

  it("registers steps and lead_status; renderCampaign appends them after the funnel, in that order, under an all-time line", async () => {
    const [{ SECTION_RENDERERS }, { renderCampaign }] = await Promise.all([import("../../src/render/sections/index.js"), import("../../src/render/campaign.js")]);
    expect(Object.keys(SECTION_RENDERERS)).toEqual(expect.arrayContaining(["steps", "lead_status"]));
    const lines = renderCampaign(data, { columns: 80, theme: createTheme(0), chart: true, groupBy: "day", today: "" });
    expect(lines[1]).toBe("All time, as sendkit reports it, status active, started 2025-06-15");
    const steps = lines.indexOf("Steps (rates of each step's sends)");
    const leads = lines.findIndex((line) => line.startsWith("Lead status (shares of 500 leads)"));
    const funnelEnd = lines.findIndex((line) => line.startsWith("└"));
    expect(funnelEnd).toBeGreaterThan(0);
    expect(steps).toBeGreaterThan(funnelEnd);
    expect(leads).toBeGreaterThan(steps);
    expect(lines.filter((line) => line.startsWith("Steps ("))).toHaveLength(1);
  });

  it("the export table: a campaign row on the funnel's bases, then steps and variants with rates over their sends", async () => {
    const { exportTable } = await import("../../src/providers/sendkit/table.js");
    const table = exportTable([data]);
    const records = table.rows.map((row) => Object.fromEntries(table.columns.map((column, i) => [column, row[i]])));
    expect(records.map((r) => [r.row, r.step, r.variant])).toEqual([
      ["campaign", undefined, undefined],
      ["step", 0, undefined],
      ["variant", 0, "A"],
      ["variant", 0, "B"],
      ["step", 2, undefined],
    ]);
    expect(records[0]).toMatchObject({ emails_delivered: 145, open_rate: (72 / 145) * 100, bounce_rate: (5 / 150) * 100, open_rate_of_sent: undefined });
    expect(records[2]).toMatchObject({ emails_sent: 60, open_rate_of_sent: 50, bounce_rate: (1 / 60) * 100, open_rate: undefined, emails_delivered: undefined });
    expect(table.wholeCampaign).toBe(true);
  });
});
