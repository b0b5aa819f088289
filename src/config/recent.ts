/**
 * Campaign ids the user has viewed, newest first, for shell completion (which must not touch the
 * network). A small JSON file beside the config; best effort: failures never affect a command.
 */
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { configDir, ensureConfigDir, readRegularFile } from "./store.js";

const FILE = "recent-campaigns.json";
export const RECENT_LIMIT = 50;

export function recentCampaigns(env: NodeJS.ProcessEnv): string[] {
  try {
    const parsed: unknown = JSON.parse(readRegularFile(join(configDir(env), FILE), "recent campaigns file")?.text ?? "[]");
    return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === "string") : [];
  } catch {
    return [];
  }
}

/** Put `ids` first, drop duplicates, keep at most RECENT_LIMIT. */
export function mergeRecent(ids: readonly string[], previous: readonly string[], limit = RECENT_LIMIT): string[] {
  return [...new Set([...ids, ...previous])].slice(0, limit);
}

export function rememberCampaigns(env: NodeJS.ProcessEnv, ids: readonly string[]): void {
  try {
    const dir = configDir(env);
    ensureConfigDir(dir);
    const file = join(dir, FILE);
    writeFileSync(file, JSON.stringify(mergeRecent(ids, recentCampaigns(env))), { mode: 0o600 });
    chmodSync(file, 0o600);
  } catch {
    // A read-only config dir must not fail the command that viewed the campaign.
  }
}
