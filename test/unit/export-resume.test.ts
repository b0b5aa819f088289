import { describe, expect, it } from "vitest";
import { DEFAULT_RESUME_POLICY, type ResumeState, decideNext, refusalReason, retryDelay } from "../../src/export/resume.js";

const state = (overrides: Partial<ResumeState> = {}): ResumeState => ({ attempt: 1, received: 0, refreshed: false, restarted: false, canRestart: true, ...overrides });
const noJitter = (): number => 0;

describe("decideNext", () => {
  it("is done when the body arrived whole", () => {
    expect(decideNext(state(), { kind: "complete" })).toEqual({ action: "done" });
  });

  it("resumes a cut body from the bytes kept, quickly after progress and with backoff after none", () => {
    expect(decideNext(state({ received: 5000 }), { kind: "cut", progressed: true }, DEFAULT_RESUME_POLICY, noJitter)).toEqual({ action: "retry", fromByte: 5000, delayMs: 250 });
    expect(decideNext(state({ attempt: 3, received: 5000 }), { kind: "cut", progressed: false }, DEFAULT_RESUME_POLICY, noJitter)).toEqual({ action: "retry", fromByte: 5000, delayMs: 1000 });
  });

  it("gives up once the attempts are used", () => {
    expect(decideNext(state({ attempt: 6, received: 10 }), { kind: "cut", progressed: true })).toEqual({ action: "fail", reason: "attempts" });
    expect(decideNext(state({ attempt: 6 }), { kind: "status", status: 503 })).toEqual({ action: "fail", reason: "server" });
  });

  it("retries 408, 429 and 5xx from where it was, honouring Retry-After, but not a very long one", () => {
    expect(decideNext(state({ received: 7 }), { kind: "status", status: 503, retryAfterMs: 1000 })).toEqual({ action: "retry", fromByte: 7, delayMs: 1000 });
    expect(decideNext(state(), { kind: "status", status: 429 }, DEFAULT_RESUME_POLICY, noJitter)).toEqual({ action: "retry", fromByte: 0, delayMs: 250 });
    expect(decideNext(state(), { kind: "status", status: 408 }, DEFAULT_RESUME_POLICY, noJitter).action).toBe("retry");
    expect(decideNext(state(), { kind: "status", status: 503, retryAfterMs: 3_600_000 })).toEqual({ action: "fail", reason: "server" });
  });

  it("asks for a fresh link once after 403 or 404, then names the refusal", () => {
    const expired = { kind: "status", status: 403, code: "AccessDenied", message: "Request has expired" } as const;
    expect(decideNext(state(), expired)).toEqual({ action: "refresh" });
    expect(decideNext(state({ refreshed: true }), expired)).toEqual({ action: "fail", reason: "expired" });
    expect(decideNext(state({ refreshed: true }), { kind: "status", status: 403, code: "SignatureDoesNotMatch" })).toEqual({ action: "fail", reason: "signature" });
    expect(decideNext(state({ refreshed: true }), { kind: "status", status: 404, code: "NoSuchKey" })).toEqual({ action: "fail", reason: "not-found" });
    expect(decideNext(state({ refreshed: true }), { kind: "status", status: 403, code: "AccessDenied", linkExpired: true })).toEqual({ action: "fail", reason: "expired" });
  });

  it("fails at once on other 4xx (e.g. 400 for a request with two auth mechanisms)", () => {
    expect(decideNext(state(), { kind: "status", status: 400, code: "InvalidArgument" })).toEqual({ action: "fail", reason: "refused" });
    expect(decideNext(state(), { kind: "status", status: 410 })).toEqual({ action: "fail", reason: "refused" });
  });

  it("restarts from zero once after 416 or a checksum mismatch, but only when the bytes can be taken back", () => {
    expect(decideNext(state({ received: 100 }), { kind: "status", status: 416 })).toEqual({ action: "retry", fromByte: 0, delayMs: 0 });
    expect(decideNext(state({ received: 100, canRestart: false }), { kind: "status", status: 416 })).toEqual({ action: "fail", reason: "unrecoverable" });
    expect(decideNext(state({ received: 100 }), { kind: "corrupt" })).toEqual({ action: "retry", fromByte: 0, delayMs: 0 });
    expect(decideNext(state({ received: 100, restarted: true }), { kind: "corrupt" })).toEqual({ action: "fail", reason: "corrupt" });
    expect(decideNext(state({ received: 100, canRestart: false }), { kind: "corrupt" })).toEqual({ action: "fail", reason: "corrupt" });
  });
});

describe("helpers", () => {
  it("backs off 0.5 s doubling to 8 s, half of it jitter", () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => retryDelay(n, DEFAULT_RESUME_POLICY, noJitter))).toEqual([250, 500, 1000, 2000, 4000, 4000]);
    expect(retryDelay(1, DEFAULT_RESUME_POLICY, () => 0.999)).toBe(500);
  });

  it("tells an expired link from a refused signature", () => {
    expect(refusalReason(403, "AccessDenied", "Request has expired")).toBe("expired");
    expect(refusalReason(403, "AccessDenied", "Access Denied")).toBe("refused");
    expect(refusalReason(403, "AccessDenied", "Access Denied", true)).toBe("expired");
    expect(refusalReason(403, "SignatureDoesNotMatch", "…")).toBe("signature");
  });
});
