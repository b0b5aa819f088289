/**
 * CampaignOS's campaign sections (`enrollments`, `channels`, `statuses`, `ab_tests`): enrollments,
 * the channel and status breakdowns as bars, and every A/B test with its variants and a verdict on
 * open rate. Pure: data in, lines out.
 */
import type { CampaignDocument } from "../../providers/shapes.js";
import type { AbTest, ChannelCount, MessagesCampaign, StatusCount } from "../../providers/views.js";
import { bar, formatCount, formatRate, truncate } from "../format.js";
import { sanitize } from "../sanitize.js";
import { renderTable } from "../table.js";
import type { SectionRenderers, SectionView } from "./index.js";

/** The hook passes the common document; these sections come from CampaignOS's mapping (views.ts). */
const campaignOs = (data: CampaignDocument): MessagesCampaign => data as MessagesCampaign;

export const CAMPAIGNOS_SECTIONS: SectionRenderers = {
  enrollments: (data, view) => enrollmentLines(campaignOs(data), view),
  channels: (data, view) => channelLines(campaignOs(data).channels, view),
  statuses: (data, view) => statusLines(campaignOs(data).statuses, view),
  ab_tests: (data, view) => abTestsLines(campaignOs(data).ab_tests, view),
};

export function enrollmentLines(data: MessagesCampaign, view: SectionView): string[] {
  const e = data.enrollments;
  if (!e) return [];
  return [view.theme.bold("Enrollments"), truncate(`${formatCount(e.total)} total: ${formatCount(e.active)} active, ${formatCount(e.completed)} completed`, view.columns)];
}

/** Labelled bars, each count against the largest (so the longest bar is the largest count). */
export function breakdownLines(title: string, rows: ReadonlyArray<{ label: string; count: number }>, view: SectionView): string[] {
  if (rows.length === 0) return [];
  const labels = rows.map((r) => sanitize(r.label));
  const labelWidth = Math.min(14, Math.max(...labels.map((l) => l.length)));
  const counts = rows.map((r) => formatCount(r.count));
  const countWidth = Math.max(...counts.map((c) => c.length));
  const max = Math.max(0, ...rows.map((r) => r.count));
  const barWidth = Math.max(0, Math.min(40, view.columns - labelWidth - countWidth - 4));
  return [
    view.theme.bold(title),
    ...rows.map((row, i) => {
      const text = `${truncate(labels[i] ?? "", labelWidth).padEnd(labelWidth)}  ${(counts[i] ?? "").padStart(countWidth)}`;
      return barWidth >= 4 ? `${text}  ${view.theme.accent(bar(max > 0 ? row.count / max : 0, barWidth))}` : text;
    }),
  ];
}

export function channelLines(channels: readonly ChannelCount[] | undefined, view: SectionView): string[] {
  if (!channels) return [];
  const total = channels.reduce((sum, c) => sum + c.messages, 0);
  const rows = channels.map((c) => ({ label: `${c.channel}${total > 0 ? ` ${Math.round((c.messages / total) * 100)}%` : ""}`, count: c.messages }));
  return breakdownLines("Messages by channel", rows, view);
}

export function statusLines(statuses: readonly StatusCount[] | undefined, view: SectionView): string[] {
  if (!statuses) return [];
  return breakdownLines("Messages by status", statuses.map((s) => ({ label: s.status, count: s.messages })), view);
}

const TEST_NAMES = { two_proportion_z: "two-proportion z-test", chi_square: "chi-square test" } as const;

/** A p-value readable at a glance: 4 significant digits, scientific below 0.0001. */
export function formatP(p: number): string {
  return p < 0.0001 ? p.toExponential(2) : p.toPrecision(4).replace(/0+$/, "").replace(/\.$/, "");
}

function verdictLine(test: AbTest, view: SectionView): string {
  const s = test.statistical_significance;
  const sent = test.variants.filter((v) => v.sent > 0).length;
  if (!s) return view.theme.dim(sent === 1 ? "One variant sent: nothing to compare." : "No variant sent anything yet: nothing to compare.");
  const how = `p = ${formatP(s.p_value)}, ${TEST_NAMES[s.test]} on open rate`;
  if (s.winner !== undefined) return `${view.theme.good(`Winner: ${sanitize(s.winner)}`)} (${how}; significant at 5%)`;
  return `No winner: the difference is not significant at 5% (${how})`;
}

export function abTestLines(test: AbTest, view: SectionView): string[] {
  const { theme } = view;
  const names = test.variants.map((v) => sanitize(v.name));
  const winner = test.statistical_significance?.winner;
  const countWidth = Math.max(6, ...test.variants.map((v) => formatCount(v.sent).length)) + 2;
  const nameWidth = Math.max(8, Math.min(Math.max(9, ...names.map((n) => n.length)) + 4, view.columns - (2 * countWidth + 11 + 5)));
  const fixed = [nameWidth, countWidth, countWidth, 11];
  const used = fixed.reduce((a, b) => a + b, 0) + fixed.length + 1;
  const barWidth = Math.min(24, view.columns - used - 1);
  const withBar = barWidth >= 8;
  const rows = test.variants.map((v, i) => [
    truncate(`${v.name === winner ? "★ " : ""}${names[i] ?? ""}`, nameWidth - 2),
    formatCount(v.sent),
    formatCount(v.opened),
    v.open_rate === undefined ? "–" : formatRate(v.open_rate),
    ...(withBar ? [v.open_rate === undefined ? "" : theme.accent(bar(v.open_rate / 100, barWidth - 2))] : []),
  ]);
  return [
    theme.bold(truncate(`A/B test: ${sanitize(test.name)} (${sanitize(test.id)})`, view.columns)),
    ...renderTable({
      head: ["Variant", "Sent", "Opened", "Open rate", ...(withBar ? ["(of sent)"] : [])].map((h) => theme.bold(h)),
      rows,
      align: ["left", "right", "right", "right", "left"],
      colWidths: [...fixed, ...(withBar ? [barWidth] : [])],
    }),
    ...wrapPlain(verdictLine(test, view), view.columns),
  ];
}

/** Splits a sentence at spaces to fit `width` (colour codes only at the very start survive intact). */
function wrapPlain(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    // eslint-disable-next-line no-control-regex
    const visible = (s: string): number => s.replace(/\u001b\[[0-9;]*m/g, "").length;
    if (line !== "" && visible(`${line} ${word}`) > width) {
      lines.push(line);
      line = `  ${word}`;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  if (line !== "") lines.push(line);
  return lines;
}

export function abTestsLines(tests: readonly AbTest[] | undefined, view: SectionView): string[] {
  if (!tests) return [];
  if (tests.length === 0) return [view.theme.dim("No A/B tests on this campaign.")];
  return tests.flatMap((test, i) => [...(i > 0 ? [""] : []), ...abTestLines(test, view)]);
}
