/**
 * Downloads from a hostile storage host (bench/hostile-server.js): a body that never ends, one that
 * drips or stalls, a wrong checksum, oversized headers, a redirect to another origin. The built CLI
 * must stop in time, say what happened in one line, and leave no file behind.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain JS module shared with bench/soak.js
import { HOSTILE_FILE, startHostileServer } from "../../bench/hostile-server.js";
import { startSandbox } from "../../src/sandbox/index.js";
import { BIN, tempDir } from "./helpers.js";

interface HostileServer {
  apiUrl: string;
  token: string;
  requests: Array<{ listener: string; path: string; headers: Record<string, string | undefined> }>;
  close(): Promise<void>;
}

let server: HostileServer;
beforeAll(async () => {
  server = (await startHostileServer({ startSandbox })) as HostileServer;
});
afterAll(() => server.close());

interface Run {
  exitCode: number;
  stdout: Buffer;
  stderr: string;
  ms: number;
}

/** The CLI pointed at scenario `workspace` of the hostile server, in `cwd`, with no TTY anywhere. */
async function run(workspace: string, args: string[], cwd: string, timeout = "1s"): Promise<Run> {
  const started = performance.now();
  const result = await execa("node", [BIN, ...args], {
    cwd,
    env: {
      PATH: process.env.PATH,
      HOME: cwd,
      ANALYTICS_CONFIG_DIR: join(cwd, "..", "config"),
      ANALYTICS_API_URL: server.apiUrl,
      ANALYTICS_WORKSPACE: `ws_${workspace}`,
      ANALYTICS_TOKEN: server.token,
      ANALYTICS_TIMEOUT: timeout,
    },
    extendEnv: false,
    reject: false,
    encoding: "buffer",
    stdin: "ignore",
    timeout: 30_000,
  });
  return { exitCode: result.exitCode ?? -1, stdout: Buffer.from(result.stdout), stderr: Buffer.from(result.stderr).toString("utf8"), ms: performance.now() - started };
}

const lines = (text: string): string[] => text.split("\n").filter(Boolean);
const storageRequestsSince = (index: number, path: string) => server.requests.slice(index).filter((r) => r.listener === "storage" && r.path.startsWith(path));

describe("a body longer than announced", () => {
  it("is cut at the first byte past file_size_bytes (no Content-Length): exit 1, one line, no file, no temp file", async () => {
    const dir = tempDir();
    const before = server.requests.length;
    const result = await run("endless", ["exports", "download", "exp_endless", "-o", "out.csv"], dir);
    expect(result.exitCode).toBe(1);
    expect(lines(result.stderr)).toEqual([
      "error: the storage host sent more than the 606 bytes of export exp_endless (file_size_bytes); stopped there, not saving it",
    ]);
    expect(readdirSync(dir)).toEqual([]);
    // One request, not a resume loop, and seconds rather than the time it takes to fill a disk.
    expect(storageRequestsSince(before, "/files/endless")).toHaveLength(1);
    expect(result.ms).toBeLessThan(10_000);
  });

  it("stops writing to stdout at the limit with -o -", async () => {
    const dir = tempDir();
    const result = await run("endless", ["exports", "download", "exp_endless", "-o", "-"], dir);
    expect(result.exitCode).toBe(1);
    expect(result.stdout.length).toBeLessThanOrEqual(606);
    expect(lines(result.stderr)).toEqual([
      "error: the storage host sent more than the 606 bytes of export exp_endless (file_size_bytes); stopped there, the output written to stdout is incomplete",
    ]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("never writes a byte past the Content-Length, however much follows on the connection", async () => {
    const dir = tempDir();
    const result = await run("overlong", ["exports", "download", "exp_overlong", "-o", "out.csv"], dir);
    expect(result.exitCode).toBe(0);
    expect(readFileSync(join(dir, "out.csv")).equals(HOSTILE_FILE)).toBe(true);
    expect(readdirSync(dir)).toEqual(["out.csv"]);
  });

  it("is cut the same way when `export` creates the export and downloads it", async () => {
    const dir = tempDir();
    const result = await run("endless", ["export", "--format", "csv", "-o", "out.csv"], dir);
    expect(result.exitCode).toBe(1);
    expect(lines(result.stderr)[0]).toMatch(/^error: the storage host sent more than the 606 bytes of export exp_endless/);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe("checksums, headers, redirects", () => {
  it("with -o -, a checksum mismatch says the output on stdout is corrupt (not that nothing was saved); with a file, not saved", async () => {
    const dir = tempDir();
    const piped = await run("badmd5", ["exports", "download", "exp_badmd5", "-o", "-"], dir);
    expect(piped.exitCode).toBe(1);
    expect(lines(piped.stderr)[0]).toBe(
      "error: the download of export exp_badmd5 does not match the checksum the storage host gave; the output written to stdout is corrupt",
    );
    expect(piped.stderr).not.toContain("not saved");
    const saved = await run("badmd5", ["exports", "download", "exp_badmd5", "-o", "out.csv"], dir);
    expect(saved.exitCode).toBe(1);
    expect(lines(saved.stderr)[0]).toMatch(/checksum the storage host gave; not saved$/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("refuses oversized headers from the storage host at once (exit 1), instead of retrying a broken answer", async () => {
    const dir = tempDir();
    const before = server.requests.length;
    const result = await run("huge-headers-download", ["exports", "download", "exp_huge", "-o", "out.csv"], dir);
    expect(result.exitCode).toBe(1);
    expect(lines(result.stderr)[0]).toBe("error: the storage host sent more headers than a client accepts (over 16 KiB) for export exp_huge");
    expect(storageRequestsSince(before, "/files/huge-headers-download")).toHaveLength(1);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("follows a redirect to another origin without credentials and saves the right file", async () => {
    const dir = tempDir();
    const before = server.requests.length;
    const result = await run("xredirect", ["exports", "download", "exp_xredirect", "-o", "out.csv"], dir);
    expect(result.exitCode).toBe(0);
    expect(readFileSync(join(dir, "out.csv")).equals(HOSTILE_FILE)).toBe(true);
    const offApi = server.requests.slice(before).filter((r) => r.listener !== "api");
    expect(offApi.map((r) => r.listener)).toEqual(["storage", "elsewhere"]);
    for (const request of offApi) {
      expect(request.headers.authorization).toBeUndefined();
      expect(JSON.stringify(request)).not.toContain(server.token);
    }
  });
});

describe("--timeout on downloads is an idle timeout", () => {
  it("a body that drips for longer than --timeout, but never pauses that long, completes", async () => {
    const dir = tempDir();
    const result = await run("drip", ["exports", "download", "exp_drip", "-o", "out.csv", "--timeout", "1s"], dir);
    expect(result.exitCode).toBe(0);
    expect(result.ms).toBeGreaterThan(1500);
    expect(readFileSync(join(dir, "out.csv")).equals(HOSTILE_FILE)).toBe(true);
  });

  it("a body that stalls longer than --timeout is resumed with Range from where it stopped", async () => {
    const dir = tempDir();
    const before = server.requests.length;
    const result = await run("stall", ["exports", "download", "exp_stall", "-o", "out.csv", "--timeout", "1s"], dir);
    expect(result.exitCode).toBe(0);
    expect(readFileSync(join(dir, "out.csv")).equals(HOSTILE_FILE)).toBe(true);
    expect(storageRequestsSince(before, "/files/stall").map((r) => r.headers.range)).toEqual([undefined, "bytes=100-"]);
  });
});
