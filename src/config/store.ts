/**
 * Named profiles in a `conf` file that only the user can read. Each profile holds the API URL,
 * workspace id and token. The file's mode is enforced on every write, the directory is created
 * 0700 whatever the umask, and a directory or file that others can write is refused: whoever can
 * swap the config can point a profile's API URL, and so the token, at their own server.
 *
 * Reads parse the JSON file directly; only writes load `conf`. Importing conf (with ajv) costs
 * ~80 ms, more than the rest of a data command's start-up, and reads need none of it.
 */
import { accessSync, chmodSync, closeSync, constants, fstatSync, mkdirSync, openSync, readFileSync, statSync, type Stats } from "node:fs";
import { dirname, join } from "node:path";
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
const DIR_MODE = 0o700;
/** Group- or world-writable. */
const WRITABLE_BY_OTHERS = 0o022;
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
    refuseIfOthersCanWrite(dir, "directory", DIR_MODE);
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
      ensureConfigDir(this.dir);
      const conf = new Conf<ConfigShape>({ cwd: this.dir, configName: "config", configFileMode: FILE_MODE });
      conf.set("profiles", profiles);
      chmodSync(this.path, FILE_MODE);
    } catch (error) {
      throw writeError(this.dir, this.path, error);
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

/** Creates the config directory (and missing parents) 0700, whatever the umask. */
export function ensureConfigDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: DIR_MODE });
}

/** Why a write failed, in words: a read-only directory says so (its errno may be EACCES, EROFS or even ENOENT). */
function writeError(dir: string, path: string, error: unknown): ConfigError {
  const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  if (!isWritableDir(dir)) {
    return new ConfigError(`cannot save the config: directory ${dir} is read-only (${code})`, {
      cause: error,
      hint: `make it writable (\`chmod u+w ${dir}\`) or point ANALYTICS_CONFIG_DIR at a writable directory`,
    });
  }
  return new ConfigError(`cannot write config file ${path}: ${code}`, { cause: error });
}

/** Whether `dir`, or the nearest ancestor that exists, can be written to. */
function isWritableDir(dir: string): boolean {
  for (let current = dir; ; current = dirname(current)) {
    try {
      accessSync(current, constants.W_OK);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" || dirname(current) === current) return false;
    }
  }
}

/** `config directory /x is writable by others (mode 0777)`, with the chmod that fixes it. */
function refuseIfOthersCanWrite(path: string, what: "directory" | "file", safeMode: number, info: Stats | undefined = statIfExists(path)): void {
  // Windows reports no POSIX permission bits worth reading (every file looks 0666).
  if (!info || process.platform === "win32" || (info.mode & WRITABLE_BY_OTHERS) === 0) return;
  const mode = (info.mode & 0o777).toString(8).padStart(4, "0");
  throw new ConfigError(`config ${what} ${path} is writable by other users (mode ${mode}); refusing to use it`, {
    hint: `run \`chmod ${safeMode.toString(8)} ${path}\` if its contents are yours`,
  });
}

function statIfExists(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/**
 * A file's text, or undefined when it does not exist. Only a regular file (or a symlink to one) is
 * read: a FIFO would block forever and a device could be endless, so anything else is an error.
 */
export function readRegularFile(path: string, what: string): { text: string; info: Stats } | undefined {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then tells what was opened.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    throw new ConfigError(`cannot read ${what} ${path}: ${code ?? (error as Error).message}`, { cause: error });
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) {
      throw new ConfigError(`${what} ${path} is not a regular file (it is ${kindOf(info)})`, { hint: `remove it or point ANALYTICS_CONFIG_DIR elsewhere` });
    }
    return { text: readFileSync(fd, "utf8"), info };
  } finally {
    closeSync(fd);
  }
}

function kindOf(info: Stats): string {
  if (info.isDirectory()) return "a directory";
  if (info.isFIFO()) return "a FIFO";
  if (info.isCharacterDevice() || info.isBlockDevice()) return "a device";
  if (info.isSocket()) return "a socket";
  return "not a file";
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
  const file = readRegularFile(path, "config file");
  if (!file) return {};
  refuseIfOthersCanWrite(path, "file", FILE_MODE, file.info);
  const text = file.text;
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
