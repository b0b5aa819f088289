/** Placeholder until its issue lands. */
import { ApiError, type ApiResult } from "../envelope.js";
import type { RouteContext } from "../router.js";

export function engagementHeatmap(_ctx: RouteContext): ApiResult {
  throw new ApiError(501, "NOT_IMPLEMENTED", "not implemented in the sandbox yet");
}
