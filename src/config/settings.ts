/**
 * Where each setting comes from: flag > environment > profile in the config file > default.
 */
import { AuthError, UsageError } from "../errors.js";
import { isLoopbackHost } from "../options/hosts.js";
import { checkId } from "../options/ids.js";
import { DEFAULT_PROVIDER, PROVIDERS, PROVIDER_NAMES, type ProviderName, isProviderName } from "../providers/capabilities.js";
import type { ConfigStore, Profile } from "./store.js";

export const DEFAULT_PROFILE = "default";

export interface GlobalFlags {
  profile?: string;
  provider?: string;
  apiUrl?: string;
  workspace?: string;
}

export type TokenSource = "env" | "config" | "sandbox";

/** Everything needed to talk to the API. */
export interface Connection {
  provider: ProviderName;
  apiUrl: string;
  /** For providers whose paths carry one (tenant, campaignos); absent for key-scoped providers. */
  workspace?: string | undefined;
  token: string;
  tokenSource: TokenSource;
  profile: string;
}

/** The profile name in force, and whether the user chose it explicitly. */
export function profileName(flags: GlobalFlags, env: NodeJS.ProcessEnv): { name: string; explicit: boolean } {
  const chosen = flags.profile ?? (env.ANALYTICS_PROFILE || undefined);
  return { name: chosen ?? DEFAULT_PROFILE, explicit: chosen !== undefined };
}


/** Check an API URL: absolute, https (http only for loopback), reduced to its origin. */
export function checkApiUrl(raw: string, source: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`invalid API URL from ${source}: ${JSON.stringify(raw)} is not a URL (e.g. https://api.example.com)`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new UsageError(`invalid API URL from ${source}: ${url.protocol} is not supported; use https://`);
  }
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    throw new UsageError(`refusing plain http:// to ${url.hostname} (from ${source}): the token would travel unencrypted; use https://`);
  }
  if (url.username || url.password) {
    throw new UsageError(`invalid API URL from ${source}: credentials in the URL are not allowed`);
  }
  return url.origin;
}

/** What is wrong with the first character a token cannot hold, and where it is. */
function badTokenCharacter(token: string): string | undefined {
  const index = [...token].findIndex((ch) => !/^[\x21-\x7e]$/.test(ch));
  if (index < 0) return undefined;
  const ch = [...token][index] ?? "";
  const what = ch === "\r" || ch === "\n" ? "a line break" : /[\s]/.test(ch) ? "whitespace" : /[\x00-\x1f\x7f-\x9f]/.test(ch) ? "a control character" : "a non-ASCII character";
  return `${what} at character ${index + 1}`;
}

/**
 * A token is one word of printable ASCII. Anything else (a pasted line break, a stray control
 * character, a curly quote) would become a broken or injected header: refuse it before any
 * request, naming where it came from but never showing it.
 */
export function checkToken(token: string, source: string, hint: string): string {
  const problem = badTokenCharacter(token);
  if (problem) throw new AuthError(`${source} contains ${problem}; a token is printable ASCII without spaces`, { hint });
  return token;
}

/** The checked token of a lookup, its source named as the user knows it. */
function checkedToken(token: NonNullable<SettingsLookup["token"]>, profile: string): string {
  return token.source === "env"
    ? checkToken(token.value, "ANALYTICS_TOKEN", 'set it to the token alone, e.g. ANALYTICS_TOKEN="$(cat token.txt)"')
    : checkToken(token.value, `the token saved in profile "${profile}"`, `run \`analytics auth login${profile === DEFAULT_PROFILE ? "" : ` --profile ${profile}`}\` to store it again`);
}

export interface Setting {
  value: string;
  /** Where it came from: a flag, a variable, or the profile. */
  source: string;
}

/** Each setting in force and its source, unvalidated; missing ones are undefined. */
export interface SettingsLookup {
  profile: string;
  profileExists: boolean;
  provider: Setting & { value: ProviderName };
  apiUrl?: Setting | undefined;
  workspace?: Setting | undefined;
  token?: (Setting & { source: "env" | "config" }) | undefined;
}

function firstSet(...candidates: Array<{ value: string | undefined; source: string }>): Setting | undefined {
  const found = candidates.find((c) => c.value !== undefined && c.value !== "");
  return found ? { value: found.value as string, source: found.source } : undefined;
}

