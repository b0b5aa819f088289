/**
 * UTC calendar arithmetic on "day numbers" (whole days since 1970-01-01) and millisecond instants.
 * The dataset is keyed by UTC day and UTC hour, so everything here is plain integer maths.
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** The UTC day number containing an instant. */
export function dayNumber(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/** 00:00:00.000Z of a day number. */
export function dayStartMs(day: number): number {
  return day * DAY_MS;
}

/** 23:59:59.999Z of a day number (ranges in this sandbox have inclusive ends). */
export function dayEndMs(day: number): number {
  return day * DAY_MS + DAY_MS - 1;
}

/** `YYYY-MM-DD` of a day number. */
export function isoDate(day: number): string {
  return new Date(dayStartMs(day)).toISOString().slice(0, 10);
}

/** `YYYY-MM-DDTHH:MM:SSZ`: the API's date-time format (whole seconds, UTC). */
export function formatInstant(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + "Z";
}

/** Day of the week, Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday). */
export function weekdayIndex(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** The Monday that starts the ISO week containing `day`. */
export function isoWeekStartDay(day: number): number {
  return day - weekdayIndex(day);
}

/** The 1st of the month containing `day`. */
export function monthStartDay(day: number): number {
  const date = new Date(dayStartMs(day));
  return dayNumber(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));
}

/** The 1st of the month after the one containing `day`. */
export function nextMonthStartDay(day: number): number {
  const date = new Date(dayStartMs(day));
  return dayNumber(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1));
}
