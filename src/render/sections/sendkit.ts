/**
 * SendKit's campaign sections: `steps` (per-step counts, A/B variants and their verdicts) and
 * `lead_status` (the leads by status). The renderers live beside the others in render/.
 */
import type { LeadStatus, Step } from "../../providers/sendkit/shape.js";
import { renderLeadStatus } from "../lead-status.js";
import { renderSteps } from "../steps.js";
import type { SectionRenderers } from "./index.js";

export const SENDKIT_SECTIONS: SectionRenderers = {
  steps: (data, view) => renderSteps(data.steps as Step[], view),
  lead_status: (data, view) => renderLeadStatus(data.lead_status as LeadStatus, view),
};
