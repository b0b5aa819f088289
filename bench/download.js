#!/usr/bin/env node
// Download benchmark: `analytics exports download` against `curl -o` on the same presigned URL,
// from a server that is not the bottleneck: a tiny node:http server in this process that answers
// the export's status call and streams one pre-allocated buffer again and again (with
// Content-Length and the body's MD5 as ETag, so the CLI verifies the checksum as with S3).
// Reports each tool's throughput (median of the runs, with the spread), the ratio, and the CLI's
// peak RSS for a small and the large file (flat memory means the two are close).
// Not part of `npm test`: it needs curl and /usr/bin/time, and a few hundred MiB of free disk.
// With a third argument the server paces the body to that many MiB/s, like a real link: the ratio
// then shows whether the CLI keeps up with a wire slower than this machine's loopback.
// Usage: npm run build && node bench/download.js [MiB=512] [runs=3] [pace MiB/s]
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const MIB = 1024 ** 2;
const sizeMiB = Number(process.argv[2] ?? 512);
const runs = Number(process.argv[3] ?? 3);
const paceMiBs = process.argv[4] === undefined ? undefined : Number(process.argv[4]);
const bin = fileURLToPath(new URL("../bin/analytics.js", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "analytics-bench-download-"));
const WORKSPACE = "ws_bench";

// One 4 MiB block of CSV-like random text, repeated: the MD5 of the whole file is computed once here.
const BLOCK = Buffer.from(randomBytes(3 * MIB).toString("base64"));
const files = new Map();
for (const [id, mib] of [
  ["exp_large", sizeMiB],
  ["exp_small", Math.max(4, Math.round(sizeMiB / 8))],
]) {
  const size = mib * MIB;
  const hash = createHash("md5");
  for (let sent = 0; sent < size; sent += BLOCK.length) hash.update(BLOCK.subarray(0, Math.min(BLOCK.length, size - sent)));
  files.set(id, { size, md5: hash.digest("hex") });
}

/** Writes `size` bytes of BLOCK repeated, respecting backpressure (and the pace, if any). */
function streamFile(res, size) {
  let sent = 0;
  const started = performance.now();
  const pump = () => {
    while (sent < size) {
      if (paceMiBs !== undefined) {
        const due = started + (sent / MIB / paceMiBs) * 1000;
        if (due > performance.now()) return void setTimeout(pump, due - performance.now());
      }
      // The same bytes either way: BLOCK repeated (paced, in 1 MiB slices of it).
      const at = sent % BLOCK.length;
      const piece = BLOCK.subarray(at, Math.min(BLOCK.length, at + (paceMiBs === undefined ? BLOCK.length : MIB), at + size - sent));
      sent += piece.length;
      if (!res.write(piece)) return void res.once("drain", pump);
    }
    res.end();
  };
  pump();
}

