/**
 * Where an export's file goes: `-o -` (stdout), `-o PATH` (a file) or the default `analytics-<export_type>-<export_id>.<format>` in the current
 * directory. Checked before anything is created where possible; the file is moved into place only
 * once complete, and an existing file is never replaced without --force (not even by a race).
 */
import { constants } from "node:fs";
import { access, link, lstat, open, rename, stat, unlink } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { ApiError, UsageError } from "../errors.js";

export type OutputPlan =
  | { kind: "stdout" }
  /** `path`: the file from -o; otherwise the default name goes into `dir` (the current directory). */
  | { kind: "file"; dir: string; path?: string | undefined };

const SAFE_NAME_PART = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/** `analytics-campaign_performance-exp_xyz123.csv`; server-given parts must be plain names (no `/`, no `..`). */
export function defaultFileName(exportType: string, exportId: string, format: string): string {
  for (const [what, part] of [
    ["export id", exportId],
    ["export type", exportType],
    ["format", format],
  ] as const) {
    if (!SAFE_NAME_PART.test(part) || part.includes("..")) {
      throw new ApiError(`the API gave an ${what} that cannot be used in a file name (${JSON.stringify(part.slice(0, 40))}); pass -o PATH`);
    }
  }
  return `analytics-${exportType}-${exportId}.${format}`;
}

async function statOrUndefined(path: string, follow = true) {
  try {
    return await (follow ? stat(path) : lstat(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ELOOP: a symbolic link that leads back to itself, as good as one to nowhere.
    if (code === "ENOENT" || (follow && code === "ELOOP")) return undefined;
    throw error;
  }
}

function refuseExisting(shown: string): UsageError {
  return new UsageError(`${shown} already exists; not overwriting it without --force`, { hint: "add --force to replace it, or choose another path with -o" });
}

/** Checks that `dir` is a writable directory. */
async function checkDirectory(dir: string, shown: string): Promise<void> {
  const info = await statOrUndefined(dir);
  if (!info) throw new UsageError(`cannot write to ${shown}: directory ${dir} does not exist`);
  if (!info.isDirectory()) throw new UsageError(`cannot write to ${shown}: ${dir} is not a directory`);
  try {
    await access(dir, constants.W_OK);
  } catch {
    throw new UsageError(`cannot write to ${shown}: directory ${dir} is not writable`);
  }
}

/** Reads `-o`/`--force` into a plan, refusing (exit 2) what can be refused before any request. */
export async function planOutput(output: string | undefined, force: boolean, cwd: string = process.cwd()): Promise<OutputPlan> {
  if (output === "-") return { kind: "stdout" };
  if (output === undefined || output === "") {
    await checkDirectory(cwd, "the current directory");
    return { kind: "file", dir: cwd };
  }
  const path = resolve(cwd, output);
  const info = await statOrUndefined(path);
  if (info?.isDirectory()) {
    throw new UsageError(`${output} is a directory; -o takes a file path`, { hint: `e.g. -o ${join(output, "export.csv")}, or leave -o out for the default name` });
  }
  await checkDirectory(dirname(path), output);
  await checkTarget(path, force, output);
  return { kind: "file", dir: dirname(path), path };
}

/** The file an export goes to under `plan`. */
/** The -o path, or the default file name (built only when needed: it checks the server's id and type). */
export function targetPath(plan: Extract<OutputPlan, { kind: "file" }>, fileName: () => string): string {
  return plan.path ?? join(plan.dir, fileName());
}

/**
 * Refuses an existing target without --force, and any target that is not a regular file. A
 * symbolic link that leads nowhere counts as existing: the final rename would replace the link
 * itself, which is what --force asks for and nothing less does.
 */
export async function checkTarget(path: string, force: boolean, shown: string = displayPath(path)): Promise<void> {
  if (!(await statOrUndefined(path, false))) return;
  const info = await statOrUndefined(path);
  if (!info) {
    if (force) return;
    throw new UsageError(`${shown} is a symbolic link to a file that does not exist; not replacing it without --force`, {
      hint: "remove the link, add --force to replace the link itself, or choose another path with -o",
    });
  }
  if (!info.isFile()) throw new UsageError(`${shown} exists and is not a regular file; use -o - and redirect instead`);
  if (!force) throw refuseExisting(shown);
}

/** A path for messages: relative to the current directory when inside it. */
export function displayPath(path: string, cwd: string = process.cwd()): string {
  const rel = relative(cwd, path);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}

/**
 * Moves the finished temporary file to `target`. Without --force a hard link makes it atomic and
 * no-clobber (EEXIST if someone created the target meanwhile); with --force, rename replaces it.
 * The directory is fsynced so the new name survives a crash.
 */
export async function placeFile(temp: string, target: string, force: boolean): Promise<void> {
  if (force) {
    await rename(temp, target);
  } else {
    try {
      await link(temp, target);
      await unlink(temp);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EEXIST") throw refuseExisting(displayPath(target));
      // File systems without hard links: check, then rename.
      if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP" && code !== "ENOSYS") throw error;
      await checkTarget(target, false);
      await rename(temp, target);
    }
  }
  try {
    const dir = await open(dirname(target), "r");
    await dir.sync().finally(() => dir.close());
  } catch {
    // Not every platform can fsync a directory; the file itself is already synced.
  }
}
