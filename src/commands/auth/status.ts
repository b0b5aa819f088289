/** `analytics auth status`: every setting in force, where each comes from, and whether the API accepts the token. */
import { type SettingsLookup, lookupSettings } from "../../config/settings.js";
import { verifyCredential } from "../../providers/provider.js";
import type { Context } from "../../context.js";
import { AuthError, CliError } from "../../errors.js";
import { CHECK, CROSS } from "../../render/messages.js";
import { sanitize } from "../../render/sanitize.js";

export interface StatusOptions {
  json?: boolean;
}

/** Where a setting comes from: `flag --api-url`, `env ANALYTICS_API_URL`, `profile "default"` or `default`. */
type Source = string;

interface StatusReport {
  profile: string;
  provider: string;
  config_file: string;
  api_url: string | null;
  workspace: string | null;
  timeout: string;
  token_source: "env" | "config" | "sandbox" | null;
  /** Null when there is no token, or when it is too short to show any part of it. */
  token_last4: string | null;
  /** Where each setting comes from; null for a setting that is not set. */
  sources: Record<"profile" | "provider" | "config_file" | "api_url" | "workspace" | "timeout" | "token", Source | null>;
  accepted: boolean | null;
  error: string | null;
}

/** A token shorter than this is never shown in part: its last 4 characters would give too much of it away. */
export const MIN_TOKEN_LENGTH_TO_HINT = 12;

/** The last 4 characters of a long enough token, else nothing. */
export function tokenHint(token: string): string | null {
  return token.length >= MIN_TOKEN_LENGTH_TO_HINT ? token.slice(-4) : null;
}

async function verify(ctx: Context): Promise<{ accepted: boolean | null; error: string | null; failure?: CliError }> {
  try {
    const api = await ctx.api();
    await verifyCredential(api);
    return { accepted: true, error: null };
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    const message = `${error.apiCode ? `${error.apiCode}: ` : ""}${error.message}`;
    return { accepted: error instanceof AuthError ? false : null, error: message, failure: error };
  }
}

export async function run(options: StatusOptions, ctx: Context): Promise<void> {
  const report = await buildReport(ctx);
  const { failure, ...fields } = report;
  if (options.json) ctx.io.out(`${JSON.stringify(fields, null, 2)}\n`);
  else ctx.io.out(statusLines(fields).join("\n") + "\n");
  if (failure) throw failure;
}

/** The human form: one line per setting, its source in parentheses. */
export function statusLines(report: StatusReport): string[] {
  const from = (source: Source | null): string => (source ? `  (${source})` : "");
  const show = (value: string | null): string => (value === null ? "(not set)" : sanitize(value));
  const token =
    report.token_source === null ? "(none)" : report.token_last4 ? `…${report.token_last4}` : `(hidden: shorter than ${MIN_TOKEN_LENGTH_TO_HINT} characters)`;
  const verdict = report.accepted === true ? `${CHECK} accepted by the API` : report.accepted === false ? `${CROSS} refused by the API` : "not checked";
  return [
    `Profile:    ${sanitize(report.profile)}${from(report.sources.profile)}`,
    `Provider:   ${sanitize(report.provider)}${from(report.sources.provider)}`,
    `Config:     ${report.config_file}${from(report.sources.config_file)}`,
    `API URL:    ${show(report.api_url)}${from(report.sources.api_url)}`,
    `Workspace:  ${show(report.workspace)}${from(report.sources.workspace)}`,
    `Token:      ${token}${from(report.sources.token)}`,
    `Timeout:    ${sanitize(report.timeout)}${from(report.sources.timeout)}`,
    `Status:     ${verdict}${report.error ? ` — ${sanitize(report.error)}` : ""}`,
  ];
}

/** `--api-url` → `flag --api-url`; `ANALYTICS_API_URL` → `env ANALYTICS_API_URL`; `profile "x"` and `default` stay. */
function describeSource(source: string): Source {
  if (source.startsWith("--")) return `flag ${source}`;
  if (/^[A-Z_]+$/.test(source)) return `env ${source}`;
  return source;
}

function firstSource(ctx: Context, flag: string, flagValue: unknown, variable: string): Source {
  if (flagValue !== undefined) return `flag ${flag}`;
  if (ctx.env[variable]) return `env ${variable}`;
  return "default";
}

function commonFields(ctx: Context, configFile: string) {
  return {
    config_file: configFile,
    timeout: ctx.flags.timeout ?? (ctx.env.ANALYTICS_TIMEOUT || "30s"),
    timeoutSource: firstSource(ctx, "--timeout", ctx.flags.timeout, "ANALYTICS_TIMEOUT"),
    configSource: ctx.env.ANALYTICS_CONFIG_DIR ? "env ANALYTICS_CONFIG_DIR" : "default",
  };
}

function tokenSource(found: SettingsLookup): Source | null {
  if (!found.token) return null;
  return found.token.source === "env" ? "env ANALYTICS_TOKEN" : `profile "${found.profile}"`;
}

async function buildReport(ctx: Context): Promise<StatusReport & { failure?: CliError }> {
  const store = await ctx.config();
  const common = commonFields(ctx, store.path);
  if (ctx.usesSandbox) {
    const connection = await ctx.connection();
    const sandbox = ctx.flags.sandbox ? "flag --sandbox" : "env ANALYTICS_SANDBOX";
    const { provider } = lookupSettings(ctx.flags, ctx.env, store, true);
    return {
      profile: "sandbox",
      provider: provider.value,
      config_file: common.config_file,
      api_url: connection.apiUrl,
      workspace: connection.workspace ?? null,
      timeout: common.timeout,
      token_source: "sandbox",
      token_last4: tokenHint(connection.token),
      sources: { profile: sandbox, provider: describeSource(provider.source), config_file: common.configSource, api_url: sandbox, workspace: sandbox, timeout: common.timeoutSource, token: sandbox },
      ...(await verify(ctx)),
    };
  }
  const found = lookupSettings(ctx.flags, ctx.env, store);
  const base: StatusReport = {
    profile: found.profile,
    provider: found.provider.value,
    config_file: common.config_file,
    api_url: found.apiUrl?.value ?? null,
    workspace: found.workspace?.value ?? null,
    timeout: common.timeout,
    token_source: found.token?.source ?? null,
    token_last4: found.token ? tokenHint(found.token.value) : null,
    sources: {
      profile: firstSource(ctx, "--profile", ctx.flags.profile, "ANALYTICS_PROFILE"),
      provider: describeSource(found.provider.source),
      config_file: common.configSource,
      api_url: found.apiUrl ? describeSource(found.apiUrl.source) : null,
      workspace: found.workspace ? describeSource(found.workspace.source) : null,
      timeout: common.timeoutSource,
      token: tokenSource(found),
    },
    accepted: null,
    error: null,
  };
  if (!found.token) {
    return { ...base, error: "no token", failure: new AuthError(`not logged in (profile "${found.profile}")`, { hint: "run `analytics auth login` or set ANALYTICS_TOKEN" }) };
  }
  return { ...base, ...(await verify(ctx)) };
}
