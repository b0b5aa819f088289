/** `--days N` or `--range 7d|30d|90d` for APIs that take a lookback in days (CampaignOS's `days=`). */
import { UsageError } from "../errors.js";
import { RELATIVE_RANGES } from "../providers/vocabulary.js";
import { parseInteger } from "./numbers.js";

/** Longest lookback accepted (a year and a day's slack). */
export const MAX_LOOKBACK_DAYS = 366;

export interface LookbackFlags {
  days?: string | undefined;
  range?: string | undefined;
}

/** The lookback in days: `--days` as given, `--range` as its number of days, 30 by default. */
export function resolveLookback(flags: LookbackFlags): number {
  if (flags.days !== undefined && flags.range !== undefined) throw new UsageError("--days cannot be combined with --range; give one");
  if (flags.days !== undefined) return parseInteger(flags.days, "--days", 1, MAX_LOOKBACK_DAYS);
  const range = flags.range ?? "30d";
  if (!(RELATIVE_RANGES as readonly string[]).includes(range)) throw new UsageError(`invalid --range "${range}": valid values are ${RELATIVE_RANGES.join(", ")}`);
  return Number(range.slice(0, -1));
}

/** An event-type name as CampaignOS's funnels and cohorts take them, e.g. `page_view`. */
export const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9_.:-]{0,63}$/;

export function checkEventType(name: string, flag: string): string {
  if (!EVENT_TYPE_PATTERN.test(name)) {
    throw new UsageError(`invalid ${flag} "${name.slice(0, 40)}": an event type is lower-case letters, digits and _ (e.g. page_view)`);
  }
  return name;
}
