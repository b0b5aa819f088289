/**
 * The HTML report in a real browser: Debian's Chromium (installed by .ci/run), driven headless by
 * playwright-core (which never downloads a browser). Zero network requests, no console errors,
 * the hostile name as text, every section present; screenshots kept in test/artifacts/.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../../src/sandbox/index.js";
import { cli, sandboxData, sandboxEnv, startTestSandbox, tempDir } from "./helpers.js";
import { EPOCH, SECTIONS, XSS_NAME, startReportProxy } from "./report-helpers.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
const ARTIFACTS = fileURLToPath(new URL("../artifacts/", import.meta.url));

if (!hasChromium) {
  if (process.env.CI) throw new Error(`the browser test needs Chromium at ${CHROMIUM} in CI (.ci/run installs it with apt)`);
  console.warn(`report-browser.test.ts skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
}

describe.skipIf(!hasChromium)(`the HTML report in headless Chromium (${CHROMIUM})`, () => {
  let sandbox: RunningSandbox;
  let file: string;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    const overview = await sandboxData(sandbox, "/analytics/overview", { timeRange: "30d" });
    const proxy = await startReportProxy(sandbox.url, { renameCampaign: overview.top_campaigns[0].campaign_name });
    try {
      file = join(tempDir(), "report.html");
      const run = await cli(["report", "-o", file], { env: { ...sandboxEnv(sandbox), ANALYTICS_API_URL: proxy.url, SOURCE_DATE_EPOCH: EPOCH } });
      expect(run.exitCode).toBe(0);
    } finally {
      await proxy.close();
    }
  }, 60_000);
  afterAll(() => sandbox?.close());

  it.each([
    [390, 844, "dark"],
    [1280, 800, "light"],
  ] as const)("at %i×%i (%s): no requests, no console errors, every section, the name as text", async (width, height, scheme) => {
    // A fresh profile per run (playwright passes it as --user-data-dir).
    const context = await chromium.launchPersistentContext(tempDir("analytics-chromium-"), {
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
      viewport: { width, height },
      colorScheme: scheme,
      offline: true,
    });
    const requests: string[] = [];
    // Every request but the report file itself is recorded and refused.
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (url === pathToFileURL(file).href) return route.continue();
      requests.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning") problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));
    page.on("request", (request) => {
      if (request.url() !== pathToFileURL(file).href) requests.push(request.url());
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });

    expect(requests).toEqual([]);
    expect(problems).toEqual([]);
    for (const id of SECTIONS) await expect(page.locator(`section#${id}[data-state="ok"] h2`).count()).resolves.toBe(1);
    expect(await page.locator("img").count()).toBe(0);
    const compareText = await page.locator("section#compare").innerText();
    expect(compareText).toContain(XSS_NAME);
    // Charts drawn and visible at this width (the narrow set on a phone).
    const visibleCharts = await page.locator("figure .chart svg").evaluateAll((svgs) => svgs.filter((svg) => svg.getBoundingClientRect().width > 0).length);
    expect(visibleCharts).toBe(3);
    // Nothing wider than the viewport but the scrollable tables.
    // (A string: this project compiles without the DOM lib.)
    const overflow = await page.evaluate<number>("document.documentElement.scrollWidth - window.innerWidth");
    expect(overflow).toBeLessThanOrEqual(0);

    mkdirSync(ARTIFACTS, { recursive: true });
    const shot = await page.screenshot({ fullPage: true });
    writeFileSync(join(ARTIFACTS, `report-${width}x${height}.png`), shot);
    expect(shot.byteLength).toBeGreaterThan(10_000);
    await context.close();
  }, 90_000);
});
