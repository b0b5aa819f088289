import { mkdtempSync } from "node:fs";
import { tmpdir as osTmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
// @ts-expect-error: plain JS modules shared with bench/soak.js
import { HOSTILE_SCENARIOS } from "../../bench/hostile-server.js";
// @ts-expect-error: plain JS modules shared with bench/soak.js
import { formatHostileReport, runHostileSoak } from "../../bench/soak-hostile.js";
// @ts-expect-error: plain JS modules shared with bench/soak.js
import { DEFAULT_FAULTS, SOAK_COMMANDS, allCredentials, formatReport, runSoak, violationOf } from "../../bench/soak-runner.js";
import { PROVIDER_NAMES } from "../../src/providers/capabilities.js";
import { loadProvider } from "../../src/providers/registry.js";
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
}, 180_000);

// A leak of any provider's credential is a violation, whichever provider's command printed it, and
// every provider that is built has commands in the mix (a new provider's soak is not optional).
it("watches every provider's credential, and soaks every provider that is built", async () => {
  const sandbox = await startSandbox({ seed: 3, rateLimits: false });
  try {
    const tokens = allCredentials(sandbox) as string[];
    const clean = { code: 0, hung: false, stdout: "same", stderr: "" };
    for (const provider of PROVIDER_NAMES) {
      const token = sandbox.credentials[provider].token;
      expect(tokens, provider).toContain(token);
      const leaked = { ...clean, stderr: `warning: ${token}\n` };
      expect(violationOf(leaked, { stdout: "same" }, { name: "tenant-campaign" }, mkdtempSync(join(osTmpdir(), "soak-check-")), tokens), provider).toBe("token printed");
    }
  } finally {
    await sandbox.close();
  }
  const built = (await Promise.all(PROVIDER_NAMES.map((name) => loadProvider(name).then(() => name, () => undefined)))).filter(Boolean);
  const soaked = new Set((SOAK_COMMANDS as Array<{ provider?: string }>).map((command) => command.provider ?? "tenant"));
  expect([...soaked].sort()).toEqual([...built].sort());
});

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
