/**
 * What to do after one download attempt: done, try again (resuming with Range from the bytes
 * already kept), ask the API for a fresh link (once), or give up with a reason. Pure, so the rules
 * are unit-tested without a network.
 *
 * - A dropped or cut-short body is resumed from where it stopped, a bounded number of times.
 * - 408, 429 and 5xx are retried with backoff, honouring Retry-After (capped).
 * - 403 (expired link, refused signature) and 404 get one fresh link from the status endpoint;
 *   a second refusal is final. Other 4xx are final at once.
 * - 416, or a checksum mismatch, restarts from byte 0 once when the bytes can still be taken back
 *   (a file), and is final when they cannot (stdout).
 */

export interface ResumePolicy {
  /** Requests in all, the first included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A Retry-After longer than this is not waited for. */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RESUME_POLICY: ResumePolicy = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 60_000 };

export type AttemptOutcome =
  /** The body arrived whole and matches the expected size and checksum. */
  | { kind: "complete" }
  /** The connection failed or the body ended early; `progressed` when this attempt added bytes. */
  | { kind: "cut"; progressed: boolean }
  /** The storage host answered with a non-success status. */
  | {
      kind: "status";
      status: number;
      code?: string | undefined;
      message?: string | undefined;
      retryAfterMs?: number | undefined;
      /** The link's own expiry time has passed. */
      linkExpired?: boolean | undefined;
    }
  /** The whole body arrived but its MD5 differs from the ETag. */
  | { kind: "corrupt" };

export interface ResumeState {
  /** Attempts made so far, the one just finished included. */
  attempt: number;
  /** Bytes kept so far (already written). */
  received: number;
  /** A fresh link was already asked for. */
  refreshed: boolean;
  /** A restart from byte 0 was already made. */
  restarted: boolean;
  /** Whether the kept bytes can be thrown away (a temp file) or not (stdout). */
  canRestart: boolean;
}

export type FailureReason = "expired" | "signature" | "refused" | "not-found" | "attempts" | "server" | "corrupt" | "unrecoverable";

export type NextStep =
  | { action: "done" }
  | { action: "retry"; fromByte: number; delayMs: number }
  | { action: "refresh" }
  | { action: "fail"; reason: FailureReason };

/** Backoff for the retry after attempt `attempt`: 0.5 s doubling to 8 s, half fixed and half random. */
export function retryDelay(attempt: number, policy: ResumePolicy, random: () => number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

/** Why a 403/404 was refused, from the S3-style error code and message (or the link's own expiry having passed). */
export function refusalReason(status: number, code: string | undefined, message: string | undefined, linkExpired = false): FailureReason {
  if (status === 404) return "not-found";
  if (code === "SignatureDoesNotMatch") return "signature";
  if (status === 403 && (linkExpired || /expired/i.test(message ?? "") || code === "ExpiredToken")) return "expired";
  return "refused";
}

export function decideNext(state: ResumeState, outcome: AttemptOutcome, policy: ResumePolicy = DEFAULT_RESUME_POLICY, random: () => number = Math.random): NextStep {
  const attemptsLeft = state.attempt < policy.maxAttempts;
  switch (outcome.kind) {
    case "complete":
      return { action: "done" };
    case "cut":
      if (!attemptsLeft) return { action: "fail", reason: "attempts" };
      // Progress means the link works: come back quickly; repeated failures back off.
      return { action: "retry", fromByte: state.received, delayMs: outcome.progressed ? policy.baseDelayMs / 2 : retryDelay(state.attempt, policy, random) };
    case "corrupt":
      if (!state.canRestart || state.restarted || !attemptsLeft) return { action: "fail", reason: "corrupt" };
      return { action: "retry", fromByte: 0, delayMs: 0 };
    case "status": {
      const { status } = outcome;
      if (status === 403 || status === 404) {
        if (!state.refreshed && attemptsLeft) return { action: "refresh" };
        return { action: "fail", reason: refusalReason(status, outcome.code, outcome.message, outcome.linkExpired) };
      }
      if (status === 416) {
        if (!state.canRestart || state.restarted || !attemptsLeft) return { action: "fail", reason: "unrecoverable" };
        return { action: "retry", fromByte: 0, delayMs: 0 };
      }
      if (status === 408 || status === 429 || status >= 500) {
        if (!attemptsLeft) return { action: "fail", reason: "server" };
        if (outcome.retryAfterMs !== undefined && outcome.retryAfterMs > policy.maxRetryAfterMs) return { action: "fail", reason: "server" };
        return { action: "retry", fromByte: state.received, delayMs: outcome.retryAfterMs ?? retryDelay(state.attempt, policy, random) };
      }
      return { action: "fail", reason: "refused" };
    }
  }
}
