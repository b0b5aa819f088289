import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { Readable } from "node:stream";
import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import { renderExportStatus } from "../../src/export/status-view.js";
import { run } from "../../src/main.js";
import { CHECK, CROSS, formatTimestamp, wrapWords } from "../../src/render/messages.js";
import { createTheme } from "../../src/render/theme.js";

/** A terminal whose stderr is a TTY `columns` wide (or a pipe), capturing what is written. */
function terminal(stderrIsTTY: boolean, columns = 40) {
  const text = { stdout: "", stderr: "" };
  const sink = (key: "stdout" | "stderr") =>
    Object.assign(
      new Writable({
        write(chunk, _encoding, done) {
          text[key] += String(chunk);
          done();
        },
      }),
      key === "stderr" ? { isTTY: stderrIsTTY, columns } : { isTTY: false },
    );
  return { text, terminal: { stdout: sink("stdout"), stderr: sink("stderr"), stdin: Object.assign(Readable.from([]), { isTTY: false }) } };
}

async function runWith(argv: string[], stderrIsTTY: boolean) {
  const { text, terminal: t } = terminal(stderrIsTTY);
  const code = await run(argv, { terminal: t, env: {}, signal: new AbortController().signal });
  return { code, stdout: text.stdout, stderr: stripVTControlCharacters(text.stderr) };
}

describe("messages wrap at word boundaries on a terminal", () => {
  it("wraps to the width, indents continuation lines, and never cuts a word", () => {
    expect(wrapWords("one two three four", 9, "  ")).toEqual(["one two", "  three", "  four"]);
    expect(wrapWords("see https://example.com/a/very/long/path now", 12, "  ")).toEqual(["see", "  https://example.com/a/very/long/path", "  now"]);
    expect(wrapWords("short", 40)).toEqual(["short"]);
  });

  it("wraps errors, hints and usage errors on a 40-column terminal; keeps one line per message in a pipe", async () => {
    const argv = ["campaign", "cmp_abc123", "--token", "x"];
    const tty = await runWith(argv, true);
    const piped = await runWith(argv, false);
    expect(tty.code).toBe(2);
    const lines = tty.stderr.trimEnd().split("\n");
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(40);
    expect(lines[0]).toMatch(/^error: /);
    expect(piped.stderr.trimEnd().split("\n")).toHaveLength(2);
    expect(tty.stderr.replace(/\n {2}/g, " ")).toBe(piped.stderr);

    const dates = ["campaign", "cmp_abc123", "--from", "2025-02-30", "--to", "2025-03-02"];
    const typed = await runWith(dates, true);
    expect(typed.code).toBe(2);
    for (const line of typed.stderr.trimEnd().split("\n")) expect(line.length, line).toBeLessThanOrEqual(40);
    expect(typed.stderr.replace(/\n {2}/g, " ")).toBe((await runWith(dates, false)).stderr);
  });
});

describe("one check glyph and one timestamp format", () => {
  it("no other check or cross glyph appears in the sources", () => {
    const root = new URL("../../src/", import.meta.url).pathname;
    const files = (dir: string): string[] => readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
    for (const file of files(root).filter((name) => name.endsWith(".ts") && !name.endsWith("render/messages.ts"))) {
      expect(readFileSync(file, "utf8"), file).not.toMatch(/[✓✔✅☑✗✖✘❌]/u);
    }
    expect([CHECK, CROSS]).toEqual(["✓", "✗"]);
  });

  it("prints times as `YYYY-MM-DD HH:MM UTC`, seconds only when they matter", () => {
    expect(formatTimestamp("2025-11-26T10:00:00Z")).toBe("2025-11-26 10:00 UTC");
    expect(formatTimestamp("2025-11-26T10:00:07.250Z")).toBe("2025-11-26 10:00:07 UTC");
    expect(formatTimestamp("2025-11-26T11:00:00+01:00")).toBe("2025-11-26 10:00 UTC");
    expect(formatTimestamp("soon")).toBe("soon");
  });

  it("the export status view uses that format", () => {
    const lines = renderExportStatus(
      { export_id: "exp_1", status: "completed", format: "csv", created_at: "2025-11-26T10:00:00Z", completed_at: "2025-11-26T10:00:05Z", expires_at: "2025-11-26T11:00:00Z" } as never,
      createTheme(0),
      Date.parse("2025-11-26T10:30:00Z"),
    );
    const text = lines.join("\n");
    expect(text).toContain("2025-11-26 10:00 UTC (30m");
    expect(text).toContain("2025-11-26 10:00:05 UTC");
    expect(text).not.toMatch(/T\d\d:/);
  });
});
