/**
 * Builds an export's file from the dataset as a stream: rows are computed batch by batch, encoded
 * (CSV with csv-stringify, or one JSON array document) and written to disk with backpressure, while
 * the byte count and MD5 (the ETag the download listener sends) are taken on the way. Memory stays
 * constant whatever the scale; nothing but one batch of rows is ever held.
 */
import { createHash } from "node:crypto";
import { once } from "node:events";
import { type WriteStream, createWriteStream } from "node:fs";
import { stringify } from "csv-stringify/sync";
import type { ExportFormat, ExportType } from "../providers/vocabulary.js";
import type { SandboxCampaign } from "./catalog.js";
import type { Counts } from "./counts.js";
import type { Dataset } from "./dataset.js";
import { analyticsRates } from "./metrics.js";
import { type ResolvedTimeRange, bucketsFor } from "./time-range.js";

/** What one export contains. */
export interface ExportSelection {
  exportType: ExportType;
  format: ExportFormat;
  range: ResolvedTimeRange;
  /** Catalogue order; never empty. */
  campaigns: readonly SandboxCampaign[];
  /** One row per campaign and day instead of one per campaign. */
  includeTimeSeries: boolean;
}

/** The file as written. */
export interface WrittenExport {
  sizeBytes: number;
  /** Hex MD5 of the whole file (a single-part S3 object's ETag). */
  md5: string;
  /** Emails sent over the whole selection; 0 means there was nothing to export. */
  emailsSent: number;
}

/** Progress callback: rows written so far. */
export type RowProgress = (rowsDone: number) => void;

const METRIC_COLUMNS = [
  "emails_sent",
  "emails_delivered",
  "emails_bounced",
  "emails_opened",
  "emails_clicked",
  "emails_replied",
  "spam_complaints",
  "unsubscribes",
  "delivery_rate",
  "open_rate",
  "click_rate",
  "click_to_open_rate",
  "reply_rate",
  "bounce_rate",
  "spam_rate",
  "unsubscribe_rate",
] as const;

/** Column names, in file order. */
export function exportColumns(includeTimeSeries: boolean): string[] {
  return ["campaign_id", "campaign_name", "campaign_status", ...(includeTimeSeries ? ["date"] : []), ...METRIC_COLUMNS];
}

/** Rows the file will hold (for estimates). */
export function exportRowCount(selection: ExportSelection): number {
  const perCampaign = selection.includeTimeSeries ? bucketsFor(selection.range, "day").length : 1;
  return selection.campaigns.length * perCampaign;
}

type Cell = string | number;

function rowCells(campaign: SandboxCampaign, date: string | undefined, c: Counts): Cell[] {
  const r = analyticsRates(c);
  const head: Cell[] = date === undefined ? [campaign.id, campaign.name, campaign.status] : [campaign.id, campaign.name, campaign.status, date];
  return [
    ...head,
    c.sent,
    c.delivered,
    c.bounced,
    c.opened,
    c.clicked,
    c.replied,
    c.spamComplaints,
    c.unsubscribes,
    r.delivery_rate,
    r.open_rate,
    r.click_rate,
    r.click_to_open_rate,
    r.reply_rate,
    r.bounce_rate,
    r.spam_rate,
    r.unsubscribe_rate,
  ];
}

/** Rows in batches, computed lazily: the generator is the only place rows exist. */
function* rowBatches(dataset: Dataset, selection: ExportSelection, batchSize: number, onSent: (sent: number) => void): Generator<Cell[][]> {
  const days = selection.includeTimeSeries ? bucketsFor(selection.range, "day") : undefined;
  let batch: Cell[][] = [];
  for (const campaign of selection.campaigns) {
    if (days) {
      for (const day of days) {
        const counts = dataset.sumRange(campaign, day.startMs, day.endMs);
        onSent(counts.sent);
        batch.push(rowCells(campaign, day.label, counts));
      }
    } else {
      const counts = dataset.sumRange(campaign, selection.range.startMs, selection.range.endMs);
      onSent(counts.sent);
      batch.push(rowCells(campaign, undefined, counts));
    }
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

function encodeBatch(format: ExportFormat, columns: readonly string[], rows: Cell[][], first: boolean): string {
  if (format === "csv") {
    // csv-stringify does the quoting (campaign names may hold commas or quotes); RFC 4180 line ends.
    return stringify(first ? [columns, ...rows] : rows, { record_delimiter: "\r\n" });
  }
  const objects = rows.map((row) => {
    const object: Record<string, Cell> = {};
    columns.forEach((column, i) => {
      object[column] = row[i] ?? "";
    });
    return JSON.stringify(object);
  });
  return `${first ? "[\n" : ",\n"}${objects.join(",\n")}`;
}

/** Resolves once `out` drains, or closes (an error is then in `failure`). */
function drained(out: WriteStream): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      out.off("drain", done);
      out.off("close", done);
      resolve();
    };
    out.once("drain", done);
    out.once("close", done);
  });
}

/**
 * Writes the export to `path` (created, never overwritten). Resolves with its size and MD5, or
 * rejects (removing nothing: the caller owns the path) when `signal` aborts or the disk fails.
 */
export async function writeExportFile(
  dataset: Dataset,
  selection: ExportSelection,
  path: string,
  options: { signal?: AbortSignal; onProgress?: RowProgress } = {},
): Promise<WrittenExport> {
  const columns = exportColumns(selection.includeTimeSeries);
  const out = createWriteStream(path, { flags: "wx", highWaterMark: 1 << 20 });
  const hash = createHash("md5");
  let sizeBytes = 0;
  let emailsSent = 0;
  let rowsDone = 0;
  let failure: Error | undefined;
  out.on("error", (error) => {
    failure = error;
  });
  const write = async (text: string): Promise<void> => {
    const chunk = Buffer.from(text, "utf8");
    hash.update(chunk);
    sizeBytes += chunk.length;
    if (!out.write(chunk)) await drained(out);
    if (failure) throw failure;
  };
  try {
    await once(out, "open");
    let first = true;
    for (const rows of rowBatches(dataset, selection, 1000, (sent) => (emailsSent += sent))) {
      if (options.signal?.aborted) throw new Error("export generation aborted");
      await write(encodeBatch(selection.format, columns, rows, first));
      first = false;
      rowsDone += rows.length;
      options.onProgress?.(rowsDone);
    }
    if (first) await write(encodeBatch(selection.format, columns, [], true));
    if (selection.format === "json") await write("\n]\n");
    out.end();
    await once(out, "finish");
    if (failure) throw failure;
  } catch (error) {
    out.destroy();
    throw error;
  }
  return { sizeBytes, md5: hash.digest("hex"), emailsSent };
}
