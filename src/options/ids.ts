import { UsageError } from "../errors.js";

// Ids are opaque, but a real one is short and URL-safe; anything else is a typo or an attack
// (path traversal like `../x`) and must not reach the URL.
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;

/** Check an id from the command line before it becomes a path segment. */
export function checkId(raw: string, what: string): string {
  if (!ID_PATTERN.test(raw) || raw.includes("..")) {
    const shown = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
    throw new UsageError(`invalid ${what} ${JSON.stringify(shown)}: expected letters, digits, "_" or "-" (e.g. cmp_abc123)`);
  }
  return raw;
}
