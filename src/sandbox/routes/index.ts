/**
 * Every provider's API on one server, from the one dataset: each provider's routes, auth and error
 * style live in a folder of their own (routes/<provider>/api.ts). A new provider is one more entry.
 */
import type { ProviderApi, RouteDefinition } from "../router.js";
import { CAMPAIGNOS_API } from "./campaignos/api.js";
import { COLDSEND_API } from "./coldsend/api.js";
import { SENDKIT_API } from "./sendkit/api.js";
import { TENANT_API } from "./tenant/api.js";

export const PROVIDER_APIS: readonly ProviderApi[] = [TENANT_API, CAMPAIGNOS_API, COLDSEND_API, SENDKIT_API];

/** All routes, each tagged with its provider. */
export const ROUTES: readonly RouteDefinition[] = PROVIDER_APIS.flatMap((api) => api.routes.map((route) => ({ ...route, provider: api.provider })));
