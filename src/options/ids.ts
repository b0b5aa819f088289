import { UsageError } from "../errors.js";

// Ids are opaque, but a real one is short and URL-safe; anything else is a typo or an attack
// (path traversal like `../x`) and must not reach the URL.
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;

const EXAMPLES: Record<string, string> = { campaign: "cmp_abc123", export: "exp_xyz123", domain: "dom_k3x9p2", workspace: "ws_xyz789" };

/** Check an id (`what` is e.g. "campaign id") before it becomes a path segment or query value. */
export function checkId(raw: string, what: string): string {
  if (!ID_PATTERN.test(raw) || raw.includes("..")) {
    const shown = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
    const example = EXAMPLES[what.split(" ")[0] ?? ""];
    throw new UsageError(`invalid ${what} ${JSON.stringify(shown)}: expected letters, digits, "_" or "-"${example ? ` (e.g. ${example})` : ""}`);
  }
  return raw;
}
