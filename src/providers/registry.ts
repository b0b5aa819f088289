/**
 * Loads one provider's code on demand: `--help` and `--version` import none of it, and a command
 * imports only the provider it talks to. A new provider is a folder under providers/ with an
 * index.ts of this shape, one case below, and its row in capabilities.ts.
 */
import type { Connection } from "../config/settings.js";
import type { HttpClient } from "../http/client.js";
import type { ErrorContext } from "../http/errors.js";
import type { ProviderName } from "./capabilities.js";
import type { AnalyticsProvider } from "./provider.js";

export interface ProviderModule {
  /** Prefix of the provider's relative API paths (also for `analytics api`). */
  basePath(connection: Connection): string;
  /** The headers that carry the credential, as the provider's document says. */
  credentialHeaders(connection: Connection): Record<string, string>;
  createProvider(http: HttpClient, errors: ErrorContext, connection: Connection): AnalyticsProvider;
}

export function loadProvider(name: ProviderName): Promise<ProviderModule> {
  switch (name) {
    case "tenant":
      return import("./tenant/index.js");
    case "campaignos":
      return import("./campaignos/index.js");
    case "coldsend":
      return import("./coldsend/index.js");
    case "sendkit":
      return import("./sendkit/index.js");
    default:
      return Promise.reject(new Error(`provider ${name} is not built yet`));
  }
}
