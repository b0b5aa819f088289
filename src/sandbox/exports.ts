/**
 * The export job store: creation (with Idempotency-Key replay), the background job that writes the
 * file, the status a client sees, and presigned links for the download listener.
 *
 * Timeline of a job (real wall-clock time, not the dataset's pinned "now"): the file is built as soon
 * as the job is created; the job reads `processing` until both the file is written and `delayMs` has
 * passed since creation, then `completed` — or `failed` with EXPORT_FAILED when the selection sent no
 * email at all (e.g. only a draft campaign). Every status answer of a completed job carries a freshly
 * signed link valid for `linkTtlMs`; `expires_at` is that link's expiry.
 */
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatInstant } from "./calendar.js";
import type { Dataset } from "./dataset.js";
import { ApiError } from "./envelope.js";
import { type ExportSelection, type WrittenExport, exportRowCount, writeExportFile } from "./export-file.js";

/** What the download listener needs to serve a file. */
export interface ExportFile {
  exportId: string;
  path: string;
  sizeBytes: number;
  md5: string;
  format: ExportSelection["format"];
  fileName: string;
  lastModified: Date;
}

/** Signs download links; implemented by the download listener. */
export interface LinkSigner {
  /** A presigned URL for `exportId`'s file, valid until `expiresAtMs`. */
  sign(exportId: string, format: string, expiresAtMs: number): string;
}

export interface ExportStoreOptions {
  dataset: Dataset;
  signer: LinkSigner;
  /** Minimum time from creation to `completed` (default 1500 ms). */
  delayMs: number;
  /** Lifetime of each presigned link (default one hour). */
  linkTtlMs: number;
  /** Where files are built; default a fresh directory under the OS temp dir, removed on close. */
  dir?: string | undefined;
  log?: ((line: string) => void) | undefined;
  clock?: () => number;
}

interface ExportJob {
  id: string;
  selection: ExportSelection;
  fingerprint: string;
  createdMs: number;
  readyAtMs: number;
  rowsTotal: number;
  rowsDone: number;
  generationStartedMs: number;
  state: "generating" | "written" | "empty" | "error";
  written?: WrittenExport;
  writtenMs?: number;
  path: string;
}

/** A failed job's answer: README decision 2 (200, success false, data with status failed, EXPORT_FAILED). */
export const EXPORT_FAILED_MESSAGE = "Failed to generate export: insufficient data";

// A first guess at the generation pace, used before any row is written.
const ESTIMATED_ROWS_PER_SECOND = 200_000;
const ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

export class ExportStore {
  private readonly jobs = new Map<string, ExportJob>();
  private readonly idempotencyKeys = new Map<string, string>();
  private readonly abort = new AbortController();
  private readonly pending = new Set<Promise<unknown>>();
  private dir: Promise<string> | undefined;
  private expiredLinksToIssue = 0;
  private closed = false;

  constructor(private readonly options: ExportStoreOptions) {}

  private now(): number {
    return (this.options.clock ?? Date.now)();
  }

  /**
   * Creates a job, or returns the one an earlier request with the same Idempotency-Key created.
   * The same key with a different body is refused (422), as the IETF Idempotency-Key draft says.
   */
  create(selection: ExportSelection, idempotencyKey: string | undefined): { data: Record<string, unknown>; replayed: boolean } {
    const fingerprint = JSON.stringify({
      t: selection.exportType,
      f: selection.format,
      s: selection.range.startMs,
      e: selection.range.endMs,
      p: selection.range.period,
      c: selection.campaigns.map((campaign) => campaign.id),
      ts: selection.includeTimeSeries,
    });
    if (idempotencyKey !== undefined) {
      const existing = this.jobs.get(this.idempotencyKeys.get(idempotencyKey) ?? "");
      if (existing) {
        if (existing.fingerprint !== fingerprint) {
          throw new ApiError(422, "IDEMPOTENCY_KEY_REUSED", "This Idempotency-Key was already used with a different request body");
        }
        return { data: this.createdJson(existing), replayed: true };
      }
    }
    const id = this.newId();
    const createdMs = this.now();
    const job: ExportJob = {
      id,
      selection,
      fingerprint,
      createdMs,
      readyAtMs: createdMs + this.options.delayMs,
      rowsTotal: exportRowCount(selection),
      rowsDone: 0,
      generationStartedMs: createdMs,
      state: "generating",
      path: "",
    };
    this.jobs.set(id, job);
    if (idempotencyKey !== undefined) this.idempotencyKeys.set(idempotencyKey, id);
    this.track(this.generate(job));
    return { data: this.createdJson(job), replayed: false };
  }

