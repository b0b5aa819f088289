/**
 * When to retry a request and how long to wait. Pure functions, so the policy is unit-tested
 * without a clock. (undici's RetryHandler has no jitter, no total budget and no per-attempt log,
 * and cannot tell a POST that the server never saw from one it did; hence our own loop.)
 */

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  /** First backoff step; doubles each attempt. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the error is reported instead. */
  readonly maxRetryAfterMs: number;
  /** The whole call, waits and attempts included, ends within this much time of its start. */
  readonly budgetMs: number;
  /** A retry starts only when at least this much of the budget is left for it after the wait. */
  readonly minAttemptMs: number;
}

/**
 * The policy for a given --timeout: each attempt may take the whole --timeout, and the call as a
 * whole at most twice that (the last attempt gets what is left, at least a quarter of --timeout,
 * so a timed-out first attempt is still followed by one more).
 */
export function retryPolicyFor(timeoutMs: number): RetryPolicy {
  return { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 60_000, budgetMs: 2 * timeoutMs, minAttemptMs: timeoutMs / 4 };
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = retryPolicyFor(30_000);

/** Statuses worth another attempt: rate limited, or a proxy/gateway in trouble. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** Parse Retry-After: delta-seconds or an HTTP date. Returns ms to wait, or undefined. */
export function parseRetryAfter(header: string | string[] | undefined, nowMs: number): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === "") return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP date has a weekday and month name; "-1" or "2.5" is neither form.
  const date = /[a-z]{3}/i.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/** Exponential backoff with "equal jitter": half the step fixed, half random, capped. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason: "attempts" | "budget" | "retry-after-too-long" };

/**
 * Decide whether attempt `attempt` (1-based, just failed) is followed by another.
 * A server's Retry-After is honoured as given (never shortened); without one, backoff applies.
 */
export function decideRetry(
  attempt: number,
  retryAfterMs: number | undefined,
  elapsedMs: number,
  policy: RetryPolicy,
  random: () => number,
): RetryDecision {
  if (attempt >= policy.maxAttempts) return { retry: false, reason: "attempts" };
  if (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs) return { retry: false, reason: "retry-after-too-long" };
  const delayMs = retryAfterMs ?? backoffDelay(attempt, policy, random);
  if (elapsedMs + delayMs + policy.minAttemptMs > policy.budgetMs) return { retry: false, reason: "budget" };
  return { retry: true, delayMs };
}
