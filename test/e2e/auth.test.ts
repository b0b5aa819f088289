import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../../src/sandbox/index.js";
import { cli, errorLines, startTestSandbox, tempDir } from "./helpers.js";

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startTestSandbox({ rateLimits: false });
});
afterAll(() => sandbox.close());

/** Log in with --with-token into a fresh config dir; returns the dir. */
async function login(extraEnv: Record<string, string> = {}, profile?: string): Promise<string> {
  const configDir = tempDir("analytics-auth-");
  const args = ["auth", "login", "--with-token", "--api-url", sandbox.url, "--workspace", sandbox.workspaceId, ...(profile ? ["--profile", profile] : [])];
  const run = await cli(args, { configDir, input: `${sandbox.token}\n`, env: extraEnv });
  expect(run.exitCode).toBe(0);
  expect(run.stdout).toBe("");
  expect(run.stderr).toMatch(/✓ Logged in to workspace ws_xyz789/);
  return configDir;
}

describe("auth login --with-token", () => {
  it("verifies with one API call, then writes a 0600 config file holding the profile", async () => {
    const before = sandbox.requests.length;
    const configDir = await login();
    const file = join(configDir, "config.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(readFileSync(file, "utf8"));
    expect(saved.profiles.default).toEqual({ provider: "tenant", apiUrl: sandbox.url, workspace: "ws_xyz789", token: sandbox.token });
    expect(sandbox.requests.slice(before).map((r) => r.path)).toEqual(["/api/v1/workspaces/ws_xyz789/analytics/overview"]);
  });

  it("saves nothing when the API refuses the token (exit 3)", async () => {
    const configDir = tempDir("analytics-auth-");
    const run = await cli(["auth", "login", "--with-token", "--api-url", sandbox.url, "--workspace", "ws_xyz789"], { configDir, input: "sbx_live_not_the_token\n" });
    expect(run.exitCode).toBe(3);
    expect(errorLines(run)[0]).toMatch(/^error: UNAUTHORIZED: /);
    expect(() => statSync(join(configDir, "config.json"))).toThrow();
  });

  it("refuses an empty token on stdin", async () => {
    const run = await cli(["auth", "login", "--with-token", "--api-url", sandbox.url, "--workspace", "ws_xyz789"], { input: "\n" });
    expect(run.exitCode).toBe(2);
    expect(errorLines(run)).toEqual(["error: no token on stdin"]);
  });

  it("does not hang on a prompt without a terminal: it names the flag to use", async () => {
    const run = await cli(["auth", "login", "--api-url", sandbox.url, "--workspace", "ws_xyz789"]);
    expect(run.exitCode).toBe(2);
    expect(errorLines(run)[0]).toMatch(/^error: cannot prompt without a terminal; pipe the token with --with-token/);
  });

  it("keeps other profiles when saving a new one", async () => {
    const configDir = await login();
    const run = await cli(["auth", "login", "--with-token", "--profile", "staging", "--api-url", sandbox.url, "--workspace", "ws_xyz789"], {
      configDir,
      input: sandbox.token,
    });
    expect(run.exitCode).toBe(0);
    const saved = JSON.parse(readFileSync(join(configDir, "config.json"), "utf8"));
    expect(Object.keys(saved.profiles).sort()).toEqual(["default", "staging"]);
  });
});

describe("auth status", () => {
  it("reports profile, URL, workspace, token source and last 4 characters, and that the API accepts it", async () => {
    const configDir = await login();
    const run = await cli(["auth", "status"], { configDir });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("Profile:    default  (default)");
    expect(run.stdout).toContain(`API URL:    ${sandbox.url}  (profile "default")`);
    expect(run.stdout).toContain('Workspace:  ws_xyz789  (profile "default")');
    expect(run.stdout).toContain(`Token:      …${sandbox.token.slice(-4)}  (profile "default")`);
    expect(run.stdout).toContain("Timeout:    30s  (default)");
    expect(run.stdout).toContain("Status:     ✓ accepted by the API");
    expect(run.stdout + run.stderr).not.toContain(sandbox.token);
  });

  it("has a JSON form and says when the token comes from the environment", async () => {
    const configDir = await login();
    const run = await cli(["auth", "status", "--json"], { configDir, env: { ANALYTICS_TOKEN: sandbox.token } });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ profile: "default", token_source: "env", token_last4: sandbox.token.slice(-4), accepted: true, error: null });
  });

  it("exits 3 without a usable token", async () => {
    const none = await cli(["auth", "status"]);
    expect(none.exitCode).toBe(3);
    expect(none.stdout).toContain("Token:      (none)");
    const configDir = await login();
    const refused = await cli(["auth", "status"], { configDir, env: { ANALYTICS_TOKEN: "sbx_live_refused_token" } });
    expect(refused.exitCode).toBe(3);
    expect(refused.stdout).toContain("Status:     ✗ refused by the API");
  });
});

