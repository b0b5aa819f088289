/** `analytics auth login`: check a token with one API call, then save it in the profile. */
import { PROVIDERS } from "../../providers/capabilities.js";
import { verifyCredential } from "../../providers/provider.js";
import type { Connection } from "../../config/settings.js";
import { checkApiUrl, checkToken, checkWorkspaceFlag, lookupSettings } from "../../config/settings.js";
import type { Context } from "../../context.js";
import { AuthError, UsageError } from "../../errors.js";
import { checkId } from "../../options/ids.js";
import { readAllText } from "../../render/io.js";
import { CHECK } from "../../render/messages.js";
import { sanitize } from "../../render/sanitize.js";

export interface LoginOptions {
  withToken?: boolean;
}

function validateUrl(value: string): true | string {
  try {
    checkApiUrl(value, "input");
    return true;
  } catch (error) {
    return (error as Error).message;
  }
}

export async function run(options: LoginOptions, ctx: Context): Promise<void> {
  if (ctx.usesSandbox) throw new UsageError("auth login does not apply to --sandbox: the sandbox needs no login");
  const store = (await ctx.config());
  const found = lookupSettings(ctx.flags, ctx.env, store, true);
  checkWorkspaceFlag(ctx.flags, found.provider.value);
  const provider = PROVIDERS[found.provider.value];
  // A provider's default URL (ColdSend, SendKit) is prefilled at the prompt, and used as is without a terminal.
  const fromSettings = found.apiUrl && found.apiUrl.source !== "default" ? found.apiUrl.value : undefined;
  const apiUrlRaw =
    fromSettings ??
    (found.apiUrl && !ctx.io.canPrompt
      ? found.apiUrl.value
      : await ctx.prompter.input("API URL", { default: found.apiUrl?.value, instead: "pass --api-url or set ANALYTICS_API_URL", validate: validateUrl }));
  const apiUrl = checkApiUrl(apiUrlRaw.trim(), found.apiUrl?.source ?? "input");
  // Only providers whose paths carry a workspace ask for one (CLI.md: none for ColdSend or SendKit).
  const workspace = provider.usesWorkspace
    ? checkId(
        (found.workspace?.value ?? (await ctx.prompter.input(`${provider.title} workspace id`, { instead: "pass --workspace or set ANALYTICS_WORKSPACE" }))).trim(),
        "workspace id",
      )
    : undefined;
  const token = options.withToken
    ? (await readAllText(ctx.io.stdin)).trim()
    : (await ctx.prompter.secret(`${provider.title} ${provider.credential}`, { instead: "pipe the token with --with-token (e.g. `analytics auth login --with-token < token.txt`)" })).trim();
  if (!token) throw new UsageError(options.withToken ? "no token on stdin" : "the token is empty");
  checkToken(token, options.withToken ? "the token on stdin" : "the token entered", "pass exactly one token, as the API issued it");

  const connection: Connection = { provider: found.provider.value, apiUrl, workspace, token, tokenSource: "config", profile: found.profile };
  const api = await ctx.apiFor(connection);
  // One cheap call proves URL, workspace and token together before anything is written.
  try {
    await verifyCredential(api);
  } catch (error) {
    if (error instanceof AuthError) {
      throw new AuthError(error.message, { apiCode: error.apiCode, hint: `nothing was saved; ${error.hint ?? "check the token and the workspace id, then try again"}` });
    }
    throw error;
  }
  await store.saveProfile(found.profile, { provider: provider.name, apiUrl, ...(workspace ? { workspace } : {}), token });
  const where = workspace ? `workspace ${sanitize(workspace)} at ${apiUrl}` : `${provider.title} at ${apiUrl}`;
  ctx.io.info(`${CHECK} Logged in to ${where} (provider ${provider.name}, profile "${found.profile}"); saved to ${store.path}`);
  if (ctx.env.ANALYTICS_TOKEN) ctx.io.info("note: ANALYTICS_TOKEN is set and takes precedence over the saved token");
}
