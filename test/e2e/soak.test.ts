import { expect, it } from "vitest";
// @ts-expect-error: plain JS modules shared with bench/soak.js
import { HOSTILE_SCENARIOS } from "../../bench/hostile-server.js";
// @ts-expect-error: plain JS modules shared with bench/soak.js
import { formatHostileReport, runHostileSoak } from "../../bench/soak-hostile.js";
// @ts-expect-error: plain JS modules shared with bench/soak.js
import { DEFAULT_FAULTS, SOAK_COMMANDS, formatReport, runSoak } from "../../bench/soak-runner.js";
import { startSandbox } from "../../src/sandbox/index.js";

// The fast version of bench/soak.js: every command three times against a sandbox with faults on
// both listeners. Each run must match the fault-free answer or fail cleanly (documented code, one line).
it("survives injected faults with correct output or a clean, documented failure", async () => {
  const runs = SOAK_COMMANDS.length * 3;
  const report = await runSoak({ runs, concurrency: 2, faults: DEFAULT_FAULTS, seed: 11, startSandbox, perRunTimeoutMs: 30_000 });
  expect(report.runs).toBe(runs);
  expect(report.violations, formatReport(report)).toEqual([]);
  // The faults were really there, and most runs still got the right answer through the retries.
  expect(report.faultedResponses).toBeGreaterThan(3);
  expect(report.successes).toBeGreaterThan(runs / 2);
}, 120_000);

// The fast version of `bench/soak.js hostile`: each quick scenario of the hostile server once
// (endless and dripping bodies, redirects, a wrong checksum, huge headers, C1/bidi strings). No
// stack trace, no token, no partial file, bounded time, terminal-safe output, the expected exit.
// The slow scenarios (stalls, retries of broken API answers) run in the bench only.
const FAST_HOSTILE = (HOSTILE_SCENARIOS as Array<{ name: string; slow?: boolean }>).filter((s) => !s.slow && s.name !== "token-echo");

it("keeps every rule against a hostile server", async () => {
  const report = await runHostileSoak({ runs: FAST_HOSTILE.length, scenarios: FAST_HOSTILE, concurrency: 2, startSandbox, perRunTimeoutMs: 15_000 });
  expect(report.runs).toBe(FAST_HOSTILE.length);
  expect(report.violations, formatHostileReport(report)).toEqual([]);
  expect(report.longest.ms).toBeLessThan(15_000);
}, 60_000);
