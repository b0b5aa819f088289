/**
 * `analytics export`, `exports status` and `exports download` end to end: the built CLI against the
 * sandbox's API and its download listener (another origin), with download faults injected.
 */
import { execFileSync } from "node:child_process";
import { closeSync, constants, existsSync, lstatSync, openSync, readFileSync, readdirSync, readlinkSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Options, execa } from "execa";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type RunningSandbox, createDataset } from "../../src/sandbox/index.js";
import { BIN, PINNED_NOW, sandboxData, sandboxEnv, startTestSandbox, tempDir } from "./helpers.js";

let sandbox: RunningSandbox;
let env: Record<string, string>;
const draft = createDataset({ seed: 42, now: PINNED_NOW, campaigns: 15 }).campaigns.find((c) => c.status === "draft")!;

beforeAll(async () => {
  sandbox = await startTestSandbox({ rateLimits: false, exportDelayMs: 0 });
  env = sandboxEnv(sandbox);
});
afterAll(() => sandbox.close());
beforeEach(() => {
  sandbox.setFaults("");
  sandbox.expireNextLinks(0);
});

interface Run {
  exitCode: number;
  stdout: Buffer;
  stderr: string;
}

/** Runs the built CLI in `cwd` with a clean environment (no TTY anywhere: execa pipes every stream). */
async function run(args: string[], cwd: string, extraEnv: Record<string, string> = env, timeoutMs = 30_000): Promise<Run> {
  const home = tempDir("analytics-home-");
  const result = await execa("node", [BIN, ...args], {
    cwd,
    env: { PATH: process.env.PATH, HOME: home, ANALYTICS_CONFIG_DIR: join(home, "config"), ...extraEnv },
    extendEnv: false,
    reject: false,
    encoding: "buffer",
    stripFinalNewline: false,
    stdin: "ignore",
    timeout: timeoutMs,
  });
  return { exitCode: result.exitCode ?? -1, stdout: Buffer.from(result.stdout), stderr: Buffer.from(result.stderr).toString("utf8") };
}

const lines = (text: string): string[] => text.split("\n").filter(Boolean);
const exportIdIn = (text: string): string => /(exp_[a-z0-9]+)/.exec(text)?.[1] ?? "";

