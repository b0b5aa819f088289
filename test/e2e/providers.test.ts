/**
 * The provider platform's contract (CLI.md, "Providers"): capabilities declared once and enforced
 * before any request, provider selection by flag, environment and profile.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROVIDERS, PROVIDER_NAMES, providersFor } from "../../src/providers/capabilities.js";
import type { RunningSandbox } from "../../src/sandbox/index.js";
import { cli, errorLines, providerEnv, startTestSandbox } from "./helpers.js";

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());

describe("a command the provider cannot serve", () => {
  const cases: Array<[string, string[], string, string]> = [
    ["coldsend", ["deliverability"], "coldsend has no deliverability data", "deliverability works with: tenant"],
    ["sendkit", ["heatmap"], "sendkit has no heatmap data", "heatmap works with: tenant"],
    ["campaignos", ["exports", "status", "exp_1"], "campaignos has no server-side exports", "exports works with: tenant"],
  ];
  for (const [provider, args, message, hint] of cases) {
    it(`${provider} ${args.join(" ")}: exit 2, two lines, no request`, async () => {
      const before = sandbox.requests.length;
      const run = await cli(args, { env: providerEnv(sandbox, provider as never) });
      expect(run.exitCode).toBe(2);
      expect(run.stdout).toBe("");
      expect(errorLines(run)).toEqual([`error: ${message}`, `hint: ${hint}`]);
      expect(sandbox.requests.length).toBe(before);
    });
  }

  it("is refused for --provider on the command line too, and an unknown provider is a usage error", async () => {
    const refused = await cli(["deliverability", "--provider", "coldsend", "--sandbox"]);
    expect(refused.exitCode).toBe(2);
    expect(errorLines(refused)[0]).toBe("error: coldsend has no deliverability data");
    const unknown = await cli(["overview", "--sandbox"], { env: { ANALYTICS_PROVIDER: "mailchimp" } });
    expect(unknown.exitCode).toBe(2);
    expect(errorLines(unknown)[0]).toBe('error: unknown provider "mailchimp" (from ANALYTICS_PROVIDER)');
  });
});

describe("help reads the same declaration", () => {
  it("names exactly the providers of the capability table", async () => {
    const run = await cli(["heatmap", "--help"]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(`Works with: ${providersFor("heatmap").join(", ")}`);
    expect(providersFor("heatmap")).toEqual(["tenant"]);
    expect(providersFor("campaign")).toEqual([...PROVIDER_NAMES]);
  });
});

describe("--workspace", () => {
  it("is a usage error for a provider whose key names the workspace", async () => {
    expect(PROVIDERS.coldsend.usesWorkspace).toBe(false);
    const run = await cli(["overview", "--provider", "coldsend", "--workspace", "ws_1", "--api-url", "https://api.coldsend.pro"], {
      env: { ANALYTICS_TOKEN: "cs_live_x" },
    });
    expect(run.exitCode).toBe(2);
    expect(errorLines(run)).toEqual(["error: coldsend has no workspaces: its API key belongs to one"]);
  });
});
