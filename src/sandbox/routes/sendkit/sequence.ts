/**
 * The SendKit view of the shared dataset (document 004): each campaign as a multi-step sequence,
 * some steps A/B tested (one with three variants), and its leads by status. Derived from the same
 * campaign totals as every other provider, deterministic from the seed: the steps partition the
 * campaign's sent, opened, clicked and bounced counts exactly, like the document's example
 * (100 + 50 = 150 sent).
 */
import { allocate } from "../../allocate.js";
import { dayStartMs, HOUR_MS } from "../../calendar.js";
import type { SandboxCampaign } from "../../catalog.js";
import type { Counts } from "../../counts.js";
import type { Dataset } from "../../dataset.js";
import { hexFor, logNoise, randomFor, type Random } from "../../prng.js";

/** The document's example id; it names catalogue position 0. */
export const DOCUMENTED_SENDKIT_ID = "665a1b2c3d4e5f6a7b8c9d0e";
/** The document's example name for that campaign. */
const DOCUMENTED_NAME = "Q1 Outreach Campaign";
/** Keeps SendKit's random draws on streams of their own (prng.ts's STREAM tags stop well below). */
const SENDKIT_STREAM = 0x5e4d;

export interface StepPlan {
  step: number;
  /** Null: no A/B test on this step. */
  variants: readonly string[] | null;
}

export interface StepRow {
  _id: { sequenceStep: number; variant: string | null };
  sent: number;
  opened: number;
  clicked: number;
  bounced: number;
}

export interface StatusBreakdown {
  active: number;
  completed: number;
  bounced: number;
  unsubscribed: number;
  replied: number;
  removed: number;
}

/** The first three catalogue positions have fixed sequences: an A/B step and the document's gap, a three-way test, a plain sequence. */
const FIXED_PLANS: readonly (readonly StepPlan[])[] = [
  [
    { step: 0, variants: ["A", "B"] },
    { step: 2, variants: null },
  ],
  [
    { step: 0, variants: null },
    { step: 1, variants: ["A", "B", "C"] },
    { step: 2, variants: null },
  ],
  [0, 1, 2, 3].map((step) => ({ step, variants: null })),
];

/** SendKit ids (24 hex digits, like the document's) of a dataset's campaigns, both ways. */
export interface SendkitIds {
  idOf(campaign: SandboxCampaign): string;
  campaignOf(id: string): SandboxCampaign | undefined;
}

const idsByDataset = new WeakMap<Dataset, SendkitIds>();

export function sendkitIds(dataset: Dataset): SendkitIds {
  let ids = idsByDataset.get(dataset);
  if (!ids) {
    const byCampaign = new Map<SandboxCampaign, string>();
    const byId = new Map<string, SandboxCampaign>();
    for (const campaign of dataset.campaigns) {
      const id = campaign.index === 0 ? DOCUMENTED_SENDKIT_ID : hexFor(24, dataset.seed, SENDKIT_STREAM, 0, campaign.index);
      byCampaign.set(campaign, id);
      byId.set(id, campaign);
    }
    ids = { idOf: (campaign) => byCampaign.get(campaign) ?? "", campaignOf: (id) => byId.get(id) };
    idsByDataset.set(dataset, ids);
  }
  return ids;
}

/** The campaign's sequence: fixed for the first three, otherwise 1–5 steps with an occasional gap and A/B test. */
export function stepPlan(seed: number, campaign: SandboxCampaign): readonly StepPlan[] {
  const fixed = FIXED_PLANS[campaign.index];
  if (fixed) return fixed;
  const random = randomFor(seed, SENDKIT_STREAM, 1, campaign.index);
  const count = 1 + Math.floor(random() * 5);
  const plan: StepPlan[] = [];
  let step = 0;
  for (let i = 0; i < count; i++) {
    plan.push({ step, variants: random() < 0.3 ? ["A", "B"] : null });
    // A removed step keeps its number in SendKit, so later steps show a gap.
    step += random() < 0.2 ? 2 : 1;
  }
  return plan;
}

