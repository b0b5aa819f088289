/**
 * What CampaignOS knows beyond the shared campaigns' message counts, derived from the same seed and
 * clock: contacts with signup days (cohorts), named events per day (funnels, the time series),
 * UTM-tagged visits (attribution), and per campaign its CampaignOS id (`cmp_1` …), push share,
 * failed sends, enrollments and A/B tests. Everything is computed on demand from hashes: O(days).
 *
 * Invariants the tests check: funnels never increase; cohort weeks never exceed the cohort's size;
 * attribution's events add up to `totalAttributedEvents`, which is at most the window's page views;
 * conversions are at most the window's purchases.
 */
import type { SandboxCampaign } from "../../catalog.js";
import { isoWeekStartDay, weekdayIndex } from "../../calendar.js";
import type { Counts } from "../../counts.js";
import type { Dataset } from "../../dataset.js";
import { allocate } from "../../allocate.js";
import { hashInts, unitFor } from "../../prng.js";

/** Own stream tags (kept far from prng.ts's STREAM so both can grow). */
const TAG = { signups: 1001, events: 1002, push: 1003, failed: 1004, enroll: 1005, ab: 1006, retention: 1007, utm: 1008 } as const;

/** Event types in the order a visitor usually meets them; a funnel that follows this order converts best. */
export const EVENT_TYPES = ["page_view", "signup", "email_open", "email_click", "add_to_cart", "purchase"] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Contacts that existed before the dataset's history starts. */
const CONTACTS_BEFORE_HISTORY = 47_200;

/** Events per acting contact per day, by type. */
const EVENTS_PER_ACTOR: Record<EventType, number> = { page_view: 3.1, signup: 1, email_open: 1.4, email_click: 1.2, add_to_cart: 1.5, purchase: 1.1 };

export function isEventType(name: string): name is EventType {
  return (EVENT_TYPES as readonly string[]).includes(name);
}

/** New contacts on a UTC day: 25–70, fewer at weekends. */
export function signups(dataset: Dataset, day: number): number {
  if (day < dataset.firstDay || day > dataset.today) return 0;
  const weekend = weekdayIndex(day) >= 5 ? 0.55 : 1;
  return Math.round((25 + 45 * unitFor(dataset.seed, TAG.signups, day)) * weekend);
}

/** Distinct contacts doing `type` on a day. Email opens and clicks come from the campaigns' own counts. */
export function actors(dataset: Dataset, type: EventType, day: number, messages?: Counts): number {
  const base = signups(dataset, day);
  const jitter = (lo: number, hi: number): number => lo + (hi - lo) * unitFor(dataset.seed, TAG.events, day, EVENT_TYPES.indexOf(type));
  switch (type) {
    case "page_view":
      return Math.round(base * jitter(9, 12));
    case "signup":
      return base;
    case "email_open":
      return messages?.opened ?? 0;
    case "email_click":
      return messages?.clicked ?? 0;
    case "add_to_cart":
      return Math.round(base * jitter(0.9, 1.3));
    case "purchase":
      return Math.round(base * jitter(0.15, 0.24));
  }
}

/** Events of `type` on a day. */
export function events(dataset: Dataset, type: EventType, day: number, messages?: Counts): number {
  return Math.round(actors(dataset, type, day, messages) * EVENTS_PER_ACTOR[type]);
}

/** All campaigns' message counts on a day. */
export function dayMessages(dataset: Dataset, day: number): Counts {
  return dataset.sumRange(dataset.campaigns, day * 86_400_000, day * 86_400_000 + 86_399_999);
}

/** Every event of every type on a day. */
export function allEvents(dataset: Dataset, day: number, messages = dayMessages(dataset, day)): number {
  return EVENT_TYPES.reduce((sum, type) => sum + events(dataset, type, day, messages), 0);
}

/** The days of a `days=N` lookback, oldest first, ending today. */
export function lookbackDays(dataset: Dataset, days: number): number[] {
  return Array.from({ length: days }, (_, i) => dataset.today - days + 1 + i);
}

/** Contacts in total at the end of `day`. */
export function contactsUntil(dataset: Dataset, day: number): number {
  let total = CONTACTS_BEFORE_HISTORY;
  for (let d = dataset.firstDay; d <= day; d++) total += signups(dataset, d);
  return total;
}

// ── Funnels ──

/**
 * Contacts reaching each step in order. A step that follows the natural order keeps the contacts
 * who did it at all (capped by the step before); a step that goes backwards, or repeats, keeps a
 * share. Capped by the previous step, so a funnel never increases.
 */
