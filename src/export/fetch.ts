/**
 * The last leg, shared by `export` and `exports download`: a completed export's file to its target
 * (temp file → verify → fsync → rename, or stdout), with the progress bar and the one-line summary.
 */
import { type AnalyticsProvider, need } from "../providers/provider.js";
import type { ExportStatus } from "../providers/tenant/schemas.js";
import { EXPORT_FORMATS } from "../providers/vocabulary.js";
import type { Context } from "../context.js";
import { ApiError, CliError, ExitCode, ExportError, UsageError } from "../errors.js";
import { sanitize } from "../render/sanitize.js";
import { VERSION } from "../version.js";
import { type DownloadLink, downloadExport } from "./download.js";
import { formatBytes, formatClock, startProgressBar } from "./progress.js";
import { type ByteSink, StreamSink, TempFileSink, tempPathFor } from "./sink.js";
import { type OutputPlan, checkTarget, defaultFileName, displayPath, placeFile, targetPath } from "./target.js";

export interface FetchOptions {
  api: AnalyticsProvider;
  /** A completed status answer. */
  status: ExportStatus;
  plan: OutputPlan;
  force: boolean;
  /** The type asked for when the status answer does not say (the documented status has no export_type). */
  exportType?: string | undefined;
  /** The format asked for, when the status answer does not say. */
  format?: string | undefined;
  /** When the command started (performance.now()), for the summary's duration. */
  startedMs?: number | undefined;
}

/** The link in a completed status answer. */
export function linkOf(status: ExportStatus): DownloadLink {
  if (status.status !== "completed" || !status.download_url) {
    throw new ApiError(`export ${status.export_id} is ${status.status} but the API gave no download link`);
  }
  return { url: status.download_url, expectedBytes: status.file_size_bytes, expiresAt: status.expires_at };
}

/** Downloads a completed export to the plan's target and prints the summary line. */
export async function fetchExport(ctx: Context, options: FetchOptions): Promise<void> {
  const { api, status, plan } = options;
  const exportId = status.export_id;
  const link = linkOf(status);
  const started = options.startedMs ?? performance.now();
  let sink: ByteSink;
  let target: string | undefined;
  if (plan.kind === "stdout") {
    sink = new StreamSink(ctx.io.stdout, ctx.io.stdoutIsTTY);
  } else {
    const format = EXPORT_FORMATS.find((value) => value === status.format) ?? options.format ?? "csv";
    const exportType = typeof status.export_type === "string" ? status.export_type : (options.exportType ?? "export");
    target = targetPath(plan, () => defaultFileName(exportType, exportId, format));
    await checkTarget(target, options.force).catch((error: unknown) => {
      if (!(error instanceof UsageError)) throw error;
      // The export exists by now: say how to fetch it anyway.
      throw new UsageError(error.message, { hint: `add --force, or fetch it elsewhere: analytics exports download ${exportId} -o PATH` });
    });
    const fileSink = await TempFileSink.create(tempPathFor(target));
    // Belt and braces: whatever happens below, the temporary file does not outlive the command.
    ctx.defer(() => fileSink.discard());
    sink = fileSink;
  }

  const progress = startProgressBar(ctx.io);
  let bytes: number;
  try {
    const result = await downloadExport({
      exportId,
      link,
      sink,
      refresh: async () => linkOf(await freshStatus(api, exportId)),
      timeoutMs: ctx.timeoutMs,
      userAgent: `analytics-cli/${VERSION} node/${process.versions.node}`,
      signal: ctx.signal,
      sleep: (ms) => ctx.sleep(ms),
      onProgress: (received, total) => progress.update(received, total),
      log: ctx.verbose
        ? (line) => {
            progress.stop();
            ctx.io.stderr.write(`${line}\n`);
          }
        : undefined,
    });
    bytes = result.bytes;
    progress.stop();
    if (target !== undefined && sink instanceof TempFileSink) await placeFile(sink.path, target, options.force);
  } catch (error) {
    progress.stop();
    await sink.discard();
    throw describeLocalFailure(error, target);
  }

  const took = formatClock(performance.now() - started);
  ctx.io.info(
    target !== undefined
      ? `Saved ${sanitize(displayPath(target))} (${formatBytes(bytes)}, export ${exportId}) in ${took}`
      : `Wrote ${formatBytes(bytes)} of export ${exportId} to stdout in ${took}`,
  );
}

const LOCAL_FS_CODES = new Set(["ENOSPC", "EDQUOT", "EACCES", "EPERM", "EROFS", "EIO", "EISDIR", "ENOTDIR", "EMFILE"]);

/** A disk-side failure (full disk, permissions) as one clear line; anything else unchanged. */
function describeLocalFailure(error: unknown, target: string | undefined): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (error instanceof CliError || code === undefined || !LOCAL_FS_CODES.has(code)) return error;
  const where = target !== undefined ? displayPath(target) : "stdout";
  const reason = code === "ENOSPC" || code === "EDQUOT" ? "no space left on the device" : (error as Error).message;
  return new CliError(`cannot write ${sanitize(where)}: ${reason}`, ExitCode.failure, { cause: error, hint: "nothing was saved; free some space or choose another place with -o" });
}

async function freshStatus(api: AnalyticsProvider, exportId: string): Promise<ExportStatus> {
  const status = await need(api, "exportStatus")(exportId);
  if (status.status !== "completed") throw new ExportError(`export ${exportId} is ${status.status} again; its file is not available`);
  return status;
}