  /** The status answer for `exportId`, or a 404 EXPORT_NOT_FOUND. */
  status(exportId: string): { status: number; body: unknown } {
    const job = this.jobs.get(exportId);
    if (!job) {
      throw new ApiError(404, "EXPORT_NOT_FOUND", `Export with ID ${exportId} not found in workspace ${this.options.dataset.workspace.id}`);
    }
    const now = this.now();
    const base = {
      export_id: job.id,
      export_type: job.selection.exportType,
      format: job.selection.format,
      created_at: formatInstant(job.createdMs),
    };
    const finished = job.state !== "generating" && now >= job.readyAtMs;
    if (!finished) {
      return { status: 200, body: { success: true, data: { ...base, status: "processing", estimated_completion: formatInstant(this.estimate(job, now)), download_url: null } } };
    }
    const completedAt = formatInstant(Math.max(job.readyAtMs, job.writtenMs ?? job.readyAtMs));
    if (job.state !== "written" || !job.written) {
      const message = job.state === "empty" ? EXPORT_FAILED_MESSAGE : "Failed to generate export: internal error";
      return {
        status: 200,
        body: { success: false, data: { ...base, status: "failed", completed_at: completedAt, download_url: null }, error: { code: "EXPORT_FAILED", message } },
      };
    }
    const expiresAtMs = this.expiredLinksToIssue > 0 ? now - 60_000 : now + this.options.linkTtlMs;
    if (this.expiredLinksToIssue > 0) this.expiredLinksToIssue--;
    return {
      status: 200,
      body: {
        success: true,
        data: {
          ...base,
          status: "completed",
          file_size_bytes: job.written.sizeBytes,
          completed_at: completedAt,
          download_url: this.options.signer.sign(job.id, job.selection.format, expiresAtMs),
          expires_at: formatInstant(expiresAtMs),
        },
      },
    };
  }

  /** The finished file of a completed export (for the download listener). */
  file(exportId: string): ExportFile | undefined {
    const job = this.jobs.get(exportId);
    if (!job || job.state !== "written" || !job.written || this.now() < job.readyAtMs) return undefined;
    return {
      exportId: job.id,
      path: job.path,
      sizeBytes: job.written.sizeBytes,
      md5: job.written.md5,
      format: job.selection.format,
      fileName: `analytics-${job.selection.exportType}-${job.id}.${job.selection.format}`,
      lastModified: new Date(Math.floor((job.writtenMs ?? job.createdMs) / 1000) * 1000),
    };
  }

  /** The next `count` links handed out are already expired (tests of the client's refresh). */
  expireNextLinks(count: number): void {
    this.expiredLinksToIssue = count;
  }

  /** Stops running jobs and removes every file. */
  async close(): Promise<void> {
    this.closed = true;
    this.abort.abort();
    await Promise.allSettled([...this.pending]);
    await Promise.allSettled([...this.jobs.values()].filter((job) => job.path).map((job) => rm(job.path, { force: true })));
    if (this.dir && !this.options.dir) {
      const dir = await this.dir.catch(() => undefined);
      if (dir) {
        await rm(dir, { recursive: true, force: true });
        leftoverDirs.delete(dir);
      }
    }
  }

  private createdJson(job: ExportJob): Record<string, unknown> {
    return {
      export_id: job.id,
      status: "processing",
      estimated_completion: formatInstant(this.estimate(job, this.now())),
      download_url: null,
    };
  }

  /** When the job should be done: its delay, or the generation's pace so far, whichever is later. */
  private estimate(job: ExportJob, now: number): number {
    let generationEnd = job.writtenMs ?? job.generationStartedMs + (job.rowsTotal / ESTIMATED_ROWS_PER_SECOND) * 1000;
    if (job.state === "generating" && job.rowsDone > 0) {
      const elapsed = now - job.generationStartedMs;
      generationEnd = now + ((job.rowsTotal - job.rowsDone) * elapsed) / job.rowsDone;
    }
    // Whole seconds (the API's date-time format), rounded up so a client that waits for it is not early.
    return Math.ceil(Math.max(job.readyAtMs, generationEnd) / 1000) * 1000;
  }

  private async generate(job: ExportJob): Promise<void> {
    try {
      const dir = await this.directory();
      job.path = join(dir, `${job.id}.${job.selection.format}`);
      job.generationStartedMs = this.now();
      const written = await writeExportFile(this.options.dataset, job.selection, job.path, {
        signal: this.abort.signal,
        onProgress: (rows) => {
          job.rowsDone = rows;
        },
      });
      job.writtenMs = this.now();
      if (written.emailsSent === 0) {
        job.state = "empty";
        await rm(job.path, { force: true });
        return;
      }
      job.written = written;
      job.state = "written";
    } catch (error) {
      job.state = "error";
      if (job.path) await rm(job.path, { force: true }).catch(() => {});
      if (!this.closed) this.options.log?.(`sandbox export ${job.id} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private directory(): Promise<string> {
    this.dir ??= this.options.dir
      ? Promise.resolve(this.options.dir)
      : mkdtemp(join(tmpdir(), "analytics-sandbox-exports-")).then((dir) => {
          removeAtExit(dir);
          return dir;
        });
    return this.dir;
  }

  private track(promise: Promise<unknown>): void {
    this.pending.add(promise);
    void promise.finally(() => this.pending.delete(promise));
  }

  private newId(): string {
    for (;;) {
      const bytes = randomBytes(10);
      let suffix = "";
      for (const byte of bytes) suffix += ID_ALPHABET[byte % ID_ALPHABET.length];
      const id = `exp_${suffix}`;
      if (!this.jobs.has(id)) return id;
    }
  }
}

/**
 * Temporary export directories still on disk. A second Ctrl-C exits the process without running
 * close(), so one exit hook removes whatever is left (exports at scale can be gigabytes).
 */
const leftoverDirs = new Set<string>();
let exitHookInstalled = false;

function removeAtExit(dir: string): void {
  leftoverDirs.add(dir);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const leftover of leftoverDirs) rmSync(leftover, { recursive: true, force: true });
  });
}
