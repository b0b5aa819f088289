/**
 * `compare PROFILE:ID PROFILE:ID …`: campaigns from different workspaces, even different providers,
 * side by side with the local statistics (CLI.md, "Many workspaces at once").
 *
 * Each campaign is fetched through its own profile's provider as the common campaign shape, and
 * its rates are rebuilt from the summary counts over the denominators that provider's campaign
 * view uses. A rate whose denominator differs between the campaigns (an open rate over sent
 * against one over delivered) is never compared: asked for with --metrics it is a usage error
 * naming it; by default only the rates that compare like with like are shown. All of this is
 * decided before any request.
 */
import type { Connection } from "../config/settings.js";
import type { Context } from "../context.js";
import { UsageError } from "../errors.js";
import type { TimeWindow } from "../options/dates.js";
import type { ProviderName } from "../providers/capabilities.js";
import { type CountedCampaign, type RateDefinition, type RateTable, compareLocally } from "../providers/local/compare.js";
import type { CompareResult } from "../providers/shapes.js";
import { DEFAULT_COMPARE_METRICS, RATE_METRICS, type RateMetric } from "../providers/vocabulary.js";
import { runPerProfile } from "./run.js";
import { checkNoOverrides, profileConnections } from "./select.js";

/** At most this many campaigns fetched at once (as for profiles). */
const CONCURRENCY = 4;

export interface QualifiedId {
  profile: string;
  id: string;
  /** As typed: `acme:cmp_abc123`. */
  ref: string;
}

/** Whether the ids are profile-qualified (any of them has a `PROFILE:` prefix). */
export function isQualified(ids: readonly string[]): boolean {
  return ids.some((id) => id.includes(":"));
}

/** `acme:cmp_abc123` → profile and id; every id must be qualified once one is. */
export function parseQualifiedIds(raw: readonly string[]): QualifiedId[] {
  const refs = raw.map((ref) => {
    const colon = ref.indexOf(":");
    if (colon < 0) throw new UsageError(`${JSON.stringify(ref)} names no profile: qualify every id as PROFILE:ID once one is`, { hint: "e.g. analytics compare acme:cmp_abc123 globex:550e8400-e29b-41d4-a716-446655440000" });
    const profile = ref.slice(0, colon);
    const id = ref.slice(colon + 1);
    if (profile === "") throw new UsageError(`${JSON.stringify(ref)} has no profile before the colon`);
    if (id === "") throw new UsageError(`${JSON.stringify(ref)} has no campaign id after the colon`, { hint: `e.g. ${profile}:cmp_abc123` });
    return { profile, id, ref };
  });
  if (refs.length < 2) throw new UsageError(`compare needs at least 2 campaigns (got ${refs.length})`);
  const seen = new Set<string>();
  for (const { ref } of refs) {
    if (seen.has(ref)) throw new UsageError(`${ref} is given more than once; a campaign cannot be compared with itself`);
    seen.add(ref);
  }
  return refs;
}

const SENT_RATES: RateTable = {
  delivery_rate: { successes: "emails_delivered", trials: "emails_sent", basis: "sent" },
  bounce_rate: { successes: "emails_bounced", trials: "emails_sent", basis: "sent" },
  spam_rate: { successes: "spam_complaints", trials: "emails_sent", basis: "sent" },
  unsubscribe_rate: { successes: "unsubscribes", trials: "emails_sent", basis: "sent" },
};

/** The Tenant denominators (api-docs/README.md, decision 5), in the common summary's names. */
const TENANT_RATES: RateTable = {
  open_rate: { successes: "emails_opened", trials: "emails_delivered", basis: "delivered" },
  click_rate: { successes: "emails_clicked", trials: "emails_delivered", basis: "delivered" },
  reply_rate: { successes: "emails_replied", trials: "emails_delivered", basis: "delivered" },
  click_to_open_rate: { successes: "emails_clicked", trials: "emails_opened", basis: "opened" },
  ...SENT_RATES,
};

/**
 * The rates of each provider's campaign view, over the denominators that view uses (CLI.md,
 * rate_basis): ColdSend's over sent (it has no delivered count and no clicks); SendKit's are the
 * CLI's own, over the Tenant denominators. CampaignOS counts messages of every channel, not
 * emails, so its campaigns are not compared with other providers' email counts.
 */
export const CAMPAIGN_RATES: Readonly<Record<ProviderName, RateTable | undefined>> = {
  tenant: TENANT_RATES,
  sendkit: TENANT_RATES,
  coldsend: {
    open_rate: { successes: "emails_opened", trials: "emails_sent", basis: "sent" },
    reply_rate: { successes: "emails_replied", trials: "emails_sent", basis: "sent" },
    bounce_rate: { successes: "emails_bounced", trials: "emails_sent", basis: "sent" },
  },
  campaignos: undefined,
};

interface Planned extends QualifiedId {
  connection: Connection;
  rates: RateTable;
}

const describeBasis = (p: Planned, rate: RateDefinition | undefined): string => `${p.ref} (${p.connection.provider}) ${rate ? `over ${rate.basis}` : "has none"}`;

