#!/usr/bin/env node
/**
 * README output samples, captured from the real CLI against the sandbox (seed 42, clock pinned to
 * 2025-11-26T12:00:00Z) at 80 columns without colour, so the README shows what users will see.
 *   node scripts/readme-samples.js          rewrite the samples in README.md
 *   node scripts/readme-samples.js --check  exit 1 if README.md has drifted from the real output
 * test/e2e/readme.test.ts runs the same check in `npm test`.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const BIN = fileURLToPath(new URL("../bin/analytics.js", import.meta.url));
export const README = fileURLToPath(new URL("../README.md", import.meta.url));
export const SAMPLE_NOW = new Date("2025-11-26T12:00:00Z");

/** Marker names in README.md → the command line shown (after `analytics`). */
export const SAMPLES = {
  campaign: ["campaign", "cmp_abc123"],
  "campaign-weekly": ["campaign", "cmp_def456", "--range", "90d", "--group-by", "week", "--no-chart"],
  overview: ["overview"],
  deliverability: ["deliverability"],
  heatmap: ["heatmap"],
  compare: ["compare", "cmp_abc123", "cmp_def456", "cmp_ghi789"],
  "campaign-json": ["campaign", "cmp_abc123", "--range", "7d", "--group-by", "week", "--json"],
  "campaignos-campaign": ["--provider", "campaignos", "campaign", "cmp_1"],
  "campaignos-funnel": ["--provider", "campaignos", "funnel", "--steps", "page_view,signup,purchase"],
  "campaignos-cohorts": ["--provider", "campaignos", "cohorts", "--days", "90"],
  "campaignos-attribution": ["--provider", "campaignos", "attribution"],
};

/** A sample that names a provider runs with that provider's sandbox credential. */
function credentialFor(args, sandbox) {
  const at = args.indexOf("--provider");
  return at === -1 ? sandbox.token : sandbox.credentials[args[at + 1]].token;
}

const run = promisify(execFile);

export async function captureSamples(startSandbox) {
  const sandbox = await startSandbox({ seed: 42, now: SAMPLE_NOW, rateLimits: false });
  const env = {
    PATH: process.env.PATH,
    ANALYTICS_CONFIG_DIR: mkdtempSync(join(tmpdir(), "analytics-readme-")),
    ANALYTICS_API_URL: sandbox.url,
    ANALYTICS_WORKSPACE: sandbox.workspaceId,
    ANALYTICS_TOKEN: sandbox.token,
    COLUMNS: "80",
    NO_COLOR: "1",
  };
  try {
    const samples = {};
    for (const [name, args] of Object.entries(SAMPLES)) {
      const { stdout } = await run(process.execPath, [BIN, ...args], { env: { ...env, ANALYTICS_TOKEN: credentialFor(args, sandbox) }, maxBuffer: 1 << 24 });
      samples[name] = `$ analytics ${args.join(" ")}\n${stdout.trimEnd()}`;
    }
    return samples;
  } finally {
    await sandbox.close();
  }
}

// A block's body may be empty and never runs into the next block.
const BLOCK = /<!-- sample: ([\w-]+) -->\n```text\n((?:(?!<!-- )[\s\S])*?)```\n<!-- \/sample -->/g;

/** The samples found in `readme`, by name. */
export function readmeSamples(readme) {
  return Object.fromEntries([...readme.matchAll(BLOCK)].map((match) => [match[1], match[2].replace(/\n$/, "")]));
}

export function withSamples(readme, samples) {
  return readme.replace(BLOCK, (whole, name) => (name in samples ? `<!-- sample: ${name} -->\n\`\`\`text\n${samples[name]}\n\`\`\`\n<!-- /sample -->` : whole));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { startSandbox } = await import("../dist/sandbox/index.js");
  const samples = await captureSamples(startSandbox);
  const readme = readFileSync(README, "utf8");
  if (process.argv.includes("--check")) {
    const found = readmeSamples(readme);
    const drifted = Object.keys(samples).filter((name) => found[name] !== samples[name]);
    if (drifted.length) {
      console.error(`README samples drifted from the real output: ${drifted.join(", ")}; run node scripts/readme-samples.js`);
      process.exit(1);
    }
    console.log("README samples match the real output");
  } else {
    writeFileSync(README, withSamples(readme, samples));
    console.log(`updated ${Object.keys(samples).length} samples in README.md`);
  }
}
