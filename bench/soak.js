#!/usr/bin/env node
// Soak run: many invocations of mixed commands against a faulty sandbox (default), or against a
// hostile server (`hostile`: endless bodies, drips, stalls, redirects, C1/bidi strings, huge
// headers); prints runs, outcomes, violations and the longest single run. Exits 1 on any violation.
// Usage: npm run build && node bench/soak.js [runs=320] [concurrency=2] [faults=<spec>]
//        npm run build && node bench/soak.js hostile [runs=180] [concurrency=2]
import { startSandbox } from "../dist/sandbox/index.js";
import { formatHostileReport, runHostileSoak } from "./soak-hostile.js";
import { DEFAULT_FAULTS, formatReport, runSoak } from "./soak-runner.js";

const hostile = process.argv[2] === "hostile";
const args = hostile ? process.argv.slice(3) : process.argv.slice(2);
const runs = Number(args[0] ?? (hostile ? 180 : 320));
const concurrency = Number(args[1] ?? 2);
const started = Date.now();
let violations;
if (hostile) {
  console.log(`soak (hostile server): ${runs} runs, concurrency ${concurrency}`);
  const report = await runHostileSoak({ runs, concurrency, startSandbox, log: (line) => console.log(line) });
  console.log(`\n${formatHostileReport(report)}`);
  violations = report.violations.length;
} else {
  const faults = args[2] ?? DEFAULT_FAULTS;
  console.log(`soak: ${runs} runs, concurrency ${concurrency}, faults ${faults}`);
  const report = await runSoak({ runs, concurrency, faults, startSandbox, timeBudgetMs: 20 * 60_000, log: (line) => console.log(line) });
  console.log(`\n${formatReport(report)}`);
  violations = report.violations.length;
}
console.log(`wall time ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exitCode = violations ? 1 : 0;
