/**
 * The generative model: one campaign's counts for one UTC day, their exact split over the 24 UTC
 * hours, and the split of the day's bounces over bounce reasons. Pure functions of
 * (seed, campaign, day); nothing here knows about "now" (the dataset truncates today).
 */
import { allocate } from "./allocate.js";
import { weekdayIndex } from "./calendar.js";
import type { SandboxCampaign } from "./catalog.js";
import { type Counts, zeroCounts } from "./counts.js";
import { STREAM, logNoise, randomFor, stochasticRound, unitFor, type Random } from "./prng.js";

/** Send volume by weekday, Monday first: weekends are much quieter. */
const WEEKDAY_VOLUME = [1.0, 1.1, 1.05, 1.0, 0.85, 0.12, 0.08] as const;
/** Engagement by weekday, Monday first: mid-week mail is read a little more. */
const WEEKDAY_ENGAGEMENT = [1.0, 1.08, 1.05, 1.0, 0.93, 0.85, 0.85] as const;
/** Share of sends by local hour: business hours, a shoulder either side, a trickle at night. */
const LOCAL_SEND_WEIGHT = [
  0.01, 0.01, 0.01, 0.01, 0.01, 0.02, 0.05, 0.25, 0.7, 1.0, 1.0, 0.95, 0.7, 0.85, 0.9, 0.85, 0.7, 0.35, 0.15, 0.08, 0.05, 0.03,
  0.02, 0.01,
] as const;
/** Engagement of mail by the local hour it was sent: early morning best, night worst. */
const LOCAL_ENGAGEMENT = [
  0.75, 0.75, 0.75, 0.75, 0.75, 0.8, 0.95, 1.1, 1.2, 1.2, 1.15, 1.1, 1.0, 1.0, 0.95, 0.95, 0.9, 0.9, 0.9, 0.85, 0.85, 0.8, 0.8,
  0.75,
] as const;

export type BounceType = "hard" | "soft";

/** Bounce reasons with their type and baseline share within that type. */
export const BOUNCE_REASONS: ReadonlyArray<{ reason: string; type: BounceType; weight: number }> = [
  { reason: "Invalid recipient", type: "hard", weight: 0.4 },
  { reason: "Mailbox unavailable", type: "hard", weight: 0.25 },
  { reason: "Domain not found", type: "hard", weight: 0.2 },
  { reason: "Recipient address rejected", type: "hard", weight: 0.15 },
  { reason: "Mailbox full", type: "soft", weight: 0.35 },
  { reason: "Connection timed out", type: "soft", weight: 0.25 },
  { reason: "Message rejected as spam", type: "soft", weight: 0.25 },
  { reason: "Temporarily deferred", type: "soft", weight: 0.15 },
];

export interface BounceReasonCount {
  reason: string;
  type: BounceType;
  count: number;
}

/** Whether the campaign sent anything on a UTC day (drafts never do). */
export function sendsOn(campaign: SandboxCampaign, day: number): boolean {
  if (campaign.firstSendDay === null || day < campaign.firstSendDay) return false;
  return campaign.lastSendDay === null || day <= campaign.lastSendDay;
}

/** A campaign's counts for a whole UTC day. Funnel-consistent by construction. */
export function fullDayCounts(seed: number, campaign: SandboxCampaign, day: number): Counts {
  if (!sendsOn(campaign, day)) return zeroCounts();
  const random = randomFor(seed, STREAM.day, campaign.index, day);
  const profile = campaign.profile;
  const weekday = weekdayIndex(day);

  const sent = stochasticRound(profile.weekdayVolume * (WEEKDAY_VOLUME[weekday] ?? 1) * logNoise(random, 0.18), random);
  const bounced = Math.min(sent, stochasticRound(sent * profile.bounceRate * logNoise(random, 0.3), random));
  const hardShare = Math.min(1, profile.hardBounceShare * logNoise(random, 0.15));
  const hardBounced = Math.min(bounced, stochasticRound(bounced * hardShare, random));
  const delivered = sent - bounced;

  const engagement = (WEEKDAY_ENGAGEMENT[weekday] ?? 1) * logNoise(random, 0.08);
  const opened = cappedRound(delivered * profile.openRate * engagement * logNoise(random, 0.06), delivered, random);
  const clicked = cappedRound(delivered * profile.clickRate * engagement * logNoise(random, 0.2), opened, random);
  const replied = cappedRound(delivered * profile.replyRate * engagement * logNoise(random, 0.2), opened, random);
  const spamComplaints = cappedRound(delivered * profile.spamRate * logNoise(random, 0.4), delivered, random);
  const unsubscribes = cappedRound(delivered * profile.unsubscribeRate * logNoise(random, 0.3), delivered, random);

  return { sent, delivered, bounced, hardBounced, softBounced: bounced - hardBounced, opened, clicked, replied, spamComplaints, unsubscribes };
}

