/** `analytics auth token`: the token in use, on stdout, for scripts. The one place a token is printed. */
import { lookupSettings } from "../../config/settings.js";
import type { Context } from "../../context.js";
import { AuthError } from "../../errors.js";

export async function run(_options: object, ctx: Context): Promise<void> {
  if (ctx.usesSandbox) {
    ctx.io.out(`${(await ctx.connection()).token}\n`);
    return;
  }
  const found = lookupSettings(ctx.flags, ctx.env, (await ctx.config()));
  if (!found.token) throw new AuthError(`not logged in (profile "${found.profile}")`, { hint: "run `analytics auth login` or set ANALYTICS_TOKEN" });
  ctx.io.out(`${found.token.value}\n`);
}
