import { UsageError } from "../errors.js";

/** A whole number in [min, max] from a flag, or a usage error naming the flag. */
export function parseInteger(raw: string, flag: string, min: number, max: number): number {
  const value = /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`invalid ${flag} "${raw}": expected a whole number from ${min} to ${max}`);
  }
  return value;
}
