/**
 * The sandbox's credentials, one set per provider, derived from the seed: distinctive prefixes so
 * tests can grep output for leaks, and stable across runs of the same seed.
 */
import type { ProviderName } from "../providers/capabilities.js";
import { sandboxToken } from "./auth.js";
import { STREAM, hexFor } from "./prng.js";

export interface SandboxCredential {
  /** What goes in ANALYTICS_TOKEN for this provider. */
  token: string;
  /** The workspace id, for providers whose paths carry one. */
  workspace?: string;
}

export type SandboxCredentials = Readonly<Record<ProviderName, SandboxCredential>>;

export interface ExtraKeys {
  /** A ColdSend key that lacks the `campaigns:read` scope (403 on every analytics call). */
  coldsendWithoutScope: string;
  /** A SendKit platform key (`sk_user_…`). */
  sendkitUser: string;
}

export function sandboxCredentials(seed: number, workspaceId: string): SandboxCredentials {
  return {
    tenant: { token: sandboxToken(seed), workspace: workspaceId },
    campaignos: { token: `cos_sess_${hexFor(32, seed, STREAM.campaignosSession)}`, workspace: workspaceId },
    coldsend: { token: `cs_live_${hexFor(32, seed, STREAM.coldsendKey)}` },
    sendkit: { token: `sk_${hexFor(32, seed, STREAM.sendkitKey)}` },
  };
}

export function extraKeys(seed: number): ExtraKeys {
  return {
    coldsendWithoutScope: `cs_live_${hexFor(32, seed, STREAM.coldsendKey, 1)}`,
    sendkitUser: `sk_user_${hexFor(32, seed, STREAM.sendkitKey, 1)}`,
  };
}
