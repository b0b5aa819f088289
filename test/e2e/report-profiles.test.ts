/**
 * `report --profiles` / `--all-profiles` (CLI.md, "Many workspaces at once"): one file with the
 * roll-up of every workspace and each one's own sections, written only when every profile
 * arrived (or with --allow-partial), against the sandbox with profiles on several providers.
 */
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import MarkdownIt from "markdown-it";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../../src/sandbox/index.js";
import { cli, configWith, errorLines, sandboxData, startTestSandbox, tempDir } from "./helpers.js";
import { EPOCH, type ReportProxy, SECTIONS, XSS_NAME, startReportProxy, structuralProblems } from "./report-helpers.js";
import { startServer } from "./servers.js";

let sandbox: RunningSandbox;
let config: string;
const env = { SOURCE_DATE_EPOCH: EPOCH };

beforeAll(async () => {
  sandbox = await startTestSandbox({ rateLimits: false });
  const tenant = { apiUrl: sandbox.url, workspace: sandbox.workspaceId, token: sandbox.token };
  config = configWith({
    acme: tenant,
    globex: { provider: "coldsend", apiUrl: sandbox.url, token: sandbox.credentials.coldsend.token },
    initech: { provider: "campaignos", apiUrl: sandbox.url, workspace: sandbox.credentials.campaignos.workspace ?? "", token: sandbox.credentials.campaignos.token },
    broken: { ...tenant, token: "sbx_live_not_the_token" },
    kit: { provider: "sendkit", apiUrl: sandbox.url, token: sandbox.credentials.sendkit.token },
  });
});
afterAll(() => sandbox.close());

const run = (args: string[], configDir = config) => cli(["report", ...args], { configDir, env, timeoutMs: 60_000 });

