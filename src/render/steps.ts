/**
 * SendKit's **Steps** section of `analytics campaign`: one row per sequence step as the API numbers
 * it (a missing number is shown as a gap, never closed up), one sub-row per A/B variant, counts with
 * their rates over the step's sends, then the significance verdict per metric of each A/B step.
 * Pure: data in, lines out. Borderless columns, widest layout that fits; nothing wraps.
 */
import type { Step, StepCounts, StepSignificance } from "../providers/sendkit/shape.js";
import { formatPValue, fitText } from "./compare.js";
import { formatCount, formatRate } from "./format.js";
import { sanitize } from "./sanitize.js";
import type { Theme } from "./theme.js";

export interface StepsView {
  columns: number;
  theme: Theme;
}

type Metric = "opened" | "clicked" | "bounced";
const RATE_OF: Record<Metric, "open_rate" | "click_rate" | "bounce_rate"> = { opened: "open_rate", clicked: "click_rate", bounced: "bounce_rate" };
const METRIC_LABEL: Record<StepSignificance["metric"], string> = { open_rate: "Open rate", click_rate: "Click rate", bounce_rate: "Bounce rate" };
const TEST_LABEL: Record<StepSignificance["test"], string> = { two_proportion_z: "z-test", chi_square: "chi-square" };

interface Column {
  head: string;
  align: "left" | "right";
  cell(row: StepCounts, label: string): string;
}

const rateCell = (value: number | undefined): string => (value === undefined ? "—" : formatRate(value));

function columnsFor(layout: "full" | "rates"): Column[] {
  const label: Column = { head: "Step", align: "left", cell: (_row, text) => text };
  const sent: Column = { head: "Sent", align: "right", cell: (row) => formatCount(row.sent) };
  const metrics: Metric[] = ["opened", "clicked", "bounced"];
  const rateHeads: Record<Metric, string> = { opened: "Open", clicked: "Click", bounced: "Bounce" };
  if (layout === "full") {
    return [
      label,
      sent,
      ...metrics.flatMap((metric): Column[] => [
        { head: metric[0]!.toUpperCase() + metric.slice(1), align: "right", cell: (row) => formatCount(row[metric]) },
        { head: "%", align: "right", cell: (row) => rateCell(row[RATE_OF[metric]]) },
      ]),
    ];
  }
  return [label, sent, ...metrics.map((metric): Column => ({ head: `${rateHeads[metric]} %`, align: "right", cell: (row) => rateCell(row[RATE_OF[metric]]) }))];
}

interface Line {
  /** Cells of a data row, or undefined for a gap row. */
  cells?: string[];
  gap?: string;
  winnerRow?: boolean;
}

/** "no step 1" / "no steps 3–5" between two step numbers that are not consecutive. */
function gapText(from: number, to: number): string {
  return to - from === 2 ? `no step ${from + 1}` : `no steps ${from + 1}–${to - 1}`;
}

function tableLines(steps: readonly Step[], columns: Column[]): Line[] {
  const lines: Line[] = [];
  steps.forEach((step, i) => {
    const previous = steps[i - 1];
    if (previous && step.step - previous.step > 1) lines.push({ gap: gapText(previous.step, step.step) });
    lines.push({ cells: columns.map((column) => column.cell(step, String(step.step))) });
    for (const variant of step.variants ?? []) {
      lines.push({ cells: columns.map((column) => column.cell(variant, `  ${sanitize(variant.variant)}`)) });
    }
  });
  return lines;
}

function layoutWidth(widths: readonly number[], gap: number): number {
  return widths.reduce((a, b) => a + b, 0) + gap * (widths.length - 1);
}

function renderColumns(steps: readonly Step[], view: StepsView): string[] {
  const { theme } = view;
  for (const [layout, gap] of [["full", 2], ["rates", 2], ["rates", 1]] as const) {
    const columns = columnsFor(layout);
    const lines = tableLines(steps, columns);
    const widths = columns.map((column, c) => Math.max(column.head.length, ...lines.map((line) => line.cells?.[c]?.length ?? 0)));
    const last = layout === "rates" && gap === 1;
    if (layoutWidth(widths, gap) > view.columns && !last) continue;
    const pad = (text: string, c: number): string => (columns[c]?.align === "right" ? text.padStart(widths[c] ?? 0) : text.padEnd(widths[c] ?? 0));
    const row = (cells: readonly string[]): string => cells.map((cell, c) => pad(cell, c)).join(" ".repeat(gap)).trimEnd();
    const fit = (text: string): string => fitText(text, view.columns);
    return [
      theme.bold(fit(row(columns.map((column) => column.head)))),
      theme.dim(fit(widths.map((w) => "─".repeat(w)).join(" ".repeat(gap)))),
      ...lines.map((line) => (line.cells ? fit(row(line.cells)) : theme.dim(fit(`${"…".padEnd(widths[0] ?? 1)}${" ".repeat(gap)}${line.gap ?? ""}`)))),
    ];
  }
  return [];
}

function verdictLines(step: Step, view: StepsView): string[] {
  const { theme } = view;
  const verdicts = step.significance ?? [];
  if (verdicts.length === 0) return [];
  const test = verdicts[0]?.test;
  const nothingSent = (step.variants ?? []).every((variant) => variant.sent === 0);
  const header = `Step ${step.step} A/B test${test ? ` (${TEST_LABEL[test]}, α = 0.05)` : ""}`;
  return [
    theme.bold(fitText(header, view.columns)),
    ...verdicts.map((entry) => {
      const outcome = entry.winner !== undefined ? `${sanitize(entry.winner)} wins` : nothingSent ? "nothing sent" : "no winner";
      const line = fitText(`  ${METRIC_LABEL[entry.metric].padEnd(13)}${outcome.padEnd(13)}p ${formatPValue(entry.p_value)}`, view.columns);
      // Colour after fitting, so escape codes never count as columns.
      return entry.winner !== undefined ? line.replace(outcome, theme.good(outcome)) : line;
    }),
  ];
}

/** The Steps section: title, the table, then one verdict block per A/B step. */
export function renderSteps(steps: readonly Step[], view: StepsView): string[] {
  const title = view.theme.bold(fitText("Steps (rates of each step's sends)", view.columns));
  if (steps.length === 0) return [title, view.theme.dim("No step has sent anything yet.")];
  const verdicts = steps.flatMap((step) => {
    const lines = verdictLines(step, view);
    return lines.length ? ["", ...lines] : [];
  });
  return [title, ...renderColumns(steps, view), ...verdicts];
}
