/** `analytics exports status <exportId>`: one export's status as a table, JSON (the API's data object) or CSV. */
import { need } from "../providers/provider.js";
import type { Context } from "../context.js";
import { type FormatFlags, resolveFormat } from "../options/format.js";
import { checkId } from "../options/ids.js";
import { printData } from "../render/print.js";
import { withSpinner } from "../render/spinner.js";

export interface ExportsStatusOptions extends FormatFlags {
  exportId: string;
}

/** CSV columns: the status answer's fields in document order. */
export const EXPORT_STATUS_CSV_HEADER = [
  "export_id",
  "status",
  "format",
  "file_size_bytes",
  "created_at",
  "completed_at",
  "estimated_completion",
  "expires_at",
  "download_url",
] as const;

export async function run(options: ExportsStatusOptions, ctx: Context): Promise<void> {
  const exportId = checkId(options.exportId, "export id");
  const format = resolveFormat(options);
  const api = await ctx.api();
  const status = await withSpinner(ctx.io, `Fetching export ${exportId}…`, format === "table", () => need(api, "exportStatus")(exportId));
  await ctx.rememberExports([exportId]);
  await printData(ctx, format, status, {
    csv: (s) => ({
      header: EXPORT_STATUS_CSV_HEADER,
      rows: [EXPORT_STATUS_CSV_HEADER.map((field) => (typeof s[field] === "string" || typeof s[field] === "number" ? s[field] : null))],
    }),
    table: async (s, view) => (await import("../export/status-view.js")).renderExportStatus(s, view.theme, Date.now()),
  });
}
