/**
 * The words of a many-workspace roll-up, shared by the terminal table (rollup.ts) and the report:
 * its columns, and the lines saying how the total was pooled and what it leaves out. Pure.
 */
import type { Counts, ExclusionReason, Pooled, PooledTotal, RollupCount, RollupRate, RollupRow } from "../profiles/rollup.js";
import { formatCount, formatRate } from "./format.js";
import { sanitize } from "./sanitize.js";

export const COUNT_COLUMNS: ReadonlyArray<[RollupCount, string]> = [
  ["emails_sent", "Sent"],
  ["emails_delivered", "Delivered"],
  ["emails_opened", "Opened"],
  ["emails_replied", "Replied"],
];
export const RATE_COLUMNS: ReadonlyArray<[RollupRate, string]> = [
  ["open_rate", "Open %"],
  ["reply_rate", "Reply %"],
  ["bounce_rate", "Bounce %"],
];

export interface RollupColumns {
  counts: ReadonlyArray<[RollupCount, string]>;
  rates: ReadonlyArray<[RollupRate, string]>;
}

const figure = (value: number | undefined, format: (n: number) => string): string => (value === undefined ? "—" : format(value));

/** A row's (or the total's) counts and rates as text, in the columns' order; "—" where absent. */
export function figureCells(counts: Counts | undefined, rates: Pooled["rates"] | undefined, columns: RollupColumns = { counts: COUNT_COLUMNS, rates: RATE_COLUMNS }): string[] {
  return [...columns.counts.map(([key]) => figure(counts?.[key], formatCount)), ...columns.rates.map(([key]) => figure(rates?.[key], formatRate))];
}

/** A line under the roll-up; `warn` where the reader could be misled without it. */
export interface RollupNote {
  tone: "dim" | "warn";
  text: string;
}

const EXCLUSION_WORDS: Readonly<Record<ExclusionReason, (window: string) => string>> = {
  "no email counts": () => "counts messages, not emails",
  "all-time counts": (window) => `all-time counts, not ${window}`,
  "no overview": () => "no workspace overview from this provider",
};

export function rollupNotes(rows: readonly RollupRow[], total: PooledTotal, window: string): RollupNote[] {
  const failed = rows.filter((row) => row.error !== undefined).length;
  const leftOut = [
    ...(failed ? [`${failed} failed`] : []),
    ...total.excluded.map(({ profile, reason }) => `${sanitize(profile)}: ${EXCLUSION_WORDS[reason](window)}`),
  ];
  const notes: RollupNote[] = [
    { tone: "dim", text: "Rates are over sent, pooled from counts (Σ count / Σ sent), never averaged." },
    { tone: leftOut.length ? "warn" : "dim", text: `Total: ${total.profiles.length} of ${rows.length} profile${rows.length === 1 ? "" : "s"}${leftOut.length ? ` (left out: ${leftOut.join("; ")})` : ""}.` },
  ];
  const allTime = rows.filter((row) => row.allTime && row.error === undefined);
  if (allTime.length) {
    notes.push({ tone: "warn", text: `${allTime.map((row) => `${sanitize(row.profile)} (${row.provider})`).join(", ")}: all-time counts, not ${window}: the provider reports no window.` });
  }
  for (const [key, lacking] of Object.entries(total.missing)) {
    notes.push({ tone: "dim", text: `${key.replace("emails_", "")} is left out of the total: not reported by ${lacking.map(sanitize).join(", ")}.` });
  }
  return notes;
}
