/**
 * Hash-based pseudo-random numbers. A tuple of integers (seed, stream tag, campaign, day, …) hashes
 * to its own reproducible stream, so any cell of the dataset can be computed on demand in O(1)
 * without generating the cells before it.
 */

/** A source of uniform numbers in [0, 1). */
export type Random = () => number;

/** Stream tags: keep every consumer of randomness on its own stream so adding draws to one cannot shift another. */
export const STREAM = {
  campaignProfile: 1,
  campaignId: 2,
  day: 3,
  hourJitter: 4,
  dayHourJitter: 5,
  bounceReasons: 6,
  token: 7,
  faults: 8,
  hourRounding: 9,
  campaignosSession: 10,
  coldsendKey: 11,
  sendkitKey: 12,
  coldsendCampaignId: 13,
} as const;

const TWO_POW_32 = 4_294_967_296;

function mixWord(hash: number, word: number): number {
  let k = Math.imul(word >>> 0, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  let h = hash ^ k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) >>> 0;
}

function finalize(hash: number): number {
  let h = hash;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** MurmurHash3-style hash of a tuple of safe integers (negatives allowed) to a uint32. Order-sensitive. */
export function hashInts(...values: readonly number[]): number {
  let hash = 0x2545f491;
  for (const value of values) {
    if (!Number.isSafeInteger(value)) throw new RangeError(`hashInts expects safe integers, got ${value}`);
    hash = mixWord(hash, value >>> 0);
    hash = mixWord(hash, Math.floor(value / TWO_POW_32) >>> 0);
  }
  return finalize(hash ^ (values.length * 8));
}

/** Mulberry32: a small, fast generator; good enough for synthetic data, not for secrets. */
export function createRandom(seed32: number): Random {
  let state = seed32 >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / TWO_POW_32;
  };
}

/** The stream for a key tuple, e.g. `randomFor(seed, STREAM.day, campaignIndex, day)`. */
export function randomFor(...key: readonly number[]): Random {
  return createRandom(hashInts(...key));
}

/** A single uniform draw in [0, 1) for a key tuple. */
export function unitFor(...key: readonly number[]): number {
  return hashInts(...key) / TWO_POW_32;
}

/** Uniform real in [min, max). */
export function uniform(random: Random, min: number, max: number): number {
  return min + (max - min) * random();
}

/** Uniform integer in [min, max] (inclusive). */
export function uniformInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** Standard normal deviate (Box–Muller, two draws). */
export function standardNormal(random: Random): number {
  const u1 = 1 - random();
  const u2 = random();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** Multiplicative noise around 1: exp(sigma × N(0,1)). */
export function logNoise(random: Random, sigma: number): number {
  return Math.exp(sigma * standardNormal(random));
}

/** Rounds up with probability equal to the fraction, so small expectations still yield occasional counts. */
export function stochasticRound(value: number, random: Random): number {
  if (value <= 0) return 0;
  const floor = Math.floor(value);
  return random() < value - floor ? floor + 1 : floor;
}

/** `count` hex digits derived from a key tuple. */
export function hexFor(count: number, ...key: readonly number[]): string {
  let out = "";
  for (let block = 0; out.length < count; block++) {
    out += hashInts(...key, block).toString(16).padStart(8, "0");
  }
  return out.slice(0, count);
}
