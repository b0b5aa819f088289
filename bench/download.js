#!/usr/bin/env node
// Download benchmark: a ≥ 1 GiB time-series export from a sandbox at scale, fetched by
// `analytics exports download` and by `curl -o` from the same presigned URL (same listener,
// same disk), reporting throughput and peak RSS (GNU time's %M), plus the CLI's peak RSS for a
// ~100 MiB and the ≥ 1 GiB file (flat memory means the two are close).
// Not part of `npm test`: it needs curl and /usr/bin/time, ~3 GiB of free disk and a few minutes.
// Usage: npm run build && node bench/download.js [campaigns=56000] [runs=3]
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startSandbox } from "../dist/sandbox/index.js";

const campaigns = Number(process.argv[2] ?? 56_000);
const runs = Number(process.argv[3] ?? 3);
const bin = fileURLToPath(new URL("../bin/analytics.js", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "analytics-bench-download-"));
const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

/** Runs a command under GNU time; resolves with wall seconds and peak RSS in bytes. Async, so this process keeps serving. */
function measure(command, args, env = process.env) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn("/usr/bin/time", ["-f", "%M", command, ...args], { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) return reject(new Error(`${command} ${args.join(" ")} exited ${code}: ${stderr.trim()}`));
      const rssKb = Number(stderr.trim().split("\n").at(-1));
      resolve({ seconds, rss: rssKb * 1024 });
    });
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const mb = (bytes) => `${(bytes / MIB).toFixed(1)} MiB`;

const sandbox = await startSandbox({ campaigns, rateLimits: false, exportDelayMs: 0, now: new Date("2025-11-26T12:00:00Z") });
const headers = { Authorization: `Bearer ${sandbox.token}`, "X-Workspace-ID": sandbox.workspaceId, "Content-Type": "application/json" };
const api = (path) => `${sandbox.url}/api/v1/workspaces/${sandbox.workspaceId}${path}`;
const env = { ...process.env, ANALYTICS_API_URL: sandbox.url, ANALYTICS_WORKSPACE: sandbox.workspaceId, ANALYTICS_TOKEN: sandbox.token, CI: "true" };

/** Creates an export and waits until the sandbox has written it; returns its status data. */
async function makeExport(body) {
  const created = await (await fetch(api("/analytics/export"), { method: "POST", headers, body: JSON.stringify(body) })).json();
  const id = created.data.export_id;
  const started = performance.now();
  for (;;) {
    const status = await (await fetch(api(`/analytics/exports/${id}`), { headers })).json();
    if (status.data.status === "completed") {
      console.log(`  ${id}: ${mb(status.data.file_size_bytes)} generated in ${((performance.now() - started) / 1000).toFixed(0)} s`);
      return status.data;
    }
    if (status.data.status === "failed") throw new Error(`export ${id} failed`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

const cliDownload = (id, out) => measure(process.execPath, [bin, "exports", "download", id, "-o", out, "--force", "-q"], env);
const curlDownload = (url, out) => measure("curl", ["-sS", "--fail", "-o", out, url]);

try {
  console.log(`sandbox: ${campaigns.toLocaleString("en-US")} campaigns; building the exports (csv, one row per campaign and day)…`);
  const big = await makeExport({ format: "csv", time_range: "custom", start_date: "2025-05-31", end_date: "2025-11-26", include_time_series: true });
  if (big.file_size_bytes < GIB) throw new Error(`the large export is only ${mb(big.file_size_bytes)}; raise the campaign count`);
  const small = await makeExport({ format: "csv", time_range: "custom", start_date: "2025-11-10", end_date: "2025-11-26", include_time_series: true });

  const out = join(work, "out.csv");
  const cli = [];
  const curl = [];
  for (let i = 0; i < runs; i++) {
    // Alternate the order so neither always gets the warmer page cache.
    const pair = i % 2 === 0 ? ["cli", "curl"] : ["curl", "cli"];
    for (const who of pair) {
      rmSync(out, { force: true });
      if (who === "cli") cli.push(await cliDownload(big.export_id, out));
      else curl.push(await curlDownload(big.download_url, out));
      if (statSync(out).size !== big.file_size_bytes) throw new Error(`${who} wrote ${statSync(out).size} bytes, expected ${big.file_size_bytes}`);
    }
  }
  rmSync(out, { force: true });
  const smallRuns = [];
  for (let i = 0; i < runs; i++) {
    rmSync(out, { force: true });
    smallRuns.push(await cliDownload(small.export_id, out));
  }
  rmSync(out, { force: true });

  const rate = (samples, bytes) => bytes / median(samples.map((s) => s.seconds)) / MIB;
  const cliRate = rate(cli, big.file_size_bytes);
  const curlRate = rate(curl, big.file_size_bytes);
  console.log(`\nNode ${process.version}, ${runs} runs each, median wall time (process start to exit)`);
  console.log(`file                         ${mb(big.file_size_bytes)}`);
  console.log(`analytics exports download   ${cliRate.toFixed(0).padStart(5)} MiB/s   peak RSS ${mb(Math.max(...cli.map((s) => s.rss)))}   (includes a status request, fsync and rename)`);
  console.log(`curl -o                      ${curlRate.toFixed(0).padStart(5)} MiB/s   peak RSS ${mb(Math.max(...curl.map((s) => s.rss)))}`);
  console.log(`ratio CLI / curl             ${(cliRate / curlRate).toFixed(2)}×`);
  console.log(`CLI peak RSS: ${mb(small.file_size_bytes)} file → ${mb(Math.max(...smallRuns.map((s) => s.rss)))}; ${mb(big.file_size_bytes)} file → ${mb(Math.max(...cli.map((s) => s.rss)))}`);
} finally {
  await sandbox.close();
  rmSync(work, { recursive: true, force: true });
}
