/**
 * The many-workspace report as CommonMark: the roll-up table of every workspace with the pooled
 * total, then each workspace's own sections, rendered by markdown.ts one heading level down. Pure.
 */
import type { RollupRow } from "../profiles/rollup.js";
import { COUNT_COLUMNS, RATE_COLUMNS, figureCells, rollupNotes } from "../render/rollup-words.js";
import { md, reportLines, table } from "./markdown.js";
import type { ProfileEntry, ProfilesReportData } from "./model.js";
import { REPORT_TITLE, formatGenerated, profileHeading, profileStatus } from "./words.js";

function rollupLines(data: ProfilesReportData): string[] {
  const figures = [...COUNT_COLUMNS, ...RATE_COLUMNS].map(([, label]) => label);
  // A Markdown table cannot span columns: a failed row says its error in the first figure's cell.
  const row = (r: RollupRow): string[] => [
    md(r.profile),
    md(r.provider),
    md(r.workspace ?? "—"),
    ...(r.error !== undefined ? [md(`error: ${r.error}`), ...figures.slice(1).map(() => "")] : figureCells(r.counts, r.rates)),
  ];
  const total = ["**Total**", "", "", ...figureCells(data.total.summary, data.total.rates).map((text) => `**${text}**`)];
  const rows = table(["Profile", "Provider", "Workspace", ...figures], [...data.rows.map(row), total], ["l", "l", "l", ...figures.map(() => "r" as const)]);
  const notes = rollupNotes(data.rows, data.total, data.period).map((note) => (note.tone === "warn" ? `> **${md(note.text)}**` : md(note.text)));
  return [...rows, ...notes.flatMap((line) => ["", line])];
}

function profileLines(entry: ProfileEntry): string[] {
  const status = profileStatus(entry);
  const body = "report" in entry ? [md(status), ...reportLines(entry.report, 3)] : [`> **${md(status)}**`];
  return ["", `## ${md(profileHeading(entry))}`, "", ...body];
}

export function buildProfilesMarkdown(data: ProfilesReportData): string {
  const header = table(
    ["", ""],
    [
      ["Profiles", md(data.entries.map((entry) => entry.profile).join(", "))],
      ["Period", md(data.period)],
      ["Generated", formatGenerated(data.generatedAt)],
    ],
  );
  const lines = [`# ${REPORT_TITLE}`, "", ...header, "", "## Workspaces", "", ...rollupLines(data), ...data.entries.flatMap(profileLines)];
  return `${lines.join("\n")}\n`;
}
