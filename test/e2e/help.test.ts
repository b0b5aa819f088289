import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { helpFile } from "../../src/help/pages.js";
import { RATE_METRICS } from "../../src/providers/vocabulary.js";
import { FAULT_KINDS } from "../../src/sandbox/index.js";
import { cli } from "./helpers.js";

const LIVE = helpFile();
const GLOBAL_FLAGS = ["--profile <name>", "--api-url <url>", "--workspace <id>", "--sandbox", "--timeout <duration>", "-q, --quiet", "--verbose", "--no-color"];

/** Every page of the live tree, so a new command is covered without editing this file. */
const COMMANDS = Object.keys(LIVE.pages).map((path) => (path === "" ? [] : path.split(" ")));

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
    expect(run.stdout.replace(/\s+/g, " ")).toContain("--range <range> time range (choices: 30d, 90d; default: 30d)");
    expect(run.stdout.replace(/\s+/g, " ")).toContain("--metric <metric> what colours the cells (choices: open_rate, engagement_score, emails_sent, emails_opened; default: open_rate)");
    const exportHelp = await cli(["export", "--help"]);
    expect(exportHelp.stdout.replace(/\s+/g, " ")).toContain("--format <format> file format (choices: csv, json; default: csv)");
    expect(exportHelp.stdout.replace(/\s+/g, " ")).toContain("(exit 6), e.g. 10m (default: 15m)");
  });

  it("shows every default one way: `(…; default: X)`, never commander's quoted form", () => {
    const text = Object.values(LIVE.pages).join("\n").replace(/\s+/g, " ");
    expect(text).not.toMatch(/default: "/);
    // Every mention of a default is inside the one parenthesis, after the description.
    const mentions = text.match(/..default: /g) ?? [];
    expect(mentions.length).toBeGreaterThan(20);
    for (const mention of mentions) expect([" (default: ", "; default: "]).toContain(mention);
    expect(text).not.toMatch(/\(default\b(?!: )/);
    expect(text).not.toMatch(/\(default: [^)]*\) \(/);
  });

  it("repeats the global flags under Inherited flags on every subcommand, and not on the root", () => {
    for (const [path, page] of Object.entries(LIVE.pages)) {
      const inherited = page.split("Inherited flags:\n")[1]?.split("\n\n")[0] ?? "";
      if (path === "") {
        expect(page).not.toContain("Inherited flags:");
        continue;
      }
      for (const flag of GLOBAL_FLAGS) expect(inherited, `${path}: ${flag}`).toContain(`  ${flag}  `);
      expect(inherited, path).not.toContain("--version");
    }
  });

  it("says what the CSV holds, per command", () => {
    const csvLines = Object.entries(LIVE.pages)
      .filter(([, page]) => page.includes("  --csv "))
      .map(([path, page]) => [path, page.split("  --csv ")[1]?.split(/\n  -/)[0]?.replace(/\s+/g, " ").trim() ?? ""] as const);
    expect(csvLines.map(([path]) => path).sort()).toEqual(["attribution", "campaign", "campaigns", "cohorts", "compare", "deliverability", "exports status", "funnel", "heatmap", "overview", "timeline"]);
    const descriptions = new Map(csvLines);
    expect(descriptions.get("campaign")).toContain("the time series, one row per day, week or month");
    expect(descriptions.get("overview")).toContain("the top campaigns");
    expect(descriptions.get("deliverability")).toContain("the reputation trend");
    expect(descriptions.get("heatmap")).toContain("one row per day and time period");
    expect(descriptions.get("compare")).toContain("one row per campaign");
    expect(new Set(descriptions.values()).size).toBe(csvLines.length);
  });

  it("lists the names --metrics takes", () => {
    const metrics = LIVE.pages.compare?.split("--metrics <list>")[1]?.split("--format")[0]?.replace(/\s+/g, " ") ?? "";
    for (const metric of RATE_METRICS) expect(metrics).toContain(metric);
  });

  it("says where --domain ids come from and lists the sandbox's", () => {
    const page = LIVE.pages.deliverability ?? "";
    expect(page).toContain("Domain ids:");
    for (const id of ["dom_k3x9p2", "dom_m7q4t8", "dom_r2w6z5"]) expect(page).toContain(id);
  });

  it("serves the pages that the live tree renders (built into dist/help.json, answered without loading the CLI)", async () => {
    const built = JSON.parse(readFileSync(new URL("../../dist/help.json", import.meta.url), "utf8"));
    expect(built).toEqual(LIVE);
    for (const path of Object.keys(LIVE.pages)) {
      const words = path === "" ? [] : path.split(" ");
      const [flag, help] = await Promise.all([cli([...words, "--help"]), cli(["help", ...words])]);
      expect(flag.stdout, path).toBe(LIVE.pages[path]);
      expect(help.stdout, path).toBe(LIVE.pages[path]);
      expect(flag.exitCode + help.exitCode).toBe(0);
    }
    expect((await cli([])).stdout).toBe(LIVE.noArguments);
    expect((await cli(["auth", "-h"])).stdout).toBe(LIVE.pages.auth);
  });

  it("help for an unknown command is a usage error, not the root help", async () => {
    const run = await cli(["help", "nosuch"]);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^error: unknown command 'nosuch'\nhint: commands: auth, campaign, .*sandbox\n$/);
    const nested = await cli(["help", "auth", "nosuch"]);
    expect(nested.exitCode).toBe(2);
    expect(nested.stderr).toMatch(/^error: unknown command 'auth nosuch'\nhint: commands of auth: login, status, logout, token\n$/);
  });

  it("a missing argument comes with the usage line", async () => {
    const run = await cli(["campaign"]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe("error: missing required argument 'campaignId'\nhint: usage: analytics campaign [flags] <campaignId> (see `analytics campaign --help`)\n");
    const status = await cli(["exports", "status"]);
    expect(status.stderr).toContain("hint: usage: analytics exports status [flags] <exportId>");
  });

  it("--token points to --with-token and ANALYTICS_TOKEN, and never echoes the value", async () => {
    for (const args of [["campaign", "cmp_abc123", "--token", "s3cret-value"], ["--token=s3cret-value", "overview"]]) {
      const run = await cli(args);
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toMatch(/^error: unknown option '--token': a token is never passed as a flag .*\nhint: set ANALYTICS_TOKEN, or save it once with `analytics auth login --with-token`/);
      expect(run.stderr).not.toContain("s3cret");
    }
  });

  it("documents every fault kind the sandbox knows", async () => {
    const run = await cli(["sandbox", "--help"]);
    for (const kind of FAULT_KINDS) expect(run.stdout).toMatch(new RegExp(`^  (\\d{3} )*${kind}\\b`, "m"));
  });

  it("with no arguments lists the commands and how to start", async () => {
    const run = await cli([]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("Commands:");
    expect(run.stdout).toContain("campaign [flags] <campaignId>");
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
