import { expect, it } from "vitest";
// @ts-expect-error: a plain JS module shared with bench/soak.js
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
