/** The campaign id forms each provider uses, checked before any request (an id of the wrong provider's form is a usage error). */
import { UsageError } from "../errors.js";
import { checkId } from "../options/ids.js";
import type { ProviderName } from "../providers/capabilities.js";

const FORMS: Partial<Record<ProviderName, { pattern: RegExp; example: string }>> = {
  coldsend: { pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, example: "550e8400-e29b-41d4-a716-446655440000" },
  sendkit: { pattern: /^[0-9a-f]{24}$/i, example: "665a1b2c3d4e5f6a7b8c9d0e" },
};

export function checkCampaignIdFor(provider: ProviderName, id: string, ref: string): void {
  const form = FORMS[provider];
  if (form && !form.pattern.test(id)) {
    throw new UsageError(`${ref}: ${JSON.stringify(id.slice(0, 40))} is not a ${provider} campaign id`, { hint: `${provider} ids look like ${form.example}` });
  }
  checkId(id, "campaign id");
}
