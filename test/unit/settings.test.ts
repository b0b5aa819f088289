import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkApiUrl, resolveConnection } from "../../src/config/settings.js";
import { ConfigStore } from "../../src/config/store.js";
import { AuthError, ConfigError, UsageError } from "../../src/errors.js";

function configWith(profiles: unknown, mode = 0o600): { env: NodeJS.ProcessEnv; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), "analytics-cfg-"));
  writeFileSync(join(dir, "config.json"), JSON.stringify({ profiles }), { mode });
  chmodSync(join(dir, "config.json"), mode);
  return { env: { ANALYTICS_CONFIG_DIR: dir }, dir };
}

const saved = {
  default: { apiUrl: "https://profile.example.com", workspace: "ws_profile", token: "tok_profile" },
  staging: { apiUrl: "https://staging.example.com", workspace: "ws_staging", token: "tok_staging" },
};

const open = (env: NodeJS.ProcessEnv): ConfigStore => ConfigStore.open(env, () => {});

describe("precedence: flag > env > profile", () => {
  it("uses the profile when nothing else is set", () => {
    const { env } = configWith(saved);
    expect(resolveConnection({}, env, open(env))).toEqual({
      provider: "tenant",
      apiUrl: "https://profile.example.com",
      workspace: "ws_profile",
      token: "tok_profile",
      tokenSource: "config",
      profile: "default",
    });
  });

  it("lets the environment override the profile, and flags override both", () => {
    const { env: base } = configWith(saved);
    const env = { ...base, ANALYTICS_API_URL: "https://env.example.com", ANALYTICS_WORKSPACE: "ws_env", ANALYTICS_TOKEN: "tok_env" };
    const fromEnv = resolveConnection({}, env, open(env));
    expect(fromEnv).toMatchObject({ apiUrl: "https://env.example.com", workspace: "ws_env", token: "tok_env", tokenSource: "env" });
    const fromFlags = resolveConnection({ apiUrl: "https://flag.example.com", workspace: "ws_flag" }, env, open(env));
    expect(fromFlags).toMatchObject({ apiUrl: "https://flag.example.com", workspace: "ws_flag", token: "tok_env" });
  });

  it("selects the profile by --profile over ANALYTICS_PROFILE", () => {
    const { env: base } = configWith(saved);
    const env = { ...base, ANALYTICS_PROFILE: "staging" };
    expect(resolveConnection({}, env, open(env)).workspace).toBe("ws_staging");
    expect(resolveConnection({ profile: "default" }, env, open(env)).workspace).toBe("ws_profile");
  });

  it("treats an explicitly named unknown profile as a usage error listing the known ones", () => {
    const { env } = configWith(saved);
    expect(() => resolveConnection({ profile: "prod" }, env, open(env))).toThrow(/unknown profile "prod" \(known: default, staging\)/);
    expect(() => resolveConnection({ profile: "prod" }, env, open(env))).toThrow(UsageError);
  });

  it("is an auth error (exit 3) when there is no token at all", () => {
    const { env } = configWith({});
    expect(() => resolveConnection({}, env, open(env))).toThrow(AuthError);
  });
});

describe("checkApiUrl", () => {
  it("keeps only the origin", () => {
    expect(checkApiUrl("https://api.example.com/some/path?x=1", "--api-url")).toBe("https://api.example.com");
  });

  it("allows http only for loopback hosts", () => {
    expect(checkApiUrl("http://127.0.0.1:4010", "x")).toBe("http://127.0.0.1:4010");
    expect(checkApiUrl("http://localhost:4010", "x")).toBe("http://localhost:4010");
    expect(checkApiUrl("http://[::1]:4010", "x")).toBe("http://[::1]:4010");
    expect(() => checkApiUrl("http://api.example.com", "ANALYTICS_API_URL")).toThrow(/refusing plain http/);
    expect(() => checkApiUrl("http://127.0.0.1.evil.com", "x")).toThrow(/refusing plain http/);
  });

  it("rejects what is not a URL, other schemes and embedded credentials", () => {
    expect(() => checkApiUrl("not a url", "ANALYTICS_API_URL")).toThrow(/ANALYTICS_API_URL.*not a URL/);
    expect(() => checkApiUrl("ftp://api.example.com", "x")).toThrow(/not supported/);
    expect(() => checkApiUrl("https://user:pw@api.example.com", "x")).toThrow(/credentials/);
  });
});

describe("ConfigStore", () => {
  it("names the file when it is not valid JSON, and leaves it untouched", () => {
    const { env, dir } = configWith({});
    const file = join(dir, "config.json");
    writeFileSync(file, "{ not json");
    expect(() => open(env)).toThrow(ConfigError);
    expect(() => open(env)).toThrow(file);
    expect(readFileSync(file, "utf8")).toBe("{ not json");
  });

  it("rejects a profile map of the wrong shape", () => {
    const { env } = configWith({ default: { token: 42 } });
    expect(() => open(env)).toThrow(/corrupted/);
  });

  it("writes with mode 0600 and tightens a loosened file, saying so", async () => {
    const { env, dir } = configWith(saved, 0o644);
    const warnings: string[] = [];
    const store = ConfigStore.open(env, (message) => warnings.push(message));
    expect(warnings.join()).toMatch(/mode 0644; changed it to 0600/);
    expect(statSync(join(dir, "config.json")).mode & 0o777).toBe(0o600);
    chmodSync(join(dir, "config.json"), 0o644);
    await store.saveProfile("new", { apiUrl: "https://n.example.com", workspace: "ws_n", token: "tok_n" });
    expect(statSync(join(dir, "config.json")).mode & 0o777).toBe(0o600);
    const written = JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));
    expect(written.profiles.new.token).toBe("tok_n");
    expect(written.profiles.default.token).toBe("tok_profile");
  });

  it("removes only the token on logout", async () => {
    const { env, dir } = configWith(saved);
    const store = open(env);
    expect(await store.removeToken("staging")).toBe(true);
    expect(await store.removeToken("staging")).toBe(false);
    const written = JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));
    expect(written.profiles.staging).toEqual({ apiUrl: "https://staging.example.com", workspace: "ws_staging" });
  });
});
