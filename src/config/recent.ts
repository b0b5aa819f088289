/**
 * Ids the user has used on this machine, newest first, for shell completion and hints (which must
 * not touch the network): campaign ids from every command that takes one, export ids from every
 * command that creates or reads one. Small JSON files beside the config; best effort: failures never
 * affect a command.
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { configDir } from "./store.js";

export type RecentKind = "campaigns" | "exports";

const FILES: Record<RecentKind, string> = { campaigns: "recent-campaigns.json", exports: "recent-exports.json" };
export const RECENT_LIMIT = 50;

export function recentIds(env: NodeJS.ProcessEnv, kind: RecentKind): string[] {
  try {
    const parsed: unknown = JSON.parse(readFileSync(join(configDir(env), FILES[kind]), "utf8"));
    return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === "string") : [];
  } catch {
    return [];
  }
}

export function recentCampaigns(env: NodeJS.ProcessEnv): string[] {
  return recentIds(env, "campaigns");
}

/** Put `ids` first, drop duplicates, keep at most RECENT_LIMIT. */
export function mergeRecent(ids: readonly string[], previous: readonly string[], limit = RECENT_LIMIT): string[] {
  return [...new Set([...ids, ...previous])].slice(0, limit);
}

export function rememberIds(env: NodeJS.ProcessEnv, kind: RecentKind, ids: readonly string[]): void {
  if (ids.length === 0) return;
  try {
    const dir = configDir(env);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, FILES[kind]);
    writeFileSync(file, JSON.stringify(mergeRecent(ids, recentIds(env, kind))), { mode: 0o600 });
    chmodSync(file, 0o600);
  } catch {
    // A read-only config dir must not fail the command that used the id.
  }
}

export function rememberCampaigns(env: NodeJS.ProcessEnv, ids: readonly string[]): void {
  rememberIds(env, "campaigns", ids);
}
