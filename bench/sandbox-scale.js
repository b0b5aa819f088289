#!/usr/bin/env node
// Sandbox start-up at scale (moved here from test/sandbox/scale.test.ts: speed is measured, not
// asserted in tests). Median wall time of startSandbox({ campaigns }) plus one campaign request.
// Usage: npm run build && node bench/sandbox-scale.js [campaigns=20000] [runs=7]
import { startSandbox } from "../dist/sandbox/index.js";

const campaigns = Number(process.argv[2] ?? 20_000);
const runs = Number(process.argv[3] ?? 7);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const startups = [];
const firstAnswers = [];
for (let i = 0; i < runs; i++) {
  const started = performance.now();
  const sandbox = await startSandbox({ now: new Date("2025-11-26T12:00:00Z"), campaigns, rateLimits: false });
  startups.push(performance.now() - started);
  const asked = performance.now();
  const response = await fetch(`${sandbox.url}/api/v1/workspaces/${sandbox.workspaceId}/campaigns/cmp_abc123/analytics?timeRange=90d`, {
    headers: { authorization: `Bearer ${sandbox.token}`, "x-workspace-id": sandbox.workspaceId },
  });
  await response.json();
  firstAnswers.push(performance.now() - asked);
  await sandbox.close();
}
console.log(`${campaigns} campaigns, median of ${runs} runs, Node ${process.version}`);
console.log(`start-up        ${median(startups).toFixed(1)} ms (goal < 1000 ms: ${median(startups) < 1000 ? "ok" : "MISSED"})`);
console.log(`first campaign  ${median(firstAnswers).toFixed(1)} ms`);
