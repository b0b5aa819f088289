import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import MarkdownIt from "markdown-it";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../../src/sandbox/index.js";
import { cli, errorLines, sandboxData, sandboxEnv, startTestSandbox, tempDir } from "./helpers.js";
import { EPOCH, type ReportProxy, SECTIONS, startReportProxy, structuralProblems } from "./report-helpers.js";


let sandbox: RunningSandbox;
let env: Record<string, string>;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  env = { ...sandboxEnv(sandbox), SOURCE_DATE_EPOCH: EPOCH };
});
afterAll(() => sandbox.close());

function noTempFiles(dir: string): void {
  expect(readdirSync(dir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
}

describe("analytics report (tenant)", () => {
  it("writes one valid, self-contained HTML file with every section, under 300 KB", async () => {
    const dir = tempDir();
    const target = join(dir, "report.html");
    const run = await cli(["report", "--range", "30d", "-o", target], { env });
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe("");
    const html = readFileSync(target, "utf8");
    expect(structuralProblems(html)).toEqual([]);
    expect(Buffer.byteLength(html)).toBeLessThan(300_000);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
    expect(html).toContain("@media (prefers-color-scheme:dark)");
    expect(html).toContain("@media print");
    // Nothing that could load: no script, no src/href, no url(), no @import.
    expect(html).not.toMatch(/<script|\ssrc=|\shref=|url\(|@import/i);
    for (const id of SECTIONS) expect(html).toContain(`<section id="${id}" data-state="ok">`);
    const overview = await sandboxData(sandbox, "/analytics/overview", { timeRange: "30d" });
    expect(html).toContain(`<dd>${overview.workspace_id}</dd>`);
    expect(html).toContain("Tenant Analytics API (tenant)");
    expect(html).toContain(`${overview.summary.emails_sent.toLocaleString("en-US")}</div>`);
    for (const top of overview.top_campaigns) expect(html).toContain(top.campaign_name);
    expect(html).toContain("<svg");
    expect(html).toContain("Generated</dt><dd><time datetime=\"2025-11-26T12:00:00.000Z\">2025-11-26 12:00 UTC</time>");
    noTempFiles(dir);
  });

  it("shows KPI changes against the previous period of the same length, and marks the partial period", async () => {
    const run = await cli(["report", "--range", "7d", "-o", "-", "--format", "md"], { env });
    expect(run.exitCode).toBe(0);
    const now = await sandboxData(sandbox, "/analytics/overview", { timeRange: "7d" });
    const before = await sandboxData(sandbox, "/analytics/overview", { timeRange: "custom", startDate: "2025-11-11T00:00:00Z", endDate: "2025-11-18T23:59:59Z" });
    expect(now.time_range.start).toBe("2025-11-19T00:00:00Z");
    const change = ((now.summary.emails_sent - before.summary.emails_sent) / before.summary.emails_sent) * 100;
    const sign = change >= 0 ? "+" : "−";
    expect(run.stdout).toContain(`| Emails sent | ${now.summary.emails_sent.toLocaleString("en-US")} | ${before.summary.emails_sent.toLocaleString("en-US")} | ${change >= 0 ? "▲" : "▼"} ${sign}${Math.abs(change).toFixed(1)}% |`);
    expect(run.stdout).toContain("2025-11-11 → 2025-11-18");
    // The sandbox's 7d ends today 23:59:59, after the pinned generation time: partial.
    expect(run.stdout).toContain("Partial period");
    expect(run.stdout).toContain("Still arriving (partial): 2025-11-26.");
  });

  it("gives identical bytes for the same data with SOURCE_DATE_EPOCH", async () => {
    const dir = tempDir();
    const a = await cli(["report", "-o", join(dir, "a.html")], { env });
    const b = await cli(["report", "-o", join(dir, "b.html")], { env });
    expect([a.exitCode, b.exitCode]).toEqual([0, 0]);
    expect(readFileSync(join(dir, "a.html"))).toEqual(readFileSync(join(dir, "b.html")));
    const c = await cli(["report", "--format", "md", "-o", "-"], { env });
    const d = await cli(["report", "--format", "md", "-o", "-"], { env });
    expect(c.stdout).toBe(d.stdout);
  });

  it("writes Markdown that renders with a CommonMark parser into the expected tables, with no HTML", async () => {
    const dir = tempDir();
    const run = await cli(["report", "-o", join(dir, "weekly.md")], { env });
    expect(run.exitCode).toBe(0);
    const text = readFileSync(join(dir, "weekly.md"), "utf8");
    expect(text).not.toMatch(/<[a-z/!]/i);
    const rendered = new MarkdownIt({ html: true }).render(text);
    // header, KPIs, timeline, top, compare + verdicts, deliverability + reasons, heatmap
    expect(rendered.match(/<table>/g)).toHaveLength(9);
    for (const title of ["Key figures", "Daily timeline", "Top campaigns", "Compare", "Deliverability", "Send-time heatmap"]) expect(rendered).toContain(`<h2>${title}</h2>`);
    expect(rendered).toMatch(/<td>sent<\/td>\s*<td style="text-align:right">[\d,]+<\/td>\s*<td><code>[▁▂▃▄▅▆▇█]{31}<\/code><\/td>/);
    expect(rendered).toContain("<th>nighttime 0–6h</th>".replace("<th>", '<th style="text-align:right">'));
  });

  it("names no winner when nothing is significant", async () => {
    // Two campaigns over one day: too few sends for any difference to be significant.
    const compare = await sandboxData(sandbox, "/analytics/overview", { timeRange: "7d" });
    const ids = compare.top_campaigns.slice(0, 2).map((c: { campaign_id: string }) => c.campaign_id);
    const run = await cli(["report", "--from", "2025-11-26T11:00:00Z", "--to", "2025-11-26T11:59:59Z", ...ids.flatMap((id: string) => ["--campaign", id]), "--format", "md", "-o", "-"], { env });
    expect(run.exitCode).toBe(0);
    const verdictRows = run.stdout.split("\n").filter((line) => /^\| (open|click|reply|delivery) rate \|/.test(line));
    expect(verdictRows.length).toBeGreaterThan(0);
    for (const row of verdictRows) expect(row).toMatch(/no winner: not significant/);
    expect(run.stdout).not.toContain("**★");
  });

  it("keeps a hostile campaign name as text in HTML and Markdown", async () => {
    const overview = await sandboxData(sandbox, "/analytics/overview", { timeRange: "30d" });
    const proxy = await startReportProxy(sandbox.url, { renameCampaign: overview.top_campaigns[0].campaign_name });
    try {
      const proxied = { ...env, ANALYTICS_API_URL: proxy.url };
      const html = await cli(["report", "-o", "-"], { env: proxied });
      expect(html.exitCode).toBe(0);
      expect(html.stdout).toContain("&lt;img src=x onerror=alert(1)&gt;");
      expect(html.stdout).not.toContain("<img");
      expect(structuralProblems(html.stdout)).toEqual([]);
      const md = await cli(["report", "--format", "md", "-o", "-"], { env: proxied });
      expect(md.stdout).toContain("\\<img src=x onerror=alert(1)\\>");
      const rendered = new MarkdownIt({ html: true }).render(md.stdout);
      expect(rendered).not.toContain("<img");
      expect(rendered).toContain("&lt;img src=x onerror=alert(1)&gt;");
    } finally {
      await proxy.close();
    }
  });
});

describe("analytics report when a section's data fails", () => {
  let proxy: ReportProxy;
  beforeAll(async () => {
    proxy = await startReportProxy(sandbox.url, { failPath: "/analytics/deliverability" });
  });
  afterAll(() => proxy.close());

  it("exits non-zero and leaves nothing at the target", async () => {
    const dir = tempDir();
    const target = join(dir, "weekly.html");
    const run = await cli(["report", "-o", target], { env: { ...env, ANALYTICS_API_URL: proxy.url }, timeoutMs: 60_000 });
    expect(run.exitCode).toBe(1);
    expect(errorLines(run)[0]).toBe("error: SERVER_ERROR: proxy: this endpoint fails on purpose");
    expect(existsSync(target)).toBe(false);
    noTempFiles(dir);
  }, 70_000);

  it("with --allow-partial writes the report and says which section is missing", async () => {
    const dir = tempDir();
    const target = join(dir, "weekly.html");
    const run = await cli(["report", "--allow-partial", "-q", "-o", target], { env: { ...env, ANALYTICS_API_URL: proxy.url }, timeoutMs: 60_000 });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe("warning: the report is partial: Deliverability is missing (its data failed)\n");
    const html = readFileSync(target, "utf8");
    expect(html).toContain('<section id="deliverability" data-state="missing">');
    expect(html).toContain("Deliverability is missing from this report: its data failed (SERVER_ERROR: proxy: this endpoint fails on purpose).");
    for (const id of SECTIONS.filter((s) => s !== "deliverability")) expect(html).toContain(`<section id="${id}" data-state="ok">`);
  }, 70_000);

  it("never writes a token the server echoes in a section's error into the report", async () => {
    const echo = await startReportProxy(sandbox.url, { failPath: "/analytics/deliverability", echoCredential: true });
    try {
      for (const format of ["html", "md"]) {
        const run = await cli(["report", "--allow-partial", "--format", format, "-q", "-o", "-"], { env: { ...env, ANALYTICS_API_URL: echo.url } });
        expect(run.exitCode).toBe(0);
        // Markdown escapes the brackets.
        expect(run.stdout).toMatch(/\(you sent Bearer \\?\[REDACTED\\?\]\)/);
        expect(run.stdout + run.stderr).not.toContain(sandbox.token);
      }
    } finally {
      await echo.close();
    }
  });

  it("with --allow-partial but no section's data at all (a refused token), fails as without it: exit 3, nothing written", async () => {
    const dir = tempDir();
    const target = join(dir, "weekly.html");
    const run = await cli(["report", "--allow-partial", "-q", "-o", target], { env: { ...env, ANALYTICS_TOKEN: "wrong-token" } });
    expect(run.exitCode).toBe(3);
    expect(run.stdout).toBe("");
    expect(errorLines(run)[0]).toMatch(/^error: .*token/i);
    expect(existsSync(target)).toBe(false);
    noTempFiles(dir);
  });
});

describe("analytics report: usage", () => {
  it("needs -o, refuses an existing file without --force, and replaces it with --force", async () => {
    const missing = await cli(["report"], { env });
    expect(missing.exitCode).toBe(2);
    expect(errorLines(missing)[0]).toBe("error: report needs -o PATH (or -o - for stdout)");
    const dir = tempDir();
    const target = join(dir, "r.html");
    expect((await cli(["report", "-o", target], { env })).exitCode).toBe(0);
    const again = await cli(["report", "-o", target], { env });
    expect(again.exitCode).toBe(2);
    expect(errorLines(again)[0]).toContain("already exists");
    expect((await cli(["report", "-o", target, "--force"], { env })).exitCode).toBe(0);
    const badEpoch = await cli(["report", "-o", "-"], { env: { ...env, SOURCE_DATE_EPOCH: "yesterday" } });
    expect(badEpoch.exitCode).toBe(2);
  });
});
