import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY_POLICY, backoffDelay, decideRetry, parseRetryAfter, retryPolicyFor } from "../../src/http/retry.js";

const policy = DEFAULT_RETRY_POLICY;
const now = Date.parse("2025-11-26T10:00:00Z");

describe("parseRetryAfter", () => {
  it("reads delta-seconds", () => {
    expect(parseRetryAfter("3", now)).toBe(3000);
    expect(parseRetryAfter(" 0 ", now)).toBe(0);
    expect(parseRetryAfter(["7", "9"], now)).toBe(7000);
  });

  it("reads an HTTP date relative to now, never negative", () => {
    expect(parseRetryAfter("Wed, 26 Nov 2025 10:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("Wed, 26 Nov 2025 09:59:00 GMT", now)).toBe(0);
  });

  it("ignores missing or unreadable values", () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter("", now)).toBeUndefined();
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter("-1", now)).toBeUndefined();
  });
});

describe("backoffDelay", () => {
  it("doubles each attempt with jitter between half and the full step, capped", () => {
    expect(backoffDelay(1, policy, () => 0)).toBe(250);
    expect(backoffDelay(1, policy, () => 1)).toBe(500);
    expect(backoffDelay(2, policy, () => 1)).toBe(1000);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(1500);
    expect(backoffDelay(10, policy, () => 1)).toBe(policy.maxDelayMs);
  });
});

describe("decideRetry", () => {
  it("honours Retry-After exactly instead of the backoff", () => {
    expect(decideRetry(1, 2000, 0, policy, () => 0)).toEqual({ retry: true, delayMs: 2000 });
  });

  it("stops after the last attempt", () => {
    expect(decideRetry(policy.maxAttempts, undefined, 0, policy, () => 0)).toEqual({ retry: false, reason: "attempts" });
  });

  it("does not wait for a Retry-After beyond the cap", () => {
    expect(decideRetry(1, policy.maxRetryAfterMs + 1, 0, policy, () => 0)).toEqual({ retry: false, reason: "retry-after-too-long" });
  });

  it("stops when the wait would pass the total budget", () => {
    expect(decideRetry(1, 5000, policy.budgetMs - 1000, policy, () => 0)).toEqual({ retry: false, reason: "budget" });
  });
});

describe("retryPolicyFor(--timeout)", () => {
  const oneSecond = retryPolicyFor(1000);

  it("budgets twice --timeout for the whole call", () => {
    expect(oneSecond.budgetMs).toBe(2000);
    expect(retryPolicyFor(30_000).budgetMs).toBe(60_000);
  });

  it("starts a retry only if a quarter of --timeout is left for it after the wait", () => {
    // A timed-out first attempt (1 s) and the longest first wait (500 ms) leave 500 ms: worth a retry.
    expect(decideRetry(1, undefined, 1000, oneSecond, () => 1)).toEqual({ retry: true, delayMs: 500 });
    // After 1.6 s, a 250 ms wait leaves 150 ms: not enough.
    expect(decideRetry(1, undefined, 1600, oneSecond, () => 0)).toEqual({ retry: false, reason: "budget" });
  });
});
