/**
 * Server strings (campaign names, bounce reasons, error messages) reach the terminal only through
 * these functions, so an escape sequence in a campaign name cannot clear or rewrite the screen.
 */

// C0 controls except tab/newline handling below, DEL, and C1 controls (0x80–0x9f, which some
// terminals treat as ESC-sequences), plus bidi overrides that can disguise text.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Replace control characters with visible escapes; newlines and tabs become spaces. */
export function sanitize(text: string): string {
  return text.replace(/[\t\n]/g, " ").replace(CONTROL, (ch) => {
    const code = ch.codePointAt(0) ?? 0;
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

/** Remove a secret from text that is about to be logged or printed. */
export function redact(text: string, secret: string | undefined): string {
  if (!secret || secret.length < 4) return text;
  return text.split(secret).join("[REDACTED]");
}
