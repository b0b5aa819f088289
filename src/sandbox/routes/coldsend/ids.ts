/**
 * ColdSend's campaign ids are UUIDs. The first campaign of the catalogue has document 003's example
 * id, so every example there works as written; the others are version-4-shaped UUIDs derived from
 * the seed and the catalogue position (stable across runs of the same seed).
 */
import type { SandboxCampaign } from "../../catalog.js";
import { STREAM, hexFor } from "../../prng.js";

/** Document 003's example campaign id. */
export const DOCUMENTED_CAMPAIGN_ID = "550e8400-e29b-41d4-a716-446655440000";

export function coldsendId(seed: number, campaign: SandboxCampaign): string {
  if (campaign.index === 0) return DOCUMENTED_CAMPAIGN_ID;
  const hex = hexFor(32, seed, STREAM.coldsendCampaignId, campaign.index);
  const variant = "89ab"[Number.parseInt(hex[16] ?? "0", 16) % 4];
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
