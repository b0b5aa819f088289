/** `analytics auth status`: where each setting comes from, and whether the API accepts the token. */
import { verifyCredential } from "../../providers/provider.js";
import { lookupSettings } from "../../config/settings.js";
import type { Context } from "../../context.js";
import { AuthError, CliError } from "../../errors.js";
import { sanitize } from "../../render/sanitize.js";

export interface StatusOptions {
  json?: boolean;
}

interface StatusReport {
  profile: string;
  provider: string;
  config_file: string;
  api_url: string | null;
  workspace: string | null;
  token_source: "env" | "config" | "sandbox" | null;
  token_last4: string | null;
  accepted: boolean | null;
  error: string | null;
}

const last4 = (token: string): string => token.slice(-4);

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
  if (options.json) {
    ctx.io.out(`${JSON.stringify(fields, null, 2)}\n`);
  } else {
    const show = (value: string | null): string => (value === null ? "(not set)" : sanitize(value));
    const verdict = fields.accepted === true ? "accepted by the API" : fields.accepted === false ? "refused by the API" : "not checked";
    ctx.io.out(
      [
        `Profile:    ${fields.profile}`,
        `Provider:   ${fields.provider}`,
        `Config:     ${fields.config_file}`,
        `API URL:    ${show(fields.api_url)}`,
        `Workspace:  ${show(fields.workspace)}`,
        `Token:      ${fields.token_last4 ? `…${fields.token_last4} (from ${fields.token_source})` : "(none)"}`,
        `Status:     ${verdict}${fields.error ? ` — ${sanitize(fields.error)}` : ""}`,
      ].join("\n") + "\n",
    );
  }
  if (failure) throw failure;
}

async function buildReport(ctx: Context): Promise<StatusReport & { failure?: CliError }> {
  const store = (await ctx.config());
  if (ctx.usesSandbox) {
    const connection = await ctx.connection();
    const check = await verify(ctx);
    return { profile: "sandbox", provider: connection.provider, config_file: store.path, api_url: connection.apiUrl, workspace: connection.workspace ?? null, token_source: "sandbox", token_last4: last4(connection.token), ...check };
  }
  const found = lookupSettings(ctx.flags, ctx.env, store);
  const base = {
    profile: found.profile,
    provider: found.provider.value,
    config_file: store.path,
    api_url: found.apiUrl?.value ?? null,
    workspace: found.workspace?.value ?? null,
    token_source: found.token?.source ?? null,
    token_last4: found.token ? last4(found.token.value) : null,
  };
  if (!found.token) {
    return { ...base, accepted: null, error: "no token", failure: new AuthError(`not logged in (profile "${found.profile}")`, { hint: "run `analytics auth login` or set ANALYTICS_TOKEN" }) };
  }
  return { ...base, ...(await verify(ctx)) };
}
