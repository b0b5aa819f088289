/**
 * The sandbox's statistics against SciPy (test/fixtures/significance.json, produced once by
 * test/fixtures/significance.py; no Python needed here).
 */
import { describe, expect, it } from "vitest";
import { RATE_METRICS, type RateMetric } from "../../src/providers/vocabulary.js";
import { type Counts, zeroCounts } from "../../src/sandbox/counts.js";
import { createDataset } from "../../src/sandbox/index.js";
import { type ComparedCampaign, metricSignificance, pickWinner, testFor } from "../../src/sandbox/significance.js";
import { ALPHA, isSignificant, verdict } from "../../src/stats/significance.js";
import {
  chiSquareHomogeneity,
  chiSquareSf,
  erfc,
  lnGamma,
  normalSf,
  regularizedGammaP,
  regularizedGammaQ,
  twoProportionZTest,
} from "../../src/stats/statistics.js";
import { resolveBodyTimeRange } from "../../src/sandbox/time-range.js";
import { TIME_RANGES } from "../../src/providers/vocabulary.js";
import fixture from "../fixtures/significance.json" with { type: "json" };

const TOLERANCE = 1e-6;

/** Within 1e-6 absolutely (the contract) and, for values SciPy can still represent, 1e-6 relatively. */
function expectClose(actual: number, expected: number): void {
  expect(Number.isFinite(actual)).toBe(true);
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(TOLERANCE);
  if (expected > 1e-290) expect(Math.abs(actual - expected) / expected).toBeLessThanOrEqual(TOLERANCE);
}

describe("distributions against SciPy", () => {
  it.each(fixture.normal_sf)("norm.sf($z)", ({ z, sf }) => {
    expectClose(normalSf(z), sf);
  });

  it.each(fixture.chi_square_sf)("chi2.sf($x, df=$df)", ({ x, df, sf }) => {
    expectClose(chiSquareSf(x, df), sf);
  });

  it("agree with values known in closed form", () => {
    expect(lnGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 14);
    expect(lnGamma(1)).toBeCloseTo(0, 14);
    expect(lnGamma(10)).toBeCloseTo(Math.log(362_880), 12);
    expect(lnGamma(0.1)).toBeCloseTo(2.252712651734206, 12);
    // chi2 with 2 df is exponential: sf(x) = e^(−x/2).
    for (const x of [0.3, 4, 40, 400]) expect(chiSquareSf(x, 2) / Math.exp(-x / 2)).toBeCloseTo(1, 12);
    expect(erfc(0)).toBe(1);
    expect(erfc(-1) + erfc(1)).toBeCloseTo(2, 15);
    expect(regularizedGammaP(3, 2.5) + regularizedGammaQ(3, 2.5)).toBeCloseTo(1, 15);
    expect(regularizedGammaQ(2, 0)).toBe(1);
    expect(regularizedGammaQ(2, Infinity)).toBe(0);
  });

  it("reject arguments outside their domain instead of answering NaN", () => {
    expect(() => lnGamma(0)).toThrow(RangeError);
    expect(() => regularizedGammaQ(0, 1)).toThrow(RangeError);
    expect(() => regularizedGammaQ(1, -1)).toThrow(RangeError);
    expect(() => chiSquareSf(1, 0)).toThrow(RangeError);
  });
});

describe("two-proportion z-test against SciPy", () => {
  it.each(fixture.z_tests)("$successes / $trials", ({ successes, trials, z, p_value }) => {
    const result = twoProportionZTest({ successes: successes[0]!, trials: trials[0]! }, { successes: successes[1]!, trials: trials[1]! });
    expect(result.statistic).toBeCloseTo(z, 9);
    expect(result.df).toBe(1);
    expectClose(result.pValue, p_value);
  });
});

describe("chi-square test of homogeneity against SciPy (chi2_contingency, correction=False)", () => {
  it.each(fixture.chi_square_tests)("$successes / $trials", ({ successes, trials, statistic, df, p_value }) => {
    const result = chiSquareHomogeneity(successes.map((s, i) => ({ successes: s, trials: trials[i]! })));
    expect(Math.abs(result.statistic - statistic)).toBeLessThanOrEqual(1e-9 * Math.max(1, statistic));
    expect(result.df).toBe(df);
    expectClose(result.pValue, p_value);
  });

  it("gives the z-test's p-value for two groups (χ² = z²)", () => {
    const a = { successes: 45, trials: 100 };
    const b = { successes: 30, trials: 100 };
    const z = twoProportionZTest(a, b);
    const chi = chiSquareHomogeneity([a, b]);
    expect(chi.statistic).toBeCloseTo(z.statistic ** 2, 10);
    expect(chi.pValue).toBeCloseTo(z.pValue, 12);
  });
});

