/**
 * End-to-end helpers: run the built CLI (bin/analytics.js → dist/) with execa against a sandbox on
 * an ephemeral loopback port, with a throwaway config dir and a clean environment.
 */
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa, type Result } from "execa";
import type { ProviderName } from "../../src/providers/capabilities.js";
import { type RunningSandbox, type SandboxOptions, startSandbox } from "../../src/sandbox/index.js";

export const BIN = fileURLToPath(new URL("../../bin/analytics.js", import.meta.url));
export const PINNED_NOW = new Date("2025-11-26T12:00:00Z");
// eslint-disable-next-line no-control-regex
export const ANSI = /\u001b\[/;

export function tempDir(prefix = "analytics-e2e-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Stored profiles by name, as `auth login` writes them. */
export type StoredProfiles = Record<string, { provider?: string; apiUrl: string; workspace?: string; token: string }>;

/** A config dir holding these profiles, as `auth login` would have written them. */
export function configWith(profiles: StoredProfiles): string {
  const dir = join(tempDir(), "config");
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, "config.json"), JSON.stringify({ profiles }), { mode: 0o600 });
  chmodSync(join(dir, "config.json"), 0o600);
  return dir;
}

export function startTestSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  return startSandbox({ now: PINNED_NOW, ...options });
}

/** One provider's credentials for `sandbox` through the environment (ANALYTICS_PROVIDER included). */
export function providerEnv(sandbox: RunningSandbox, provider: ProviderName): Record<string, string> {
  const credential = sandbox.credentials[provider];
  return {
    ANALYTICS_PROVIDER: provider,
    ANALYTICS_API_URL: sandbox.url,
    ANALYTICS_TOKEN: credential.token,
    ...(credential.workspace ? { ANALYTICS_WORKSPACE: credential.workspace } : {}),
  };
}

/** Credentials for `sandbox` through the environment, as a cron job would pass them. */
export function sandboxEnv(sandbox: RunningSandbox): Record<string, string> {
  return { ANALYTICS_API_URL: sandbox.url, ANALYTICS_WORKSPACE: sandbox.workspaceId, ANALYTICS_TOKEN: sandbox.token };
}

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  input?: string;
  configDir?: string;
  timeoutMs?: number;
}

/** Run the CLI; never throws on a non-zero exit. The environment starts empty but for PATH and HOME. */
export async function cli(args: string[], options: CliOptions = {}): Promise<CliRun> {
  const home = options.configDir ?? tempDir();
  const result: Result = await execa("node", [BIN, ...args], {
    env: { PATH: process.env.PATH, HOME: home, ANALYTICS_CONFIG_DIR: options.configDir ?? join(home, "config"), ...options.env },
    extendEnv: false,
    reject: false,
    stripFinalNewline: false,
    timeout: options.timeoutMs ?? 30_000,
    ...(options.input !== undefined ? { input: options.input } : { stdin: "ignore" }),
  });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** The lines of stderr, without a trailing empty one. */
export function errorLines(run: CliRun): string[] {
  return run.stderr.split("\n").filter((line) => line !== "");
}

/** Fetch a workspace path from the sandbox directly (the reference the CLI's output is compared to). */
export async function sandboxData(sandbox: RunningSandbox, path: string, query: Record<string, string> = {}): Promise<any> {
  const search = new URLSearchParams(query).toString();
  const response = await fetch(`${sandbox.url}/api/v1/workspaces/${sandbox.workspaceId}${path}${search ? `?${search}` : ""}`, {
    headers: { authorization: `Bearer ${sandbox.token}`, "x-workspace-id": sandbox.workspaceId },
  });
  const body = (await response.json()) as { data: unknown };
  return body.data;
}
