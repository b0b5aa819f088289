/**
 * Exact integer apportionment: splitting a daily count over hours (or bounce reasons) so the parts
 * sum exactly to the whole and no part exceeds its cap (an hour cannot open more mail than it delivered).
 */

/**
 * Splits `total` into integer parts proportional to `weights` (largest-remainder method), never giving
 * slot i more than `caps[i]`. Slots that would exceed their cap are fixed at the cap and the rest is
 * re-apportioned among the others (water-filling). Ties go to the lower index, so the result is
 * deterministic. Throws when the caps cannot hold `total`.
 *
 * With `start` (a number in [0, 1)), the units left after flooring go by systematic sampling
 * instead: slot i gets its extra unit with probability equal to its fractional part. Largest
 * remainder always favours the same slots, so over many days small slots (quiet hours) would never
 * get a unit; systematic sampling keeps every slot's expected share exact.
 */
export function allocate(total: number, weights: readonly number[], caps?: readonly number[], start?: number): number[] {
  const size = weights.length;
  const parts = new Array<number>(size).fill(0);
  if (total <= 0) return parts;
  const capOf = (i: number): number => (caps ? (caps[i] ?? 0) : Number.POSITIVE_INFINITY);

  let open: number[] = [];
  for (let i = 0; i < size; i++) if (capOf(i) > 0 && (weights[i] ?? 0) > 0) open.push(i);
  let weightOf = (i: number): number => weights[i] ?? 0;
  if (open.length === 0) {
    // No positive weight where there is room: fall back to apportioning by capacity.
    for (let i = 0; i < size; i++) if (capOf(i) > 0) open.push(i);
    weightOf = (i: number): number => Math.min(capOf(i), total);
  }

  let remaining = total;
  for (;;) {
    const weightSum = open.reduce((sum, i) => sum + weightOf(i), 0);
    const stillOpen: number[] = [];
    for (const i of open) {
      if ((remaining * weightOf(i)) / weightSum >= capOf(i)) {
        parts[i] = capOf(i);
        remaining -= capOf(i);
      } else {
        stillOpen.push(i);
      }
    }
    const saturatedAny = stillOpen.length !== open.length;
    open = stillOpen;
    if (!saturatedAny || open.length === 0) break;
  }
  if (remaining > 0 && open.length === 0) {
    throw new RangeError(`allocate: total ${total} exceeds the sum of caps`);
  }
  if (remaining <= 0) return parts;

  const weightSum = open.reduce((sum, i) => sum + weightOf(i), 0);
  const fractions: Array<{ index: number; fraction: number }> = [];
  let assigned = 0;
  for (const i of open) {
    const ideal = (remaining * weightOf(i)) / weightSum;
    const floor = Math.floor(ideal);
    parts[i] = floor;
    assigned += floor;
    fractions.push({ index: i, fraction: ideal - floor });
  }
  let leftover = remaining - assigned;
  if (start !== undefined) {
    leftover -= systematicSample(fractions, leftover, start, parts);
    if (leftover === 0) return parts;
  }
  fractions.sort((a, b) => b.fraction - a.fraction || a.index - b.index);
  while (leftover > 0) {
    let progressed = false;
    for (const { index } of fractions) {
      if (leftover === 0) break;
      if ((parts[index] ?? 0) < capOf(index)) {
        parts[index] = (parts[index] ?? 0) + 1;
        leftover--;
        progressed = true;
      }
    }
    if (!progressed) throw new RangeError(`allocate: total ${total} exceeds the sum of caps`);
  }
  return parts;
}

/**
 * Give `count` units to slots by systematic sampling over their fractions (points start, start+1, …
 * on the cumulative fractions). Returns how many it placed; rounding noise may leave one to the caller.
 */
function systematicSample(fractions: ReadonlyArray<{ index: number; fraction: number }>, count: number, start: number, parts: number[]): number {
  let cumulative = 0;
  let point = start;
  let placed = 0;
  for (const { index, fraction } of fractions) {
    cumulative += fraction;
    if (placed < count && point < cumulative) {
      parts[index] = (parts[index] ?? 0) + 1;
      placed++;
      point += 1;
    }
  }
  return placed;
}
