/**
 * File permissions mean nothing to root, and CI runs as root. Tests about unwritable directories
 * run the CLI as an unprivileged user instead (`setpriv` to uid/gid 65534), or are skipped with
 * the reason in their name: never a silent pass.
 */
import { chownSync, lchownSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { BIN } from "./helpers.js";

const NOBODY = 65534;
const SETPRIV = ["setpriv", `--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups"];

export type Unprivileged = { available: true; prefix: string[]; label: string } | { available: false; reason: string };

async function probe(): Promise<Unprivileged> {
  if (process.getuid?.() !== 0) return { available: true, prefix: [], label: "as this (non-root) user" };
  // The built CLI, its dependencies and node must all be readable by that user.
  const result = await execa(SETPRIV[0] as string, [...SETPRIV.slice(1), "node", BIN, "completion", "bash"], { reject: false, stdin: "ignore", env: { PATH: process.env.PATH }, extendEnv: false });
  return result.exitCode === 0
    ? { available: true, prefix: SETPRIV, label: `as uid ${NOBODY} (the suite runs as root)` }
    : { available: false, reason: `running as root and the CLI cannot run as uid ${NOBODY} via setpriv: ${String(result.stderr).split("\n")[0]}` };
}

/** How to run the CLI as a user that file permissions apply to; probed once. */
export const unprivileged: Unprivileged = await probe();

/** Gives `path` (recursively) to the unprivileged user, when the suite runs as root. */
export function handOver(path: string): void {
  if (process.getuid?.() !== 0) return;
  chownSync(path, NOBODY, NOBODY);
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.isDirectory()) handOver(join(path, entry.name));
    else lchownSync(join(path, entry.name), NOBODY, NOBODY);
  }
}

/** Runs the built CLI as the unprivileged user (only when `unprivileged.available`). */
export async function cliAsUnprivileged(args: string[], options: { cwd?: string; env: Record<string, string>; input?: string }) {
  if (!unprivileged.available) throw new Error("no unprivileged user to run as");
  const [command, ...rest] = [...unprivileged.prefix, "node", BIN, ...args] as [string, ...string[]];
  const result = await execa(command, rest, {
    cwd: options.cwd,
    env: { PATH: process.env.PATH, ...options.env },
    extendEnv: false,
    reject: false,
    timeout: 15_000,
    ...(options.input !== undefined ? { input: options.input } : { stdin: "ignore" }),
  });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}
