/** Finding your way: hints after a wrong id, what the sandbox forgets, where ids come from, and ids remembered for completion. */
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../../src/sandbox/index.js";
import { BIN, cli, errorLines, sandboxEnv, startTestSandbox, tempDir } from "./helpers.js";

let sandbox: RunningSandbox;
let env: Record<string, string>;

beforeAll(async () => {
  sandbox = await startTestSandbox({ rateLimits: false, exportDelayMs: 0 });
  env = sandboxEnv(sandbox);
});
afterAll(() => sandbox.close());

describe("an unknown campaign id", () => {
  it("hints at the ids viewed recently on this machine and how to list campaigns", async () => {
    const configDir = tempDir();
    expect((await cli(["campaign", "cmp_abc123", "--json"], { env, configDir })).exitCode).toBe(0);
    expect((await cli(["heatmap", "--campaign", "cmp_def456", "--json"], { env, configDir })).exitCode).toBe(0);
    const run = await cli(["campaign", "cmp_nope00"], { env, configDir });
    expect(run.exitCode).toBe(4);
    expect(errorLines(run)).toEqual([
      "error: CAMPAIGN_NOT_FOUND: Campaign with ID cmp_nope00 not found in workspace ws_xyz789",
      "hint: viewed recently on this machine: cmp_def456, cmp_abc123; `analytics overview` shows the top campaigns and their ids",
    ]);
  });

  it("without history, says how to list campaigns (with --sandbox on a sandbox run)", async () => {
    const fresh = await cli(["compare", "cmp_abc123", "cmp_nope00"], { env });
    expect(errorLines(fresh)[1]).toBe("hint: `analytics overview` shows the top campaigns and their ids");
    const demo = await cli(["campaign", "cmp_nope00", "--sandbox"]);
    expect(demo.exitCode).toBe(4);
    expect(errorLines(demo)[1]).toBe("hint: `analytics overview --sandbox` shows the top campaigns and their ids");
  });
});

describe("export --no-wait --sandbox", () => {
  it("prints the id, and says on stderr that the sandbox forgets it and what keeps it", async () => {
    const run = await cli(["export", "--no-wait", "--sandbox"]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^exp_\w+\n$/);
    const id = run.stdout.trim();
    expect(run.stderr).toContain(`the in-process sandbox stops when this command exits, and ${id} goes with it`);
    expect(run.stderr).toContain("run `analytics sandbox` in another terminal");
  });

  it("says nothing of the kind against a real server", async () => {
    const run = await cli(["export", "--no-wait"], { env });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe("");
  });
});

describe("--domain ids are visible", () => {
  it("in the analytics sandbox banner", async () => {
    const child = execa("node", [BIN, "sandbox", "--port", "0"], { env: { PATH: process.env.PATH, ANALYTICS_CONFIG_DIR: tempDir() }, extendEnv: false, reject: false });
    const banner = await new Promise<string>((resolve, reject) => {
      let text = "";
      child.stdout?.on("data", (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes("--domain")) resolve(text);
      });
      child.on("exit", () => reject(new Error(text)));
    });
    child.kill("SIGINT");
    await child;
    expect(banner).toContain("  domains    dom_k3x9p2 (outreach.acme-mail.com), dom_m7q4t8 (hello.acme-growth.io), dom_r2w6z5 (team.tryacme.co)");
    expect(banner).toContain("  analytics deliverability --domain dom_k3x9p2");
  });
});

describe("completion remembers ids from every command that takes them", () => {
  it("campaign ids from deliverability, heatmap and export; export ids from export and exports status", async () => {
    const configDir = tempDir();
    const options = { env, configDir };
    expect((await cli(["deliverability", "--campaign", "cmp_abc123", "--json"], options)).exitCode).toBe(0);
    expect((await cli(["heatmap", "--campaign", "cmp_def456", "--json"], options)).exitCode).toBe(0);
    const created = await cli(["export", "--no-wait", "--campaign", "cmp_ghi789"], options);
    const exportId = created.stdout.trim();
    expect((await cli(["exports", "status", exportId, "--json"], options)).exitCode).toBe(0);

    const campaigns = await cli(["__complete", "--", "compare", "cmp_abc123", ""], options);
    expect(campaigns.stdout.split("\n").filter(Boolean)).toEqual(["cmp_def456", "cmp_ghi789"]);
    const exports = await cli(["__complete", "--", "exports", "download", ""], options);
    expect(exports.stdout).toBe(`${exportId}\n`);
    const done = await cli(["__complete", "--", "campaign", "cmp_abc123", ""], options);
    expect(done.stdout).toBe("");
  });
});
