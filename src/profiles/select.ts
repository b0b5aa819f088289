/**
 * Which stored profiles a many-workspace command runs for (CLI.md, "Many workspaces at once"):
 * `--profiles a,b,c` or `--all-profiles`, each profile with only its own stored settings.
 * Everything here is checked before any request.
 */
import { type Connection, resolveConnection } from "../config/settings.js";
import type { ConfigStore } from "../config/store.js";
import { UsageError } from "../errors.js";

export interface ProfileSelectionFlags {
  /** `--profiles a,b,c` as typed. */
  profiles?: string | undefined;
  allProfiles?: boolean | undefined;
}

/**
 * Variables that would override every profile's own setting: one token must never be sent to
 * every profile's origin, so their presence is a usage error rather than silently ignored.
 */
export const OVERRIDING_VARIABLES = ["ANALYTICS_TOKEN", "ANALYTICS_API_URL", "ANALYTICS_WORKSPACE", "ANALYTICS_PROVIDER"] as const;

/** Whether the command runs once per profile. */
export function wantsManyProfiles(flags: ProfileSelectionFlags): boolean {
  return flags.profiles !== undefined || Boolean(flags.allProfiles);
}

/** The environment and flags may not override what each profile stores. */
export function checkNoOverrides(
  env: NodeJS.ProcessEnv,
  globalFlags: { profile?: string | undefined; apiUrl?: string | undefined; workspace?: string | undefined; provider?: string | undefined; sandbox?: boolean | undefined },
  what: string,
): void {
  if (globalFlags.profile !== undefined) throw new UsageError(`--profile cannot be combined with ${what}; list the profiles there instead`);
  if (globalFlags.sandbox) throw new UsageError(`--sandbox cannot be combined with ${what}: each profile uses its own stored settings`);
  for (const [flag, value] of [["--api-url", globalFlags.apiUrl], ["--workspace", globalFlags.workspace], ["--provider", globalFlags.provider]] as const) {
    if (value !== undefined) throw new UsageError(`${flag} cannot be combined with ${what}: each profile uses its own stored settings`);
  }
  const variable = OVERRIDING_VARIABLES.find((name) => env[name] !== undefined && env[name] !== "");
  if (variable) {
    throw new UsageError(`${variable} is set: with ${what} each profile uses only its own stored settings`, { hint: `unset ${variable} for this command` });
  }
}

/** The profile names asked for, in the order given (duplicates removed), each known to the config. */
export function selectProfiles(flags: ProfileSelectionFlags, store: ConfigStore): string[] {
  const known = store.profileNames();
  if (flags.profiles !== undefined && flags.allProfiles) throw new UsageError("--profiles and --all-profiles cannot be combined; give one");
  if (flags.allProfiles) {
    if (known.length === 0) throw new UsageError("no profiles saved yet", { hint: "run `analytics auth login --profile NAME` for each workspace" });
    return [...known].sort();
  }
  const names = [...new Set((flags.profiles ?? "").split(",").map((name) => name.trim()))];
  if (names.some((name) => name === "")) throw new UsageError("--profiles needs a comma-separated list of profile names, e.g. --profiles acme,globex");
  for (const name of names) {
    if (!known.includes(name)) {
      throw new UsageError(`no profile named ${JSON.stringify(name)}`, { hint: known.length ? `profiles: ${known.join(", ")}` : "no profiles saved yet; run `analytics auth login --profile NAME`" });
    }
  }
  return names;
}

/** Each profile's connection from its stored settings alone (the environment plays no part). */
export function profileConnections(names: readonly string[], store: ConfigStore): Map<string, Connection | Error> {
  const connections = new Map<string, Connection | Error>();
  for (const name of names) {
    try {
      connections.set(name, resolveConnection({ profile: name }, {}, store));
    } catch (error) {
      connections.set(name, error as Error);
    }
  }
  return connections;
}
