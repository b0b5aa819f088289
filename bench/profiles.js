#!/usr/bin/env node
// Many-workspace overview: 12 profiles against the local sandbox behind a proxy that adds 50 ms to
// every request. Ideal for 4 at a time = one start-up + three rounds of the slowest request, i.e.
// the single-profile run (start-up + one round) + 2 × the slowest request. Goal: ≤ 1.25× ideal.
// Also counts reads of config.json (goal: the twelve credentials loaded once).
// Usage: npm run build && node bench/profiles.js [runs=7]
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startSandbox } from "../dist/sandbox/index.js";

const runs = Number(process.argv[2] ?? 7);
const LATENCY_MS = 50;
const PROFILES = 12;
const bin = fileURLToPath(new URL("../bin/analytics.js", import.meta.url));
const counter = fileURLToPath(new URL("./count-config-reads.cjs", import.meta.url));

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const sandbox = await startSandbox({ rateLimits: false, now: new Date("2025-11-26T12:00:00Z") });
const target = new URL(sandbox.url);
let slowest = 0;
const proxy = createServer((req, res) => {
  const started = performance.now();
  setTimeout(() => {
    const upstream = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res).on("finish", () => (slowest = Math.max(slowest, performance.now() - started)));
    });
    req.pipe(upstream);
  }, LATENCY_MS);
});
await new Promise((resolve) => proxy.listen(0, "127.0.0.1", resolve));
const proxyUrl = `http://127.0.0.1:${proxy.address().port}`;

const dir = mkdtempSync(join(tmpdir(), "analytics-bench-profiles-"));
const profiles = {};
for (let i = 0; i < PROFILES; i++) profiles[`client${i}`] = { apiUrl: proxyUrl, workspace: sandbox.workspaceId, token: sandbox.token };
writeFileSync(join(dir, "config.json"), JSON.stringify({ profiles }), { mode: 0o600 });
const env = { PATH: process.env.PATH, HOME: dir, ANALYTICS_CONFIG_DIR: dir };

function timeOnce(args) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    let stderr = "";
    const child = spawn(process.execPath, ["-r", counter, bin, ...args], { env, stdio: ["ignore", "ignore", "pipe"] });
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`${args.join(" ")} exited ${code}: ${stderr}`));
      resolve({ ms: Number(process.hrtime.bigint() - start) / 1e6, reads: Number(/config-reads=(\d+)/.exec(stderr)?.[1]) });
    });
  });
}

const single = ["overview", "--profiles", "client0", "--json"];
const all = ["overview", "--all-profiles", "--json"];
await timeOnce(single);
await timeOnce(all);
const singles = [];
const alls = [];
const slowests = [];
let reads = 0;
for (let i = 0; i < runs; i++) {
  singles.push((await timeOnce(single)).ms);
  slowest = 0;
  const run = await timeOnce(all);
  alls.push(run.ms);
  slowests.push(slowest);
  reads = run.reads;
}
const ideal = median(singles) + 2 * median(slowests);
const actual = median(alls);
console.log(`profiles: ${PROFILES}, added latency ${LATENCY_MS} ms, ${runs} runs (medians)`);
console.log(`one profile (start-up + one round): ${median(singles).toFixed(1)} ms`);
console.log(`slowest request as the proxy saw it: ${median(slowests).toFixed(1)} ms`);
console.log(`ideal for ${PROFILES} at 4 at a time: ${ideal.toFixed(1)} ms`);
console.log(`${PROFILES} profiles: ${actual.toFixed(1)} ms = ${(actual / ideal).toFixed(2)}× ideal (goal ≤ 1.25×) ${actual / ideal <= 1.25 ? "ok" : "MISSED"}`);
console.log(`config.json reads in the ${PROFILES}-profile run: ${reads} (goal: 1)`);
proxy.close();
await sandbox.close();
