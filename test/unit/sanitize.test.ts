import { describe, expect, it } from "vitest";
import { csvText, jsonText } from "../../src/render/output.js";
import { TerminalEscaper, escapeForTerminal, redact, sanitize } from "../../src/render/sanitize.js";

describe("sanitize", () => {
  it("neutralises escape sequences so they cannot drive the terminal", () => {
    const out = sanitize("\u001b[2JEvil\u001b]0;title\u0007");
    expect(out).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(out).toBe("\\x1b[2JEvil\\x1b]0;title\\x07");
  });

  it("neutralises C1 controls and bidi overrides", () => {
    expect(sanitize("a\u009bb")).toBe("a\\x9bb");
    expect(sanitize("abc\u202edef")).toBe("abc\\u202edef");
    expect(sanitize("\u200e\u200f\u061c")).toBe("\\u200e\\u200f\\u061c");
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

describe("escapeForTerminal (JSON, CSV and export bytes on a TTY)", () => {
  const hostile = "Q4\u009b2J \u202eevil\u202c \u2066iso\u2069 \u200e\u200f\u061c \u0085 \u007f";

  it("escapes every C1 control and bidi mark as \\uXXXX and keeps the JSON valid and equal", () => {
    const data = { campaign_name: hostile, nested: [{ reason: "a\u009bb" }] };
    const text = escapeForTerminal(JSON.stringify(data, null, 2));
    expect(text).not.toMatch(/[\u0080-\u009f\u007f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
    expect(text).toContain("\\u009b2J \\u202eevil\\u202c \\u2066iso\\u2069 \\u200e\\u200f\\u061c \\u0085 \\u007f");
    expect(JSON.parse(text)).toEqual(data);
  });

  it("keeps tab, LF and CR (JSON layout, CSV records) and ordinary text", () => {
    expect(escapeForTerminal("a\tb\r\nÜnïcode ✓ 日本")).toBe("a\tb\r\nÜnïcode ✓ 日本");
    expect(escapeForTerminal("\u001b[2J")).toBe("\\u001b[2J");
  });

  it("streams: a character split across chunks is escaped once", () => {
    const escaper = new TerminalEscaper();
    const bytes = Buffer.from("x\u202ey", "utf8");
    const out = Buffer.concat([escaper.write(bytes.subarray(0, 2)), escaper.write(bytes.subarray(2, 3)), escaper.write(bytes.subarray(3)), escaper.end()]);
    expect(out.toString("utf8")).toBe("x\\u202ey");
  });

  it("jsonText escapes only for a terminal", () => {
    const data = { name: "a\u009bb\u202e" };
    expect(jsonText(data, false)).toBe(`${JSON.stringify(data, null, 2)}\n`);
    expect(jsonText(data, true)).toBe('{\n  "name": "a\\u009bb\\u202e"\n}\n');
  });
});

describe("csvText", () => {
  it("neutralises C0/C1 controls and bidi overrides in server strings, numbers untouched", () => {
    const text = csvText(["campaign_name", "sent"], [["Q4\u001b[2J\u009b1m\u202eevil\u2066\u200f", 12]]);
    expect(text).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
    expect(text).toBe("campaign_name,sent\r\nQ4\\x1b[2J\\x9b1m\\u202eevil\\u2066\\u200f,12\r\n");
  });
});