/** Look every setting up by precedence. A profile named explicitly that does not exist is a usage error. */
export function lookupSettings(flags: GlobalFlags, env: NodeJS.ProcessEnv, config: ConfigStore, allowNewProfile = false): SettingsLookup {
  const { name, explicit } = profileName(flags, env);
  const profile: Profile | undefined = config.profile(name);
  if (explicit && !profile && !allowNewProfile) {
    const known = config.profileNames();
    throw new UsageError(`unknown profile "${name}"${known.length ? ` (known: ${known.join(", ")})` : " (no profiles saved yet)"}`, {
      hint: `run \`analytics auth login --profile ${name}\` to create it`,
    });
  }
  const fromProfile = `profile "${name}"`;
  const provider = resolveProvider(flags, env, profile, fromProfile);
  const descriptor = PROVIDERS[provider.value];
  return {
    profile: name,
    profileExists: profile !== undefined,
    provider,
    apiUrl: firstSet(
      { value: flags.apiUrl, source: "--api-url" },
      { value: env.ANALYTICS_API_URL, source: "ANALYTICS_API_URL" },
      { value: profile?.apiUrl, source: fromProfile },
      { value: descriptor.defaultApiUrl, source: "default" },
    ),
    workspace: descriptor.usesWorkspace
      ? firstSet({ value: flags.workspace, source: "--workspace" }, { value: env.ANALYTICS_WORKSPACE, source: "ANALYTICS_WORKSPACE" }, { value: profile?.workspace, source: fromProfile })
      : undefined,
    token: firstSet({ value: env.ANALYTICS_TOKEN, source: "env" }, { value: profile?.token, source: "config" }) as SettingsLookup["token"],
  };
}

/** The provider in force: flag > env > profile > tenant. An unknown name is a usage error. */
function resolveProvider(flags: GlobalFlags, env: NodeJS.ProcessEnv, profile: Profile | undefined, fromProfile: string): Setting & { value: ProviderName } {
  const found = firstSet(
    { value: flags.provider, source: "--provider" },
    { value: env.ANALYTICS_PROVIDER, source: "ANALYTICS_PROVIDER" },
    { value: profile?.provider, source: fromProfile },
  ) ?? { value: DEFAULT_PROVIDER, source: "default" };
  const value = found.value.toLowerCase();
  if (!isProviderName(value)) {
    throw new UsageError(`unknown provider ${JSON.stringify(found.value)} (from ${found.source})`, { hint: `providers: ${PROVIDER_NAMES.join(", ")}` });
  }
  return { value, source: found.source };
}

/**
 * A workspace given to a provider whose key names the workspace is a usage error when it comes
 * from the flag; from the environment it is ignored, since one environment may serve several
 * providers (CLI.md).
 */
export function checkWorkspaceFlag(flags: GlobalFlags, provider: ProviderName): void {
  if (flags.workspace !== undefined && !PROVIDERS[provider].usesWorkspace) {
    throw new UsageError(`${provider} has no workspaces: its API key belongs to one`);
  }
}

/** Resolve the API connection. Missing pieces are an AuthError (exit 3) that says what to set. */
export function resolveConnection(flags: GlobalFlags, env: NodeJS.ProcessEnv, config: ConfigStore): Connection {
  const found = lookupSettings(flags, env, config);
  const name = found.profile;
  const provider = found.provider.value;
  checkWorkspaceFlag(flags, provider);
  if (!found.token) throw new AuthError(`not logged in (profile "${name}")`, { hint: "run `analytics auth login`, set ANALYTICS_TOKEN, or try `--sandbox`" });
  if (!found.apiUrl) throw new AuthError(`no API URL configured (profile "${name}")`, { hint: "set --api-url or ANALYTICS_API_URL, or run `analytics auth login`" });
  if (PROVIDERS[provider].usesWorkspace && !found.workspace) {
    throw new AuthError(`no workspace configured (profile "${name}")`, { hint: "set --workspace or ANALYTICS_WORKSPACE, or run `analytics auth login`" });
  }
  return {
    provider,
    apiUrl: checkApiUrl(found.apiUrl.value, found.apiUrl.source),
    workspace: found.workspace ? checkId(found.workspace.value, `workspace id (from ${found.workspace.source})`) : undefined,
    token: checkedToken(found.token, name),
    tokenSource: found.token.source,
    profile: name,
  };
}
