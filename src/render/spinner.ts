/**
 * A spinner on stderr while waiting, only where CLI.md allows one (stderr is a TTY; not with
 * --quiet, --json/--csv, CI=true or TERM=dumb). ora is imported only when one is shown.
 * While the HTTP client waits to retry, the spinner says so (`retrying (2/4) after 503…`).
 */
import type { RetryNotice } from "../http/client.js";
import type { IOStreams } from "./io.js";

export interface Spinner {
  update(text: string): void;
  stop(): void;
}

const NO_SPINNER: Spinner = { update() {}, stop() {} };

/** The spinner on screen, if any: there is one terminal, so at most one. */
let shown: { setText(text: string): void; text: string; retryTimer?: NodeJS.Timeout } | undefined;

/** `retrying (2/4) after 503…`: the attempt about to start and what the previous one ended in. */
export function retryText(notice: RetryNotice): string {
  const after = /^\d{3}$/.test(notice.after) || notice.after === "timeout" ? notice.after : `a connection error (${notice.after})`;
  return `retrying (${notice.attempt}/${notice.maxAttempts}) after ${after}…`;
}

/** Shows a retry on the spinner for as long as its wait lasts; nothing when no spinner is shown. */
export function showRetry(notice: RetryNotice): void {
  const spinner = shown;
  if (!spinner) return;
  clearTimeout(spinner.retryTimer);
  spinner.setText(retryText(notice));
  spinner.retryTimer = setTimeout(() => {
    spinner.retryTimer = undefined;
    spinner.setText(spinner.text);
  }, notice.delayMs);
  spinner.retryTimer.unref();
}

export async function startSpinner(io: IOStreams, text: string, enabled = true): Promise<Spinner> {
  // A terminal that reports 0 columns makes ora redraw without end; no spinner is better.
  if (!enabled || !io.progressAllowed || (io.stderr as { columns?: number }).columns === 0) return NO_SPINNER;
  const { default: ora } = await import("ora");
  const spinner = ora({ text, stream: io.stderr, discardStdin: false, color: io.stderrColor > 0 ? "cyan" : false, isEnabled: true }).start();
  const state: NonNullable<typeof shown> = {
    text,
    setText: (next) => {
      spinner.text = next;
    },
  };
  shown = state;
  return {
    update: (next) => {
      state.text = next;
      // A retry notice stays up until its wait is over.
      if (!state.retryTimer) spinner.text = next;
    },
    stop: () => {
      clearTimeout(state.retryTimer);
      if (shown === state) shown = undefined;
      spinner.stop();
    },
  };
}

/** Run `work` with a spinner that disappears when it settles. */
export async function withSpinner<T>(io: IOStreams, text: string, enabled: boolean, work: () => Promise<T>): Promise<T> {
  const spinner = await startSpinner(io, text, enabled);
  try {
    return await work();
  } finally {
    spinner.stop();
  }
}
