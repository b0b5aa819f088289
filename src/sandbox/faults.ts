/**
 * Fault injection: a spec such as `502=2x,download.reset=0.1,slow=0.05` says which failures a
 * simulated proxy in front of the API (or the download host) produces.
 *
 * Each item is `[target.]kind=amount`: target `api` (default) or `download`; amount `Nx` (the next
 * N requests to that target) or a probability in [0, 1] decided by a PRNG seeded from the sandbox
 * seed, so a given seed and request order give the same faults. At most one fault per request;
 * count-based items are consumed (in spec order) before probabilities are drawn.
 */
import { STREAM, randomFor, type Random } from "./prng.js";

export const FAULT_KINDS = ["500", "502", "503", "504", "429", "reset", "reset-mid", "slow", "truncate", "malformed", "html"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const FAULT_TARGETS = ["api", "download"] as const;
export type FaultTarget = (typeof FAULT_TARGETS)[number];

export type FaultAmount = { type: "count"; count: number } | { type: "probability"; probability: number };

export interface FaultRule {
  target: FaultTarget;
  kind: FaultKind;
  amount: FaultAmount;
}

const SPEC_HELP = `valid kinds: ${FAULT_KINDS.join(", ")}; targets: ${FAULT_TARGETS.join(", ")}; amount: a probability 0-1 or Nx`;

/** Parses a fault spec; throws an Error with a one-line message naming the bad item. Empty spec = no faults. */
export function parseFaultSpec(spec: string): FaultRule[] {
  const rules: FaultRule[] = [];
  for (const rawItem of spec.split(",")) {
    const item = rawItem.trim();
    if (item === "") continue;
    rules.push(parseItem(item));
  }
  return rules;
}

function parseItem(item: string): FaultRule {
  const fail = (why: string): Error => new Error(`invalid fault spec item "${item}": ${why} (${SPEC_HELP})`);
  const equals = item.indexOf("=");
  if (equals < 0) throw fail("expected [target.]kind=amount");
  const left = item.slice(0, equals).trim();
  const right = item.slice(equals + 1).trim();

  const dot = left.indexOf(".");
  const targetName = dot < 0 ? "api" : left.slice(0, dot);
  const kindName = dot < 0 ? left : left.slice(dot + 1);
  const target = FAULT_TARGETS.find((value) => value === targetName);
  if (!target) throw fail(`unknown target "${targetName}"`);
  const kind = FAULT_KINDS.find((value) => value === kindName);
  if (!kind) throw fail(`unknown kind "${kindName}"`);

  const countMatch = /^(\d+)x$/i.exec(right);
  if (countMatch) {
    const count = Number(countMatch[1]);
    if (count < 1) throw fail("a count must be at least 1x");
    return { target, kind, amount: { type: "count", count } };
  }
  const probability = /^(?:\d+(?:\.\d*)?|\.\d+)$/.test(right) ? Number(right) : Number.NaN;
  if (!(probability >= 0 && probability <= 1)) throw fail(`bad amount "${right}"`);
  return { target, kind, amount: { type: "probability", probability } };
}

/** The live fault state of a sandbox: remaining counts and one PRNG stream per target. */
export class FaultPlan {
  private rules: FaultRule[] = [];
  private streams = new Map<FaultTarget, Random>();

  constructor(
    spec: string,
    private readonly seed: number,
  ) {
    this.replace(spec);
  }

  /** Replaces the spec (validating it first) and restarts the random streams. */
  replace(spec: string): void {
    const rules = parseFaultSpec(spec);
    this.rules = rules;
    this.streams = new Map(FAULT_TARGETS.map((target, i) => [target, randomFor(this.seed, STREAM.faults, i)]));
  }

  /** The rules as they stand (counts decrease as they are consumed). */
  current(): readonly FaultRule[] {
    return this.rules;
  }

  /** Decides the fault, if any, for the next request to `target`. */
  next(target: FaultTarget): FaultKind | undefined {
    for (const rule of this.rules) {
      if (rule.target === target && rule.amount.type === "count" && rule.amount.count > 0) {
        rule.amount.count--;
        return rule.kind;
      }
    }
    const random = this.streams.get(target);
    for (const rule of this.rules) {
      if (rule.target === target && rule.amount.type === "probability" && random && random() < rule.amount.probability) {
        return rule.kind;
      }
    }
    return undefined;
  }
}
