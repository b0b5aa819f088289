#!/usr/bin/env node
// `analytics report --range 90d` against the separate commands whose data it shows, run back to
// back (overview, campaign for each of the top five, compare of those five, deliverability,
// heatmap), on one sandbox with its rate limits on. Medians over repeated runs, run round-robin.
// Also the size of the HTML and of the Markdown. Target: report < 2× the commands, HTML < 300 KB.
// Usage: npm run build && node bench/report.js [runs=5]
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startSandbox } from "../dist/sandbox/index.js";

const runs = Number(process.argv[2] ?? 5);
const bin = fileURLToPath(new URL("../bin/analytics.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "analytics-bench-report-"));

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function run(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env, stdio: ["ignore", "ignore", "inherit"] });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(" ")} exited ${code}`))));
  });
}

async function timed(commands, env) {
  const start = process.hrtime.bigint();
  for (const args of commands) await run(args, env);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const sandbox = await startSandbox({ now: new Date("2025-11-26T12:00:00Z"), campaigns: 15 });
try {
  const env = { PATH: process.env.PATH, HOME: dir, ANALYTICS_CONFIG_DIR: join(dir, "config"), ANALYTICS_API_URL: sandbox.url, ANALYTICS_WORKSPACE: sandbox.workspaceId, ANALYTICS_TOKEN: sandbox.token, SOURCE_DATE_EPOCH: "1764158400" };
  const overview = await fetch(`${sandbox.url}/api/v1/workspaces/${sandbox.workspaceId}/analytics/overview?timeRange=90d`, { headers: { authorization: `Bearer ${sandbox.token}`, "x-workspace-id": sandbox.workspaceId } }).then((r) => r.json());
  const top = overview.data.top_campaigns.map((c) => c.campaign_id);
  const separate = [
    ["overview", "--range", "90d"],
    ...top.map((id) => ["campaign", id, "--range", "90d"]),
    ["compare", ...top, "--range", "90d"],
    ["deliverability", "--range", "90d"],
    ["heatmap", "--range", "90d"],
  ];
  const html = join(dir, "report.html");
  const md = join(dir, "report.md");
  const cases = [
    { name: `separate commands (${separate.length}, back to back)`, commands: separate },
    { name: "report --range 90d (HTML)", commands: [["report", "--range", "90d", "-o", html, "--force"]] },
    { name: "report --range 90d --format md", commands: [["report", "--range", "90d", "-o", md, "--force"]] },
  ];
  const times = cases.map(() => []);
  for (const c of cases) await timed(c.commands, env); // warm-up
  for (let i = 0; i < runs; i++) for (const [index, c] of cases.entries()) times[index].push(await timed(c.commands, env));
  const medians = times.map(median);
  for (const [index, c] of cases.entries()) console.log(`${c.name.padEnd(44)} ${medians[index].toFixed(0).padStart(6)} ms`);
  console.log(`report / separate: ${(medians[1] / medians[0]).toFixed(2)}× (HTML), ${(medians[2] / medians[0]).toFixed(2)}× (Markdown); target < 2×`);
  console.log(`HTML ${(readFileSync(html).byteLength / 1024).toFixed(1)} KB (target < 300 KB), Markdown ${(readFileSync(md).byteLength / 1024).toFixed(1)} KB`);
} finally {
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
}
