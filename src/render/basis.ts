/** How a rate's denominator reads in tables: "of sent", "of delivered" (CLI.md: labels say the basis). */
import type { RateBasis } from "../providers/shapes.js";

/** The Tenant API's denominators (api-docs README decision 5), used when a document carries no rate_basis. */
export const TENANT_BASIS: RateBasis = {
  delivery_rate: "sent",
  open_rate: "delivered",
  click_rate: "delivered",
  reply_rate: "delivered",
  click_to_open_rate: "opened",
  bounce_rate: "sent",
  spam_rate: "sent",
  unsubscribe_rate: "sent",
};

/** "of sent" for `metric` under `basis` (the document's own, else the Tenant's); undefined when unknown. */
export function ofBasis(metric: string, basis: RateBasis | undefined): string | undefined {
  const name = (basis ?? TENANT_BASIS)[metric];
  return name === undefined ? undefined : `of ${name.replace(/_/g, " ")}`;
}

/** "Open, reply and bounce rates are of sent" — one footnote line for a table of rate columns. */
export function basisNote(metrics: readonly string[], basis: RateBasis | undefined): string | undefined {
  const groups = new Map<string, string[]>();
  for (const metric of metrics) {
    const of = ofBasis(metric, basis);
    if (!of) continue;
    groups.set(of, [...(groups.get(of) ?? []), metric.replace(/_rate$/, "").replace(/_/g, "-")]);
  }
  if (groups.size === 0) return undefined;
  const parts = [...groups].map(([of, names]) => `${listWords(names)} ${names.length === 1 ? "rate" : "rates"} ${of}`);
  const sentence = parts.join("; ");
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`;
}

function listWords(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}
