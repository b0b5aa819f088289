/**
 * Waiting for an export: when to ask for its status next, and the loop that asks until it is
 * completed, failed (ExportError from the API layer) or the wait timeout passes (ExportError).
 *
 * Schedule: about 1 s, growing ×1.5 to a 10 s cap. When the server gives an `estimated_completion`
 * further away than that, the next poll waits for it (plus a little slack, at most 30 s), so a job
 * the server says takes a minute costs a handful of requests rather than dozens; a first poll may
 * come sooner than 1 s when the server says the job is nearly done. An estimate already past is
 * ignored (plain backoff), so a wrong estimate can never make the client poll faster than backoff
 * after the first request. A 60 s job costs at most ~10 status requests with no estimate at all.
 */
import type { ExportStatus } from "../providers/tenant/schemas.js";
import { ExportError } from "../errors.js";
import { formatDuration } from "../options/duration.js";
import { abortableSleep } from "./abort.js";

export interface PollPolicy {
  /** Delay before the first status request when there is no estimate. */
  readonly firstDelayMs: number;
  readonly factor: number;
  /** Cap of the backoff itself. */
  readonly maxDelayMs: number;
  /** Longest single wait, even when the estimate is further away. */
  readonly maxEtaWaitMs: number;
  /** Shortest wait for the first poll when the estimate is near. */
  readonly minDelayMs: number;
  /** Added to an estimate so the poll lands just after it. */
  readonly etaSlackMs: number;
}

export const DEFAULT_POLL_POLICY: PollPolicy = {
  firstDelayMs: 1000,
  factor: 1.5,
  maxDelayMs: 10_000,
  maxEtaWaitMs: 30_000,
  minDelayMs: 250,
  etaSlackMs: 250,
};

/** Plain backoff before poll number `poll` (1-based). */
export function backoffDelay(poll: number, policy: PollPolicy = DEFAULT_POLL_POLICY): number {
  return Math.min(policy.maxDelayMs, Math.round(policy.firstDelayMs * policy.factor ** (poll - 1)));
}

/**
 * How long to wait before poll number `poll` (1-based), given how far away the server's estimate
 * is (`msUntilEta`, undefined when there is none).
 */
export function nextPollDelay(poll: number, msUntilEta: number | undefined, policy: PollPolicy = DEFAULT_POLL_POLICY): number {
  const backoff = backoffDelay(poll, policy);
  if (msUntilEta === undefined || !Number.isFinite(msUntilEta) || msUntilEta <= 0) return backoff;
  const untilEta = msUntilEta + policy.etaSlackMs;
  const floor = poll === 1 ? policy.minDelayMs : backoff;
  return Math.min(policy.maxEtaWaitMs, Math.max(floor, untilEta));
}

export interface WaitOptions {
  exportId: string;
  /** The status call (the API layer turns a failed export into an ExportError). */
  status(exportId: string): Promise<ExportStatus>;
  /** Give up after this long (ExportError, exit 6). */
  timeoutMs: number;
  /** `estimated_completion` from the create answer, if any. */
  estimatedCompletion?: string | null | undefined;
  /** The create answer already said completed: ask at once. */
  alreadyCompleted?: boolean;
  now(): number;
  sleep(ms: number): Promise<void>;
  signal?: AbortSignal | undefined;
  /** Each status seen, for the spinner. */
  onStatus?(status: ExportStatus): void;
  policy?: PollPolicy;
}

/** Polls until the export is completed; returns that status answer. */
export async function waitForExport(options: WaitOptions): Promise<ExportStatus> {
  const policy = options.policy ?? DEFAULT_POLL_POLICY;
  const started = options.now();
  const deadline = started + options.timeoutMs;
  let eta = parseEta(options.estimatedCompletion);
  for (let poll = 1; ; poll++) {
    const now = options.now();
    const wanted = poll === 1 && options.alreadyCompleted ? 0 : nextPollDelay(poll, eta === undefined ? undefined : eta - now, policy);
    const delay = Math.max(0, Math.min(wanted, deadline - now));
    if (delay > 0) await abortableSleep(options.sleep, delay, options.signal);
    const status = await options.status(options.exportId);
    options.onStatus?.(status);
    if (status.status === "completed") return status;
    if (status.status === "failed") throw new ExportError(`export ${options.exportId} failed`, { apiCode: "EXPORT_FAILED" });
    if (options.now() >= deadline) {
      throw new ExportError(`export ${options.exportId} was not ready within ${formatDuration(options.timeoutMs)} (still ${status.status})`, {
        hint: `it may still finish: run \`analytics exports download ${options.exportId}\` later, or raise --wait-timeout`,
      });
    }
    eta = parseEta(status.estimated_completion) ?? eta;
  }
}

function parseEta(raw: string | null | undefined): number | undefined {
  if (!raw) return undefined;
  const ms = Date.parse(raw);
  return Number.isNaN(ms) ? undefined : ms;
}
