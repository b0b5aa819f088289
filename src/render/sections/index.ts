/**
 * The hook for provider-only sections of `campaign` (CLI.md: `enrollments`, `channels`, `ab_tests`,
 * `steps`, `lead_status`). Each provider's sections live in their own file here, as a map from key
 * to renderer; `renderCampaign` appends one section per key the document carries, in
 * PROVIDER_SECTION_KEYS order. A key without a renderer is left to `--json`.
 */
import type { CampaignDocument, ProviderSectionKey } from "../../providers/shapes.js";
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

export const SECTION_RENDERERS: SectionRenderers = { ...CAMPAIGNOS_SECTIONS, ...SENDKIT_SECTIONS };
