/** The CampaignOS renderers and mapping on edge data: pure functions, no server. */
import { describe, expect, it } from "vitest";
import { Malformed, mapCohorts, mapFunnel, percent, retentionUnit } from "../../src/providers/campaignos/map.js";
import type { Attribution, Cohorts, Funnel, MessagesCampaign } from "../../src/providers/views.js";
import { renderAttribution } from "../../src/render/attribution.js";
import { renderCampaign } from "../../src/render/campaign.js";
import { renderCohorts } from "../../src/render/cohorts.js";
import { renderFunnel } from "../../src/render/funnel.js";
import { abTestLines } from "../../src/render/sections/campaignos.js";
import { createTheme } from "../../src/render/theme.js";

// eslint-disable-next-line no-control-regex
const ANSI_SEQUENCE = /\u001b\[[0-9;]*m/g;
const widest = (lines: string[]): number => Math.max(...lines.map((line) => [...line.replace(ANSI_SEQUENCE, "")].length));
const plain = createTheme(0);
const colour = createTheme(3);

const funnel = (counts: number[]): Funnel => ({
  provider: "campaignos",
  period: "30d",
  steps: counts.map((count, i) => ({
    step: ["page_view", "signup", "purchase", "refund"][i] ?? `step_${i}`,
    count,
    dropoff: i === 0 ? 0 : (counts[i - 1] ?? 0) - count,
    conversion_from_previous: i === 0 ? 100 : (counts[i - 1] ?? 0) > 0 ? (count / (counts[i - 1] ?? 1)) * 100 : 0,
  })),
  overall_conversion: 0,
  rate_basis: { conversion_from_previous: "previous_step", overall_conversion: "first_step" },
});

describe("funnel", () => {
  it("a step of 0 shows 0 and an empty bar, and later steps still render", () => {
    const lines = renderFunnel(funnel([1000, 0, 0]), { columns: 80, theme: plain });
    const signup = lines.find((line) => line.includes("2. signup")) ?? "";
    expect(signup).toMatch(/│ +0 │ +−1,000 │ +0\.00% │ ·/);
    expect(lines.find((line) => line.includes("3. purchase"))).toMatch(/│ +0 │ +0 │/);
  });

  it.each([40, 80, 120])("fits %i columns with and without colour", (columns) => {
    for (const theme of [plain, colour]) expect(widest(renderFunnel(funnel([10000, 1000, 200]), { columns, theme }))).toBeLessThanOrEqual(columns);
  });

  it("a first step of 0 draws no bar at all rather than dividing by zero", () => {
    const lines = renderFunnel(funnel([0, 0]), { columns: 80, theme: plain });
    expect(lines.join("\n")).not.toMatch(/NaN|Infinity|█/);
  });
});

describe("mapping refuses what contradicts itself", () => {
  it("a funnel that increases is malformed", () => {
    const raw = { period: "30d", steps: [{ step: "a", count: 10, dropoff: 0, conversionFromPrevious: 1 }, { step: "b", count: 11, dropoff: -1, conversionFromPrevious: 1 }], overallConversion: 1 };
    expect(() => mapFunnel(raw, 30)).toThrow(Malformed);
  });

  it("percent removes the float noise of ×100 and keeps the provider's precision", () => {
    expect(percent(0.07)).toBe(7);
    expect(percent(0.0188)).toBe(1.88);
    expect(percent(0.1234567)).toBe(12.34567);
  });

  const cohort = (size: number, retention: Record<string, number>) => ({ cohort: "2026-01-05", size, retention });
  it("tells counts from percentages where the values say so, and says unknown where they cannot", () => {
    expect(retentionUnit([cohort(259, { week_0: 259, week_1: 218 })])).toBe("count");
    expect(retentionUnit([cohort(60, { week_0: 100, week_1: 80 })])).toBe("percent");
    expect(retentionUnit([cohort(300, { week_0: 100, week_1: 80 })])).toBe("percent");
    expect(retentionUnit([cohort(100, { week_0: 100, week_1: 80 })])).toBe("unknown");
    expect(retentionUnit([cohort(300, { week_0: 90, week_1: 80 })])).toBe("unknown");
  });

  it("retention above both the size and 100, or readings that disagree, are malformed", () => {
    expect(() => retentionUnit([cohort(120, { week_0: 130 })])).toThrow(/above both its size 120 and 100%/);
    expect(() => retentionUnit([cohort(259, { week_0: 259 }), cohort(60, { week_0: 100 })])).toThrow(/counts in one cohort and as percentages in another/);
  });

  it("counts become percentages of the cohort with the counts kept; unknown keeps the values as sent", () => {
    const counts = mapCohorts({ cohorts: [cohort(200, { week_0: 200, week_1: 50 })] }, 30, "events");
    expect(counts.cohorts[0]?.weeks).toEqual([{ week: 0, retained: 200, retention: 100 }, { week: 1, retained: 50, retention: 25 }]);
    const unknown = mapCohorts({ cohorts: [cohort(100, { week_0: 100, week_1: 80 })] }, 30, "events");
    expect(unknown.retention_unit).toBe("unknown");
    expect(unknown.cohorts[0]?.weeks).toEqual([{ week: 0, value: 100 }, { week: 1, value: 80 }]);
  });
});

function cohorts(weeks: number, rows = weeks): Cohorts {
  return {
    provider: "campaignos",
    period: "90d",
    metric: "events",
    retention_unit: "count",
    rate_basis: { retention_rate: "cohort_size", retention: "cohort_size" },
    cohorts: Array.from({ length: rows }, (_, r) => ({
      cohort: `2025-${String(9 + Math.floor(r / 4)).padStart(2, "0")}-${String(1 + (r % 4) * 7).padStart(2, "0")}`,
      size: 250 + r,
      retention_rate: 40,
      weeks: Array.from({ length: weeks - r }, (_, w) => ({ week: w, retained: Math.round((250 + r) * 0.9 ** w), retention: 100 * 0.9 ** w })),
    })),
  };
}

describe("cohorts", () => {
  it("12 weeks fit 80 columns, without colour as shading characters and values", () => {
    const lines = renderCohorts(cohorts(12), { columns: 80, theme: plain });
    expect(widest(lines)).toBeLessThanOrEqual(80);
    expect(lines.find((line) => line.startsWith("Cohort"))).toMatch(/W0 .* W11$/);
    expect(lines.join("\n")).toMatch(/█100 █ 90 █ 81 ▓ 73/);
    expect(lines.join("\n")).not.toMatch(/left out/);
  });

  it("with colour the cells are painted and still fit", () => {
    const lines = renderCohorts(cohorts(12), { columns: 80, theme: colour });
    expect(widest(lines)).toBeLessThanOrEqual(80);
    expect(lines.join("\n")).toMatch(/\u001b\[48;2;/);
  });

  it("at 40 columns weeks are left out and a line says which", () => {
    const lines = renderCohorts(cohorts(12), { columns: 40, theme: plain });
    expect(widest(lines)).toBeLessThanOrEqual(40);
    expect(lines.join("\n")).toMatch(/weeks \d+–11 left out to fit 40 columns/);
  });

  it("a week not reached is blank; an empty cohort shows a dash, never NaN", () => {
    const data = cohorts(3, 2);
    data.cohorts.push({ cohort: "2025-12-01", size: 0, weeks: [{ week: 0, retained: 0 }] });
    const lines = renderCohorts(data, { columns: 80, theme: plain });
    const text = lines.join("\n");
    expect(text).not.toMatch(/NaN|undefined/);
    expect(lines.find((line) => line.startsWith("2025-12-01"))).toMatch(/^2025-12-01 +0 +–/);
    expect(lines.find((line) => line.startsWith("2025-09-08"))).toMatch(/█ 90 {6,}40\.00%$/);
  });

  it("an unknown unit says so and shows the values as sent", () => {
    const data: Cohorts = { ...cohorts(2, 1), retention_unit: "unknown", cohorts: [{ cohort: "2026-01-05", size: 100, weeks: [{ week: 0, value: 100 }, { week: 1, value: 80 }] }] };
    const text = renderCohorts(data, { columns: 80, theme: plain }).join("\n");
    expect(text).toMatch(/does not say whether contacts or %/);
    expect(text).toMatch(/█100 █ 80/);
  });
});

describe("A/B tests", () => {
  const view = { columns: 80, theme: plain };
  it("a single-variant test names no winner and says why", () => {
    const lines = abTestLines({ id: "ab_9", name: "Solo", variants: [{ name: "Only", sent: 100, opened: 40, open_rate: 40 }] }, view);
    expect(lines.join("\n")).toMatch(/One variant sent: nothing to compare\./);
    expect(lines.join("\n")).not.toMatch(/Winner|★/);
  });

  it("no winner where p ≥ 0.05; a winner with ★ where p < 0.05; the test is named", () => {
    const base = { id: "ab_1", name: "Subject", variants: [{ name: "A", sent: 500, opened: 150, open_rate: 30 }, { name: "B", sent: 500, opened: 200, open_rate: 40 }] };
    const none = abTestLines({ ...base, statistical_significance: { metric: "open_rate", p_value: 0.2, is_significant: false, test: "chi_square" } }, view).join("\n").replace(/\n  /g, " ");
    expect(none).toMatch(/No winner: the difference is not significant at 5% \(p = 0\.2, chi-square test on open rate\)/);
    const won = abTestLines({ ...base, statistical_significance: { metric: "open_rate", winner: "B", p_value: 0.00085, is_significant: true, test: "two_proportion_z" } }, view).join("\n").replace(/\n  /g, " ");
    expect(won).toMatch(/★ B/);
    expect(won).toMatch(/Winner: B \(p = 0\.00085, two-proportion z-test on open rate; significant/);
  });
});

describe("campaign and attribution", () => {
  const campaign: MessagesCampaign = {
    provider: "campaignos",
    campaign_id: "cmp_1",
    campaign_name: "Welcome Series",
    period: "30d",
    summary: { messages_total: 12000, messages_sent: 11500, messages_delivered: 11200, messages_opened: 3360, messages_clicked: 1120, messages_bounced: 200, messages_failed: 100 },
    rates: { open_rate: 30, click_rate: 10, bounce_rate: 1.8 },
    rate_basis: { open_rate: "delivered", click_rate: "delivered", bounce_rate: "delivered" },
    enrollments: { total: 5000, active: 1200, completed: 3800 },
    channels: [{ channel: "email", messages: 10000 }, { channel: "push", messages: 2000 }],
    statuses: [{ status: "delivered", messages: 11200 }],
    ab_tests: [],
  };
  const campaignView = (columns: number, theme = plain) => ({ columns, theme, chart: true, groupBy: "day" as const, today: "" });
  const abTest = { id: "ab_1", name: "Subject", variants: [{ name: "A", sent: 500, opened: 150, open_rate: 30 }, { name: "B", sent: 500, opened: 200, open_rate: 40 }] };

  it("main's campaign view labels each rate with its basis and never calls messages emails", () => {
    const lines = renderCampaign(campaign, campaignView(80));
    const text = lines.join("\n");
    expect(lines[1]).toBe("Last 30 days; counts are messages of every channel, not only email");
    expect(text).toMatch(/│ Messages +│ +Count │/);
    expect(text).toMatch(/Opened +│ +3,360 │ +30\.00% │ of delivered/);
    expect(text).toMatch(/Failed +│ +100 │/);
    expect(text).toContain("campaignos reports no time series for a campaign.");
    expect(text).not.toMatch(/[Ee]mails? (sent|opened)|no clicks/);
  });

  it("appends enrollments, channel and status bars, and A/B tests through the section hook, in that order", () => {
    const text = renderCampaign({ ...campaign, ab_tests: [abTest] }, campaignView(80)).join("\n");
    expect(text).toMatch(/Enrollments\n5,000 total: 1,200 active, 3,800 completed/);
    expect(text).toMatch(/email 83% +10,000 +█+/);
    expect(text).toMatch(/push 17% +2,000/);
    expect(text).toMatch(/Messages by status\ndelivered +11,200 +█+/);
    const order = ["Enrollments", "Messages by channel", "Messages by status", "A/B test: Subject"].map((title) => text.indexOf(title));
    expect(order.every((at, i) => at > 0 && (i === 0 || at > (order[i - 1] ?? 0)))).toBe(true);
  });

  it.each([40, 80, 120])("the whole campaign view fits %i columns with and without colour", (columns) => {
    for (const theme of [plain, colour]) expect(widest(renderCampaign({ ...campaign, ab_tests: [abTest] }, campaignView(columns, theme)))).toBeLessThanOrEqual(columns);
  });

  it("another provider's ab_tests are not drawn by CampaignOS's renderer", () => {
    const text = renderCampaign({ ...campaign, provider: "sendkit", ab_tests: [abTest] }, campaignView(80)).join("\n");
    expect(text).not.toContain("A/B test: Subject");
  });

  it("attribution shows the events the listed sources do not cover", () => {
    const data: Attribution = {
      provider: "campaignos",
      period: "30d",
      sources: [{ source: "google", medium: "cpc", campaign: "summer-sale", unique_visitors: 500, total_events: 1200 }],
      total_attributed_events: 5000,
      conversions: 150,
    };
    const text = renderAttribution(data, { columns: 80, theme: plain }).join("\n");
    expect(text).toMatch(/not listed +│ +│ +│ +│ +3,800/);
    expect(text).toMatch(/Total +│ +│ +│ +500 │ +5,000/);
    expect(text).toMatch(/Conversions: 150 from 5,000 attributed events/);
  });
});