/** The campaign's name and start as SendKit shows them. */
export function campaignHeader(dataset: Dataset, campaign: SandboxCampaign) {
  return {
    id: sendkitIds(dataset).idOf(campaign),
    name: campaign.index === 0 ? DOCUMENTED_NAME : campaign.name,
    status: campaign.status,
    startedAt: campaign.firstSendDay === null ? null : new Date(dayStartMs(campaign.firstSendDay) + 9 * HOUR_MS).toISOString(),
  };
}

/** The campaign's whole history (SendKit has no time ranges). */
export function campaignTotals(dataset: Dataset, campaign: SandboxCampaign): Counts {
  return dataset.sumRange(campaign, dayStartMs(dataset.firstDay), dataset.nowMs);
}

/**
 * Splits the campaign's totals over its steps and variants. Later steps send less (leads drop
 * out); each step and variant has its own engagement, so A/B tests differ for real and some are
 * significant.
 */
export function stepRows(seed: number, campaign: SandboxCampaign, totals: Counts): StepRow[] {
  if (totals.sent === 0) return [];
  const random = randomFor(seed, SENDKIT_STREAM, 2, campaign.index);
  const groups = stepPlan(seed, campaign).flatMap((plan, position) =>
    (plan.variants ?? [null]).map((variant) => ({ step: plan.step, variant, share: 0.6 ** position / (plan.variants?.length ?? 1) })),
  );
  const quality = (spread: number): number[] => groups.map(() => logNoise(random, spread));
  const sendNoise = quality(0.05);
  const sent = allocate(totals.sent, groups.map((group, i) => group.share * (sendNoise[i] ?? 1)));
  const bounced = allocate(totals.bounced, weigh(sent, quality(0.25)), sent);
  const delivered = sent.map((value, i) => value - (bounced[i] ?? 0));
  const opened = allocate(totals.opened, weigh(delivered, quality(0.2)), delivered);
  const clicked = allocate(totals.clicked, weigh(opened, quality(0.3)), opened);
  return groups.map((group, i) => ({
    _id: { sequenceStep: group.step, variant: group.variant },
    sent: sent[i] ?? 0,
    opened: opened[i] ?? 0,
    clicked: clicked[i] ?? 0,
    bounced: bounced[i] ?? 0,
  }));
}

function weigh(parents: readonly number[], factors: readonly number[]): number[] {
  return parents.map((value, i) => value * (factors[i] ?? 1));
}

/**
 * Leads by their current status. A lead that bounced, unsubscribed or replied stops in that
 * status, so those three equal the campaign's counts (as in the document's example); the rest are
 * removed, completed or still active (waiting for a step, or not yet contacted).
 */
export function statusBreakdown(seed: number, campaign: SandboxCampaign, totals: Counts, steps: readonly StepRow[]): StatusBreakdown {
  const random: Random = randomFor(seed, SENDKIT_STREAM, 3, campaign.index);
  const firstStep = steps[0]?._id.sequenceStep;
  const contacted = steps.filter((row) => row._id.sequenceStep === firstStep).reduce((sum, row) => sum + row.sent, 0);
  const stopped = totals.bounced + totals.unsubscribes + totals.replied;
  const rest = Math.max(0, contacted - stopped);
  const removed = Math.round(rest * (0.03 + 0.05 * random()));
  const finished = campaign.status === "completed" ? rest - removed : Math.round((rest - removed) * (0.2 + 0.5 * random()));
  const notYetContacted = campaign.status === "completed" ? 0 : Math.round((contacted || 200) * (0.1 + 0.4 * random()));
  return {
    active: rest - removed - finished + notYetContacted,
    completed: finished,
    bounced: totals.bounced,
    unsubscribed: totals.unsubscribes,
    replied: totals.replied,
    removed,
  };
}

