/**
 * The one sanitiser. Server strings (campaign names, bounce reasons, error messages) reach the
 * terminal only through these functions, so an escape sequence in a campaign name cannot clear or
 * rewrite the screen, and a bidi override cannot make text read differently from what it is.
 */
import { StringDecoder } from "node:string_decoder";

// C0 controls, DEL and C1 controls (0x80–0x9f: 0x9b is an 8-bit CSI to many terminals), plus the
// bidi marks, embeddings, overrides and isolates that can disguise text.
const UNSAFE = "\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069";
const UNSAFE_FOR_DISPLAY = new RegExp(`[${UNSAFE}]`, "g");
// Tab, LF and CR keep their meaning in data (JSON layout, CSV records); everything else unsafe goes.
const UNSAFE_IN_DATA = new RegExp(`(?![\\t\\n\\r])[${UNSAFE}]`, "g");

const hex = (code: number, digits: number): string => code.toString(16).padStart(digits, "0");

/** Replace control characters with visible escapes; newlines and tabs become spaces. */
export function sanitize(text: string): string {
  return text.replace(/[\t\n]/g, " ").replace(UNSAFE_FOR_DISPLAY, (ch) => {
    const code = ch.codePointAt(0) ?? 0;
    return code <= 0xff ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`;
  });
}

/**
 * Data (JSON, CSV, export bytes) bound for a terminal: every unsafe character but tab, LF and CR
 * becomes a `\uXXXX` escape. In JSON such characters can only sit inside strings, where the escape
 * means the same character, so the document stays valid and its data unchanged.
 */
export function escapeForTerminal(text: string): string {
  return text.replace(UNSAFE_IN_DATA, (ch) => `\\u${hex(ch.codePointAt(0) ?? 0, 4)}`);
}

/** escapeForTerminal over a byte stream: UTF-8 sequences split across chunks are joined first. */
export class TerminalEscaper {
  private readonly decoder = new StringDecoder("utf8");

  /** The escaped bytes of `chunk` (a partial character at its end waits for the next one). */
  write(chunk: Buffer): Buffer {
    return Buffer.from(escapeForTerminal(this.decoder.write(chunk)), "utf8");
  }

  /** Whatever was held back at the end of the stream. */
  end(): Buffer {
    return Buffer.from(escapeForTerminal(this.decoder.end()), "utf8");
  }
}

/** Remove a secret from text that is about to be logged or printed. */
export function redact(text: string, secret: string | undefined): string {
  if (!secret || secret.length < 4) return text;
  return text.split(secret).join("[REDACTED]");
}
