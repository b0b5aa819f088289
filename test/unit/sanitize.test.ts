import { describe, expect, it } from "vitest";
import { redact, sanitize } from "../../src/render/sanitize.js";

describe("sanitize", () => {
  it("neutralises escape sequences so they cannot drive the terminal", () => {
    const out = sanitize("\u001b[2JEvil\u001b]0;title\u0007");
    expect(out).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(out).toBe("\\x1b[2JEvil\\x1b]0;title\\x07");
  });

  it("neutralises C1 controls and bidi overrides", () => {
    expect(sanitize("a\u009bb")).toBe("a\\x9bb");
    expect(sanitize("abc\u202edef")).toBe("abc\\u202edef");
  });

  it("turns newlines and tabs into spaces and keeps ordinary text", () => {
    expect(sanitize("Q4\tOutreach\nCampaign — Ünïcode ✓")).toBe("Q4 Outreach Campaign — Ünïcode ✓");
  });
});

describe("redact", () => {
  it("replaces every occurrence of the secret", () => {
    expect(redact("Bearer sbx_secret and again sbx_secret", "sbx_secret")).toBe("Bearer [REDACTED] and again [REDACTED]");
  });

  it("leaves text alone without a secret", () => {
    expect(redact("nothing here", undefined)).toBe("nothing here");
  });
});