describe("degenerate tables answer p = 1, never NaN", () => {
  const cases: Array<[string, Array<[number, number]>]> = [
    ["no trials anywhere", [[0, 0], [0, 0]]],
    ["one group without trials", [[5, 10], [0, 0]]],
    ["nobody succeeded", [[0, 100], [0, 200]]],
    ["everybody succeeded", [[100, 100], [250, 250]]],
    ["three groups, all succeeded", [[10, 10], [20, 20], [5, 5]]],
    ["three groups, two without trials", [[10, 30], [0, 0], [0, 0]]],
    ["identical proportions", [[50, 100], [100, 200]]],
  ];

  it.each(cases)("%s", (_name, rows) => {
    const groups = rows.map(([successes, trials]) => ({ successes, trials }));
    const result = groups.length === 2 ? twoProportionZTest(groups[0]!, groups[1]!) : chiSquareHomogeneity(groups);
    expect(result.pValue).toBe(1);
    expect(Number.isNaN(result.statistic)).toBe(false);
  });

  it("leaves groups without trials out of the chi-square table", () => {
    const withEmpty = chiSquareHomogeneity([
      { successes: 45, trials: 100 },
      { successes: 0, trials: 0 },
      { successes: 30, trials: 100 },
      { successes: 38, trials: 100 },
    ]);
    const without = fixture.chi_square_tests[0]!;
    expect(without.successes).toEqual([45, 30, 38]);
    expect(withEmpty.df).toBe(2);
    expectClose(withEmpty.pValue, without.p_value);
  });

  it("rejects impossible proportions", () => {
    expect(() => twoProportionZTest({ successes: 5, trials: 4 }, { successes: 1, trials: 4 })).toThrow(RangeError);
    expect(() => chiSquareHomogeneity([{ successes: -1, trials: 4 }])).toThrow(RangeError);
    expect(() => chiSquareHomogeneity([{ successes: 1.5, trials: 4 }])).toThrow(RangeError);
  });
});

const counts = (partial: Partial<Counts>): Counts => ({ ...zeroCounts(), ...partial });

describe("winner", () => {
  it("is the campaign listed first when the underlying proportions tie exactly", () => {
    // 50/100 and 100/200: the same proportion, different counts.
    const a: ComparedCampaign = { id: "cmp_a", counts: counts({ sent: 100, delivered: 100, opened: 50 }) };
    const b: ComparedCampaign = { id: "cmp_b", counts: counts({ sent: 200, delivered: 200, opened: 100 }) };
    expect(pickWinner("open_rate", [a, b])).toBe("cmp_a");
    expect(pickWinner("open_rate", [b, a])).toBe("cmp_b");
    // Lower-is-better rates tie the same way.
    const c: ComparedCampaign = { id: "cmp_c", counts: counts({ sent: 100, bounced: 3 }) };
    const d: ComparedCampaign = { id: "cmp_d", counts: counts({ sent: 300, bounced: 9 }) };
    expect(pickWinner("bounce_rate", [c, d])).toBe("cmp_c");
    expect(pickWinner("bounce_rate", [d, c])).toBe("cmp_d");
  });

  it("compares exact proportions, not the rounded rates", () => {
    // 1/3 = 33.33% and 3333/10000 = 33.33% when rounded, but 1/3 is larger.
    const a: ComparedCampaign = { id: "cmp_a", counts: counts({ delivered: 10_000, opened: 3333 }) };
    const b: ComparedCampaign = { id: "cmp_b", counts: counts({ delivered: 3, opened: 1 }) };
    expect(pickWinner("open_rate", [a, b])).toBe("cmp_b");
  });

  it("is the lowest rate for bounce, spam and unsubscribe rates and the highest otherwise", () => {
    const a: ComparedCampaign = { id: "cmp_a", counts: counts({ sent: 100, delivered: 90, bounced: 10, opened: 40, spamComplaints: 1, unsubscribes: 2 }) };
    const b: ComparedCampaign = { id: "cmp_b", counts: counts({ sent: 100, delivered: 95, bounced: 5, opened: 30, spamComplaints: 2, unsubscribes: 1 }) };
    expect(pickWinner("open_rate", [a, b])).toBe("cmp_a");
    expect(pickWinner("delivery_rate", [a, b])).toBe("cmp_b");
    expect(pickWinner("bounce_rate", [a, b])).toBe("cmp_b");
    expect(pickWinner("spam_rate", [a, b])).toBe("cmp_a");
    expect(pickWinner("unsubscribe_rate", [a, b])).toBe("cmp_b");
  });

  it("never goes to a campaign without trials (its 0% bounce rate is no data), unless none has any", () => {
    const empty: ComparedCampaign = { id: "cmp_empty", counts: counts({}) };
    const some: ComparedCampaign = { id: "cmp_some", counts: counts({ sent: 100, delivered: 98, bounced: 2, opened: 30 }) };
    expect(pickWinner("bounce_rate", [empty, some])).toBe("cmp_some");
    expect(pickWinner("open_rate", [empty, some])).toBe("cmp_some");
    const alsoEmpty: ComparedCampaign = { id: "cmp_empty2", counts: counts({}) };
    expect(metricSignificance("open_rate", [empty, alsoEmpty])).toEqual({ metric: "open_rate", winner: "cmp_empty", p_value: 1, is_significant: false });
  });
});

