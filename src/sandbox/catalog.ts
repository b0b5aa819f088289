/**
 * The demo workspace's fixed catalogue: workspace, sending domains and campaigns with their
 * per-campaign profiles (volume, baseline rates, sending schedule). Built once per sandbox in O(n);
 * no per-day data is generated here.
 */
import { HOUR_MS, dayStartMs, formatInstant } from "./calendar.js";
import { DOMAINS, type SandboxDomain } from "./domains.js";
import { STREAM, hashInts, randomFor, uniform, uniformInt, type Random } from "./prng.js";

export const WORKSPACE = { id: "ws_xyz789", name: "Acme Growth", timezone: "America/New_York" } as const;
export type SandboxWorkspace = typeof WORKSPACE;

/** Days of history the dataset holds, ending with today (UTC). */
export const HISTORY_DAYS = 180;
export const MIN_CAMPAIGNS = 12;
export const DEFAULT_CAMPAIGNS = 15;

export const CAMPAIGN_STATUSES = ["active", "paused", "completed", "draft"] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export { DOMAINS, type SandboxDomain };

/** Baseline behaviour of one campaign; daily values scatter around these. Rates are fractions. */
export interface CampaignProfile {
  /** Emails sent on an average weekday. */
  weekdayVolume: number;
  /** Opens per delivered email (0.20–0.55). */
  openRate: number;
  /** Clicks per delivered email (0.02–0.10). */
  clickRate: number;
  /** Replies per delivered email (0.01–0.08). */
  replyRate: number;
  /** Bounces per sent email (0.01–0.05). */
  bounceRate: number;
  /** Share of bounces that are hard. */
  hardBounceShare: number;
  /** Spam complaints per delivered email (0.0002–0.003). */
  spamRate: number;
  /** Unsubscribes per delivered email (0.001–0.006). */
  unsubscribeRate: number;
  /** Local (workspace time zone) hour around which this campaign's sends peak. */
  peakLocalHour: number;
}

export interface SandboxCampaign {
  /** Position in the catalogue; keys the campaign's random streams. */
  index: number;
  id: string;
  name: string;
  status: CampaignStatus;
  domainId: string;
  createdAt: string;
  /** First UTC day number with sends; null for a draft (it never sent). */
  firstSendDay: number | null;
  /** Last UTC day number with sends (inclusive); null while the campaign is still sending. */
  lastSendDay: number | null;
  profile: CampaignProfile;
}

export interface Catalog {
  workspace: SandboxWorkspace;
  domains: readonly SandboxDomain[];
  campaigns: readonly SandboxCampaign[];
}

const DOCUMENTED_CAMPAIGNS = [
  { id: "cmp_abc123", name: "Q4 Outreach Campaign" },
  { id: "cmp_def456", name: "Product Launch" },
  { id: "cmp_ghi789", name: "Enterprise Follow-up" },
] as const;

/** Names and statuses of catalogue positions 3–14 (the default workspace: 8 active, like the doc's overview). */
const FIXED_CAMPAIGNS: ReadonlyArray<{ name: string; status: CampaignStatus }> = [
  { name: "Holiday Promo 2025", status: "draft" },
  { name: "Webinar Invitation - December", status: "paused" },
  { name: "SaaS Founders Cold Outreach", status: "active" },
  { name: "Re-engagement: Dormant Leads", status: "completed" },
  { name: "Partner Program Recruitment", status: "active" },
  { name: "Customer Case Study Nurture", status: "completed" },
  { name: "Series A CTO Outreach", status: "active" },
  { name: "Free Trial Conversion", status: "paused" },
  { name: "Agency Partnerships", status: "active" },
  { name: "Event Follow-up: Web Summit", status: "completed" },
  { name: "Fintech Decision Makers", status: "active" },
  { name: "Renewal Reminder Sequence", status: "completed" },
];

const NAME_THEMES = ["Cold Outreach", "Follow-up", "Nurture", "Demo Invite", "Re-engagement", "Case Study", "Webinar Invite", "Intro"];
const NAME_SEGMENTS = [
  "Fintech CFOs",
  "Healthcare IT Leaders",
  "E-commerce Founders",
  "HR Directors",
  "Logistics Ops",
  "EdTech Buyers",
  "Agency Owners",
  "Enterprise Security",
  "Retail Marketing",
  "Manufacturing VPs",
  "Legal Ops",
  "Real Estate Brokers",
];

const ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** Builds the catalogue for a seed, with `today` (a UTC day number) as the end of history. */
export function buildCatalog(seed: number, today: number, campaignCount: number): Catalog {
  const ids = new Set<string>(DOCUMENTED_CAMPAIGNS.map((c) => c.id));
  const campaigns: SandboxCampaign[] = [];
  for (let index = 0; index < campaignCount; index++) {
    campaigns.push(buildCampaign(seed, today, index, ids));
  }
  return { workspace: WORKSPACE, domains: DOMAINS, campaigns };
}

