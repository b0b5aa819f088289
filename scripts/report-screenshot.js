#!/usr/bin/env node
// Regenerates docs/report.png, the README's picture of `analytics report`: the report of the
// pinned sandbox, opened in Debian's headless Chromium (playwright-core), top of the page at 1280 px.
// Usage: npm run build && node scripts/report-screenshot.js
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { promisify } from "node:util";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { startSandbox } from "../dist/sandbox/index.js";

const root = new URL("../", import.meta.url);
const dir = mkdtempSync(join(tmpdir(), "analytics-report-shot-"));
const file = join(dir, "report.html");
const sandbox = await startSandbox({ now: new Date("2025-11-26T12:00:00Z") });
try {
  // Asynchronous: the sandbox answers from this process.
  await promisify(execFile)(process.execPath, [fileURLToPath(new URL("bin/analytics.js", root)), "report", "--range", "30d", "-o", file], {
    env: { PATH: process.env.PATH, HOME: dir, ANALYTICS_CONFIG_DIR: join(dir, "config"), ANALYTICS_API_URL: sandbox.url, ANALYTICS_WORKSPACE: sandbox.workspaceId, ANALYTICS_TOKEN: sandbox.token, SOURCE_DATE_EPOCH: "1764158400" },
  });
} finally {
  await sandbox.close();
}
const context = await chromium.launchPersistentContext(join(dir, "profile"), {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
  viewport: { width: 1280, height: 1500 },
  colorScheme: "light",
  offline: true,
});
const page = await context.newPage();
await page.goto(pathToFileURL(file).href);
await page.screenshot({ path: fileURLToPath(new URL("docs/report.png", root)) });
await context.close();
console.log("wrote docs/report.png");
