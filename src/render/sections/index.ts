/**
 * The hook for provider-only sections of `campaign` (CLI.md: `enrollments`, `channels`, `ab_tests`,
 * `steps`, `lead_status`). Each provider's sections live in their own file here, as a map from key
 * to renderer; `renderCampaign` appends one section per key the document carries, in
 * PROVIDER_SECTION_KEYS order. A key without a renderer is left to `--json`.
 */
import { type CampaignDocument, PROVIDER_SECTION_KEYS, type ProviderSectionKey } from "../../providers/shapes.js";
import type { Theme } from "../theme.js";
import { CAMPAIGNOS_SECTIONS } from "./campaignos.js";
import { SENDKIT_SECTIONS } from "./sendkit.js";

export interface SectionView {
  columns: number;
  theme: Theme;
}

/** Lines for one section (a title line first); pure, like every renderer. */
export type SectionRenderer = (data: CampaignDocument, view: SectionView) => string[];

export type SectionRenderers = Partial<Record<ProviderSectionKey, SectionRenderer>>;

const BY_PROVIDER: Readonly<Record<string, SectionRenderers>> = { campaignos: CAMPAIGNOS_SECTIONS, sendkit: SENDKIT_SECTIONS };

/**
 * One renderer per key, which hands the document to its own provider's: CampaignOS and SendKit both
 * have `ab_tests`, in different shapes, and neither may draw the other's.
 */
function byProvider(): SectionRenderers {
  const keys = PROVIDER_SECTION_KEYS.filter((key) => Object.values(BY_PROVIDER).some((renderers) => renderers[key]));
  return Object.fromEntries(keys.map((key) => [key, (data: CampaignDocument, view: SectionView) => BY_PROVIDER[data.provider ?? ""]?.[key]?.(data, view) ?? []]));
}

export const SECTION_RENDERERS: SectionRenderers = byProvider();