describe("auth status: where every setting comes from", () => {
  it("names the flag, variable, profile or default behind each setting", async () => {
    const configDir = await login({}, "staging");
    const run = await cli(["auth", "status", "--profile", "staging", "--timeout", "45s", "--json"], {
      configDir,
      env: { ANALYTICS_API_URL: sandbox.url, ANALYTICS_TOKEN: sandbox.token },
    });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      profile: "staging",
      config_file: join(configDir, "config.json"),
      timeout: "45s",
      provider: "tenant",
      sources: {
        profile: "flag --profile",
        provider: 'profile "staging"',
        config_file: "env ANALYTICS_CONFIG_DIR",
        api_url: "env ANALYTICS_API_URL",
        workspace: 'profile "staging"',
        timeout: "flag --timeout",
        token: "env ANALYTICS_TOKEN",
      },
    });
    const text = await cli(["auth", "status", "--workspace", "ws_xyz789"], { configDir, env: { ANALYTICS_PROFILE: "staging", ANALYTICS_TIMEOUT: "20s" } });
    expect(text.stdout).toContain("Profile:    staging  (env ANALYTICS_PROFILE)");
    expect(text.stdout).toContain('Provider:   tenant  (profile "staging")');
    expect(text.stdout).toContain("Workspace:  ws_xyz789  (flag --workspace)");
    expect(text.stdout).toContain("Timeout:    20s  (env ANALYTICS_TIMEOUT)");
    expect(text.stdout).toContain(`Token:      …${sandbox.token.slice(-4)}  (profile "staging")`);
  });

  it("never shows any part of a token shorter than 12 characters", async () => {
    for (const token of ["abc", "short-tok01"]) {
      const run = await cli(["auth", "status"], { env: { ANALYTICS_TOKEN: token, ANALYTICS_API_URL: sandbox.url, ANALYTICS_WORKSPACE: "ws_xyz789" } });
      expect(run.exitCode).toBe(3);
      expect(run.stdout).toContain("Token:      (hidden: shorter than 12 characters)  (env ANALYTICS_TOKEN)");
      expect(run.stdout + run.stderr).not.toContain(token.slice(-4));
      const json = await cli(["auth", "status", "--json"], { env: { ANALYTICS_TOKEN: token, ANALYTICS_API_URL: sandbox.url, ANALYTICS_WORKSPACE: "ws_xyz789" } });
      expect(JSON.parse(json.stdout).token_last4).toBeNull();
    }
  });
});

describe("auth token and logout", () => {
  it("prints the token and nothing else", async () => {
    const configDir = await login();
    const run = await cli(["auth", "token"], { configDir });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(`${sandbox.token}\n`);
    expect(run.stderr).toBe("");
  });

  it("logout removes the token only, says it is not revoked, and later commands exit 3", async () => {
    const configDir = await login();
    const run = await cli(["auth", "logout"], { configDir });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toMatch(/not revoked/);
    const saved = JSON.parse(readFileSync(join(configDir, "config.json"), "utf8"));
    expect(saved.profiles.default).toEqual({ provider: "tenant", apiUrl: sandbox.url, workspace: "ws_xyz789" });
    const after = await cli(["campaign", "cmp_abc123"], { configDir });
    expect(after.exitCode).toBe(3);
  });

  it("a logged-in profile serves data commands, and the token never reaches stdout or stderr", async () => {
    const configDir = await login();
    const run = await cli(["campaign", "cmp_abc123", "--verbose"], { configDir });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("Q4 Outreach Campaign");
    expect(run.stdout + run.stderr).not.toContain(sandbox.token);
  });
});

describe("config file problems", () => {
  it("a corrupted config file is one clear line naming it (exit 1)", async () => {
    const configDir = tempDir("analytics-auth-");
    writeFileSync(join(configDir, "config.json"), "{ this is not json");
    const run = await cli(["campaign", "cmp_abc123"], { configDir });
    expect(run.exitCode).toBe(1);
    expect(errorLines(run)[0]).toContain(`error: config file ${join(configDir, "config.json")} is corrupted (not valid JSON)`);
    expect(readFileSync(join(configDir, "config.json"), "utf8")).toBe("{ this is not json");
  });

  it("an unknown --profile is a usage error", async () => {
    const configDir = await login();
    const run = await cli(["campaign", "cmp_abc123", "--profile", "prod"], { configDir });
    expect(run.exitCode).toBe(2);
    expect(errorLines(run)[0]).toBe('error: unknown profile "prod" (known: default)');
  });
});

describe("--sandbox", () => {
  it("needs no login and no config", async () => {
    const run = await cli(["campaign", "cmp_abc123", "--sandbox", "--json"]);
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout).campaign_name).toBe("Q4 Outreach Campaign");
  });
});
