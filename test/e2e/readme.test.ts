import { mkdirSync, readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain JS script shared with `npm run readme`
import { README, SAMPLE_NOW, captureSamples, readmeSamples } from "../../scripts/readme-samples.js";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/index.js";
import { BIN, sandboxEnv, tempDir } from "./helpers.js";

const readme = readFileSync(README, "utf8");

describe("README", () => {
  it("shows output samples identical to what the CLI prints today (regenerate with `npm run readme`)", async () => {
    const fresh = await captureSamples(startSandbox);
    const shown = readmeSamples(readme);
    expect(Object.keys(shown).sort()).toEqual(Object.keys(fresh).sort());
    for (const [name, text] of Object.entries(fresh)) expect(shown[name], `sample "${name}" drifted`).toBe(text);
  }, 60_000);

  describe("its jq recipes run as written", () => {
    let sandbox: RunningSandbox;
    let env: Record<string, string>;
    beforeAll(async () => {
      sandbox = await startSandbox({ seed: 42, now: SAMPLE_NOW, rateLimits: false });
      const home = tempDir("analytics-recipes-");
      mkdirSync(join(home, "bin"));
      symlinkSync(BIN, join(home, "bin", "analytics"));
      env = { PATH: `${join(home, "bin")}:${process.env.PATH}`, HOME: home, ANALYTICS_CONFIG_DIR: join(home, "config"), ...sandboxEnv(sandbox) };
    });
    afterAll(() => sandbox.close());

    const recipes = (/## Recipes[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? "").split("\n").filter((line) => line.startsWith("analytics "));

    it("has recipes", () => {
      expect(recipes.length).toBeGreaterThanOrEqual(5);
    });

    it.each(recipes)("%s", async (recipe) => {
      const result = await execa("bash", ["--norc", "--noprofile", "-o", "pipefail", "-c", recipe], { env, extendEnv: false, reject: false });
      expect(result.stderr).toBe("");
      expect(result.exitCode).toBe(0);
      expect(String(result.stdout).trim()).not.toBe("");
    });
  });
});
