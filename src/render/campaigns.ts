/**
 * `analytics campaigns` as text: one row per campaign (name, id, status, sent, rates), borderless
 * like gh's lists so ids can be copied. Columns that no row has are left out; on a narrow terminal
 * the least useful columns go first, then names are cut — ids never are. Pure: data in, lines out.
 */
import type { CampaignList, CampaignRow } from "../providers/shapes.js";
import { basisNote } from "./basis.js";
import { formatCount, formatDay, truncate } from "./format.js";
import { sanitize } from "./sanitize.js";
import type { Theme } from "./theme.js";

export interface CampaignsView {
  columns: number;
  theme: Theme;
}

interface Column {
  head: string;
  /** Lower drops first when the terminal is narrow. */
  priority: number;
  align: "left" | "right";
  cell(row: CampaignRow): string | undefined;
}

const rate = (value: number | undefined): string | undefined => (value === undefined ? undefined : value.toFixed(2));
const count = (value: number | undefined): string | undefined => (value === undefined ? undefined : formatCount(value));

const COLUMNS: readonly Column[] = [
  // Only in a many-profile list (campaigns --all-profiles).
  { head: "Profile", priority: 9, align: "left", cell: (r) => ("profile" in r && typeof r.profile === "string" ? sanitize(r.profile) : undefined) },
  { head: "ID", priority: 10, align: "left", cell: (r) => sanitize(r.campaign_id) },
  { head: "Status", priority: 4, align: "left", cell: (r) => (r.status === undefined ? undefined : sanitize(r.status)) },
  { head: "Sent", priority: 8, align: "right", cell: (r) => count(r.emails_sent) },
  { head: "Open %", priority: 7, align: "right", cell: (r) => rate(r.open_rate) },
  { head: "Click %", priority: 5, align: "right", cell: (r) => rate(r.click_rate) },
  { head: "Reply %", priority: 6, align: "right", cell: (r) => rate(r.reply_rate) },
  { head: "Bounce %", priority: 3, align: "right", cell: (r) => rate(r.bounce_rate) },
  { head: "Created", priority: 2, align: "left", cell: (r) => (r.created_at === undefined ? undefined : sanitize(formatDay(r.created_at))) },
];
const RATE_KEYS: Record<string, string> = { "Open %": "open_rate", "Click %": "click_rate", "Reply %": "reply_rate", "Bounce %": "bounce_rate" };

const GAP = 2;
const NAME_MIN = 16;

export function renderCampaigns(data: CampaignList, view: CampaignsView): string[] {
  const { theme } = view;
  const rows = data.campaigns;
  if (rows.length === 0) return [theme.dim("No campaigns match.")];
  let columns = COLUMNS.filter((column) => rows.some((row) => column.cell(row) !== undefined));
  const cells = (column: Column): string[] => rows.map((row) => column.cell(row) ?? "–");
  const widthOf = (column: Column): number => Math.max(column.head.length, ...cells(column).map((text) => text.length));
  const names = rows.map((row) => sanitize(row.campaign_name));
  const naturalName = Math.max("Name".length, ...names.map((name) => name.length));
  const used = (list: readonly Column[]): number => list.reduce((sum, column) => sum + widthOf(column) + GAP, 0);
  // Drop the least useful columns until a name of NAME_MIN (or its natural width) fits.
  while (used(columns) + Math.min(naturalName, NAME_MIN) > view.columns && columns.length > 1) {
    const weakest = columns.reduce((a, b) => (b.priority < a.priority ? b : a));
    columns = columns.filter((column) => column !== weakest);
  }
  const nameWidth = Math.max(4, Math.min(naturalName, view.columns - used(columns)));
  const widths = columns.map(widthOf);
  const pad = (text: string, width: number, align: "left" | "right"): string => (align === "right" ? text.padStart(width) : text.padEnd(width));
  const line = (name: string, values: readonly string[], style: (column: Column, text: string) => string): string =>
    [pad(name, nameWidth, "left"), ...columns.map((column, i) => style(column, pad(values[i] ?? "", widths[i] ?? 0, column.align)))].join(" ".repeat(GAP)).trimEnd();
  const out = [
    theme.bold(line("Name", columns.map((c) => c.head), (_c, text) => text)),
    ...rows.map((row, index) =>
      line(
        truncate(names[index] ?? "", nameWidth),
        columns.map((column) => column.cell(row) ?? "–"),
        (column, text) => (column.head === "ID" ? theme.dim(text) : text),
      ),
    ),
  ];
  const rateMetrics = columns.map((column) => RATE_KEYS[column.head]).filter((key): key is string => key !== undefined);
  const note = basisNote(rateMetrics, data.rate_basis);
  const count = `${formatCount(rows.length)} campaign${rows.length === 1 ? "" : "s"}`;
  out.push("", theme.dim(truncate(note ? `${count} · ${note}` : count, view.columns)));
  return out;
}