/** The file exactly as the download listener serves it (a fresh link from the API). */
async function served(exportId: string, target = sandbox): Promise<Buffer> {
  const status = await sandboxData(target, `/analytics/exports/${exportId}`);
  const response = await fetch(status.download_url);
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

const postCount = (target = sandbox): number => target.requests.filter((r) => r.method === "POST" && r.path.endsWith("/analytics/export")).length;
const downloadsSince = (index: number, target = sandbox) => target.requests.slice(index).filter((r) => r.listener === "download");

describe("analytics export: the happy paths", () => {
  it("saves a CSV under the default name in the current directory, byte-identical to what storage served", async () => {
    const dir = tempDir();
    const posts = postCount();
    const result = await run(["export", "--format", "csv", "--range", "7d"], dir);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.length).toBe(0);
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^analytics-campaign_performance-exp_[a-z0-9]+\.csv$/);
    expect(lines(result.stderr)).toEqual([expect.stringMatching(new RegExp(`^Saved ${files[0]!.replace(".", "\\.")} \\(.+, export exp_\\w+\\) in [\\d.]+s$`))]);
    const id = exportIdIn(files[0]!);
    expect(readFileSync(join(dir, files[0]!)).equals(await served(id))).toBe(true);
    expect(postCount()).toBe(posts + 1);
    const post = sandbox.requests.filter((r) => r.method === "POST" && r.path.endsWith("/analytics/export")).at(-1)!;
    expect(post.headers["idempotency-key"]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("saves JSON with the time series for one campaign to -o PATH", async () => {
    const dir = tempDir();
    const result = await run(["export", "--format", "json", "--campaign", "cmp_abc123", "--time-series", "--from", "2025-11-01", "--to", "2025-11-10", "-o", "out/nightly.json"], dir);
    // The directory must exist: refused before anything is created.
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("does not exist");
    const ok = await run(["export", "--format", "json", "--campaign", "cmp_abc123", "--time-series", "--from", "2025-11-01", "--to", "2025-11-10", "-o", "nightly.json"], dir);
    expect(ok.exitCode).toBe(0);
    const bytes = readFileSync(join(dir, "nightly.json"));
    const rows = JSON.parse(bytes.toString("utf8"));
    expect(rows).toHaveLength(10);
    expect(rows[0]).toMatchObject({ campaign_id: "cmp_abc123", date: "2025-11-01" });
    expect(bytes.equals(await served(exportIdIn(ok.stderr)))).toBe(true);
    expect(readdirSync(dir)).toEqual(["nightly.json"]);
  });

  it("streams the file to stdout with -o -, and says so in one line on stderr", async () => {
    const dir = tempDir();
    const result = await run(["export", "--format", "csv", "--time-series", "-o", "-"], dir);
    expect(result.exitCode).toBe(0);
    const id = exportIdIn(result.stderr);
    expect(result.stdout.equals(await served(id))).toBe(true);
    expect(lines(result.stderr)).toEqual([expect.stringMatching(/^Wrote .+ of export exp_\w+ to stdout in [\d.]+s$/)]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("prints only the export id with --no-wait; exports status and exports download finish the job", async () => {
    const dir = tempDir();
    const created = await run(["export", "--no-wait", "--format", "json"], dir);
    expect(created.exitCode).toBe(0);
    expect(created.stderr).toBe("");
    const id = created.stdout.toString().trim();
    expect(created.stdout.toString()).toMatch(/^exp_[a-z0-9]+\n$/);
    expect(readdirSync(dir)).toEqual([]);

    const status = await run(["exports", "status", id, "--json"], dir);
    expect(status.exitCode).toBe(0);
    expect(JSON.parse(status.stdout.toString())).toMatchObject({ export_id: id, status: "completed", format: "json" });
    const table = await run(["exports", "status", id], dir);
    expect(table.stdout.toString()).toContain("completed");
    expect(table.stdout.toString()).toContain(`analytics exports download ${id}`);
    expect(table.stdout.toString()).not.toContain("signature=");

    const downloaded = await run(["exports", "download", id], dir);
    expect(downloaded.exitCode).toBe(0);
    const name = `analytics-campaign_performance-${id}.json`;
    expect(readdirSync(dir)).toEqual([name]);
    expect(readFileSync(join(dir, name)).equals(await served(id))).toBe(true);
  });

  it("refuses to overwrite an existing file without --force (exit 2, nothing created), and replaces it with --force", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "report.csv"), "precious\n");
    const posts = postCount();
    const refused = await run(["export", "-o", "report.csv"], dir);
    expect(refused.exitCode).toBe(2);
    expect(lines(refused.stderr)[0]).toBe("error: report.csv already exists; not overwriting it without --force");
    expect(refused.stderr).toContain("--force");
    expect(postCount()).toBe(posts);
    expect(readFileSync(join(dir, "report.csv"), "utf8")).toBe("precious\n");

    const forced = await run(["export", "-o", "report.csv", "--force"], dir);
    expect(forced.exitCode).toBe(0);
    expect(readFileSync(join(dir, "report.csv")).equals(await served(exportIdIn(forced.stderr)))).toBe(true);
    expect(readdirSync(dir)).toEqual(["report.csv"]);
  });

  it("refuses -o to a symbolic link that leads nowhere before creating the export (exit 2), and replaces the link with --force", async () => {
    const dir = tempDir();
    symlinkSync(join(dir, "missing", "file.csv"), join(dir, "link.csv"));
    const posts = postCount();
    const refused = await run(["export", "-o", "link.csv"], dir);
    expect(refused.exitCode).toBe(2);
    expect(lines(refused.stderr)[0]).toBe("error: link.csv is a symbolic link to a file that does not exist; not replacing it without --force");
    expect(lines(refused.stderr)).toHaveLength(2);
    expect(lines(refused.stderr)[1]).toMatch(/^hint: /);
    expect(postCount()).toBe(posts);
    expect(readdirSync(dir)).toEqual(["link.csv"]);
    expect(readlinkSync(join(dir, "link.csv"))).toBe(join(dir, "missing", "file.csv"));

    const forced = await run(["export", "-o", "link.csv", "--force"], dir);
    expect(forced.exitCode).toBe(0);
    expect(lstatSync(join(dir, "link.csv")).isFile()).toBe(true);
    expect(readFileSync(join(dir, "link.csv")).equals(await served(exportIdIn(forced.stderr)))).toBe(true);
  });

  it("runs like a nightly cron job: env-only credentials, CI=true, no TTY: nothing on stdout, one line on stderr; -q silences it", async () => {
    const dir = tempDir();
    const cron = await run(["export", "--format", "csv", "-o", "nightly.csv", "--force"], dir, { ...env, CI: "true" });
    expect(cron.exitCode).toBe(0);
    expect(cron.stdout.length).toBe(0);
    expect(lines(cron.stderr)).toHaveLength(1);
    expect(cron.stderr).toMatch(/^Saved nightly\.csv \(/);
    expect(cron.stderr).not.toMatch(/\u001b|\r/);
    const quiet = await run(["export", "--format", "csv", "-o", "nightly.csv", "--force", "-q"], dir, { ...env, CI: "true" });
    expect(quiet.exitCode).toBe(0);
    expect(quiet.stderr).toBe("");
    expect(quiet.stdout.length).toBe(0);
    expect(readdirSync(dir)).toEqual(["nightly.csv"]);
  });
});

describe("analytics export: failures", () => {
  it("exits 6 with EXPORT_FAILED and leaves no file when the selection is empty", async () => {
    const dir = tempDir();
    const result = await run(["export", "--campaign", draft.id], dir);
    expect(result.exitCode).toBe(6);
    expect(lines(result.stderr)[0]).toBe("error: EXPORT_FAILED: Failed to generate export: insufficient data");
    expect(readdirSync(dir)).toEqual([]);
  });

  it("exits 6 when the export is not ready within --wait-timeout, and exports download says it is not ready", async () => {
    const slow = await startTestSandbox({ rateLimits: false, exportDelayMs: 120_000 });
    try {
      const dir = tempDir();
      const started = performance.now();
      const result = await run(["export", "--wait-timeout", "2s"], dir, sandboxEnv(slow));
      expect(result.exitCode).toBe(6);
      expect(performance.now() - started).toBeLessThan(10_000);
      expect(lines(result.stderr)[0]).toMatch(/^error: export exp_\w+ was not ready within 2s \(still processing\)$/);
      expect(result.stderr).toContain("hint: it may still finish: run `analytics exports download exp_");
      const statusCalls = slow.requests.filter((r) => r.path.includes("/analytics/exports/")).length;
      expect(statusCalls).toBeGreaterThanOrEqual(1);
      expect(statusCalls).toBeLessThanOrEqual(3);
      expect(readdirSync(dir)).toEqual([]);
      const early = await run(["exports", "download", exportIdIn(result.stderr)], dir, sandboxEnv(slow));
      expect(early.exitCode).toBe(6);
      expect(early.stderr).toContain("is not ready yet: processing");
    } finally {
      await slow.close();
    }
  });

  it("resumes a truncated body with Range and If-Range and saves a correct file", async () => {
    const dir = tempDir();
    sandbox.setFaults("download.truncate=1x,download.reset-mid=1x");
    const before = sandbox.requests.length;
    const result = await run(["export", "--time-series", "-o", "resumed.csv"], dir);
    expect(result.exitCode).toBe(0);
    const id = exportIdIn(result.stderr);
    const downloads = downloadsSince(before);
    expect(downloads.map((r) => r.status)).toEqual([200, 206, 206]);
    expect(downloads[1]?.headers.range).toMatch(/^bytes=\d+-$/);
    expect(downloads[1]?.headers["if-range"]).toMatch(/^"[0-9a-f]{32}"$/);
    sandbox.setFaults("");
    expect(readFileSync(join(dir, "resumed.csv")).equals(await served(id))).toBe(true);
    expect(readdirSync(dir)).toEqual(["resumed.csv"]);
  });

  it("downloads again when the body does not match its MD5 ETag", async () => {
    const dir = tempDir();
    sandbox.setFaults("download.malformed=1x");
    const result = await run(["export", "-o", "checked.csv"], dir);
    expect(result.exitCode).toBe(0);
    sandbox.setFaults("");
    expect(readFileSync(join(dir, "checked.csv")).equals(await served(exportIdIn(result.stderr)))).toBe(true);
  });

  it("gives up after bounded attempts when every body is cut: non-zero, no file at the target, no temp file", async () => {
    const dir = tempDir();
    sandbox.setFaults("download.truncate=1");
    const before = sandbox.requests.length;
    const result = await run(["export", "--time-series", "-o", "never.csv"], dir);
    expect(result.exitCode).toBe(7);
    expect(lines(result.stderr)[0]).toMatch(/^error: download of export exp_\w+ failed after 6 attempts: the connection to the storage host kept failing \(at byte [\d,]+ of [\d,]+\)$/);
    expect(downloadsSince(before)).toHaveLength(6);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("refreshes an expired link once by asking the status again", async () => {
    const dir = tempDir();
    sandbox.expireNextLinks(1);
    const before = sandbox.requests.length;
    const result = await run(["export", "-o", "fresh.csv"], dir);
    expect(result.exitCode).toBe(0);
    expect(downloadsSince(before).map((r) => r.status)).toEqual([403, 200]);
    expect(readFileSync(join(dir, "fresh.csv")).equals(await served(exportIdIn(result.stderr)))).toBe(true);
  });

  it("exits 6 with a clear message when the fresh link has expired too", async () => {
    const dir = tempDir();
    sandbox.expireNextLinks(2);
    const result = await run(["export", "-o", "stale.csv"], dir);
    expect(result.exitCode).toBe(6);
    expect(lines(result.stderr)[0]).toMatch(/^error: the download link of export exp_\w+ has expired, and so had the fresh one \(storage answered 403 AccessDenied: Request has expired\)$/);
    expect(result.stderr).toContain("hint: run `analytics exports download exp_");
    expect(readdirSync(dir)).toEqual([]);
  });

  it("refuses usage errors before sending anything", async () => {
    const dir = tempDir();
    const posts = postCount();
    for (const args of [
      ["export", "--no-wait", "-o", "x.csv"],
      ["export", "--wait-timeout", "soon"],
      ["export", "--range", "7d", "--from", "2025-11-01", "--to", "2025-11-02"],
      ["export", "--campaign", "../etc"],
      ["exports", "download", "exp/../x"],
    ]) {
      const result = await run(args, dir);
      expect(result.exitCode, args.join(" ")).toBe(2);
    }
    expect(postCount()).toBe(posts);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("exits 4 for an unknown export id", async () => {
    const result = await run(["exports", "status", "exp_unknown123"], tempDir());
    expect(result.exitCode).toBe(4);
    expect(result.stderr).toContain("EXPORT_NOT_FOUND");
  });
});

describe("credentials and interruption", () => {
  it("never sends Authorization or X-Workspace-ID to the download listener (while the API got both)", () => {
    const downloads = sandbox.requests.filter((r) => r.listener === "download");
    expect(downloads.length).toBeGreaterThan(10);
    for (const record of downloads) {
      expect(record.headers.authorization).toBeUndefined();
      expect(record.headers["x-workspace-id"]).toBeUndefined();
      expect(JSON.stringify(record.headers)).not.toContain(sandbox.token);
    }
    const api = sandbox.requests.filter((r) => r.listener === "api" && r.path.includes("/analytics/export"));
    expect(api.length).toBeGreaterThan(10);
    for (const record of api) expect(record.headers.authorization).toBe(`Bearer ${sandbox.token}`);
  });

  it("exits 130 at once on Ctrl-C while waiting, saying the export can be fetched later", async () => {
    const slow = await startTestSandbox({ rateLimits: false, exportDelayMs: 120_000 });
    const dir = tempDir();
    try {
      const home = tempDir("analytics-home-");
      const child = execa("node", [BIN, "export", "-o", "later.csv"], {
        cwd: dir,
        env: { PATH: process.env.PATH, HOME: home, ANALYTICS_CONFIG_DIR: join(home, "config"), ...sandboxEnv(slow) },
        extendEnv: false,
        reject: false,
        stdin: "ignore",
        timeout: 30_000,
      });
      while (!slow.requests.some((r) => r.method === "POST")) await new Promise((resolve) => setTimeout(resolve, 25));
      await new Promise((resolve) => setTimeout(resolve, 300));
      const interrupted = performance.now();
      child.kill("SIGINT");
      const result = await child;
      expect(result.exitCode).toBe(130);
      expect(performance.now() - interrupted).toBeLessThan(3000);
      expect(String(result.stderr)).toMatch(/^Export exp_\w+ is still being prepared on the server; download it later with: analytics exports download exp_\w+$/);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      await slow.close();
    }
  });

  it("exits 130 at once on Ctrl-C with -o - into a reader that never reads (a full pipe does not hold the exit)", async () => {
    const home = tempDir("analytics-home-");
    // `analytics export -o - | (never reads)`: stdout is a FIFO held open but never read; the file
    // (136 KB) is larger than the pipe (64 KiB) holds.
    const fifo = join(tempDir(), "stdout");
    execFileSync("mkfifo", [fifo]);
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const writer = openSync(fifo, constants.O_WRONLY);
    try {
      const child = execa("node", [BIN, "export", "--time-series", "--range", "90d", "-o", "-"], {
        env: { PATH: process.env.PATH, HOME: home, ANALYTICS_CONFIG_DIR: join(home, "config"), ...sandboxEnv(sandbox) },
        extendEnv: false,
        reject: false,
        // Any open descriptor works (Node gives it to the child); execa's types name only 3–9.
        stdio: ["ignore", writer, "pipe"] as unknown as Options["stdio"],
        timeout: 30_000,
      });
      const downloads = () => sandbox.requests.filter((r) => r.listener !== "api").length;
      const before = downloads();
      const deadline = Date.now() + 15_000;
      while (downloads() === before && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(child.exitCode).toBeNull();
      const interrupted = performance.now();
      child.kill("SIGINT");
      const result = await child;
      expect(performance.now() - interrupted).toBeLessThan(3000);
      expect(result.exitCode).toBe(130);
      expect(String(result.stderr)).not.toMatch(/\n\s+at /);
    } finally {
      closeSync(writer);
      closeSync(reader);
    }
  });

  it("a second Ctrl-C a few milliseconds after the first still removes the temporary file before exiting", async () => {
    const throttled = await startTestSandbox({ rateLimits: false, exportDelayMs: 0, downloadBytesPerSecond: 40_000 });
    const dir = tempDir();
    try {
      const home = tempDir("analytics-home-");
      const child = execa("node", [BIN, "export", "--time-series", "--range", "90d", "-o", "big.csv"], {
        cwd: dir,
        env: { PATH: process.env.PATH, HOME: home, ANALYTICS_CONFIG_DIR: join(home, "config"), ...sandboxEnv(throttled) },
        extendEnv: false,
        reject: false,
        stdin: "ignore",
        timeout: 30_000,
      });
      const deadline = Date.now() + 15_000;
      let part: string | undefined;
      while (Date.now() < deadline) {
        part = readdirSync(dir).find((name) => name.endsWith(".part"));
        if (part && statSync(join(dir, part)).size > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(part).toBeDefined();
      child.kill("SIGINT");
      await new Promise((resolve) => setTimeout(resolve, 2));
      child.kill("SIGINT");
      const result = await child;
      expect(result.exitCode).toBe(130);
      expect(String(result.stderr)).not.toMatch(/\n\s+at /);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      await throttled.close();
    }
  });

  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)("on %s during the download exits %i and leaves neither the file nor a temp file", async (signal, code) => {
    const throttled = await startTestSandbox({ rateLimits: false, exportDelayMs: 0, downloadBytesPerSecond: 40_000 });
    const dir = tempDir();
    try {
      const home = tempDir("analytics-home-");
      const child = execa("node", [BIN, "export", "--time-series", "--range", "90d", "-o", "big.csv"], {
        cwd: dir,
        env: { PATH: process.env.PATH, HOME: home, ANALYTICS_CONFIG_DIR: join(home, "config"), ...sandboxEnv(throttled) },
        extendEnv: false,
        reject: false,
        stdin: "ignore",
        timeout: 30_000,
      });
      // Wait until bytes are flowing into the temporary file beside the target.
      const deadline = Date.now() + 15_000;
      let part: string | undefined;
      while (Date.now() < deadline) {
        part = readdirSync(dir).find((name) => name.endsWith(".part"));
        if (part && statSync(join(dir, part)).size > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(part).toBeDefined();
      child.kill(signal);
      const result = await child;
      expect(result.exitCode).toBe(code);
      expect(String(result.stderr)).not.toMatch(/\n\s+at /);
      expect(readdirSync(dir)).toEqual([]);
      expect(existsSync(join(dir, "big.csv"))).toBe(false);
    } finally {
      await throttled.close();
    }
  });
});
