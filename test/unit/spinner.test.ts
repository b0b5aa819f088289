/** The spinner on a (fake) terminal: retry notices replace its text while the retry waits. */
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createIO } from "../../src/render/io.js";
import { retryText, showRetry, startSpinner } from "../../src/render/spinner.js";

/** A stderr that says it is an 80-column terminal and keeps what is drawn on it. */
function fakeTerminal() {
  let drawn = "";
  const stream = Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        drawn += String(chunk);
        done();
      },
    }),
    { isTTY: true, columns: 80, cursorTo: () => true, moveCursor: () => true, clearLine: () => true },
  );
  return { stream, drawn: () => drawn, reset: () => void (drawn = "") };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("retryText", () => {
  it("names the attempt about to start, the limit, and what the last one ended in", () => {
    expect(retryText({ attempt: 2, maxAttempts: 4, after: "503", delayMs: 500 })).toBe("retrying (2/4) after 503…");
    expect(retryText({ attempt: 3, maxAttempts: 4, after: "timeout", delayMs: 500 })).toBe("retrying (3/4) after timeout…");
    expect(retryText({ attempt: 2, maxAttempts: 4, after: "ECONNRESET", delayMs: 500 })).toBe("retrying (2/4) after a connection error (ECONNRESET)…");
  });
});

describe("spinner", () => {
  it("shows the retry while it waits, then its own text again", async () => {
    const terminal = fakeTerminal();
    const io = createIO({ stdout: terminal.stream, stderr: terminal.stream, stdin: process.stdin }, { env: { TERM: "xterm" }, noColor: true, quiet: false });
    const spinner = await startSpinner(io, "Fetching cmp_abc123…");
    try {
      await sleep(120);
      expect(terminal.drawn()).toContain("Fetching cmp_abc123…");
      showRetry({ attempt: 2, maxAttempts: 4, after: "503", delayMs: 300 });
      spinner.update("ignored while the retry waits");
      terminal.reset();
      await sleep(200);
      expect(terminal.drawn()).toContain("retrying (2/4) after 503…");
      expect(terminal.drawn()).not.toContain("Fetching");
      await sleep(250);
      terminal.reset();
      await sleep(150);
      expect(terminal.drawn()).toContain("ignored while the retry waits");
      expect(terminal.drawn()).not.toContain("retrying");
    } finally {
      spinner.stop();
    }
  });

  it("without a terminal there is no spinner, and a retry notice draws nothing", async () => {
    const terminal = fakeTerminal();
    const stderr = Object.assign(terminal.stream, { isTTY: false });
    const io = createIO({ stdout: stderr, stderr, stdin: process.stdin }, { env: {}, noColor: true, quiet: false });
    const spinner = await startSpinner(io, "Fetching…");
    showRetry({ attempt: 2, maxAttempts: 4, after: "503", delayMs: 50 });
    await sleep(120);
    spinner.stop();
    expect(terminal.drawn()).toBe("");
  });
});
