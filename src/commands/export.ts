/**
 * `analytics export`: create an export, wait for it, download it. Safe for cron: every flag is
 * checked (and the target refused if it exists) before the export is created; the POST is sent once;
 * the wait is bounded; the file appears complete or not at all.
 */
import { supportOf } from "../providers/capabilities.js";
import { need } from "../providers/provider.js";
import { randomUUID } from "node:crypto";
import { type ExportFormat, type ExportType, RELATIVE_RANGES } from "../providers/vocabulary.js";
import type { Context } from "../context.js";
import { InterruptedError, UsageError } from "../errors.js";
import { type TimeWindow, type TimeWindowFlags, resolveTimeWindow } from "../options/dates.js";
import { parseDuration } from "../options/duration.js";
import { checkId } from "../options/ids.js";

export interface ExportOptions extends TimeWindowFlags {
  type: ExportType;
  format: ExportFormat;
  /** `--campaign`, repeatable. */
  campaign?: string[] | undefined;
  timeSeries?: boolean | undefined;
  output?: string | undefined;
  /** commander's `--no-wait` sets wait: false. */
  wait: boolean;
  waitTimeout: string;
  force?: boolean | undefined;
}

export async function run(options: ExportOptions, ctx: Context): Promise<void> {
  const startedMs = performance.now();
  (await import("../export/lean.js")).useLeanMemory();
  const window = resolveTimeWindow(options, RELATIVE_RANGES);
  const campaignIds = options.campaign?.map((id) => checkId(id, "campaign id"));
  const waitTimeoutMs = parseDuration(options.waitTimeout, "--wait-timeout");
  if (!options.wait && (options.output !== undefined || options.force)) {
    throw new UsageError("--no-wait prints the export id and downloads nothing; -o and --force belong to `analytics exports download`");
  }
  if (supportOf(await ctx.providerName(), "export") === "local") return runLocal(options, ctx, { window, campaignIds, startedMs });
  const [{ planOutput }, api] = await Promise.all([import("../export/target.js"), ctx.api()]);
  const plan = options.wait ? await planOutput(options.output, Boolean(options.force)) : undefined;

  // A fresh key per command: should the request ever be repeated, the server recognises it.
  const created = await need(api, "createExport")({
    exportType: options.type,
    format: options.format,
    window,
    campaignIds,
    includeTimeSeries: options.timeSeries,
    idempotencyKey: randomUUID(),
  });
  const exportId = created.export_id;
  await Promise.all([ctx.rememberCampaigns(campaignIds ?? []), ctx.rememberExports([exportId])]);
  if (!plan) {
    ctx.io.out(`${exportId}\n`);
    if (ctx.usesSandbox) {
      ctx.io.info(
        `note: the in-process sandbox stops when this command exits, and ${exportId} goes with it; ` +
          "for exports that outlive a command, run `analytics sandbox` in another terminal and use the ANALYTICS_* settings it prints",
      );
    } else if (ctx.io.stderrIsTTY) ctx.io.info(`Download it when it is ready: analytics exports download ${exportId}`);
    return;
  }

  const [{ waitForExport }, { startStatusSpinner }, { fetchExport }] = await Promise.all([
    import("../export/poll.js"),
    import("../export/progress.js"),
    import("../export/fetch.js"),
  ]);
  const spinner = await startStatusSpinner(ctx.io, exportId);
  let status;
  try {
    status = await waitForExport({
      exportId,
      status: (id) => need(api, "exportStatus")(id),
      timeoutMs: waitTimeoutMs,
      estimatedCompletion: created.estimated_completion,
      alreadyCompleted: created.status === "completed",
      now: () => ctx.now().getTime(),
      sleep: (ms) => ctx.sleep(ms),
      signal: ctx.signal,
      onStatus: (s) => spinner.update(s.status),
    });
  } catch (error) {
    spinner.stop();
    if (error instanceof InterruptedError || ctx.signal.aborted) {
      ctx.io.info(`Export ${exportId} is still being prepared on the server; download it later with: analytics exports download ${exportId}`);
    }
    throw error;
  }
  spinner.stop();
  await fetchExport(ctx, { api, status, plan, force: Boolean(options.force), exportType: options.type, format: options.format, startedMs });
}

/**
 * A provider without an export endpoint: the file is built here from the provider's data, with the
 * server path's guarantees (export/local.ts). Nothing to wait for, so --no-wait has no meaning.
 */
async function runLocal(options: ExportOptions, ctx: Context, request: { window: TimeWindow; campaignIds: string[] | undefined; startedMs: number }): Promise<void> {
  const provider = await ctx.providerName();
  if (!options.wait) {
    throw new UsageError(`${provider} has no server-side exports: the file is built locally, so there is nothing to wait for`, { hint: "leave out --no-wait" });
  }
  const [{ planOutput }, { writeLocalExport }] = await Promise.all([import("../export/target.js"), import("../export/local.js")]);
  const plan = await planOutput(options.output, Boolean(options.force));
  const api = await ctx.api();
  const table = await need(api, "exportTable")({
    exportType: options.type,
    format: options.format,
    window: request.window,
    campaignIds: request.campaignIds,
    includeTimeSeries: options.timeSeries,
  });
  await writeLocalExport(ctx, table, { plan, force: Boolean(options.force), format: options.format, baseName: `analytics-${options.type}-${provider}`, startedMs: request.startedMs });
}
