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
};

/** The same for ColdSend (ANALYTICS_PROVIDER=coldsend and its API key in the environment). */
export const COLDSEND_SAMPLES = {
  "coldsend-campaigns": ["campaigns", "--sort", "reply_rate", "--limit", "5"],
  "coldsend-campaign": ["campaign", "550e8400-e29b-41d4-a716-446655440000"],
  "coldsend-overview": ["overview"],
  "coldsend-timeline": ["timeline", "--from", "2025-11-20", "--to", "2025-11-26", "--no-chart"],
  "coldsend-compare": ["compare", "550e8400-e29b-41d4-a716-446655440000", "25977955-9104-4cdc-92b2-9839fa29aa9e"],
};

/** The same for SendKit (ANALYTICS_PROVIDER=sendkit and its API key): the documented id, a campaign with an A/B step. */
export const SENDKIT_SAMPLES = {
  "sendkit-campaign": ["campaign", "665a1b2c3d4e5f6a7b8c9d0e"],
};

/** The same for CampaignOS (its session token in the environment; the provider shown on the line). */
export const CAMPAIGNOS_SAMPLES = {
  "campaignos-campaign": ["--provider", "campaignos", "campaign", "cmp_1"],
  "campaignos-timeline": ["--provider", "campaignos", "timeline", "--range", "7d"],
  "campaignos-funnel": ["--provider", "campaignos", "funnel", "--steps", "page_view,signup,purchase"],
  "campaignos-cohorts": ["--provider", "campaignos", "cohorts", "--days", "90"],
  "campaignos-attribution": ["--provider", "campaignos", "attribution"],
};

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
    const { ANALYTICS_WORKSPACE: _workspace, ...keyEnv } = env;
    const keyEnvOf = (provider) => ({ ...keyEnv, ANALYTICS_PROVIDER: provider, ANALYTICS_TOKEN: sandbox.credentials[provider].token });
    for (const [list, listEnv] of [
      [SAMPLES, env],
      [COLDSEND_SAMPLES, keyEnvOf("coldsend")],
      [SENDKIT_SAMPLES, keyEnvOf("sendkit")],
      [CAMPAIGNOS_SAMPLES, { ...env, ANALYTICS_TOKEN: sandbox.credentials.campaignos.token }],
    ]) {
      for (const [name, args] of Object.entries(list)) {
        const { stdout } = await run(process.execPath, [BIN, ...args], { env: listEnv, maxBuffer: 1 << 24 });
        samples[name] = `$ analytics ${args.join(" ")}\n${stdout.trimEnd()}`;
      }
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
