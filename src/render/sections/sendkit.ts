/** SendKit's campaign sections (`steps`, `lead_status`, its `ab_tests`): added by the SendKit provider. */
import type { SectionRenderers } from "./index.js";

export const SENDKIT_SECTIONS: SectionRenderers = {};
