/**
 * Wall-clock day of the week and hour of an instant in an IANA zone. The offset comes from `Intl`
 * for that very instant (timezone.ts), so DST changes fall where the zone's rules put them; no fixed
 * offsets anywhere.
 */
import { HOUR_MS, dayNumber, dayStartMs, weekdayIndex } from "./calendar.js";
import { utcOffsetMinutes } from "./timezone.js";

export interface LocalSlot {
  /** Monday = 0 … Sunday = 6. */
  weekday: number;
  /** 0–23, the local hour containing the instant. */
  hour: number;
}

/** The local day of the week and hour of instant `ms` in `timeZone`. */
export function localSlot(timeZone: string, ms: number): LocalSlot {
  const localMs = ms + utcOffsetMinutes(timeZone, ms) * 60_000;
  const day = dayNumber(localMs);
  return { weekday: weekdayIndex(day), hour: Math.floor((localMs - dayStartMs(day)) / HOUR_MS) };
}