function cappedRound(value: number, cap: number, random: Random): number {
  return Math.min(cap, stochasticRound(value, random));
}

/**
 * Splits a day's counts exactly over its 24 UTC hours. Sends follow the campaign's sending window in
 * local time (`utcOffsetMinutes` of the workspace zone that day); every other count is apportioned
 * within its parent's hourly values (bounces within sends, opens within deliveries, clicks and
 * replies within opens, …), so each hour is funnel-consistent and the hours sum to the day.
 * Opens, clicks and replies are attributed to the hour the email was sent.
 */
export function splitDayByHour(seed: number, campaign: SandboxCampaign, day: number, daily: Counts, utcOffsetMinutes: number): Counts[] {
  const localHour = (utcHour: number): number => (((utcHour + Math.round(utcOffsetMinutes / 60)) % 24) + 24) % 24;
  const peak = campaign.profile.peakLocalHour;
  const sendWeights: number[] = [];
  const quality: number[] = [];
  for (let hour = 0; hour < 24; hour++) {
    const local = localHour(hour);
    sendWeights.push((LOCAL_SEND_WEIGHT[local] ?? 0.01) * (1 + 0.6 * Math.exp(-((local - peak) ** 2) / 3)));
    const campaignJitter = 0.9 + 0.2 * unitFor(seed, STREAM.hourJitter, campaign.index, local);
    const dayJitter = 0.95 + 0.1 * unitFor(seed, STREAM.dayHourJitter, campaign.index, day, hour);
    quality.push((LOCAL_ENGAGEMENT[local] ?? 1) * campaignJitter * dayJitter);
  }
  const weighted = (parents: readonly number[]): number[] => parents.map((value, hour) => value * (quality[hour] ?? 1));
  // Each split rounds with its own random start, so quiet hours get their fair share over many days.
  const start = (count: number): number => unitFor(seed, STREAM.hourRounding, campaign.index, day, count);

  const sent = allocate(daily.sent, sendWeights, undefined, start(0));
  const bounced = allocate(daily.bounced, sent, sent, start(1));
  const hardBounced = allocate(daily.hardBounced, bounced, bounced, start(2));
  const delivered = sent.map((value, hour) => value - (bounced[hour] ?? 0));
  const opened = allocate(daily.opened, weighted(delivered), delivered, start(3));
  const clicked = allocate(daily.clicked, weighted(opened), opened, start(4));
  const replied = allocate(daily.replied, weighted(opened), opened, start(5));
  const spamComplaints = allocate(daily.spamComplaints, delivered, delivered, start(6));
  const unsubscribes = allocate(daily.unsubscribes, delivered, delivered, start(7));

  const hours: Counts[] = [];
  for (let hour = 0; hour < 24; hour++) {
    const bouncedHour = bounced[hour] ?? 0;
    const hardHour = hardBounced[hour] ?? 0;
    hours.push({
      sent: sent[hour] ?? 0,
      delivered: delivered[hour] ?? 0,
      bounced: bouncedHour,
      hardBounced: hardHour,
      softBounced: bouncedHour - hardHour,
      opened: opened[hour] ?? 0,
      clicked: clicked[hour] ?? 0,
      replied: replied[hour] ?? 0,
      spamComplaints: spamComplaints[hour] ?? 0,
      unsubscribes: unsubscribes[hour] ?? 0,
    });
  }
  return hours;
}

/** Splits a day's hard and soft bounces over the bounce reasons; counts sum exactly to each. */
export function splitBounceReasons(seed: number, campaign: SandboxCampaign, day: number, hard: number, soft: number): BounceReasonCount[] {
  const random = randomFor(seed, STREAM.bounceReasons, campaign.index, day);
  const weights = BOUNCE_REASONS.map((entry) => entry.weight * logNoise(random, 0.35));
  const splitType = (type: BounceType, total: number): number[] =>
    allocate(
      total,
      BOUNCE_REASONS.map((entry, i) => (entry.type === type ? (weights[i] ?? 0) : 0)),
    );
  const hardParts = splitType("hard", hard);
  const softParts = splitType("soft", soft);
  return BOUNCE_REASONS.map((entry, i) => ({
    reason: entry.reason,
    type: entry.type,
    count: entry.type === "hard" ? (hardParts[i] ?? 0) : (softParts[i] ?? 0),
  }));
}
