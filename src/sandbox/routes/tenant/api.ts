/** The Tenant Analytics API as the sandbox serves it: routes, bearer + X-Workspace-ID auth, `{success, error}` errors. */
import { authorize } from "../../auth.js";
import { errorBody } from "../../envelope.js";
import type { ProviderApi } from "../../router.js";
import { TENANT_ROUTES } from "./index.js";

export const TENANT_API: ProviderApi = {
  provider: "tenant",
  routes: TENANT_ROUTES,
  authorize: ({ headers, params, credentials, dataset }) =>
    authorize(headers, params.workspaceId ?? "*", credentials.tenant.token, dataset.workspace.id),
  errorBody: (_status, code, message) => errorBody(code, message),
};
