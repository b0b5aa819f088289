import { describe, expect, it } from "vitest";
import { FILE_DIRECTIVE, complete } from "../../src/completion/complete.js";
import { RECENT_LIMIT, mergeRecent } from "../../src/config/recent.js";
import { buildProgram } from "../../src/program.js";

const program = buildProgram(async () => {
  throw new Error("no command runs in these tests");
}, { writeOut: () => {}, writeErr: () => {} });
const sources = { profiles: () => ["default", "prod"], campaigns: () => ["cmp_abc123", "cmp_zzz999"], timezones: () => ["Europe/Berlin", "UTC"] };
const c = (...words: string[]): string[] => complete(program, words, sources);

describe("complete", () => {
  it("offers commands, then subcommands", () => {
    expect(c("co")).toEqual(["cohorts", "compare", "completion"]);
    expect(c("exports", "")).toEqual(["download", "status"]);
  });

  it("never offers hidden commands", () => {
    expect(c("")).not.toContain("__complete");
    expect(c("")).not.toContain("help");
  });

  it("offers a flag's choices from the same lists commander validates", () => {
    expect(c("deliverability", "--range", "")).toEqual(["30d", "7d", "90d"]);
    expect(c("heatmap", "--range", "")).toEqual(["30d", "90d"]);
  });

  it("skips flag values when finding the command", () => {
    expect(c("--profile", "prod", "camp")).toEqual(["campaign", "campaigns"]);
    expect(c("campaign", "--range", "7d", "--gro")).toEqual(["--group-by"]);
  });

  it("offers profiles, recent campaigns and time zones", () => {
    expect(c("overview", "--profile", "")).toEqual(["default", "prod"]);
    expect(c("campaign", "cmp_a")).toEqual(["cmp_abc123"]);
    expect(c("heatmap", "--tz", "Eu")).toEqual(["Europe/Berlin"]);
  });

  it("asks the shell for file names after -o and --input", () => {
    expect(c("export", "-o", "")).toEqual([FILE_DIRECTIVE]);
    expect(c("api", "x", "--input", "da")).toEqual([FILE_DIRECTIVE]);
  });

  it("completes the next item of a comma list without repeating used ones", () => {
    expect(c("compare", "a", "b", "--metrics", "open_rate,reply_rate,")).not.toContain("open_rate,reply_rate,open_rate");
    expect(c("compare", "a", "b", "--metrics", "open_rate,reply_rate,de")).toEqual(["open_rate,reply_rate,delivery_rate"]);
  });

  it("does not offer a flag already given, except repeatable ones", () => {
    expect(c("campaign", "x", "--json", "--js")).toEqual([]);
    expect(c("export", "--campaign", "a", "--camp")).toEqual(["--campaign"]);
  });
});

describe("mergeRecent", () => {
  it("puts new ids first, drops duplicates and caps the list", () => {
    expect(mergeRecent(["b"], ["a", "b", "c"])).toEqual(["b", "a", "c"]);
    const many = Array.from({ length: RECENT_LIMIT + 10 }, (_, i) => `cmp_${i}`);
    expect(mergeRecent(["new"], many)).toHaveLength(RECENT_LIMIT);
    expect(mergeRecent(["new"], many)[0]).toBe("new");
  });
});