const server = createServer((req, res) => {
  const url = new URL(req.url, "http://x");
  const status = /^\/api\/v1\/workspaces\/ws_bench\/analytics\/exports\/(exp_\w+)$/.exec(url.pathname);
  const download = /^\/files\/(exp_\w+)\.csv$/.exec(url.pathname);
  const file = files.get(status?.[1] ?? download?.[1]);
  if (!file) return void res.writeHead(404).end();
  if (status) {
    const data = {
      export_id: status[1],
      status: "completed",
      format: "csv",
      file_size_bytes: file.size,
      download_url: `${origin}/files/${status[1]}.csv?X-Amz-Signature=bench`,
      expires_at: new Date(Date.now() + 3600_000).toISOString(),
    };
    return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ success: true, data }));
  }
  res.writeHead(200, { "content-type": "text/csv", "content-length": String(file.size), etag: `"${file.md5}"` });
  streamFile(res, file.size);
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${server.address().port}`;
const env = { ...process.env, ANALYTICS_API_URL: origin, ANALYTICS_WORKSPACE: WORKSPACE, ANALYTICS_TOKEN: "bench-token", CI: "true" };

/** Runs a command under GNU time; resolves with wall seconds and peak RSS in bytes. Async, so this process keeps serving. */
function measure(command, args) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn("/usr/bin/time", ["-f", "%M", command, ...args], { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) return reject(new Error(`${command} ${args.join(" ")} exited ${code}: ${stderr.trim()}`));
      resolve({ seconds, rss: Number(stderr.trim().split("\n").at(-1)) * 1024 });
    });
  });
}

const out = join(work, "out.csv");
const cliDownload = (id) => measure(process.execPath, [bin, "exports", "download", id, "-o", out, "--force", "-q"]);
const curlDownload = (id) => measure("curl", ["-sS", "--fail", "-o", out, `${origin}/files/${id}.csv?X-Amz-Signature=bench`]);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const mib = (bytes) => `${(bytes / MIB).toFixed(1)} MiB`;
const rates = (samples, bytes) => samples.map((s) => bytes / s.seconds / MIB);
const spread = (values) => `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)}`;

async function checked(who, run, id) {
  rmSync(out, { force: true });
  const result = await run(id);
  const size = statSync(out).size;
  if (size !== files.get(id).size) throw new Error(`${who} wrote ${size} bytes, expected ${files.get(id).size}`);
  rmSync(out, { force: true });
  return result;
}

try {
  const large = files.get("exp_large");
  const cli = [];
  const curl = [];
  for (let i = 0; i < runs; i++) {
    // Alternate the order so neither always runs right after the other's file was deleted.
    for (const who of i % 2 === 0 ? ["cli", "curl"] : ["curl", "cli"]) {
      if (who === "cli") cli.push(await checked("cli", cliDownload, "exp_large"));
      else curl.push(await checked("curl", curlDownload, "exp_large"));
    }
  }
  // The ceiling for any download that verifies an MD5: the hash is sequential, one core at best.
  const md5Rate = (() => {
    const started = performance.now();
    const hash = createHash("md5");
    for (let done = 0; done < large.size; done += BLOCK.length) hash.update(BLOCK.subarray(0, Math.min(BLOCK.length, large.size - done)));
    hash.digest();
    return large.size / ((performance.now() - started) / 1000) / MIB;
  })();
  const small = [];
  for (let i = 0; i < runs; i++) small.push(await checked("cli", cliDownload, "exp_small"));

  const cliRates = rates(cli, large.size);
  const curlRates = rates(curl, large.size);
  const ratio = median(cliRates) / median(curlRates);
  console.log(`Node ${process.version}, ${mib(large.size)} file served from memory${paceMiBs === undefined ? "" : ` at ${paceMiBs} MiB/s`}, ${runs} runs each; median (min–max) MiB/s, wall time from process start to exit`);
  console.log(`curl -o                                       ${median(curlRates).toFixed(0).padStart(5)} MiB/s (${spread(curlRates)})   peak RSS ${mib(Math.max(...curl.map((s) => s.rss)))}`);
  console.log(`analytics exports download (MD5, fsync, rename) ${median(cliRates).toFixed(0).padStart(5)} MiB/s (${spread(cliRates)})   peak RSS ${mib(Math.max(...cli.map((s) => s.rss)))}`);
  console.log(`MD5 alone, one core (the ceiling of a verified download) ${md5Rate.toFixed(0).padStart(5)} MiB/s = ${(md5Rate / median(curlRates)).toFixed(2)}× curl`);
  console.log(`ratio CLI / curl                              ${ratio.toFixed(2)}× (goal ≥ 0.90×: ${ratio >= 0.9 ? "ok" : "missed"})`);
  console.log(`CLI peak RSS: ${mib(files.get("exp_small").size)} file → ${mib(Math.max(...small.map((s) => s.rss)))}; ${mib(large.size)} file → ${mib(Math.max(...cli.map((s) => s.rss)))}`);
  if (median(curlRates) < 500 && paceMiBs === undefined) console.log("note: curl stayed under 500 MiB/s, so the machine (not the server) may be the limit; repeat in a quiet moment");
} finally {
  server.closeAllConnections();
  server.close();
  rmSync(work, { recursive: true, force: true });
}