function buildCampaign(seed: number, today: number, index: number, ids: Set<string>): SandboxCampaign {
  const random = randomFor(seed, STREAM.campaignProfile, index);
  const documented = DOCUMENTED_CAMPAIGNS[index];
  const fixed = FIXED_CAMPAIGNS[index - DOCUMENTED_CAMPAIGNS.length];
  const status: CampaignStatus = documented ? "active" : (fixed?.status ?? randomStatus(random));
  const id = documented?.id ?? uniqueCampaignId(seed, index, ids);
  const name = documented?.name ?? fixed?.name ?? generatedName(index);
  const domain = documented ? DOMAINS[index % DOMAINS.length] : DOMAINS[uniformInt(random, 0, DOMAINS.length - 1)];
  const profile = buildProfile(random);
  const schedule = buildSchedule(random, today, status, documented !== undefined);
  const createdAt = formatInstant(dayStartMs(schedule.createdDay) + uniformInt(random, 13, 21) * HOUR_MS + uniformInt(random, 0, 59) * 60_000);
  return { index, id, name, status, domainId: domain?.id ?? DOMAINS[0]!.id, createdAt, ...schedule.sendDays, profile };
}

function randomStatus(random: Random): CampaignStatus {
  const draw = random();
  if (draw < 0.45) return "active";
  if (draw < 0.6) return "paused";
  if (draw < 0.95) return "completed";
  return "draft";
}

function uniqueCampaignId(seed: number, index: number, ids: Set<string>): string {
  for (let attempt = 0; ; attempt++) {
    let hash = hashInts(seed, STREAM.campaignId, index, attempt);
    let suffix = "";
    for (let i = 0; i < 6; i++) {
      suffix += ID_ALPHABET[hash % ID_ALPHABET.length];
      hash = Math.floor(hash / ID_ALPHABET.length);
    }
    const id = `cmp_${suffix}`;
    if (!ids.has(id)) {
      ids.add(id);
      return id;
    }
  }
}

function generatedName(index: number): string {
  const theme = NAME_THEMES[index % NAME_THEMES.length];
  const segment = NAME_SEGMENTS[Math.floor(index / NAME_THEMES.length) % NAME_SEGMENTS.length];
  const wave = Math.floor(index / (NAME_THEMES.length * NAME_SEGMENTS.length)) + 1;
  return `${theme}: ${segment}${wave > 1 ? ` (wave ${wave})` : ""}`;
}

function buildProfile(random: Random): CampaignProfile {
  return {
    weekdayVolume: uniform(random, 60, 320),
    openRate: uniform(random, 0.2, 0.55),
    clickRate: uniform(random, 0.02, 0.1),
    replyRate: uniform(random, 0.01, 0.08),
    bounceRate: uniform(random, 0.01, 0.05),
    hardBounceShare: uniform(random, 0.35, 0.7),
    spamRate: uniform(random, 0.0002, 0.003),
    unsubscribeRate: uniform(random, 0.001, 0.006),
    peakLocalHour: uniformInt(random, 8, 15),
  };
}

interface Schedule {
  createdDay: number;
  sendDays: { firstSendDay: number | null; lastSendDay: number | null };
}

/** When a campaign sends, in days before `today`: documented campaigns start 100–170 days ago so every range has data. */
function buildSchedule(random: Random, today: number, status: CampaignStatus, documented: boolean): Schedule {
  const leadDays = uniformInt(random, 1, 10);
  switch (status) {
    case "draft": {
      return { createdDay: today - uniformInt(random, 0, 20), sendDays: { firstSendDay: null, lastSendDay: null } };
    }
    case "active": {
      const startAgo = documented ? uniformInt(random, 100, 170) : uniformInt(random, 3, 220);
      return { createdDay: today - startAgo - leadDays, sendDays: { firstSendDay: today - startAgo, lastSendDay: null } };
    }
    case "paused": {
      const startAgo = uniformInt(random, 40, 220);
      const stopAgo = uniformInt(random, 3, startAgo - 14);
      return { createdDay: today - startAgo - leadDays, sendDays: { firstSendDay: today - startAgo, lastSendDay: today - stopAgo } };
    }
    case "completed": {
      const startAgo = uniformInt(random, 40, 200);
      const endAgo = Math.max(1, startAgo - uniformInt(random, 21, 90));
      return { createdDay: today - startAgo - leadDays, sendDays: { firstSendDay: today - startAgo, lastSendDay: today - endAgo } };
    }
  }
}
