/**
 * Run one task per profile, at most `concurrency` at a time, and keep every outcome: one profile
 * failing does not hide the others, unless `failFast` asks to stop at the first failure.
 */

export type ProfileState = "waiting" | "fetching" | "done" | "error";

export type ProfileOutcome<T> = { profile: string; ok: true; value: T } | { profile: string; ok: false; error: unknown };

export interface RunOptions {
  /** At most this many profiles in flight (CLI.md: 4). */
  concurrency: number;
  failFast: boolean;
  /** Aborted on Ctrl-C: no new profile starts; tasks get the signal to cancel their requests. */
  signal: AbortSignal;
  onState?: (profile: string, state: ProfileState) => void;
}

/** Outcomes in the order of `profiles`; with failFast, profiles never started are left out. */
export async function runPerProfile<T>(
  profiles: readonly string[],
  task: (profile: string, signal: AbortSignal) => Promise<T>,
  options: RunOptions,
): Promise<Array<ProfileOutcome<T>>> {
  const outcomes = new Map<string, ProfileOutcome<T>>();
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  options.signal.addEventListener("abort", onAbort, { once: true });
  for (const profile of profiles) options.onState?.(profile, "waiting");
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < profiles.length && !stop.signal.aborted) {
      const profile = profiles[next++] as string;
      options.onState?.(profile, "fetching");
      try {
        outcomes.set(profile, { profile, ok: true, value: await task(profile, stop.signal) });
        options.onState?.(profile, "done");
      } catch (error) {
        outcomes.set(profile, { profile, ok: false, error });
        options.onState?.(profile, "error");
        if (options.failFast) stop.abort();
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(options.concurrency, profiles.length) }, worker));
  } finally {
    options.signal.removeEventListener("abort", onAbort);
  }
  return profiles.flatMap((profile) => {
    const outcome = outcomes.get(profile);
    return outcome ? [outcome] : [];
  });
}
