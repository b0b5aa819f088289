/**
 * Sections of `analytics campaign` that only some providers have, found by their keys in the common
 * shape (CLI.md: data only one provider has keeps its own key). Each renderer is imported only when
 * its key is there.
 */
import type { Step, LeadStatus } from "../providers/sendkit/shape.js";
import type { CsvTable, HumanView } from "./print.js";

/** A section drawn after the funnel: view in, lines out. */
export type CampaignSection = (view: HumanView) => string[];

/** The provider-only sections for `data`, in order (SendKit: Steps, then Lead status). */
export async function providerSections(data: object): Promise<CampaignSection[]> {
  const sections: CampaignSection[] = [];
  if ("steps" in data) {
    const { renderSteps } = await import("./steps.js");
    sections.push((view) => renderSteps(data.steps as Step[], view));
  }
  if ("lead_status" in data) {
    const { renderLeadStatus } = await import("./lead-status.js");
    sections.push((view) => renderLeadStatus(data.lead_status as LeadStatus, view));
  }
  return sections;
}

/** CSV columns of the step table (a campaign without a time series has its steps as main table). */
export const STEP_CSV_HEADER = ["step", "variant", "sent", "opened", "clicked", "bounced", "open_rate", "click_rate", "bounce_rate"] as const;

/** One CSV row per step and per variant (variant empty on a step's own row), rates over sent. */
export function stepCsv(steps: readonly Step[]): CsvTable {
  const line = (step: number, variant: string, c: Omit<Step, "step">) => [step, variant, c.sent, c.opened, c.clicked, c.bounced, c.open_rate ?? "", c.click_rate ?? "", c.bounce_rate ?? ""];
  return { header: STEP_CSV_HEADER, rows: steps.flatMap((step) => [line(step.step, "", step), ...(step.variants ?? []).map((v) => line(step.step, v.variant, v))]) };
}
