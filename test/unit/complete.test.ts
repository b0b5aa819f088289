import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { checkTimeZone } from "../../src/commands/heatmap.js";
import { FILE_DIRECTIVE, complete, localSources } from "../../src/completion/complete.js";
import { LEGACY_ZONE_NAMES } from "../../src/completion/timezones.js";
import { RECENT_LIMIT, mergeRecent } from "../../src/config/recent.js";
import { buildProgram } from "../../src/program.js";

const program = buildProgram(async () => {
  throw new Error("no command runs in these tests");
}, { writeOut: () => {}, writeErr: () => {} });
const sources = {
  profiles: () => ["default", "prod"],
  campaigns: () => ["cmp_abc123", "cmp_zzz999"],
  exports: () => ["exp_aaa111", "exp_bbb222"],
  timezones: () => ["Europe/Berlin", "UTC"],
};
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

describe("ids already on the line", () => {
  it("offers nothing more once a one-id command has its id", () => {
    expect(c("campaign", "cmp_abc123", "")).toEqual([]);
    expect(c("campaign", "cmp_abc123", "--range", "7d", "")).toEqual([]);
    expect(c("exports", "status", "exp_aaa111", "")).toEqual([]);
  });

  it("offers only the ids not yet given to compare and to a repeated --campaign", () => {
    expect(c("compare", "cmp_abc123", "")).toEqual(["cmp_zzz999"]);
    expect(c("compare", "cmp_zzz999", "cmp_abc123", "")).toEqual([]);
    expect(c("export", "--campaign", "cmp_abc123", "--campaign", "")).toEqual(["cmp_zzz999"]);
    expect(c("export", "--campaign=cmp_zzz999", "--campaign", "")).toEqual(["cmp_abc123"]);
  });

  it("offers recent export ids to exports status and download", () => {
    expect(c("exports", "status", "")).toEqual(["exp_aaa111", "exp_bbb222"]);
    expect(c("exports", "download", "exp_b")).toEqual(["exp_bbb222"]);
  });
});

describe("--tz", () => {
  const zones = localSources({}).timezones();

  it("offers IANA's current names, never CLDR's legacy ones, and UTC", () => {
    for (const zone of ["Asia/Kolkata", "Europe/Kyiv", "America/Argentina/Buenos_Aires", "Asia/Ho_Chi_Minh", "America/Nuuk", "UTC", "Europe/Berlin"]) expect(zones).toContain(zone);
    for (const legacy of LEGACY_ZONE_NAMES) expect(zones).not.toContain(legacy);
    expect(new Set(zones).size).toBe(zones.length);
  });

  it("offers only zones that --tz accepts and that the system's tz database names", () => {
    for (const zone of zones) expect(checkTimeZone(zone)).toBe(zone);
    const tzdata = "/usr/share/zoneinfo/tzdata.zi";
    if (!existsSync(tzdata)) return;
    const known = new Set(readFileSync(tzdata, "utf8").split("\n").flatMap((line) => (line.startsWith("Z ") ? [line.split(" ")[1]] : line.startsWith("L ") ? [line.split(" ")[2]] : [])));
    for (const zone of zones) expect(known.has(zone) || zone === "UTC", zone).toBe(true);
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

describe("many workspaces", () => {
  it("offers profile names after --profiles, one comma-separated item at a time", () => {
    expect(c("overview", "--profiles", "")).toEqual(["default", "prod"]);
    expect(c("overview", "--profiles", "default,")).toEqual(["default,prod"]);
    expect(c("campaigns", "--profiles", "p")).toEqual(["prod"]);
  });

  it("offers PROFILE: prefixes beside the remembered ids in compare, but not in campaign", () => {
    expect(c("compare", "")).toEqual(["cmp_abc123", "cmp_zzz999", "default:", "prod:"]);
    expect(c("compare", "pr")).toEqual(["prod:"]);
    expect(c("campaign", "")).toEqual(["cmp_abc123", "cmp_zzz999"]);
  });
});

describe("compare's two kinds of id", () => {
  it("keeps to the kind already on the line", () => {
    expect(c("compare", "prod:cmp_abc123", "")).toEqual(["default:", "prod:"]);
    expect(c("compare", "cmp_abc123", "")).toEqual(["cmp_zzz999"]);
  });
});
