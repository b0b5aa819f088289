/**
 * A failing stdout (a full disk, an I/O error) is one `error:` line and exit 1, whatever was being
 * written (EPIPE, a reader that left, stays a quiet 0: campaign.test.ts). /dev/full answers every write
 * with ENOSPC.
 */
import { existsSync } from "node:fs";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../../src/sandbox/index.js";
import { BIN, sandboxEnv, startTestSandbox, tempDir } from "./helpers.js";

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());

/** Runs the CLI with stdout redirected by a shell (so the CLI itself writes to the target). */
async function runInto(target: string, args: string[], env: Record<string, string> = {}) {
  const home = tempDir();
  const result = await execa("sh", ["-c", `exec node "$0" "$@" > ${target}`, BIN, ...args], {
    env: { PATH: process.env.PATH, HOME: home, ANALYTICS_CONFIG_DIR: `${home}/config`, ...env },
    extendEnv: false,
    reject: false,
    stdin: "ignore",
    stripFinalNewline: false,
    timeout: 30_000,
  });
  return { exitCode: result.exitCode, stderr: String(result.stderr) };
}

describe.skipIf(!existsSync("/dev/full"))("stdout on a full disk (/dev/full)", () => {
  it.each([
    ["overview --json --sandbox", ["overview", "--json", "--sandbox"]],
    ["completion bash", ["completion", "bash"]],
    ["export -o -", ["export", "--format", "csv", "-o", "-"]],
  ])("%s: one line, exit 1, no stack trace", async (_name, args) => {
    const run = await runInto("/dev/full", args, sandboxEnv(sandbox));
    expect(run.stderr).toBe("error: cannot write to standard output: no space left on device\n");
    expect(run.exitCode).toBe(1);
  });
});
