/**
 * What every message on the terminal shares, so that they read alike: the check and cross glyphs,
 * the one timestamp format, and wrapping at word boundaries.
 */

/** The one "done / good" glyph. */
export const CHECK = "✓";
/** The one "failed / bad" glyph. */
export const CROSS = "✗";

/**
 * `2025-11-26 10:00 UTC`: minutes are precise enough to read, and UTC is what the API speaks. Seconds
 * are shown only when they are not zero (an export's ETA). Not a date: the text itself.
 */
export function formatTimestamp(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms) || !/\d{2}:\d{2}/.test(iso)) return iso;
  const text = new Date(ms).toISOString();
  const seconds = text.slice(17, 19);
  return `${text.slice(0, 10)} ${text.slice(11, 16)}${seconds === "00" ? "" : `:${seconds}`} UTC`;
}

/**
 * Break `text` into lines of at most `width` columns at spaces; continuation lines start with
 * `indent`. A word longer than the width (a URL, a path) stays whole on its own line rather than
 * being cut. Existing line breaks are kept.
 */
export function wrapWords(text: string, width: number, indent = ""): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    for (const word of paragraph.split(" ")) {
      const prefix = lines.length > 0 && line === "" ? indent : "";
      const candidate = line === "" ? prefix + word : `${line} ${word}`;
      if (line !== "" && [...candidate].length > width) {
        lines.push(line);
        line = indent + word;
      } else {
        line = candidate;
      }
    }
    lines.push(line);
  }
  return lines;
}
