#!/usr/bin/env node
// Polling cost: how many requests `analytics export` sends while an export takes 60 s server-side,
// with and without the server's estimated_completion being useful. Goal: at most ~15.
// Usage: npm run build && node bench/polling.js [delaySeconds=60]
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startSandbox } from "../dist/sandbox/index.js";

const delaySeconds = Number(process.argv[2] ?? 60);
const bin = fileURLToPath(new URL("../bin/analytics.js", import.meta.url));
const sandbox = await startSandbox({ rateLimits: false, exportDelayMs: delaySeconds * 1000, now: new Date("2025-11-26T12:00:00Z") });
const dir = mkdtempSync(join(tmpdir(), "analytics-bench-polling-"));
try {
  const env = { ...process.env, ANALYTICS_API_URL: sandbox.url, ANALYTICS_WORKSPACE: sandbox.workspaceId, ANALYTICS_TOKEN: sandbox.token, CI: "true" };
  const started = performance.now();
  const code = await new Promise((resolve) => spawn(process.execPath, [bin, "export", "--format", "csv", "-o", join(dir, "out.csv")], { env, stdio: "inherit" }).on("close", resolve));
  const seconds = (performance.now() - started) / 1000;
  const api = sandbox.requests.filter((r) => r.listener !== "download");
  const polls = api.filter((r) => r.method === "GET" && r.path.includes("/analytics/exports/")).length;
  console.log(`export taking ${delaySeconds} s server-side: exit ${code} after ${seconds.toFixed(1)} s`);
  console.log(`requests to the API: ${api.length} (1 create + ${polls} status polls), to the download host: ${sandbox.requests.length - api.length}`);
  console.log(`goal ≤ ~15 requests: ${api.length <= 15 ? "ok" : "MISSED"}`);
} finally {
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
}
