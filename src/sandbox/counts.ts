/**
 * The event counts the dataset holds for one campaign over one hour, one day or any range.
 *
 * Funnel invariants (checked by `funnelViolations`, held for every hour and therefore every sum):
 * delivered = sent − bounced; hardBounced + softBounced = bounced; opened ≤ delivered;
 * clicked ≤ opened; replied ≤ opened; spamComplaints ≤ delivered; unsubscribes ≤ delivered.
 * Replies are capped by opens (not only by deliveries) so the engagement funnel reads top-down.
 */
export interface Counts {
  sent: number;
  delivered: number;
  bounced: number;
  hardBounced: number;
  softBounced: number;
  opened: number;
  clicked: number;
  replied: number;
  spamComplaints: number;
  unsubscribes: number;
}

export const COUNT_KEYS = [
  "sent",
  "delivered",
  "bounced",
  "hardBounced",
  "softBounced",
  "opened",
  "clicked",
  "replied",
  "spamComplaints",
  "unsubscribes",
] as const satisfies ReadonlyArray<keyof Counts>;

/** A fresh all-zero record. */
export function zeroCounts(): Counts {
  return {
    sent: 0,
    delivered: 0,
    bounced: 0,
    hardBounced: 0,
    softBounced: 0,
    opened: 0,
    clicked: 0,
    replied: 0,
    spamComplaints: 0,
    unsubscribes: 0,
  };
}

/** Adds `addend` into `target` in place and returns `target`. */
export function addInto(target: Counts, addend: Counts): Counts {
  for (const key of COUNT_KEYS) target[key] += addend[key];
  return target;
}

/** The sum of a list of records. */
export function sumCounts(list: Iterable<Counts>): Counts {
  const total = zeroCounts();
  for (const counts of list) addInto(total, counts);
  return total;
}

/** Human-readable descriptions of every broken funnel invariant (empty when consistent). */
export function funnelViolations(c: Counts): string[] {
  const problems: string[] = [];
  for (const key of COUNT_KEYS) {
    if (!Number.isInteger(c[key]) || c[key] < 0) problems.push(`${key} is not a non-negative integer (${c[key]})`);
  }
  if (c.delivered !== c.sent - c.bounced) problems.push(`delivered ${c.delivered} ≠ sent ${c.sent} − bounced ${c.bounced}`);
  if (c.hardBounced + c.softBounced !== c.bounced) problems.push(`hard ${c.hardBounced} + soft ${c.softBounced} ≠ bounced ${c.bounced}`);
  if (c.opened > c.delivered) problems.push(`opened ${c.opened} > delivered ${c.delivered}`);
  if (c.clicked > c.opened) problems.push(`clicked ${c.clicked} > opened ${c.opened}`);
  if (c.replied > c.opened) problems.push(`replied ${c.replied} > opened ${c.opened}`);
  if (c.spamComplaints > c.delivered) problems.push(`spam ${c.spamComplaints} > delivered ${c.delivered}`);
  if (c.unsubscribes > c.delivered) problems.push(`unsubscribes ${c.unsubscribes} > delivered ${c.delivered}`);
  return problems;
}
