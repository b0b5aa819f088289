/**
 * SendKit's campaigns as flat rows, for local export and `campaign --csv`: one row with the
 * campaign's stats, then one per step and one per A/B variant. Rates keep their documented bases:
 * `open_rate`/`click_rate`/`reply_rate` over delivered (the campaign's stats; steps have no
 * delivered count), `*_of_sent` over the step's or variant's sends, `bounce_rate` over sent on
 * every row. A figure a row does not have is left empty (CSV) or absent (JSON).
 */
import type { ExportTable } from "../../export/local.js";
import type { SendkitCampaign, Step, StepCounts } from "./shape.js";

/** CSV columns of the step table of `campaign --csv`. */
export const STEP_COLUMNS = ["step", "variant", "sent", "opened", "clicked", "bounced", "open_rate", "click_rate", "bounce_rate"] as const;

/** One row per step and per variant (variant empty on a step's own row), rates over sent. */
export function stepTable(steps: readonly Step[]): ExportTable {
  const line = (step: number, variant: string, c: StepCounts) => [step, variant, c.sent, c.opened, c.clicked, c.bounced, c.open_rate, c.click_rate, c.bounce_rate];
  return { columns: STEP_COLUMNS, rows: steps.flatMap((step) => [line(step.step, "", step), ...(step.variants ?? []).map((v) => line(step.step, v.variant, v))]) };
}

/** Columns of a SendKit export. `row` says what a row counts: `campaign`, `step` or `variant`. */
export const EXPORT_COLUMNS = [
  "campaign_id",
  "campaign_name",
  "campaign_status",
  "started_at",
  "row",
  "step",
  "variant",
  "emails_sent",
  "emails_delivered",
  "emails_opened",
  "emails_clicked",
  "emails_replied",
  "emails_bounced",
  "unsubscribes",
  "delivery_rate",
  "open_rate",
  "click_rate",
  "reply_rate",
  "bounce_rate",
  "unsubscribe_rate",
  "open_rate_of_sent",
  "click_rate_of_sent",
] as const;

type ExportColumn = (typeof EXPORT_COLUMNS)[number];
type Cells = Partial<Record<ExportColumn, string | number>>;

function rowOf(cells: Cells): Array<string | number | undefined> {
  return EXPORT_COLUMNS.map((column) => cells[column]);
}

function stepCells(counts: StepCounts): Cells {
  return {
    emails_sent: counts.sent,
    emails_opened: counts.opened,
    emails_clicked: counts.clicked,
    emails_bounced: counts.bounced,
    bounce_rate: counts.bounce_rate,
    open_rate_of_sent: counts.open_rate,
    click_rate_of_sent: counts.click_rate,
  };
}

/** The export's rows for the campaigns, in the order given. */
export function exportTable(campaigns: readonly SendkitCampaign[]): ExportTable {
  const rows = campaigns.flatMap((c) => {
    const campaign: Cells = { campaign_id: c.campaign_id, campaign_name: c.campaign_name, campaign_status: c.status, started_at: c.started_at };
    return [
      rowOf({ ...campaign, row: "campaign", ...c.summary, ...c.rates }),
      ...c.steps.flatMap((step) => [
        rowOf({ ...campaign, row: "step", step: step.step, ...stepCells(step) }),
        ...(step.variants ?? []).map((variant) => rowOf({ ...campaign, row: "variant", step: step.step, variant: variant.variant, ...stepCells(variant) })),
      ]),
    ];
  });
  return { columns: EXPORT_COLUMNS, rows, wholeCampaign: true };
}
