import { describe, expect, it } from "vitest";
import { allocate } from "../../src/sandbox/allocate.js";
import { analyticsRates, percent } from "../../src/sandbox/metrics.js";
import { hashInts, randomFor } from "../../src/sandbox/prng.js";
import { TokenBucket } from "../../src/sandbox/rate-limit.js";
import type { Counts } from "../../src/sandbox/index.js";

describe("allocate", () => {
  it("splits exactly by largest remainder with ties to the lower index", () => {
    expect(allocate(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(allocate(7, [0.5, 0.25, 0.25])).toEqual([3, 2, 2]); // ideal 3.5, 1.75, 1.75: the .75s win the two leftovers
    expect(allocate(0, [1, 2])).toEqual([0, 0]);
  });

  it("never exceeds a cap and re-apportions the excess", () => {
    const parts = allocate(10, [100, 1, 1], [3, 10, 10]);
    expect(parts).toEqual([3, 4, 3]);
    expect(allocate(5, [1, 1, 1], [0, 5, 0])).toEqual([0, 5, 0]);
  });

  it("keeps sums and caps over many random cases", () => {
    const random = randomFor(1, 2, 3);
    for (let trial = 0; trial < 2000; trial++) {
      const caps = Array.from({ length: 24 }, () => Math.floor(random() * 20));
      const capacity = caps.reduce((a, b) => a + b, 0);
      const total = Math.floor(random() * (capacity + 1));
      const weights = caps.map((cap) => cap * (0.5 + random()));
      const parts = allocate(total, weights, caps);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
      parts.forEach((part, i) => expect(part).toBeLessThanOrEqual(caps[i]!));
    }
  });

  it("with a random start, keeps sums and caps and gives every slot its expected share", () => {
    const random = randomFor(4, 5, 6);
    const weights = [10, 1, 1, 0.2, 0.2, 5];
    const totals = new Array<number>(weights.length).fill(0);
    const draws = 20_000;
    for (let trial = 0; trial < draws; trial++) {
      const caps = weights.map(() => 3);
      const parts = allocate(3, weights, caps, random());
      expect(parts.reduce((a, b) => a + b, 0)).toBe(3);
      parts.forEach((part, i) => expect(part).toBeLessThanOrEqual(caps[i]!));
      parts.forEach((part, i) => (totals[i]! += part));
    }
    const weightSum = weights.reduce((a, b) => a + b, 0);
    // Largest remainder would give the 0.2-weight slots nothing, ever; sampling gives them ~3·0.2/17.4 each.
    weights.forEach((weight, i) => expect(totals[i]! / draws).toBeCloseTo((3 * weight) / weightSum, 1));
    expect(totals[3]).toBeGreaterThan(0);
  });

  it("refuses a total the caps cannot hold", () => {
    expect(() => allocate(5, [1, 1], [2, 2])).toThrow(RangeError);
  });
});

describe("prng", () => {
  it("is a pure function of its key and sensitive to order", () => {
    expect(hashInts(42, 1, 2)).toBe(hashInts(42, 1, 2));
    expect(hashInts(42, 1, 2)).not.toBe(hashInts(42, 2, 1));
    expect(hashInts(-1)).not.toBe(hashInts(2 ** 32 - 1));
    const a = randomFor(9, 9);
    const b = randomFor(9, 9);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });
});

describe("rates", () => {
  it("rounds to 2 decimals and is 0 for a zero denominator", () => {
    expect(percent(1, 3)).toBe(33.33);
    expect(percent(2, 3)).toBe(66.67);
    expect(percent(1, 32)).toBe(3.13);
    expect(percent(5, 0)).toBe(0);
  });

  it("uses README decision 5's denominators (the doc's campaign example, hand-checked)", () => {
    const counts: Counts = {
      sent: 5000,
      delivered: 4900,
      bounced: 100,
      hardBounced: 60,
      softBounced: 40,
      opened: 1470,
      clicked: 245,
      replied: 98,
      spamComplaints: 5,
      unsubscribes: 12,
    };
    expect(analyticsRates(counts)).toEqual({
      delivery_rate: 98, // 4900 / 5000 sent
      open_rate: 30, // 1470 / 4900 delivered
      click_rate: 5, // 245 / 4900 delivered
      click_to_open_rate: 16.67, // 245 / 1470 opened
      reply_rate: 2, // 98 / 4900 delivered
      bounce_rate: 2, // 100 / 5000 sent
      spam_rate: 0.1, // 5 / 5000 sent
      unsubscribe_rate: 0.24, // 12 / 5000 sent
    });
  });
});

describe("TokenBucket", () => {
  it("refuses when empty and refills continuously on the monotonic clock", () => {
    let now = 1_000;
    const bucket = new TokenBucket(60, () => now);
    for (let i = 0; i < 60; i++) expect(bucket.take().allowed).toBe(true);
    const refused = bucket.take();
    expect(refused).toMatchObject({ allowed: false, limit: 60, remaining: 0, retryAfterSeconds: 1, resetSeconds: 60 });
    now += 500; // half a token
    expect(bucket.take().allowed).toBe(false);
    now += 500;
    expect(bucket.take()).toMatchObject({ allowed: true, remaining: 0 });
    now += 30_000;
    expect(bucket.peek()).toMatchObject({ remaining: 30, resetSeconds: 30 });
    now += 600_000;
    expect(bucket.peek().remaining).toBe(60);
  });

  it("reports Retry-After as the wait for one token", () => {
    let now = 0;
    const bucket = new TokenBucket(10, () => now);
    for (let i = 0; i < 10; i++) bucket.take();
    expect(bucket.take().retryAfterSeconds).toBe(6);
    now += 1000;
    expect(bucket.take().retryAfterSeconds).toBe(5);
  });
});
