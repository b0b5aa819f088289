/**
 * Named profiles in a `conf` file that only the user can read. Each profile holds the API URL,
 * workspace id and token. The file's mode is enforced on every write.
 *
 * Reads parse the JSON file directly; only writes load `conf`. Importing conf (with ajv) costs
 * ~80 ms, more than the rest of a data command's start-up, and reads need none of it.
 */
import { chmodSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import envPaths from "env-paths";
import { ConfigError } from "../errors.js";

export interface Profile {
  /** Which analytics API (tenant when absent). */
  provider?: string;
  apiUrl?: string;
  workspace?: string;
  token?: string;
}

interface ConfigShape {
  profiles: Record<string, Profile>;
}

const FILE_MODE = 0o600;
const PROFILE_FIELDS = new Set(["provider", "apiUrl", "workspace", "token"]);

/** The directory conf uses for us: ANALYTICS_CONFIG_DIR, or the platform's config dir. */
export function configDir(env: NodeJS.ProcessEnv): string {
  return env.ANALYTICS_CONFIG_DIR || envPaths("analytics", { suffix: "" }).config;
}

export class ConfigStore {
  private constructor(
    readonly dir: string,
    readonly path: string,
    private profiles: Record<string, Profile>,
  ) {}

  /** Read the config file (a missing file is an empty config); a corrupted one is a ConfigError naming it. */
  static open(env: NodeJS.ProcessEnv, warn: (message: string) => void): ConfigStore {
    const dir = configDir(env);
    const path = join(dir, "config.json");
    const store = new ConfigStore(dir, path, readProfiles(path));
    store.tightenMode(warn);
    return store;
  }

  profileNames(): string[] {
    return Object.keys(this.profiles);
  }

  profile(name: string): Profile | undefined {
    return this.profiles[name];
  }

  /** Merge fields into a profile (creating it) and write the file with mode 0600. */
  async saveProfile(name: string, fields: Profile): Promise<void> {
    const profiles = { ...this.profiles, [name]: { ...this.profiles[name], ...fields } };
    await this.write(profiles);
  }

  /** Remove the token from a profile; returns whether there was one. */
  async removeToken(name: string): Promise<boolean> {
    const profile = this.profiles[name];
    if (!profile?.token) return false;
    const { token: _removed, ...rest } = profile;
    await this.write({ ...this.profiles, [name]: rest });
    return true;
  }

  /** The file's permission bits, or undefined when it does not exist yet. */
  fileMode(): number | undefined {
    try {
      return statSync(this.path).mode & 0o777;
    } catch {
      return undefined;
    }
  }

  private async write(profiles: Record<string, Profile>): Promise<void> {
    const { default: Conf } = await import("conf");
    try {
      const conf = new Conf<ConfigShape>({ cwd: this.dir, configName: "config", configFileMode: FILE_MODE });
      conf.set("profiles", profiles);
      chmodSync(this.path, FILE_MODE);
    } catch (error) {
      throw new ConfigError(`cannot write config file ${this.path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error });
    }
    this.profiles = profiles;
  }

  /** A file someone loosened (e.g. 0644) holds a token others could read: fix it and say so. */
  private tightenMode(warn: (message: string) => void): void {
    const mode = this.fileMode();
    if (mode === undefined || mode === FILE_MODE) return;
    const shown = mode.toString(8).padStart(4, "0");
    try {
      chmodSync(this.path, FILE_MODE);
      warn(`warning: config file ${this.path} had mode ${shown}; changed it to 0600`);
    } catch {
      warn(`warning: config file ${this.path} has mode ${shown}; run \`chmod 600 ${this.path}\``);
    }
  }
}

/** Profile names for completion; an unreadable config simply has none. */
export function readProfileNames(env: NodeJS.ProcessEnv): string[] {
  try {
    return Object.keys(readProfiles(join(configDir(env), "config.json")));
  } catch {
    return [];
  }
}

function readProfiles(path: string): Record<string, Profile> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return {};
    throw new ConfigError(`cannot read config file ${path}: ${code ?? (error as Error).message}`, { cause: error });
  }
  const repair = { hint: `fix or delete ${path}, then run \`analytics auth login\`` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`config file ${path} is corrupted (not valid JSON): ${(error as Error).message}`, repair);
  }
  const profiles = isObject(parsed) ? (parsed as Partial<ConfigShape>).profiles ?? {} : undefined;
  if (!isProfileMap(profiles)) {
    throw new ConfigError(`config file ${path} is corrupted: "profiles" must map names to {apiUrl, workspace, token}`, repair);
  }
  return profiles;
}

function isObject(value: unknown): value is object {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isProfileMap(value: unknown): value is Record<string, Profile> {
  return (
    isObject(value) &&
    Object.values(value).every(
      (profile) => isObject(profile) && Object.entries(profile).every(([key, field]) => !PROFILE_FIELDS.has(key) || typeof field === "string"),
    )
  );
}
