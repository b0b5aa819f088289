/** `analytics exports download <exportId>`: fetch a completed export created earlier (e.g. with --no-wait). */
import { need } from "../providers/provider.js";
import type { Context } from "../context.js";
import { ExportError } from "../errors.js";
import { checkId } from "../options/ids.js";
import { formatTimestamp } from "../render/messages.js";

export interface ExportsDownloadOptions {
  exportId: string;
  output?: string | undefined;
  force?: boolean | undefined;
}

export async function run(options: ExportsDownloadOptions, ctx: Context): Promise<void> {
  const exportId = checkId(options.exportId, "export id");
  (await import("../export/lean.js")).useLeanMemory();
  const [{ planOutput }, { fetchExport }, api] = await Promise.all([import("../export/target.js"), import("../export/fetch.js"), ctx.api()]);
  const plan = await planOutput(options.output, Boolean(options.force));
  const status = await need(api, "exportStatus")(exportId);
  await ctx.rememberExports([exportId]);
  if (status.status !== "completed") {
    const eta = status.estimated_completion ? ` (estimated completion ${formatTimestamp(status.estimated_completion)})` : "";
    throw new ExportError(`export ${exportId} is not ready yet: ${status.status}${eta}`, {
      hint: `check with \`analytics exports status ${exportId}\` and try again`,
    });
  }
  await fetchExport(ctx, { api, status, plan, force: Boolean(options.force) });
}
