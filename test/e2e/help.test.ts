import { describe, expect, it } from "vitest";
import { FAULT_KINDS } from "../../src/sandbox/index.js";
import { cli } from "./helpers.js";

const COMMANDS = [
  [],
  ["auth"],
  ["auth", "login"],
  ["auth", "status"],
  ["auth", "logout"],
  ["auth", "token"],
  ["campaign"],
  ["overview"],
  ["deliverability"],
  ["heatmap"],
  ["compare"],
  ["export"],
  ["exports"],
  ["exports", "status"],
  ["exports", "download"],
  ["sandbox"],
  ["completion"],
  ["api"],
];

describe("--help", () => {
  it.each(COMMANDS.map((path) => [path.join(" ") || "(root)", path] as const))("%s: purpose, flags and 2+ examples within 80 columns", async (_name, path) => {
    const run = await cli([...path, "--help"]);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe("");
    const lines = run.stdout.split("\n");
    expect(lines[0]).toMatch(/^Usage: analytics/);
    expect(lines[2]?.trim().length).toBeGreaterThan(10);
    const examples = run.stdout.split("Examples:\n")[1]?.split("\n\n")[0]?.split("\n").filter((line) => line.trim().startsWith("analytics") || line.includes("analytics ")) ?? [];
    expect(examples.length, run.stdout).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(80);
  });

  it("shows allowed values and defaults of flags", async () => {
    const run = await cli(["heatmap", "--help"]);
    expect(run.stdout).toMatch(/--range <range>.*\n?.*choices: "30d", "90d"/);
    expect(run.stdout.replace(/\s+/g, " ")).toContain('--metric <metric> what colours the cells (default: open_rate) (choices: "open_rate", "engagement_score", "emails_sent", "emails_opened")');
    const exportHelp = await cli(["export", "--help"]);
    expect(exportHelp.stdout.replace(/\s+/g, " ")).toMatch(/--format <format> file format \(choices: "csv", "json", default: "csv"\)/);
  });

  it("documents every fault kind the sandbox knows", async () => {
    const run = await cli(["sandbox", "--help"]);
    for (const kind of FAULT_KINDS) expect(run.stdout).toMatch(new RegExp(`^  (\\d{3} )*${kind}\\b`, "m"));
  });

  it("with no arguments lists the commands and how to start", async () => {
    const run = await cli([]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("Commands:");
    expect(run.stdout).toContain("campaign [options] <campaignId>");
    expect(run.stdout).toContain("Getting started:");
    expect(run.stdout).toContain("analytics auth login");
    expect(run.stdout).toContain("--sandbox");
  });

  it("suggests the nearest command for a typo", async () => {
    const run = await cli(["heatmpa"]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe("error: unknown command 'heatmpa'\nhint: did you mean heatmap?\n");
  });

  it("--version prints the version alone", async () => {
    const run = await cli(["--version"]);
    expect(run.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