describe("significance on the demo dataset's counts", () => {
  const dataset = createDataset({ seed: fixture.dataset.seed, now: new Date(fixture.dataset.now), campaigns: fixture.dataset.campaigns });

  it.each(fixture.dataset_cases.map((c) => [c.body.campaign_ids.length, c.body.time_range, c] as const))(
    "%i campaigns over %s: counts still match the dataset, p-values and winners match SciPy",
    (_n, _range, testCase) => {
      const range = resolveBodyTimeRange(testCase.body, { allowed: TIME_RANGES, nowMs: dataset.nowMs });
      const compared: ComparedCampaign[] = testCase.body.campaign_ids.map((id) => {
        const campaign = dataset.campaignById(id)!;
        const sums = dataset.sumRange(campaign, range.startMs, range.endMs);
        const expected = (testCase.counts as Record<string, Record<string, number>>)[id]!;
        for (const [key, value] of Object.entries(expected)) expect(sums[key as keyof Counts], `${id} ${key}`).toBe(value);
        return { id, counts: sums };
      });
      expect(testCase.significance.map((s) => s.metric).sort()).toEqual([...RATE_METRICS].sort());
      for (const reference of testCase.significance) {
        const metric = reference.metric as RateMetric;
        const result = metricSignificance(metric, compared);
        expect(result.winner, metric).toBe(reference.winner);
        expectClose(result.p_value, reference.p_value);
        expect(result.is_significant).toBe(reference.p_value < 0.05);
        expect(reference.test).toBe(compared.length === 2 ? "two_proportion_z" : "chi_square");
        expect(testFor(metric, compared).df).toBe(compared.length === 2 ? 1 : compared.filter((c) => c.counts.sent > 0).length - 1);
      }
    },
  );
});

describe("the significance boundary (α = 0.05, p < α)", () => {
  const campaign = (id: string, opened: number, delivered: number): ComparedCampaign => ({ id, counts: counts({ sent: delivered, delivered, opened }) });
  const reference = campaign("cmp_ref", 250, 1000);

  it("p just below 0.05 is significant, p just above is not", () => {
    const below = metricSignificance("open_rate", [campaign("cmp_a", 297, 1029), reference]);
    const above = metricSignificance("open_rate", [campaign("cmp_b", 271, 936), reference]);
    expect(below.p_value).toBeGreaterThan(0.0499);
    expect(below.p_value).toBeLessThan(0.05);
    expect(above.p_value).toBeGreaterThan(0.05);
    expect(above.p_value).toBeLessThan(0.0501);
    expect(below.is_significant).toBe(true);
    expect(above.is_significant).toBe(false);
    // The local compare and A/B verdicts use the same rule.
    expect(verdict([{ id: "a", successes: 297, trials: 1029 }, { id: "ref", successes: 250, trials: 1000 }], false).is_significant).toBe(true);
    expect(verdict([{ id: "b", successes: 271, trials: 936 }, { id: "ref", successes: 250, trials: 1000 }], false).is_significant).toBe(false);
  });

  it("p exactly α is not significant (strictly less than)", () => {
    expect(ALPHA).toBe(0.05);
    expect(isSignificant(0.05)).toBe(false);
    expect(isSignificant(0.04999999)).toBe(true);
  });
});
