import { describe, expect, it } from "vitest";
import type { ExportStatus } from "../../src/providers/tenant/schemas.js";
import { ExitCode, ExportError, InterruptedError } from "../../src/errors.js";
import { backoffDelay, nextPollDelay, waitForExport } from "../../src/export/poll.js";

const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 19) + "Z";

/** A fake export that completes at `readyAtMs` on a fake clock; `eta(now)` is what the server estimates. */
function fakeExport(readyAtMs: number, eta?: (now: number) => number | undefined) {
  const clock = { now: 0, calls: [] as number[] };
  const status = async (id: string): Promise<ExportStatus> => {
    clock.calls.push(clock.now);
    if (clock.now >= readyAtMs) return { export_id: id, status: "completed", download_url: "https://storage.example/x", file_size_bytes: 10 };
    const estimate = eta?.(clock.now);
    return { export_id: id, status: "processing", estimated_completion: estimate === undefined ? null : iso(estimate) };
  };
  const sleep = async (ms: number): Promise<void> => {
    clock.now += ms;
  };
  return { clock, status, sleep, now: () => clock.now };
}

describe("poll schedule", () => {
  it("starts at about a second and grows ×1.5 to a 10 s cap", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffDelay(n))).toEqual([1000, 1500, 2250, 3375, 5063, 7594, 10000, 10000]);
  });

  it("waits for a future estimate (plus slack, at most 30 s), never less than backoff after the first poll", () => {
    expect(nextPollDelay(1, undefined)).toBe(1000);
    expect(nextPollDelay(1, 20_000)).toBe(20_250);
    expect(nextPollDelay(1, 3_600_000)).toBe(30_000);
    expect(nextPollDelay(1, 100)).toBe(350);
    expect(nextPollDelay(1, 1)).toBe(251);
    expect(nextPollDelay(4, 1)).toBe(3375);
    expect(nextPollDelay(4, -5000)).toBe(3375);
    expect(nextPollDelay(2, Number.NaN)).toBe(1500);
  });
});

describe("waitForExport", () => {
  it("costs at most ~15 status requests for a 60 s export without an estimate", async () => {
    const job = fakeExport(60_000);
    const status = await waitForExport({ exportId: "exp_1", status: job.status, timeoutMs: 900_000, now: job.now, sleep: job.sleep });
    expect(status.status).toBe("completed");
    expect(job.clock.calls.length).toBeLessThanOrEqual(15);
    expect(job.clock.calls.length).toBe(10);
    // Not much later than the export was ready.
    expect(job.clock.now - 60_000).toBeLessThan(10_000);
  });

  it("follows an accurate estimate: a 60 s export in two requests, waits of at most 30 s", async () => {
    const job = fakeExport(60_000, () => 60_000);
    await waitForExport({ exportId: "exp_1", status: job.status, timeoutMs: 900_000, now: job.now, sleep: job.sleep, estimatedCompletion: iso(60_000) });
    expect(job.clock.calls).toEqual([30_000, 60_000]);
  });

  it("is not fooled by an estimate that is always 'now' or far too long", async () => {
    const eager = fakeExport(60_000, (now) => now + 1);
    await waitForExport({ exportId: "exp_1", status: eager.status, timeoutMs: 900_000, now: eager.now, sleep: eager.sleep });
    expect(eager.clock.calls.length).toBeLessThanOrEqual(15);
    const pessimist = fakeExport(60_000, (now) => now + 3_600_000);
    await waitForExport({ exportId: "exp_1", status: pessimist.status, timeoutMs: 900_000, now: pessimist.now, sleep: pessimist.sleep });
    expect(pessimist.clock.calls).toEqual([1000, 31_000, 61_000]);
  });

  it("asks at once when the create answer already said completed", async () => {
    const job = fakeExport(0);
    await waitForExport({ exportId: "exp_1", status: job.status, timeoutMs: 1000, now: job.now, sleep: job.sleep, alreadyCompleted: true });
    expect(job.clock.calls).toEqual([0]);
  });

  it("stops at --wait-timeout with an ExportError (exit 6), polling once more at the deadline", async () => {
    const job = fakeExport(600_000);
    const error = await waitForExport({ exportId: "exp_1", status: job.status, timeoutMs: 10_000, now: job.now, sleep: job.sleep }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExportError);
    expect((error as ExportError).exitCode).toBe(ExitCode.export);
    expect((error as ExportError).message).toBe("export exp_1 was not ready within 10s (still processing)");
    expect(job.clock.now).toBe(10_000);
    expect(job.clock.calls.at(-1)).toBe(10_000);
  });

  it("passes on the API's ExportError for a failed export", async () => {
    const failing = async (): Promise<ExportStatus> => {
      throw new ExportError("Failed to generate export: insufficient data", { apiCode: "EXPORT_FAILED" });
    };
    const job = fakeExport(0);
    await expect(waitForExport({ exportId: "exp_1", status: failing, timeoutMs: 10_000, now: job.now, sleep: job.sleep })).rejects.toMatchObject({ apiCode: "EXPORT_FAILED" });
  });

  it("stops waiting at once on Ctrl-C, even inside a long sleep", async () => {
    const controller = new AbortController();
    const never = (): Promise<void> => new Promise(() => {});
    const waiting = waitForExport({ exportId: "exp_1", status: fakeExport(60_000).status, timeoutMs: 60_000, now: () => 0, sleep: never, signal: controller.signal });
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(InterruptedError);
  });
});
