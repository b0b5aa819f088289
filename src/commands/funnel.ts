/** `analytics funnel --steps a,b,c [--days N]`: conversion through a sequence of event types (CampaignOS). */
import type { Context } from "../context.js";
import { UsageError } from "../errors.js";
import { type FormatFlags, resolveFormat } from "../options/format.js";
import { type LookbackFlags, checkEventType, resolveLookback } from "../options/lookback.js";
import { need } from "../providers/provider.js";
import { printData } from "../render/print.js";
import { withSpinner } from "../render/spinner.js";

export interface FunnelOptions extends FormatFlags, LookbackFlags {
  steps?: string;
}

export const FUNNEL_CSV_HEADER = ["step", "count", "dropoff", "conversion_from_previous"] as const;

/** The steps of `--steps`, checked before any request: at least two, each an event-type name. */
export function parseSteps(raw: string | undefined): string[] {
  if (raw === undefined || raw.trim() === "") {
    throw new UsageError("--steps is required: the event types of the funnel, in order", { hint: "e.g. analytics funnel --steps page_view,signup,purchase" });
  }
  const steps = raw.split(",").map((step) => checkEventType(step.trim(), "--steps"));
  if (steps.length < 2) throw new UsageError("a funnel needs at least two --steps", { hint: "e.g. --steps page_view,signup" });
  if (steps.length > 20) throw new UsageError("a funnel takes at most 20 --steps");
  return steps;
}

export async function run(options: FunnelOptions, ctx: Context): Promise<void> {
  const steps = parseSteps(options.steps);
  const days = resolveLookback(options);
  const format = resolveFormat(options);
  const api = await ctx.api();
  const data = await withSpinner(ctx.io, "Fetching the funnel…", format === "table", () => need(api, "funnel")({ steps, days }));
  await printData(ctx, format, data, {
    csv: (d) => ({ header: FUNNEL_CSV_HEADER, rows: d.steps.map((s) => [s.step, s.count, s.dropoff, s.conversion_from_previous]) }),
    table: async (d, view) => (await import("../render/funnel.js")).renderFunnel(d, view),
  });
}
