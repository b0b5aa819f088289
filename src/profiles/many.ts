/**
 * The many-workspace run behind `--profiles` / `--all-profiles` (CLI.md, "Many workspaces at
 * once"): check the selection, load every profile's settings once, fetch per profile (at most 4 at
 * a time, each with its own provider, credential and rate limits), and turn the outcomes into the
 * common document and exit code.
 */
import type { Connection } from "../config/settings.js";
import type { Context } from "../context.js";
import { CliError, ExitCode, type ExitCodeValue, InterruptedError, UsageError } from "../errors.js";
import { type Feature, unsupported } from "../providers/capabilities.js";
import type { AnalyticsProvider } from "../providers/provider.js";
import { redact } from "../render/sanitize.js";
import { startProgress } from "./progress.js";
import { type ProfileOutcome, runPerProfile } from "./run.js";
import { type ProfileSelectionFlags, checkNoOverrides, profileConnections, selectProfiles } from "./select.js";

/** At most this many profiles in flight (CLI.md). */
export const PROFILE_CONCURRENCY = 4;

export interface ManyProfilesFlags extends ProfileSelectionFlags {
  failFast?: boolean | undefined;
}

export interface ProfileResult<T> {
  profile: string;
  provider?: string | undefined;
  workspace?: string | undefined;
  outcome: ProfileOutcome<T>;
}

export interface ProfileErrorJson {
  code: string;
  message: string;
  exit_code: number;
}

/** For each selected profile, `fetch` with that profile's own client; every outcome kept. */
export async function fetchPerProfile<T>(
  ctx: Context,
  flags: ManyProfilesFlags,
  /** What every profile's provider must offer (undefined: any provider will do). */
  feature: Feature | undefined,
  command: string,
  fetch: (api: AnalyticsProvider, connection: Connection) => Promise<T>,
  showProgress: boolean,
): Promise<Array<ProfileResult<T>>> {
  checkNoOverrides(ctx.env, ctx.flags, flags.allProfiles ? "--all-profiles" : "--profiles");
  const store = await ctx.config();
  const names = selectProfiles(flags, store);
  const connections = profileConnections(names, store);
  const progress = startProgress(ctx.io, names, showProgress);
  try {
    const outcomes = await runPerProfile(
      names,
      async (name, signal) => {
        const connection = connections.get(name);
        if (!connection || connection instanceof Error) throw connection;
        const refusal = feature && unsupported(connection.provider, feature, command);
        if (refusal) throw new UsageError(refusal.message, { hint: refusal.hint });
        return fetch(await ctx.apiFor(connection, signal), connection);
      },
      { concurrency: PROFILE_CONCURRENCY, failFast: Boolean(flags.failFast), signal: ctx.signal, onState: (name, state) => progress.update(name, state) },
    );
    // Ctrl-C: the requests were cancelled; a table of interrupted rows would tell nothing.
    if (ctx.signal.aborted) throw new InterruptedError();
    // A server may echo a credential in its error message; rows, JSON and CSV print these messages.
    for (const outcome of outcomes) if (!outcome.ok && outcome.error instanceof Error) outcome.error.message = withoutSecrets(outcome.error.message, ctx.secrets);
    return outcomes.map((outcome) => {
      const connection = connections.get(outcome.profile);
      const known = connection && !(connection instanceof Error) ? connection : undefined;
      return { profile: outcome.profile, provider: known?.provider ?? store.profile(outcome.profile)?.provider ?? "tenant", workspace: known?.workspace, outcome };
    });
  } finally {
    progress.stop();
  }
}

/** The `code` of an error without an API error code, by exit code. */
const CODE_BY_EXIT: Readonly<Record<number, string>> = {
  1: "API_ERROR",
  2: "USAGE_ERROR",
  3: "AUTH_ERROR",
  4: "NOT_FOUND",
  5: "RATE_LIMITED",
  6: "EXPORT_FAILED",
  7: "NETWORK_ERROR",
  130: "INTERRUPTED",
};

function withoutSecrets(text: string, secrets: ReadonlySet<string>): string {
  return [...secrets].reduce((out, secret) => redact(out, secret), text);
}

/** An error as the `error` member of a profile's JSON entry. */
export function errorJson(error: unknown): ProfileErrorJson {
  if (error instanceof CliError) return { code: error.apiCode ?? CODE_BY_EXIT[error.exitCode] ?? "ERROR", message: error.message, exit_code: error.exitCode };
  return { code: "UNEXPECTED", message: error instanceof Error ? error.message : String(error), exit_code: ExitCode.failure };
}

/** `{"profiles": [{"profile", "provider", "workspace", "data" | "error"}]}` entries. */
export function profileEntries<T>(results: ReadonlyArray<ProfileResult<T>>): unknown[] {
  return results.map(({ profile, provider, workspace, outcome }) => ({
    profile,
    provider,
    ...(workspace ? { workspace } : {}),
    ...(outcome.ok ? { data: outcome.value } : { error: errorJson(outcome.error) }),
  }));
}

/** How failureOf words its line: each failed profile's error too (where no row shows it), and a hint. */
export interface FailureWording {
  withErrors?: boolean;
  hint?: string | undefined;
}

/**
 * Thrown after the result is printed when some profile failed: one line naming them, and the
 * first failure's exit code (in the listed order) so cron notices. Ctrl-C wins over everything.
 */
export function failureOf<T>(ctx: Context, results: ReadonlyArray<ProfileResult<T>>, wording: FailureWording = {}): CliError | undefined {
  const failed = results.flatMap(({ profile, outcome }) => (outcome.ok ? [] : [{ profile, error: errorJson(outcome.error) }]));
  if (failed.length === 0) return undefined;
  const first = failed.find(({ error }) => error.exit_code !== ExitCode.interrupted);
  const exitCode = (ctx.signal.aborted ? ExitCode.interrupted : (first?.error.exit_code ?? ExitCode.interrupted)) as ExitCodeValue;
  const names = failed.map(({ profile, error }) => (wording.withErrors ? `${profile} (${error.message})` : profile)).join(", ");
  return new CliError(`${failed.length} of ${results.length} profiles failed: ${names}`, exitCode, { hint: wording.hint });
}
