/** `analytics auth logout`: forget the profile's token on this machine. */
import { lookupSettings } from "../../config/settings.js";
import type { Context } from "../../context.js";
import { CHECK } from "../../render/messages.js";

export async function run(_options: object, ctx: Context): Promise<void> {
  const store = (await ctx.config());
  const { profile } = lookupSettings(ctx.flags, ctx.env, store);
  const removed = await store.removeToken(profile);
  ctx.io.info(
    removed
      ? `${CHECK} Removed the token of profile "${profile}" from ${store.path}. It is not revoked on the server; revoke it there if it may have leaked.`
      : `Profile "${profile}" has no stored token; nothing to remove.`,
  );
  if (ctx.env.ANALYTICS_TOKEN) ctx.io.info("note: ANALYTICS_TOKEN is still set in this environment and will keep being used");
}
