#!/usr/bin/env node
// Soak run: at least 300 invocations of mixed commands against a faulty sandbox; prints runs,
// successes, clean failures per exit code and violations. Exits 1 on any violation.
// Usage: npm run build && node bench/soak.js [runs=320] [concurrency=2] [faults=<spec>]
import { startSandbox } from "../dist/sandbox/index.js";
import { DEFAULT_FAULTS, formatReport, runSoak } from "./soak-runner.js";

const runs = Number(process.argv[2] ?? 320);
const concurrency = Number(process.argv[3] ?? 2);
const faults = process.argv[4] ?? DEFAULT_FAULTS;
const started = Date.now();
console.log(`soak: ${runs} runs, concurrency ${concurrency}, faults ${faults}`);
const report = await runSoak({ runs, concurrency, faults, startSandbox, timeBudgetMs: 20 * 60_000, log: (line) => console.log(line) });
console.log(`\n${formatReport(report)}\nwall time ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exitCode = report.violations.length ? 1 : 0;