/** A profile's own overview, through the CLI: the reference the roll-up is checked against. */
async function overviewOf(profile: string): Promise<{ summary: Record<string, number> }> {
  const result = await cli(["overview", "--profile", profile, "--json"], { configDir: config });
  expect(result.exitCode, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

const count = (n: number | undefined): string => (n === undefined ? "—" : n.toLocaleString("en-US"));
const overSent = (successes: number | undefined, sent: number | undefined): string =>
  successes === undefined || sent === undefined ? "—" : `${(Math.round((successes * 10_000) / sent) / 100).toFixed(2)}%`;

/** The figures the roll-up shows for these counts: Sent, Delivered, Opened, Replied, Open %, Reply %, Bounce %. */
function figures(summary: Record<string, number | undefined>): string[] {
  const s = summary;
  return [count(s.emails_sent), count(s.emails_delivered), count(s.emails_opened), count(s.emails_replied), overSent(s.emails_opened, s.emails_sent), overSent(s.emails_replied, s.emails_sent), overSent(s.emails_bounced, s.emails_sent)];
}

/** Σ of each count over the profiles, only where every one of them reports it. */
function pooled(summaries: ReadonlyArray<Record<string, number>>): Record<string, number | undefined> {
  const keys = ["emails_sent", "emails_delivered", "emails_opened", "emails_replied", "emails_bounced"];
  return Object.fromEntries(keys.map((key) => [key, summaries.every((s) => typeof s[key] === "number") ? summaries.reduce((sum, s) => sum + (s[key] as number), 0) : undefined]));
}

/** The roll-up table's rows in the HTML: the first cell (profile, or Total) → the other cells' text. */
function htmlRollup(html: string): Map<string, string[]> {
  const section = /<section id="workspaces"[\s\S]*?<\/section>/.exec(html)?.[0] ?? "";
  const rows = [...section.matchAll(/<tr>(<td[\s\S]*?)<\/tr>/g)].map((row) => [...(row[1] ?? "").matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((cell) => (cell[1] ?? "").replace(/<\/?strong>/g, "")));
  return new Map(rows.map(([first, ...rest]) => [first ?? "", rest]));
}

/** The Markdown roll-up table's rows: profile (or **Total**) → the other cells. */
function markdownRollup(text: string): Map<string, string[]> {
  const table = text.split("## Workspaces\n\n")[1]?.split("\n\n")[0] ?? "";
  const rows = table.split("\n").slice(2).map((line) => line.slice(2, -2).split(" | ").map((cell) => cell.replace(/\*\*/g, "").replace(/\\(.)/g, "$1")));
  return new Map(rows.map(([first, ...rest]) => [first ?? "", rest]));
}

describe("report --profiles: one file over many workspaces", () => {
  it("writes HTML with the roll-up pooled from counts and each workspace's own sections", async () => {
    const dir = tempDir();
    const target = join(dir, "clients.html");
    const before = sandbox.requests.length;
    const result = await run(["--profiles", "acme,globex", "-o", target]);
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe("");
    // The roll-up reads the overview each workspace's report fetched: one for the period, one for the one before.
    const overviews = sandbox.requests.slice(before).filter((r) => r.path === `/api/v1/workspaces/${sandbox.workspaceId}/analytics/overview`);
    expect(overviews).toHaveLength(2);

    const html = readFileSync(target, "utf8");
    expect(structuralProblems(html)).toEqual([]);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
    expect(html).not.toMatch(/<script|\ssrc=|\shref=|url\(|@import/i);
    expect(html).toContain("<dt>Profiles</dt><dd>acme, globex</dd>");
    expect(html).toContain("<dt>Period</dt><dd>last 30 days</dd>");
    expect(html).toContain('Generated</dt><dd><time datetime="2025-11-26T12:00:00.000Z">2025-11-26 12:00 UTC</time>');

    const [acme, globex] = await Promise.all([overviewOf("acme"), overviewOf("globex")]);
    const rows = htmlRollup(html);
    expect([...rows.keys()]).toEqual(["acme", "globex", "Total"]);
    expect(rows.get("acme")).toEqual(["tenant", sandbox.workspaceId, ...figures(acme.summary)]);
    expect(rows.get("globex")).toEqual(["coldsend", "—", ...figures(globex.summary)]);
    // ColdSend's counts are all-time: adding them to a 30-day count would be neither, so the total is acme's.
    expect(rows.get("Total")).toEqual(["", "", ...figures(pooled([acme.summary]))]);
    expect(html).toContain("Rates are over sent, pooled from counts (Σ count / Σ sent), never averaged.");
    expect(html).toContain("Total: 1 of 2 profiles (left out: globex: all-time counts, not last 30 days).");

    // Each workspace: its heading, its period, its own sections one level down.
    expect(html).toContain(`<article id="profile-1" data-profile="acme" data-state="ok">\n<h2>acme · Tenant Analytics API (tenant) · workspace ${sandbox.workspaceId}</h2>`);
    expect(html).toContain(`<article id="profile-2" data-profile="globex" data-state="ok">\n<h2>globex · ColdSend public API (coldsend)</h2>`);
    for (const id of SECTIONS) expect(html).toContain(`<section id="profile-1-${id}" data-state="ok">`);
    for (const id of ["kpis", "timeline", "top", "compare"]) expect(html).toContain(`<section id="profile-2-${id}" data-state="ok">`);
    for (const id of ["deliverability", "heatmap"]) expect(html).toContain(`<section id="profile-2-${id}" data-state="unavailable">`);
    expect(html).toContain("Deliverability: not available from this provider.");
    expect(html.match(/<h3>Key figures<\/h3>/g)).toHaveLength(2);
    expect(html).toContain("<h4>Significance</h4>");
    expect(html).toContain(`${acme.summary.emails_sent!.toLocaleString("en-US")}</div>`);
    expect(html.match(/<svg/g)?.length).toBeGreaterThanOrEqual(4);
    expect(readdirSync(dir)).toEqual(["clients.html"]);
  });

  it("writes Markdown over three providers that renders to tables, keeping CampaignOS's messages out of the email total", async () => {
    const result = await run(["--profiles", "acme,globex,initech", "--format", "md", "-o", "-"]);
    expect(result.exitCode, result.stderr).toBe(0);
    const text = result.stdout;
    expect(text).not.toMatch(/<[a-z/!]/i);
    const [acme, globex, initech] = await Promise.all([overviewOf("acme"), overviewOf("globex"), overviewOf("initech")]);
    const rows = markdownRollup(text);
    expect([...rows.keys()]).toEqual(["acme", "globex", "initech", "Total"]);
    expect(rows.get("acme")).toEqual(["tenant", sandbox.workspaceId, ...figures(acme.summary)]);
    expect(rows.get("globex")).toEqual(["coldsend", "—", ...figures(globex.summary)]);
    expect(initech.summary.emails_sent).toBeUndefined();
    expect(rows.get("initech")?.slice(2)).toEqual(figures({}));
    // CampaignOS counts messages and ColdSend all-time: neither is added to acme's 30-day email counts.
    expect(rows.get("Total")).toEqual(["", "", ...figures(pooled([acme.summary]))]);
    expect(text).toContain("Total: 1 of 3 profiles (left out: globex: all-time counts, not last 30 days; initech: counts messages, not emails).");
    // CampaignOS's counts cover the last 30 days (its `period`); only ColdSend's are all-time.
    expect(text).toContain("globex (coldsend): all-time counts, not last 30 days: the provider reports no window.");
    expect(text).not.toContain("initech (campaignos): all-time");

    const rendered = new MarkdownIt({ html: true }).render(text);
    expect(rendered).toContain("<h2>Workspaces</h2>");
    expect(rendered).toContain(`<h2>acme · Tenant Analytics API (tenant) · workspace ${sandbox.workspaceId}</h2>`);
    expect(rendered).toContain("<h2>globex · ColdSend public API (coldsend)</h2>");
    expect(rendered).toContain(`<h2>initech · CampaignOS analytics (campaignos) · workspace ${sandbox.credentials.campaignos.workspace}</h2>`);
    for (const title of ["Key figures", "Daily timeline", "Top campaigns", "Compare", "Deliverability", "Send-time heatmap"]) {
      expect(rendered.match(new RegExp(`<h3>${title}</h3>`, "g"))).toHaveLength(3);
    }
    // header, roll-up; acme 8 (as the single report); globex: KPIs, timeline, top, compare + verdicts; initech: KPIs, timeline
    expect(rendered.match(/<table>/g)).toHaveLength(2 + 8 + 5 + 2);
    expect(rendered).toContain("<em>Send-time heatmap: not available from this provider.</em>");
  });

  it("gives identical bytes for the same data with SOURCE_DATE_EPOCH", async () => {
    const dir = tempDir();
    const a = await run(["--all-profiles", "--allow-partial", "-q", "-o", join(dir, "a.html")]);
    const b = await run(["--all-profiles", "--allow-partial", "-q", "-o", join(dir, "b.html")]);
    expect([a.exitCode, b.exitCode]).toEqual([3, 3]);
    expect(readFileSync(join(dir, "a.html"))).toEqual(readFileSync(join(dir, "b.html")));
    const c = await run(["--profiles", "acme,globex", "--format", "md", "-o", "-"]);
    const d = await run(["--profiles", "acme,globex", "--format", "md", "-o", "-"]);
    expect(c.stdout).toBe(d.stdout);
  });
});

describe("report --profiles when a profile fails", () => {
  it("writes nothing without --allow-partial, names the failure and exits with its code", async () => {
    const dir = tempDir();
    const target = join(dir, "clients.html");
    const result = await run(["--profiles", "acme,broken", "-o", target]);
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toBe("");
    expect(errorLines(result)).toEqual(["error: 1 of 2 profiles failed: broken (Invalid or expired access token)", "hint: nothing was written; --allow-partial writes the report without them"]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("with --allow-partial writes the report with the failures named, and exits with the first one's code", async () => {
    const dir = tempDir();
    const target = join(dir, "clients.md");
    const result = await run(["--profiles", "acme,kit,broken", "--allow-partial", "-o", target]);
    expect(result.exitCode).toBe(3);
    expect(errorLines(result)).toEqual(["error: 1 of 3 profiles failed: broken (Invalid or expired access token)", "hint: the report was written without them"]);
    const text = readFileSync(target, "utf8");
    const rows = markdownRollup(text);
    expect(rows.get("broken")?.slice(0, 3)).toEqual(["tenant", sandbox.workspaceId, "error: Invalid or expired access token"]);
    // SendKit has no workspace overview: a row without counts and its report's sections "not available", not a failure.
    expect(rows.get("kit")).toEqual(["sendkit", "—", ...figures({})]);
    expect(text).toContain("Total: 1 of 3 profiles (left out: 1 failed; kit: no workspace overview from this provider).");
    expect(text).toContain("## kit · SendKit");
    expect(text).toContain(`## broken · Tenant Analytics API (tenant) · workspace ${sandbox.workspaceId.replace(/_/g, "\\_")}\n\n> **missing: Invalid or expired access token**`);
    expect(text).toContain("### Key figures");

    const html = await run(["--profiles", "broken,acme", "--allow-partial", "-o", "-"]);
    expect(html.exitCode).toBe(3);
    expect(html.stdout).toContain('<article id="profile-1" data-profile="broken" data-state="failed">');
    expect(html.stdout).toContain('<p class="missing">missing: Invalid or expired access token</p>');
    expect(html.stdout).toContain('<td colspan="7" class="missing">error: Invalid or expired access token</td>');
    expect(structuralProblems(html.stdout)).toEqual([]);
  });

  it("a window the provider cannot serve is a usage error, not missing data, even with --allow-partial", async () => {
    const dir = tempDir();
    const result = await run(["--profiles", "initech", "--range", "7d", "--allow-partial", "-o", join(dir, "r.html")]);
    expect(result.exitCode).toBe(2);
    expect(errorLines(result)[0]).toBe("error: 1 of 1 profiles failed: initech (campaignos's overview always covers the last 30 days)");
    expect(readdirSync(dir)).toEqual([]);
  });

  it("a SendKit profile alone is a report without data, not a failure", async () => {
    const result = await run(["--profiles", "kit", "--format", "md", "-q", "-o", "-"]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("Key figures: not available from this provider");
    // --campaign is refused with --profiles, so the way to choose campaigns is a report of that profile alone.
    expect(result.stdout).toContain("Compare: choose two or more campaigns with --campaign in a report of this profile alone (--profile kit).");
  });

  it("with --allow-partial but every profile failed, writes nothing and keeps the last good file", async () => {
    const dir = tempDir();
    const target = join(dir, "clients.html");
    writeFileSync(target, "last week's report");
    const result = await run(["--profiles", "broken", "--allow-partial", "--force", "-o", target]);
    expect(result.exitCode).toBe(3);
    expect(errorLines(result)).toEqual(["error: 1 of 1 profiles failed: broken (Invalid or expired access token)", "hint: nothing was written: no profile's data arrived"]);
    expect(readFileSync(target, "utf8")).toBe("last week's report");
    expect(readdirSync(dir)).toEqual(["clients.html"]);
  });

  it("stops at the first failure with --fail-fast, and writes nothing even with --allow-partial", async () => {
    // Answers nothing: profiles on it are still in flight when the first one fails.
    const slow = await startServer(() => {});
    try {
      const stalled = { apiUrl: slow.url, workspace: "ws_1", token: "tok_slow" };
      const dir = configWith({ a_broken: { apiUrl: sandbox.url, workspace: sandbox.workspaceId, token: "sbx_live_wrong" }, b: stalled, c: stalled, d: stalled, e: stalled });
      const out = tempDir();
      const started = Date.now();
      const result = await run(["--all-profiles", "--fail-fast", "--allow-partial", "-o", join(out, "r.html")], dir);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(result.exitCode).toBe(3);
      expect(errorLines(result)[0]).toMatch(/^error: \d of \d profiles failed: a_broken \(Invalid or expired access token\)/);
      expect(errorLines(result)[1]).toBe("hint: nothing was written: --fail-fast stops at the first failure");
      expect(readdirSync(out)).toEqual([]);
    } finally {
      await slow.close();
    }
  });

  describe("a section failing inside a profile", () => {
    let proxy: ReportProxy;
    let dir: string;
    beforeAll(async () => {
      proxy = await startReportProxy(sandbox.url, { failPath: "/analytics/deliverability" });
      dir = configWith({ acme: { apiUrl: sandbox.url, workspace: sandbox.workspaceId, token: sandbox.token }, flaky: { apiUrl: proxy.url, workspace: sandbox.workspaceId, token: sandbox.token } });
    });
    afterAll(() => proxy.close());

    it("fails that profile without --allow-partial: nothing written", async () => {
      const out = tempDir();
      const result = await run(["--all-profiles", "-o", join(out, "r.html")], dir);
      expect(result.exitCode).toBe(1);
      expect(errorLines(result)[0]).toBe("error: 1 of 2 profiles failed: flaky (proxy: this endpoint fails on purpose)");
      expect(readdirSync(out)).toEqual([]);
    });

    it("with --allow-partial marks the section missing, warns, and exits 0 as the single report does", async () => {
      const result = await run(["--all-profiles", "--allow-partial", "-q", "-o", "-"], dir);
      expect(result.exitCode).toBe(0);
      expect(result.stderr).toBe("warning: the report is partial: flaky: Deliverability is missing (its data failed)\n");
      expect(result.stdout).toContain('<section id="profile-2-deliverability" data-state="missing">');
      expect(result.stdout).toContain("Deliverability is missing from this report: its data failed (SERVER_ERROR: proxy: this endpoint fails on purpose).");
      expect(result.stdout).toContain('<section id="profile-1-deliverability" data-state="ok">');
      expect(htmlRollup(result.stdout).get("flaky")).toEqual(htmlRollup(result.stdout).get("acme"));
    });
  });
});

describe("report --profiles: refused before any request", () => {
  const cases: Array<[string, string[], Record<string, string>, string[]]> = [
    [
      "--campaign with --profiles",
      ["--profiles", "acme,globex", "--campaign", "cmp_abc123"],
      {},
      ["error: --campaign cannot be combined with --profiles: campaign ids belong to one workspace", "hint: without --campaign each workspace compares its own top campaigns; for chosen ones: analytics report --profile NAME --campaign ID --campaign ID"],
    ],
    ["--campaign with --all-profiles", ["--all-profiles", "--campaign", "cmp_abc123"], {}, ["error: --campaign cannot be combined with --all-profiles: campaign ids belong to one workspace"]],
    ["--profile with --profiles", ["--profile", "acme", "--profiles", "acme"], {}, ["error: --profile cannot be combined with --profiles; list the profiles there instead"]],
    ["--sandbox with --profiles", ["--sandbox", "--profiles", "acme"], {}, ["error: --sandbox cannot be combined with --profiles: each profile uses its own stored settings"]],
    ["an unknown profile", ["--profiles", "acme,nosuch"], {}, ['error: no profile named "nosuch"', "hint: profiles: acme, globex, initech, broken, kit"]],
    ["ANALYTICS_TOKEN set", ["--all-profiles"], { ANALYTICS_TOKEN: "tok" }, ["error: ANALYTICS_TOKEN is set: with --all-profiles each profile uses only its own stored settings"]],
  ];
  for (const [name, args, extra, lines] of cases) {
    it(`${name}: exit 2`, async () => {
      const dir = tempDir();
      const before = sandbox.requests.length;
      const result = await cli(["report", ...args, "-o", join(dir, "r.html")], { configDir: config, env: { ...env, ...extra } });
      expect(result.exitCode).toBe(2);
      expect(errorLines(result).slice(0, lines.length)).toEqual(lines);
      expect(sandbox.requests.length).toBe(before);
      expect(readdirSync(dir)).toEqual([]);
    });
  }
});

describe("report --profiles: hostile strings", () => {
  it("keeps a hostile campaign name and profile name as text in HTML and Markdown", async () => {
    const overview = await sandboxData(sandbox, "/analytics/overview", { timeRange: "30d" });
    const proxy = await startReportProxy(sandbox.url, { renameCampaign: overview.top_campaigns[0].campaign_name });
    try {
      const dir = configWith({ [XSS_NAME]: { apiUrl: proxy.url, workspace: sandbox.workspaceId, token: sandbox.token }, acme: { apiUrl: sandbox.url, workspace: sandbox.workspaceId, token: sandbox.token } });
      const html = await run(["--all-profiles", "-o", "-"], dir);
      expect(html.exitCode, html.stderr).toBe(0);
      expect(html.stdout).not.toContain("<img");
      expect(html.stdout).toContain('<td class="name">&lt;img src=x onerror=alert(1)&gt;</td>');
      expect(html.stdout).toContain('data-profile="&lt;img src=x onerror=alert(1)&gt;"');
      expect(html.stdout).toContain('<td class="name">&lt;img src=x onerror=alert(1)&gt;</td><td class="id"><code>');
      expect(structuralProblems(html.stdout)).toEqual([]);
      const md = await run(["--all-profiles", "--format", "md", "-o", "-"], dir);
      expect(md.stdout).toContain("| \\<img src=x onerror=alert(1)\\> | tenant |");
      const rendered = new MarkdownIt({ html: true }).render(md.stdout);
      expect(rendered).not.toContain("<img");
      expect(rendered).toContain("<h2>&lt;img src=x onerror=alert(1)&gt; · Tenant Analytics API (tenant)");
    } finally {
      await proxy.close();
    }
  });
});

