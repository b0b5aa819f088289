/**
 * SendKit's **Lead status** section of `analytics campaign`: each status as a bar with its count
 * and its share of all leads. Pure: data in, lines out.
 */
import { LEAD_STATUSES, type LeadStatus } from "../providers/sendkit/shape.js";
import { fitText } from "./compare.js";
import { bar, formatCount, formatRate } from "./format.js";
import type { Theme } from "./theme.js";

export interface LeadStatusView {
  columns: number;
  theme: Theme;
}

const LABELS: Record<keyof LeadStatus, string> = {
  active: "Active",
  completed: "Completed",
  bounced: "Bounced",
  unsubscribed: "Unsubscribed",
  replied: "Replied",
  removed: "Removed",
};

/** The section: title with the total, then one line per status (bars only where they fit). */
export function renderLeadStatus(leads: LeadStatus, view: LeadStatusView): string[] {
  const { theme } = view;
  const total = LEAD_STATUSES.reduce((sum, status) => sum + leads[status], 0);
  const title = theme.bold(fitText(`Lead status (shares of ${formatCount(total)} lead${total === 1 ? "" : "s"})`, view.columns));
  if (total === 0) return [title, theme.dim("No leads yet.")];
  const labelWidth = Math.max(...LEAD_STATUSES.map((status) => LABELS[status].length));
  const countWidth = Math.max(...LEAD_STATUSES.map((status) => formatCount(leads[status]).length));
  const shareWidth = "100.00%".length;
  const fixed = labelWidth + 2 + countWidth + 2 + shareWidth;
  const barWidth = Math.min(40, view.columns - fixed - 2);
  return [
    title,
    ...LEAD_STATUSES.map((status) => {
      const share = leads[status] / total;
      const text = `${LABELS[status].padEnd(labelWidth)}  ${formatCount(leads[status]).padStart(countWidth)}  ${formatRate(share * 100).padStart(shareWidth)}`;
      if (barWidth < 4) return fitText(text, view.columns);
      return `${text}  ${theme.accent(bar(share, barWidth))}`.trimEnd();
    }),
  ];
}
