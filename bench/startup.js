#!/usr/bin/env node
// Start-up cost, as medians over repeated runs (process.hrtime; hyperfine gives the same picture):
//   analytics --version, --help and help CMD against `node -e 0`;
//   analytics campaign <id> --json against a minimal undici script making the same request,
//   both against one sandbox started here on a loopback port.
// Usage: npm run build && node bench/startup.js [runs=30]
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { startSandbox } from "../dist/sandbox/index.js";

const runs = Number(process.argv[2] ?? 30);
const bin = fileURLToPath(new URL("../bin/analytics.js", import.meta.url));
const minimal = fileURLToPath(new URL("./minimal-request.mjs", import.meta.url));
const minimalColdsend = fileURLToPath(new URL("./minimal-coldsend.mjs", import.meta.url));
const DOC_ID = "550e8400-e29b-41d4-a716-446655440000";

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Wall time of one `node args` run. Asynchronous, so the sandbox in this process can answer. */
function timeOnce(args, env) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { env, stdio: ["ignore", "ignore", "inherit"] });
    child.on("exit", (code) => (code === 0 ? resolve(Number(process.hrtime.bigint() - start) / 1e6) : reject(new Error(`${args.join(" ")} exited ${code}`))));
  });
}

/** Medians for each case, running the cases round-robin so drift in machine load hits all alike. */
async function measureAll(cases) {
  const times = cases.map(() => []);
  for (const c of cases) await timeOnce(c.args, c.env); // warm-up
  for (let i = 0; i < runs; i++) {
    for (const [index, c] of cases.entries()) times[index].push(await timeOnce(c.args, c.env));
  }
  return times.map(median);
}

const sandbox = await startSandbox({ rateLimits: false, now: new Date("2025-11-26T12:00:00Z") });
const env = { ...process.env, ANALYTICS_API_URL: sandbox.url, ANALYTICS_WORKSPACE: sandbox.workspaceId, ANALYTICS_TOKEN: sandbox.token, ANALYTICS_CONFIG_DIR: "/nonexistent" };
const coldsendEnv = { ...process.env, ANALYTICS_PROVIDER: "coldsend", ANALYTICS_API_URL: sandbox.url, ANALYTICS_TOKEN: sandbox.credentials.coldsend.token, COLDSEND_KEY: sandbox.credentials.coldsend.token, ANALYTICS_CONFIG_DIR: "/nonexistent" };
try {
  const [nodeBaseline, version, help, helpCommand, undiciBaseline, campaign, coldsendBaseline, coldsend] = await measureAll([
    { args: ["-e", "0"], env: process.env },
    { args: [bin, "--version"], env: process.env },
    { args: [bin, "--help"], env: process.env },
    { args: [bin, "help", "campaign"], env: process.env },
    { args: [minimal, "cmp_abc123"], env },
    { args: [bin, "campaign", "cmp_abc123", "--json"], env },
    { args: [minimalColdsend, DOC_ID], env: coldsendEnv },
    { args: [bin, "campaign", DOC_ID, "--json"], env: coldsendEnv },
  ]);
  const rows = [
    ["node -e 0", nodeBaseline, nodeBaseline, 1.0],
    ["analytics --version", version, nodeBaseline, 1.1],
    ["analytics --help", help, nodeBaseline, 1.3],
    ["analytics help campaign", helpCommand, nodeBaseline, 1.3],
    ["minimal undici request", undiciBaseline, undiciBaseline, 1.0],
    ["analytics campaign --json", campaign, undiciBaseline, 1.5],
    ["minimal undici (coldsend)", coldsendBaseline, coldsendBaseline, 1.0],
    ["campaign --json (coldsend)", coldsend, coldsendBaseline, 1.1],
  ];
  console.log(`median of ${runs} runs, Node ${process.version}`);
  console.log(`${"command".padEnd(28)} ${"ms".padStart(7)}   ratio   goal`);
  for (const [name, ms, base, goal] of rows) {
    const ratio = ms / base;
    console.log(`${name.padEnd(28)} ${ms.toFixed(1).padStart(7)}   ${ratio.toFixed(2)}×   ${goal === 1 ? "(baseline)" : `≤ ${goal}× ${ratio <= goal ? "ok" : "MISSED"}`}`);
  }
} finally {
  await sandbox.close();
}
