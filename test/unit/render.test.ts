import { describe, expect, it } from "vitest";
import { colorLevel, terminalColumns } from "../../src/render/io.js";
import { bar, formatCount, formatRate, truncate } from "../../src/render/format.js";
import { resample } from "../../src/render/chart.js";
import { resolveFormat } from "../../src/options/format.js";

describe("colorLevel (CLI.md colour rules)", () => {
  it("follows the TTY by default", () => {
    expect(colorLevel(true, {}, false)).toBeGreaterThan(0);
    expect(colorLevel(false, {}, false)).toBe(0);
  });

  it("is turned off by NO_COLOR, CLICOLOR=0, TERM=dumb and --no-color", () => {
    expect(colorLevel(true, { NO_COLOR: "1" }, false)).toBe(0);
    expect(colorLevel(true, { CLICOLOR: "0" }, false)).toBe(0);
    expect(colorLevel(true, { TERM: "dumb" }, false)).toBe(0);
    expect(colorLevel(true, {}, true)).toBe(0);
  });

  it("ignores an empty NO_COLOR", () => {
    expect(colorLevel(true, { NO_COLOR: "" }, false)).toBeGreaterThan(0);
  });

  it("is forced on in a pipe by FORCE_COLOR or CLICOLOR_FORCE, but never past --no-color", () => {
    expect(colorLevel(false, { FORCE_COLOR: "1" }, false)).toBe(1);
    expect(colorLevel(false, { CLICOLOR_FORCE: "1" }, false)).toBe(1);
    expect(colorLevel(false, { FORCE_COLOR: "0" }, false)).toBe(0);
    expect(colorLevel(false, { FORCE_COLOR: "3" }, true)).toBe(0);
  });

  it("reads FORCE_COLOR=0 as no colour, even on a TTY", () => {
    expect(colorLevel(true, { FORCE_COLOR: "0" }, false)).toBe(0);
  });

  it("picks 256 colours and truecolor from the terminal", () => {
    expect(colorLevel(true, { TERM: "xterm-256color" }, false)).toBe(2);
    expect(colorLevel(true, { COLORTERM: "truecolor" }, false)).toBe(3);
  });
});

describe("terminalColumns", () => {
  it("uses COLUMNS, then the TTY, then 80", () => {
    expect(terminalColumns({ COLUMNS: "120" }, { isTTY: true, columns: 100 } as never)).toBe(120);
    expect(terminalColumns({}, { isTTY: true, columns: 100 } as never)).toBe(100);
    expect(terminalColumns({}, { isTTY: false } as never)).toBe(80);
    expect(terminalColumns({ COLUMNS: "garbage" }, { isTTY: false } as never)).toBe(80);
  });
});

describe("formatting", () => {
  it("formats counts and rates", () => {
    expect(formatCount(1234567)).toBe("1,234,567");
    expect(formatRate(16.666)).toBe("16.67%");
    expect(formatRate(0)).toBe("0.00%");
  });

  it("draws bars with eighth-block precision within the width", () => {
    expect(bar(1, 10)).toBe("██████████");
    expect(bar(0, 10)).toBe("");
    expect(bar(0.55, 10)).toBe("█████▌");
    expect(bar(7, 4)).toBe("████");
    expect(bar(Number.NaN, 4)).toBe("");
  });

  it("truncates with an ellipsis", () => {
    expect(truncate("Product Launch", 8)).toBe("Product…");
    expect(truncate("short", 8)).toBe("short");
  });
});

describe("resample", () => {
  it("stretches short series by repeating points", () => {
    expect(resample([1, 2], 6)).toEqual([1, 1, 1, 2, 2, 2]);
  });

  it("shrinks long series by averaging and never exceeds the width", () => {
    const out = resample([1, 3, 5, 7, 9, 11], 3);
    expect(out).toEqual([2, 6, 10]);
    expect(resample(Array.from({ length: 181 }, (_, i) => i), 70)).toHaveLength(70);
  });
});

describe("resolveFormat", () => {
  it("defaults to table and accepts one way of choosing", () => {
    expect(resolveFormat({})).toBe("table");
    expect(resolveFormat({ json: true })).toBe("json");
    expect(resolveFormat({ format: "csv", csv: true })).toBe("csv");
  });

  it("rejects conflicting choices", () => {
    expect(() => resolveFormat({ json: true, csv: true })).toThrow(/conflicting output formats/);
    expect(() => resolveFormat({ format: "table", json: true })).toThrow(/conflicting/);
  });
});
