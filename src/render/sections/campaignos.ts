/** CampaignOS's campaign sections (`enrollments`, `channels`, `ab_tests`): added by the CampaignOS provider. */
import type { SectionRenderers } from "./index.js";

export const CAMPAIGNOS_SECTIONS: SectionRenderers = {};
