/**
 * Local export (CLI.md, "Local export"): for providers without an export endpoint the CLI builds the
 * file from the provider's own data, and writes it with every guarantee of the server path: a
 * temporary file beside the target (created exclusively), fsynced, then moved into place (no
 * clobbering without --force); `-o -` streams to stdout; Ctrl-C or any failure leaves nothing at the
 * target. The bytes depend only on the data (no timestamps), so two runs give identical files.
 */
import type { Context } from "../context.js";
import { InterruptedError } from "../errors.js";
import type { ExportFormat } from "../providers/vocabulary.js";
import type { CsvCell } from "../render/output.js";
import { sanitize } from "../render/sanitize.js";
import { untilAborted } from "./abort.js";
import { formatBytes, formatClock } from "./progress.js";
import { type ByteSink, StreamSink, TempFileSink, tempPathFor } from "./sink.js";
import { type OutputPlan, checkTarget, displayPath, placeFile, targetPath } from "./target.js";

/** A table of records: the header names the columns; a missing cell is left empty (CSV) or absent (JSON). */
export interface ExportTable {
  columns: readonly string[];
  rows: ReadonlyArray<readonly CsvCell[]>;
}

/** The file's bytes: RFC 4180 CSV with a header row, or one JSON array of objects (absent cells stay absent). */
export async function encodeExport(table: ExportTable, format: ExportFormat): Promise<Buffer> {
  if (format === "json") {
    const records = table.rows.map((row) => Object.fromEntries(table.columns.flatMap((column, i) => (row[i] === undefined ? [] : [[column, row[i]]]))));
    return Buffer.from(`${JSON.stringify(records, null, 2)}\n`);
  }
  const { stringify } = await import("csv-stringify/sync");
  return Buffer.from(stringify([[...table.columns], ...table.rows.map((row) => [...row])], { record_delimiter: "\r\n" }));
}

export interface LocalExportOptions {
  plan: OutputPlan;
  force: boolean;
  format: ExportFormat;
  /** For the default file name, e.g. `analytics-campaign_performance-coldsend.csv`. */
  baseName: string;
  startedMs: number;
}

/** Writes `table` to the plan's target and prints the one-line summary on stderr. */
export async function writeLocalExport(ctx: Context, table: ExportTable, options: LocalExportOptions): Promise<void> {
  const bytes = await encodeExport(table, options.format);
  let sink: ByteSink;
  let target: string | undefined;
  if (options.plan.kind === "stdout") {
    sink = new StreamSink(ctx.io.stdout, ctx.io.stdoutIsTTY);
  } else {
    target = targetPath(options.plan, () => `${options.baseName}.${options.format}`);
    await checkTarget(target, options.force);
    const fileSink = await TempFileSink.create(tempPathFor(target));
    ctx.defer(() => fileSink.discard());
    sink = fileSink;
  }
  try {
    if (ctx.signal.aborted) throw new InterruptedError();
    const wait = sink.write(bytes);
    if (wait) await untilAborted(wait, ctx.signal);
    await untilAborted(sink.finish(), ctx.signal);
    if (ctx.signal.aborted) throw new InterruptedError();
    if (target !== undefined && sink instanceof TempFileSink) await placeFile(sink.path, target, options.force);
  } catch (error) {
    await sink.discard();
    throw error;
  }
  const took = formatClock(performance.now() - options.startedMs);
  const rows = `${table.rows.length} row${table.rows.length === 1 ? "" : "s"}`;
  ctx.io.info(
    target !== undefined
      ? `Saved ${sanitize(displayPath(target))} (${formatBytes(bytes.length)}, ${rows}, built locally) in ${took}`
      : `Wrote ${formatBytes(bytes.length)} (${rows}, built locally) to stdout in ${took}`,
  );
}
