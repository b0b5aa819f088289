/**
 * The many-workspace report as one HTML file: the roll-up of every workspace (a row each and the
 * pooled total), then each workspace's own sections, rendered by html.ts one heading level down.
 * Same page, CSP and escaping as the single report. Pure.
 */
import type { RollupRow } from "../profiles/rollup.js";
import { COUNT_COLUMNS, RATE_COLUMNS, figureCells, rollupNotes } from "../render/rollup-words.js";
import { type Cell, type ChartMarkup, type Column, esc, generatedTime, htmlPage, notes, reportSections, table } from "./html.js";
import type { ProfileEntry, ProfilesReportData, ReportData } from "./model.js";
import { REPORT_TITLE, profileHeading, profileStatus } from "./words.js";

const FIGURES = COUNT_COLUMNS.length + RATE_COLUMNS.length;

/** Each workspace's part stands out from the sections inside it. */
const STYLE = "article{margin-top:48px;padding-top:16px;border-top:3px solid var(--fg)}article>h2{font-size:1.4rem}h3{font-size:1.1rem;margin:0 0 12px}h4{margin:16px 0 8px}";

function rollupSection(data: ProfilesReportData): string {
  const head: Column[] = [{ text: "Profile", kind: "name" }, { text: "Provider" }, { text: "Workspace", kind: "id" }, ...[...COUNT_COLUMNS, ...RATE_COLUMNS].map(([, text]): Column => ({ text, kind: "num" }))];
  const row = (r: RollupRow): Cell[] => {
    const lead = [esc(r.profile), esc(r.provider), esc(r.workspace ?? "—")];
    if (r.error !== undefined) return [...lead, { html: esc(`error: ${r.error}`), span: FIGURES, className: "missing" }];
    return [...lead, ...figureCells(r.counts, r.rates).map(esc)];
  };
  const total = ["<strong>Total</strong>", "", "", ...figureCells(data.total.summary, data.total.rates).map((text) => `<strong>${esc(text)}</strong>`)];
  const lines = rollupNotes(data.rows, data.total, data.period).map((note) => notes([note.text], note.tone === "warn" ? "partial" : "note"));
  const failed = data.rows.some((r) => r.error !== undefined);
  return `<section id="workspaces" data-state="${failed ? "partial" : "ok"}">\n<h2>Workspaces</h2>\n${table(head, [...data.rows.map(row), total])}\n${lines.join("\n")}\n</section>`;
}

function profileArticle(entry: ProfileEntry, index: number, chartsOf: (report: ReportData) => ChartMarkup, colours: readonly string[]): string {
  const id = `profile-${index + 1}`;
  const status = profileStatus(entry);
  const body = "report" in entry ? `${notes([status])}\n${reportSections(entry.report, chartsOf(entry.report), colours, { level: 3, idPrefix: `${id}-` })}` : notes([status], "missing");
  return `<article id="${id}" data-profile="${esc(entry.profile)}" data-state="${"report" in entry ? "ok" : "failed"}">\n<h2>${esc(profileHeading(entry))}</h2>\n${body}\n</article>`;
}

/** The whole document; `chartsOf` draws a workspace's charts, `colours` are the timeline's series colours. */
export function buildProfilesHtml(data: ProfilesReportData, chartsOf: (report: ReportData) => ChartMarkup, colours: readonly string[]): string {
  const profiles = data.entries.map((entry) => entry.profile).join(", ");
  const header = [`<dt>Profiles</dt><dd>${esc(profiles)}</dd>`, `<dt>Period</dt><dd>${esc(data.period)}</dd>`, `<dt>Generated</dt><dd>${generatedTime(data.generatedAt)}</dd>`];
  const main = [rollupSection(data), ...data.entries.map((entry, i) => profileArticle(entry, i, chartsOf, colours))];
  const count = data.entries.length;
  return htmlPage(`${REPORT_TITLE} · ${count} workspace${count === 1 ? "" : "s"} · ${data.period}`, header.join("\n"), main.join("\n"), STYLE);
}
