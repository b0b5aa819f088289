/**
 * Time zone names to offer for `--tz`: the current IANA name of every zone, once. Node's
 * `Intl.supportedValuesOf("timeZone")` lists CLDR's ids, which keep names IANA has since renamed
 * (`Asia/Calcutta` for Asia/Kolkata, `Europe/Kiev` for Europe/Kyiv) and leave out `UTC`.
 */

/** CLDR id → the IANA name that replaced it (the IANA `backward` file's renames that CLDR still uses). */
const RENAMED: Readonly<Record<string, string>> = {
  "Africa/Asmera": "Africa/Asmara",
  "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
  "America/Catamarca": "America/Argentina/Catamarca",
  "America/Coral_Harbour": "America/Atikokan",
  "America/Cordoba": "America/Argentina/Cordoba",
  "America/Godthab": "America/Nuuk",
  "America/Indianapolis": "America/Indiana/Indianapolis",
  "America/Jujuy": "America/Argentina/Jujuy",
  "America/Louisville": "America/Kentucky/Louisville",
  "America/Mendoza": "America/Argentina/Mendoza",
  "Asia/Calcutta": "Asia/Kolkata",
  "Asia/Katmandu": "Asia/Kathmandu",
  "Asia/Rangoon": "Asia/Yangon",
  "Asia/Saigon": "Asia/Ho_Chi_Minh",
  "Atlantic/Faeroe": "Atlantic/Faroe",
  "Europe/Kiev": "Europe/Kyiv",
  "Pacific/Enderbury": "Pacific/Kanton",
  "Pacific/Ponape": "Pacific/Pohnpei",
  "Pacific/Truk": "Pacific/Chuuk",
};

/** The names CLDR uses that IANA has replaced: never offered. */
export const LEGACY_ZONE_NAMES: readonly string[] = Object.keys(RENAMED);

function runtimeKnows(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Canonical IANA zone names this runtime accepts (so `--tz` takes every one), sorted. */
export function canonicalTimeZones(supported: readonly string[] = Intl.supportedValuesOf("timeZone")): string[] {
  const names = supported.map((zone) => {
    const renamed = RENAMED[zone];
    // An older ICU that does not know the new name keeps the old one: offering a name --tz refuses helps nobody.
    return renamed && runtimeKnows(renamed) ? renamed : zone;
  });
  return [...new Set([...names, "UTC"])].sort();
}