export function funnelCounts(dataset: Dataset, steps: readonly EventType[], days: readonly number[]): number[] {
  const totals = new Map<EventType, number>();
  const messages = steps.some((s) => s.startsWith("email_")) ? days.map((day) => dayMessages(dataset, day)) : [];
  const total = (type: EventType): number => {
    let value = totals.get(type);
    if (value === undefined) {
      value = days.reduce((sum, day, i) => sum + actors(dataset, type, day, messages[i]), 0);
      totals.set(type, value);
    }
    return value;
  };
  const counts: number[] = [];
  steps.forEach((step, i) => {
    const previous = steps[i - 1];
    if (previous === undefined) return counts.push(total(step));
    const forward = EVENT_TYPES.indexOf(step) > EVENT_TYPES.indexOf(previous);
    const reached = forward ? total(step) : Math.round(total(step) * (step === previous ? 0.42 : 0.31));
    counts.push(Math.min(counts[i - 1] ?? 0, reached));
  });
  return counts;
}

// ── Cohorts ──

export interface Cohort {
  /** First day of the cohort's signup week (a Monday). */
  startDay: number;
  size: number;
  /** Contacts of the cohort active in week 0, 1, …: only weeks that have begun. */
  retained: number[];
}

/** Share of a cohort still active in week `week` for a metric (1 for week 0 of `events`: signing up is an event). */
function retentionShare(dataset: Dataset, startDay: number, week: number, metric: string): number {
  const scale = metric === "events" ? 1 : metric === "page_view" ? 0.9 : metric === "purchase" ? 0.12 : 0.4;
  if (week === 0) return metric === "events" || metric === "signup" ? 1 : scale;
  const noise = 0.9 + 0.2 * unitFor(dataset.seed, TAG.retention, startDay, week, hashInts(...[...metric].map((c) => c.charCodeAt(0))));
  return Math.min(1, scale * (0.28 + 0.5 * Math.pow(0.72, week - 1)) * noise);
}

/** Weekly signup cohorts whose week starts within the lookback (sizes are real signup counts, never 100 by design). */
export function cohorts(dataset: Dataset, days: number, metric: string): Cohort[] {
  const firstWeek = isoWeekStartDay(Math.max(dataset.firstDay, dataset.today - days + 1));
  const list: Cohort[] = [];
  for (let start = firstWeek; start <= dataset.today; start += 7) {
    let size = 0;
    for (let day = start; day < start + 7 && day <= dataset.today; day++) size += signups(dataset, day);
    const retained: number[] = [];
    for (let week = 0; start + 7 * week <= dataset.today; week++) {
      const value = Math.round(size * retentionShare(dataset, start, week, metric));
      retained.push(Math.min(size, week === 0 ? value : Math.min(value, retained[week - 1] ?? value)));
    }
    list.push({ startDay: start, size, retained });
  }
  return list;
}

// ── Attribution ──

/** UTM tags of the demo workspace's traffic and their share of tagged page views. */
export const UTM_SOURCES = [
  { source: "google", medium: "cpc", campaign: "summer-sale", weight: 0.3, eventsPerVisitor: 2.4 },
  { source: "newsletter", medium: "email", campaign: "welcome-series", weight: 0.22, eventsPerVisitor: 2.9 },
  { source: "linkedin", medium: "social", campaign: "founders-q4", weight: 0.16, eventsPerVisitor: 2.1 },
  { source: "facebook", medium: "social", campaign: "retargeting", weight: 0.12, eventsPerVisitor: 1.8 },
  { source: "bing", medium: "cpc", campaign: "summer-sale", weight: 0.08, eventsPerVisitor: 2.2 },
  { source: "partner-blog", medium: "referral", campaign: "integrations", weight: 0.07, eventsPerVisitor: 3.3 },
  { source: "google", medium: "cpc", campaign: "brand", weight: 0.05, eventsPerVisitor: 2.6 },
] as const;

/** Share of page views that carry UTM tags. */
const TAGGED_SHARE = 0.56;

export interface Attribution {
  rows: Array<{ source: string; medium: string; campaign: string; uniqueVisitors: number; totalEvents: number }>;
  totalAttributedEvents: number;
  conversions: number;
  pageViews: number;
  purchases: number;
}

