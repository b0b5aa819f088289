/**
 * Per-workspace token buckets, one per endpoint class (document 001 and README decision 9),
 * refilled continuously in real monotonic time (not the dataset clock).
 */

/** Requests per minute per workspace for each endpoint class. `unrouted` covers requests that match no endpoint. */
export const RATE_LIMITS_PER_MINUTE = {
  campaign: 100,
  overview: 60,
  deliverability: 30,
  export: 10,
  heatmap: 30,
  compare: 30,
  export_status: 120,
  unrouted: 60,
} as const;
export type RateLimitClass = keyof typeof RATE_LIMITS_PER_MINUTE;

/** The state of a bucket after (or without) taking a token. */
export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  /** Whole tokens left. */
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
  /** Seconds until one token is available (meaningful when not allowed). */
  retryAfterSeconds: number;
}

/** Milliseconds from a monotonic clock. */
export type MonotonicClock = () => number;

/** A bucket holding up to `limit` tokens, refilled at `limit` per minute. */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;
  private readonly perMs: number;

  constructor(
    readonly limit: number,
    private readonly clock: MonotonicClock,
  ) {
    this.tokens = limit;
    this.updatedAt = clock();
    this.perMs = limit / 60_000;
  }

  /** Takes one token if there is one. */
  take(): RateLimitDecision {
    this.refill();
    const allowed = this.tokens >= 1;
    if (allowed) this.tokens -= 1;
    return this.decision(allowed);
  }

  /** The current state, without taking a token. */
  peek(): RateLimitDecision {
    this.refill();
    return this.decision(true);
  }

  private refill(): void {
    const now = this.clock();
    this.tokens = Math.min(this.limit, this.tokens + (now - this.updatedAt) * this.perMs);
    this.updatedAt = now;
  }

  private decision(allowed: boolean): RateLimitDecision {
    return {
      allowed,
      limit: this.limit,
      remaining: Math.floor(this.tokens),
      resetSeconds: Math.ceil((this.limit - this.tokens) / this.perMs / 1000),
      retryAfterSeconds: Math.max(1, Math.ceil((1 - this.tokens) / this.perMs / 1000)),
    };
  }
}

/** All buckets of a sandbox, keyed by workspace and class. With `enforce: false` tokens are counted but never refused. */
export class RateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly enforce: boolean,
    private readonly clock: MonotonicClock = () => performance.now(),
  ) {}

  /** Takes a token from the workspace's bucket for `rateClass`. */
  take(workspaceId: string, rateClass: RateLimitClass): RateLimitDecision {
    const decision = this.bucket(workspaceId, rateClass).take();
    return this.enforce ? decision : { ...decision, allowed: true };
  }

  /** The bucket's state without taking a token (for responses refused before the limiter: 401, 403, 405). */
  peek(workspaceId: string, rateClass: RateLimitClass): RateLimitDecision {
    // Unknown workspaces get a full bucket's view without storing one, so probes cannot grow the map.
    const bucket = this.buckets.get(bucketKey(workspaceId, rateClass)) ?? new TokenBucket(RATE_LIMITS_PER_MINUTE[rateClass], this.clock);
    return bucket.peek();
  }

  private bucket(workspaceId: string, rateClass: RateLimitClass): TokenBucket {
    const key = bucketKey(workspaceId, rateClass);
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(RATE_LIMITS_PER_MINUTE[rateClass], this.clock);
      this.buckets.set(key, bucket);
    }
    return bucket;
  }
}

function bucketKey(workspaceId: string, rateClass: RateLimitClass): string {
  return `${workspaceId}\u0000${rateClass}`;
}

/** `RateLimit-*` headers for a decision, plus `Retry-After` when it was refused. */
export function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  const headers: Record<string, string> = {
    "RateLimit-Limit": String(decision.limit),
    "RateLimit-Remaining": String(decision.remaining),
    "RateLimit-Reset": String(decision.resetSeconds),
  };
  if (!decision.allowed) headers["Retry-After"] = String(decision.retryAfterSeconds);
  return headers;
}
