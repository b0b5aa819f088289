/**
 * The config as an attack surface and a trap: directories created 0700 under `umask 000`, a config
 * that others can write refused, only regular files read (a FIFO must not hang), a read-only
 * directory named as such, and credentials that would break a header refused before any request.
 */
import { chmodSync, mkdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../../src/sandbox/index.js";
import { BIN, type CliRun, cli, errorLines, sandboxEnv, startTestSandbox, tempDir } from "./helpers.js";
import { cliAsUnprivileged, handOver, unprivileged } from "./unprivileged.js";

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox({ rateLimits: false });
});
afterAll(() => sandbox.close());

const modeOf = (path: string): string => (statSync(path).mode & 0o777).toString(8).padStart(4, "0");

/** A config dir holding a valid profile for the sandbox. */
function configWithProfile(): { dir: string; file: string } {
  const dir = join(tempDir(), "analytics");
  mkdirSync(dir, { mode: 0o700 });
  const file = join(dir, "config.json");
  writeFileSync(file, JSON.stringify({ profiles: { default: { apiUrl: sandbox.url, workspace: sandbox.workspaceId, token: sandbox.token } } }), { mode: 0o600 });
  return { dir, file };
}

/** Runs the CLI through `sh` so that a umask (or anything else) can be set first. */
async function shell(prefix: string, args: string[], env: Record<string, string>, input?: string): Promise<CliRun> {
  const result = await execa("sh", ["-c", `${prefix}; exec node "$0" "$@"`, BIN, ...args], {
    env: { PATH: process.env.PATH, ...env },
    extendEnv: false,
    reject: false,
    timeout: 15_000,
    ...(input !== undefined ? { input } : { stdin: "ignore" }),
  });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}

describe("under umask 000", () => {
  it("auth login creates ~/.config and ~/.config/analytics 0700 and the file 0600", async () => {
    const home = tempDir();
    const run = await shell("umask 000", ["auth", "login", "--api-url", sandbox.url, "--workspace", sandbox.workspaceId, "--with-token"], { HOME: home }, sandbox.token);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(modeOf(join(home, ".config"))).toBe("0700");
    expect(modeOf(join(home, ".config", "analytics"))).toBe("0700");
    expect(modeOf(join(home, ".config", "analytics", "config.json"))).toBe("0600");
  });

  it("remembering a viewed campaign creates the directory 0700 too", async () => {
    const dir = join(tempDir(), "nested", "analytics");
    const run = await shell("umask 000", ["campaign", "cmp_abc123", "--json"], { ...sandboxEnv(sandbox), HOME: tempDir(), ANALYTICS_CONFIG_DIR: dir });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(modeOf(dir)).toBe("0700");
    expect(modeOf(join(dir, ".."))).toBe("0700");
    expect(modeOf(join(dir, "recent-campaigns.json"))).toBe("0600");
  });
});

describe("a config that others can write is refused", () => {
  it.each([
    ["directory", "0777", "dir", "chmod 700"],
    ["directory", "0770", "dir", "chmod 700"],
    ["file", "0666", "file", "chmod 600"],
    ["file", "0620", "file", "chmod 600"],
  ] as const)("config %s with mode %s: one error, the chmod to run, no request", async (what, mode, which, chmod) => {
    const config = configWithProfile();
    const path = config[which];
    chmodSync(path, Number.parseInt(mode, 8));
    const before = sandbox.requests.length;
    const run = await cli(["overview"], { configDir: config.dir });
    expect(run.exitCode).toBe(1);
    expect(errorLines(run)).toEqual([
      `error: config ${what} ${path} is writable by other users (mode ${mode}); refusing to use it`,
      `hint: run \`${chmod} ${path}\` if its contents are yours`,
    ]);
    expect(sandbox.requests.length).toBe(before);
  });
});

describe("only a regular file is read as the config", () => {
  it.each([
    ["a FIFO", (file: string) => execa("mkfifo", [file]), "a FIFO"],
    ["a directory", (file: string) => mkdirSync(file), "a directory"],
    ["a symlink to a device", (file: string) => symlinkSync("/dev/zero", file), "a device"],
  ] as const)("%s: one line, exit 1, no hang", async (_name, make, kind) => {
    const dir = tempDir();
    const file = join(dir, "config.json");
    await make(file);
    const started = performance.now();
    const run = await cli(["overview"], { configDir: dir, timeoutMs: 10_000 });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(run.exitCode).toBe(1);
    expect(errorLines(run)[0]).toBe(`error: config file ${file} is not a regular file (it is ${kind})`);
    expect(errorLines(run)).toHaveLength(2);
  });

  it("a symlink to a regular file is followed", async () => {
    const config = configWithProfile();
    const dir = tempDir();
    symlinkSync(config.file, join(dir, "config.json"));
    const run = await cli(["overview", "--json"], { configDir: dir });
    expect(run.exitCode, run.stderr).toBe(0);
  });
});

