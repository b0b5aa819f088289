/**
 * The chart library (Observable Plot, its d3 modules, linkedom) loads for `report` only: never for
 * --version, --help or any other command. Checked on the built CLI by logging every module the
 * process loads (module customization hooks), against the dist chunks that hold that code.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../../src/sandbox/index.js";
import { BIN, sandboxEnv, startTestSandbox, tempDir } from "./helpers.js";

const DIST = fileURLToPath(new URL("../../dist/", import.meta.url));
const REGISTER = fileURLToPath(new URL("../fixtures/module-log/register.mjs", import.meta.url));
/** esbuild (unminified) marks each bundled file with a `// node_modules/<pkg>/…` comment. */
// The path may run through a symlinked node_modules (a worktree): match its last node_modules/ segment.
const CHART_CODE = /^\/\/ (?:\S*\/)?node_modules\/(@observablehq\/plot|linkedom|d3-[a-z-]+|htmlparser2)\//m;

/** The dist files that contain chart-library code. */
function chartChunks(): string[] {
  return readdirSync(DIST, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".js") && CHART_CODE.test(readFileSync(join(DIST, name), "utf8")))
    .map((name) => join(DIST, name));
}

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox({ rateLimits: false });
});
afterAll(() => sandbox.close());

/** The dist files one run of the CLI loads. */
async function loadedFiles(args: string[]): Promise<string[]> {
  const log = join(tempDir(), "modules.log");
  const home = tempDir();
  const result = await execa("node", ["--import", REGISTER, BIN, ...args], {
    env: { PATH: process.env.PATH, HOME: home, ANALYTICS_CONFIG_DIR: join(home, "config"), MODULE_LOG: log, ...sandboxEnv(sandbox) },
    extendEnv: false,
    reject: false,
    stdin: "ignore",
  });
  expect(result.exitCode, `${args.join(" ")}: ${result.stderr}`).toBe(0);
  return readFileSync(log, "utf8")
    .split("\n")
    .filter((url) => url.startsWith("file:"))
    .map((url) => fileURLToPath(url));
}

describe("which modules load", () => {
  it("the chart library is bundled apart, in chunks of its own", () => {
    expect(chartChunks().length).toBeGreaterThan(0);
  });

  it("report (HTML) loads the chart library", async () => {
    const loaded = await loadedFiles(["report", "-o", "-"]);
    expect(loaded.filter((file) => chartChunks().includes(file)).length).toBeGreaterThan(0);
  });

  it.each([
    [["--version"]],
    [["--help"]],
    [["report", "--help"]],
    [["report", "--format", "md", "-o", "-"]],
    [["overview"]],
    [["campaign", "cmp_abc123"]],
    [["compare", "cmp_abc123", "cmp_def456"]],
    [["deliverability"]],
    [["heatmap"]],
  ])("%j loads none of it", async (args) => {
    const loaded = await loadedFiles(args);
    // The log works for this run (bin/analytics.js answers --version by itself).
    expect(loaded.some((file) => file === BIN || file.startsWith(DIST))).toBe(true);
    expect(loaded.filter((file) => chartChunks().includes(file))).toEqual([]);
  });
});
