/**
 * A spinner on stderr while waiting, only where CLI.md allows one (stderr is a TTY; not with
 * --quiet, --json/--csv, CI=true or TERM=dumb). ora is imported only when one is shown.
 */
import type { IOStreams } from "./io.js";

export interface Spinner {
  update(text: string): void;
  stop(): void;
}

const NO_SPINNER: Spinner = { update() {}, stop() {} };

export async function startSpinner(io: IOStreams, text: string, enabled = true): Promise<Spinner> {
  // A terminal that reports 0 columns makes ora redraw without end; no spinner is better.
  if (!enabled || !io.progressAllowed || (io.stderr as { columns?: number }).columns === 0) return NO_SPINNER;
  const { default: ora } = await import("ora");
  const spinner = ora({ text, stream: io.stderr, discardStdin: false, color: io.stderrColor > 0 ? "cyan" : false, isEnabled: true }).start();
  return {
    update: (next) => {
      spinner.text = next;
    },
    stop: () => void spinner.stop(),
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