describe("a read-only config directory", () => {
  const readOnlyTest = unprivileged.available ? it : it.skip;
  readOnlyTest(`auth login says it is read-only (${unprivileged.available ? unprivileged.label : `skipped: ${unprivileged.reason}`})`, async () => {
    const home = tempDir();
    const dir = join(home, "config");
    mkdirSync(dir);
    handOver(home);
    chmodSync(dir, 0o500);
    const run = await cliAsUnprivileged(["auth", "login", "--api-url", sandbox.url, "--workspace", sandbox.workspaceId, "--with-token"], {
      env: { HOME: home, ANALYTICS_CONFIG_DIR: dir },
      input: sandbox.token,
    });
    expect(run.exitCode).toBe(1);
    expect(errorLines(run)).toEqual([
      `error: cannot save the config: directory ${dir} is read-only (EACCES)`,
      `hint: make it writable (\`chmod u+w ${dir}\`) or point ANALYTICS_CONFIG_DIR at a writable directory`,
    ]);
  });
});

describe("credentials that cannot be a header are refused before any request (exit 3)", () => {
  it.each([
    ["a CR LF (header injection)", "abc\r\nX-Evil: 1", "a line break at character 4"],
    ["a control character", "abc\u0007def", "a control character at character 4"],
    ["a non-ASCII character", "tok\u00e9n", "a non-ASCII character at character 4"],
    ["a space", "tok en", "whitespace at character 4"],
  ])("ANALYTICS_TOKEN with %s", async (_name, token, problem) => {
    const before = sandbox.requests.length;
    const run = await cli(["overview"], { env: { ...sandboxEnv(sandbox), ANALYTICS_TOKEN: token } });
    expect(run.exitCode).toBe(3);
    expect(errorLines(run)[0]).toBe(`error: ANALYTICS_TOKEN contains ${problem}; a token is printable ASCII without spaces`);
    expect(errorLines(run)[1]).toMatch(/^hint: set it to the token alone/);
    expect(run.stderr).not.toContain(token);
    expect(sandbox.requests.length).toBe(before);
  });

  it("a token saved in a profile names the profile", async () => {
    const config = configWithProfile();
    writeFileSync(config.file, JSON.stringify({ profiles: { staging: { apiUrl: sandbox.url, workspace: sandbox.workspaceId, token: "abc\ndef" } } }), { mode: 0o600 });
    const before = sandbox.requests.length;
    const run = await cli(["overview", "--profile", "staging"], { configDir: config.dir });
    expect(run.exitCode).toBe(3);
    expect(errorLines(run)).toEqual([
      'error: the token saved in profile "staging" contains a line break at character 4; a token is printable ASCII without spaces',
      "hint: run `analytics auth login --profile staging` to store it again",
    ]);
    expect(sandbox.requests.length).toBe(before);
  });

  it("auth login --with-token refuses one before verifying it, and saves nothing", async () => {
    const dir = join(tempDir(), "config");
    const before = sandbox.requests.length;
    const run = await cli(["auth", "login", "--api-url", sandbox.url, "--workspace", sandbox.workspaceId, "--with-token"], { configDir: dir, input: "abc\u001b[2Jdef" });
    expect(run.exitCode).toBe(3);
    expect(errorLines(run)[0]).toBe("error: the token on stdin contains a control character at character 4; a token is printable ASCII without spaces");
    expect(sandbox.requests.length).toBe(before);
  });

  it("auth status says the API never saw it (not checked), exit 3", async () => {
    const before = sandbox.requests.length;
    const run = await cli(["auth", "status", "--json"], { env: { ...sandboxEnv(sandbox), ANALYTICS_TOKEN: "abc\r\ndef" } });
    expect(run.exitCode).toBe(3);
    const report = JSON.parse(run.stdout);
    expect(report.accepted).toBeNull();
    expect(report.error).toMatch(/^ANALYTICS_TOKEN contains a line break/);
    expect(sandbox.requests.length).toBe(before);
  });
});