export function attribution(dataset: Dataset, days: readonly number[]): Attribution {
  const pageViews = days.reduce((sum, day) => sum + events(dataset, "page_view", day), 0);
  const purchases = days.reduce((sum, day) => sum + events(dataset, "purchase", day), 0);
  const totalAttributedEvents = Math.round(pageViews * TAGGED_SHARE);
  const weights = UTM_SOURCES.map((utm, i) => utm.weight * (0.85 + 0.3 * unitFor(dataset.seed, TAG.utm, days.length, i)));
  const split = allocate(totalAttributedEvents, weights);
  const rows = UTM_SOURCES.map((utm, i) => {
    const totalEvents = split[i] ?? 0;
    return { source: utm.source, medium: utm.medium, campaign: utm.campaign, uniqueVisitors: Math.floor(totalEvents / utm.eventsPerVisitor), totalEvents };
  });
  return { rows, totalAttributedEvents, conversions: Math.round(purchases * TAGGED_SHARE * 0.8), pageViews, purchases };
}

// ── Campaigns as CampaignOS sees them ──

/** CampaignOS numbers campaigns: catalogue position 0 is `cmp_1` (the document's example). */
export function campaignOsId(campaign: SandboxCampaign): string {
  return `cmp_${campaign.index + 1}`;
}

export function campaignByOsId(dataset: Dataset, id: string): SandboxCampaign | undefined {
  const match = /^cmp_([1-9]\d{0,6})$/.exec(id);
  return match ? dataset.campaigns[Number(match[1]) - 1] : undefined;
}

/** Messages that failed before sending: 0.5–1.5 % on top of the sent ones. */
export function failedFor(dataset: Dataset, campaign: SandboxCampaign, sent: number): number {
  return Math.floor(sent * (0.005 + 0.01 * unitFor(dataset.seed, TAG.failed, campaign.index)));
}

/** The share of a campaign's messages that go out as push notifications (0 for a third of campaigns). */
export function pushShare(dataset: Dataset, campaign: SandboxCampaign): number {
  if (campaign.index === 0) return 1 / 6;
  return campaign.index % 3 === 2 ? 0 : 0.05 + 0.25 * unitFor(dataset.seed, TAG.push, campaign.index);
}

/** Contacts ever enrolled in the campaign, still active and finished (the rest exited early). */
export function enrollments(dataset: Dataset, campaign: SandboxCampaign, sentEver: number) {
  const total = Math.round(sentEver / 2.3);
  const finished = campaign.status === "completed" ? 0.93 : 0.55 + 0.2 * unitFor(dataset.seed, TAG.enroll, campaign.index);
  const completed = Math.floor(total * finished);
  const active = campaign.status === "active" ? Math.floor((total - completed) * 0.8) : 0;
  return { total, active, completed };
}

export interface AbTest {
  id: string;
  name: string;
  variants: Array<{ name: string; sent: number; opened: number }>;
}

const AB_TESTS = [
  { name: "Subject Line Test", variants: ["Variant A", "Variant B"], lifts: [1, 1.3] },
  { name: "Send Time Test", variants: ["Morning", "Midday", "Evening"], lifts: [1, 1.04, 0.97] },
  { name: "Preheader Test", variants: ["Short", "Long"], lifts: [1, 1.01] },
] as const;

/**
 * A/B tests on a campaign over a period: cmp_1 runs the first two, every third campaign one,
 * drafts none. The variants share 60 % of the period's deliveries; opens follow the campaign's own
 * open rate times the variant's lift, with a little noise.
 */
export function abTests(dataset: Dataset, campaign: SandboxCampaign, counts: Counts): AbTest[] {
  const chosen = campaign.index === 0 ? [0, 1] : campaign.index % 3 === 0 ? [campaign.index % 2 === 0 ? 2 : 0] : [];
  if (campaign.firstSendDay === null) return [];
  const openRate = counts.delivered > 0 ? counts.opened / counts.delivered : 0;
  return chosen.map((which, t) => {
    const spec = AB_TESTS[which]!;
    return {
      id: `ab_${campaign.index * 10 + t + 1}`,
      name: spec.name,
      variants: spec.variants.map((name, v) => {
        const sent = Math.round((counts.delivered * 0.6) / spec.variants.length);
        const noise = 0.97 + 0.06 * unitFor(dataset.seed, TAG.ab, campaign.index, t, v);
        return { name, sent, opened: Math.min(sent, Math.round(sent * openRate * (spec.lifts[v] ?? 1) * noise)) };
      }),
    };
  });
}
