import { describe, expect, it } from "vitest";
import { progressLines, startProgress } from "../../src/profiles/progress.js";
import { countsOf, poolTotal, ratesOf } from "../../src/profiles/rollup.js";
import { runPerProfile } from "../../src/profiles/run.js";
import { createIO } from "../../src/render/io.js";
import { CHECK, CROSS } from "../../src/render/messages.js";
import { PassThrough } from "node:stream";

describe("poolTotal", () => {
  it("pools rates from summed counts, never by averaging the rows' rates", () => {
    const rows = [
      { profile: "big", counts: { emails_sent: 9_000, emails_opened: 900 } },
      { profile: "small", counts: { emails_sent: 1_000, emails_opened: 500 } },
    ];
    const total = poolTotal(rows);
    expect(total.summary).toEqual({ emails_sent: 10_000, emails_opened: 1_400 });
    // Pooled: 1400 / 10000 = 14%; the mean of 10% and 50% would be 30%.
    expect(total.rates.open_rate).toBe(14);
    expect(total.rate_basis).toEqual({ open_rate: "sent" });
  });

  it("leaves out a count some profile lacks, and says which profiles lack it", () => {
    const total = poolTotal([
      { profile: "acme", counts: { emails_sent: 100, emails_clicked: 10, emails_opened: 40 } },
      { profile: "cold", counts: { emails_sent: 50, emails_opened: 20 } },
    ]);
    expect(total.summary).toEqual({ emails_sent: 150, emails_opened: 60 });
    expect(total.summary.emails_clicked).toBeUndefined();
    expect(total.rates.click_rate).toBeUndefined();
    expect(total.missing).toEqual({ emails_clicked: ["cold"] });
  });

  it("never adds all-time counts to a window's, nor a provider's message counts to email counts", () => {
    const total = poolTotal([
      { profile: "acme", counts: { emails_sent: 100, emails_opened: 40 } },
      { profile: "cold", counts: { emails_sent: 5_000, emails_opened: 2_000 }, allTime: true },
      { profile: "cos", counts: {} },
      { profile: "down", error: "Invalid or expired access token" },
    ]);
    expect(total.profiles).toEqual(["acme"]);
    expect(total.summary).toEqual({ emails_sent: 100, emails_opened: 40 });
    expect(total.excluded).toEqual([
      { profile: "cold", reason: "all-time counts" },
      { profile: "cos", reason: "no email counts" },
    ]);
  });

  it("pools all-time counts with each other when no profile has a window", () => {
    const total = poolTotal([
      { profile: "a", counts: { emails_sent: 10 }, allTime: true },
      { profile: "b", counts: { emails_sent: 5 }, allTime: true },
    ]);
    expect(total.profiles).toEqual(["a", "b"]);
    expect(total.summary.emails_sent).toBe(15);
    expect(total.excluded).toEqual([]);
  });

  it("has no rates when nothing was sent (n/a, not 0%)", () => {
    const total = poolTotal([{ profile: "a", counts: { emails_sent: 0, emails_opened: 0 } }]);
    expect(total.rates).toEqual({});
  });

  it("reads counts from a summary and ignores what is not a finite number", () => {
    expect(countsOf({ summary: { emails_sent: 5, emails_opened: "7", emails_replied: Number.NaN } })).toEqual({ emails_sent: 5 });
    expect(ratesOf({ emails_sent: 3, emails_replied: 1 }).rates).toEqual({ reply_rate: 33.33 });
  });
});

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("runPerProfile", () => {
  it("never runs more than the concurrency at once and keeps the listed order", async () => {
    let inFlight = 0;
    let peak = 0;
    const profiles = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    const outcomes = await runPerProfile(
      profiles,
      async (profile) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await tick();
        inFlight--;
        return profile.toUpperCase();
      },
      { concurrency: 4, failFast: false, signal: new AbortController().signal },
    );
    expect(peak).toBe(4);
    expect(outcomes.map((o) => (o.ok ? o.value : "x"))).toEqual(profiles.map((p) => p.toUpperCase()));
  });

  it("keeps going after a failure, but stops starting new profiles with failFast", async () => {
    const task = async (profile: string) => {
      await tick();
      if (profile === "a") throw new Error("boom");
      return profile;
    };
    const all = await runPerProfile(["a", "b", "c", "d", "e", "f"], task, { concurrency: 1, failFast: false, signal: new AbortController().signal });
    expect(all.map((o) => o.ok)).toEqual([false, true, true, true, true, true]);
    const fast = await runPerProfile(["a", "b", "c", "d", "e", "f"], task, { concurrency: 1, failFast: true, signal: new AbortController().signal });
    expect(fast.map((o) => o.profile)).toEqual(["a"]);
  });

  it("starts nothing new once aborted and hands each task the signal", async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    const outcomes = await runPerProfile(
      ["a", "b", "c"],
      async (profile, signal) => {
        seen.push(profile);
        controller.abort();
        expect(signal.aborted).toBe(true);
        throw new Error("aborted");
      },
      { concurrency: 1, failFast: false, signal: controller.signal },
    );
    expect(seen).toEqual(["a"]);
    expect(outcomes).toHaveLength(1);
  });
});

describe("progress", () => {
  it("draws one line per profile with its state", () => {
    const lines = progressLines(new Map([["acme", "done"], ["globex-long", "fetching"], ["x", "error"]] as const));
    expect(lines).toEqual([`${CHECK} acme         done`, "… globex-long  fetching", `${CROSS} x            error`]);
  });

  function ioFor(stderrIsTTY: boolean, env: NodeJS.ProcessEnv = {}) {
    const stderr = Object.assign(new PassThrough(), { isTTY: stderrIsTTY });
    let written = "";
    stderr.on("data", (chunk) => (written += String(chunk)));
    const io = createIO({ stdout: Object.assign(new PassThrough(), { isTTY: false }), stderr, stdin: new PassThrough() }, { env, noColor: true, quiet: false });
    return { io, written: () => written };
  }

  it("redraws in place on a TTY and erases itself at the end", () => {
    const { io, written } = ioFor(true);
    const progress = startProgress(io, ["a", "b"], true);
    progress.update("a", "done");
    progress.stop();
    expect(written()).toContain("\u001b[2F");
    expect(written()).toContain(`${CHECK} a  done`);
    expect(written().endsWith("\u001b[2F\u001b[0J")).toBe(true);
  });

  it("writes nothing in a pipe, in CI, or when the output is JSON", () => {
    for (const [tty, env, enabled] of [[false, {}, true], [true, { CI: "true" }, true], [true, {}, false]] as const) {
      const { io, written } = ioFor(tty, env);
      const progress = startProgress(io, ["a"], enabled);
      progress.update("a", "done");
      progress.stop();
      expect(written()).toBe("");
    }
  });
});