/** The metrics to compare: as asked (each comparable), else the defaults that compare like with like. */
export function chooseMetrics(planned: readonly Planned[], requested: readonly RateMetric[] | undefined): { metrics: RateMetric[]; leftOut: string[] } {
  const comparable = (metric: RateMetric): string | undefined => {
    const rates = planned.map((p) => p.rates[metric]);
    if (rates.some((rate) => rate === undefined)) return `${metric}: ${planned.filter((p) => !p.rates[metric]).map((p) => `${p.ref} (${p.connection.provider})`).join(", ")} has no ${metric}`;
    const bases = new Set(rates.map((rate) => rate?.basis));
    if (bases.size > 1) return `${metric} is over different denominators: ${planned.map((p) => describeBasis(p, p.rates[metric])).join(", ")}`;
    return undefined;
  };
  const likeWithLike = RATE_METRICS.filter((metric) => comparable(metric) === undefined);
  const hint = likeWithLike.length ? `--metrics ${likeWithLike.join(",")} compares like with like` : "these campaigns share no rate with the same denominator";
  if (requested) {
    for (const metric of requested) {
      const problem = comparable(metric);
      if (problem) throw new UsageError(`cannot compare ${problem}`, { hint });
    }
    return { metrics: [...requested], leftOut: [] };
  }
  const metrics = DEFAULT_COMPARE_METRICS.filter((metric) => comparable(metric) === undefined);
  const leftOut = DEFAULT_COMPARE_METRICS.filter((metric) => comparable(metric) !== undefined).map((metric) => comparable(metric) as string);
  if (metrics.length === 0) {
    if (likeWithLike.length === 0) throw new UsageError("these campaigns share no rate with the same denominator; nothing can be compared fairly");
    return { metrics: likeWithLike, leftOut };
  }
  return { metrics, leftOut };
}

/** Every check that needs no request: profiles known, providers able, rates comparable. */
export async function planCompare(ctx: Context, raw: readonly string[], requested: readonly RateMetric[] | undefined): Promise<{ planned: Planned[]; metrics: RateMetric[]; leftOut: string[] }> {
  checkNoOverrides(ctx.env, ctx.flags, "PROFILE:ID ids");
  const refs = parseQualifiedIds(raw);
  const store = await ctx.config();
  const known = store.profileNames();
  for (const { profile } of refs) {
    if (!known.includes(profile)) throw new UsageError(`no profile named ${JSON.stringify(profile)}`, { hint: known.length ? `profiles: ${known.join(", ")}` : "no profiles saved yet" });
  }
  const connections = profileConnections([...new Set(refs.map((ref) => ref.profile))], store);
  const { checkCampaignIdFor } = await import("./ids.js");
  const planned = refs.map((ref): Planned => {
    const connection = connections.get(ref.profile);
    if (!connection || connection instanceof Error) throw connection ?? new UsageError(`no profile named ${JSON.stringify(ref.profile)}`);
    checkCampaignIdFor(connection.provider, ref.id, ref.ref);
    const rates = CAMPAIGN_RATES[connection.provider];
    if (!rates) throw new UsageError(`${ref.ref}: ${connection.provider} counts messages of every channel, not emails, so it cannot be compared across workspaces`, { hint: `compare campaignos campaigns within one profile: analytics compare --profile ${ref.profile} ID ID` });
    return { ...ref, connection, rates };
  });
  return { planned, ...chooseMetrics(planned, requested) };
}

/** The counts of a common campaign document's summary. */
function summaryCounts(document: unknown): Record<string, number | undefined> {
  const summary = (document as { summary?: Record<string, unknown> }).summary ?? {};
  return Object.fromEntries(Object.entries(summary).filter(([, value]) => typeof value === "number")) as Record<string, number>;
}

/** Fetch each campaign through its own profile, then compare. The first failure ends the command. */
export async function compareAcrossProfiles(ctx: Context, planned: readonly Planned[], metrics: readonly RateMetric[], window: TimeWindow): Promise<CompareResult> {
  const byRef = new Map(planned.map((p) => [p.ref, p]));
  const outcomes = await runPerProfile(
    planned.map((p) => p.ref),
    async (ref, signal) => {
      const p = byRef.get(ref) as Planned;
      const api = await ctx.apiFor(p.connection, signal);
      const document = await api.campaign({ campaignId: p.id, window });
      const name = (document as { campaign_name?: unknown }).campaign_name;
      return { campaign_id: p.ref, campaign_name: typeof name === "string" ? name : p.id, counts: summaryCounts(document) } satisfies CountedCampaign;
    },
    { concurrency: CONCURRENCY, failFast: true, signal: ctx.signal },
  );
  const failed = outcomes.find((outcome) => !outcome.ok);
  if (failed && !failed.ok) throw failed.error;
  const counted = outcomes.flatMap((outcome) => (outcome.ok ? [outcome.value] : []));
  // Bases are equal across campaigns for every chosen metric (chooseMetrics), so one table serves.
  const table: RateTable = Object.fromEntries(metrics.map((metric) => [metric, (planned[0] as Planned).rates[metric]]));
  return compareLocally(counted, table, metrics);
}
