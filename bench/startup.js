#!/usr/bin/env node
// Start-up cost: median wall time of `analytics --version`, `analytics --help` and `node -e 0`,
// measured with process.hrtime over repeated runs (hyperfine gives the same picture; this needs nothing installed).
// Usage: node bench/startup.js [runs=30]
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const runs = Number(process.argv[2] ?? 30);
const bin = fileURLToPath(new URL("../bin/analytics.js", import.meta.url));

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function measure(args) {
  spawnSync(process.execPath, args); // warm the file cache
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { stdio: ["ignore", "ignore", "inherit"] });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (result.status !== 0) throw new Error(`${args.join(" ")} exited ${result.status}`);
  }
  return median(times);
}

const baseline = measure(["-e", "0"]);
const rows = [
  ["node -e 0", baseline],
  ["analytics --version", measure([bin, "--version"])],
  ["analytics --help", measure([bin, "--help"])],
];
console.log(`median of ${runs} runs (Node ${process.version})`);
for (const [name, ms] of rows) {
  console.log(`${name.padEnd(22)} ${ms.toFixed(1).padStart(7)} ms   ${(ms / baseline).toFixed(2)}×`);
}
