/**
 * Every provider's API on one server: each provider's routes live in a folder of their own and
 * are served from the one dataset. Add an endpoint by adding an entry to its provider's table.
 */
import type { RouteDefinition } from "../router.js";
import { TENANT_ROUTES } from "./tenant/index.js";

export const ROUTES: readonly RouteDefinition[] = [...TENANT_ROUTES];
