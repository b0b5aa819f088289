import { describe, expect, it } from "vitest";
import { stdoutFailureMessage } from "../../src/main.js";

describe("stdoutFailureMessage", () => {
  it("words any errno the way the system does", () => {
    const error = (errno: number, code: string): NodeJS.ErrnoException => Object.assign(new Error(`${code}: …, write`), { errno, code });
    expect(stdoutFailureMessage(error(-28, "ENOSPC"))).toBe("cannot write to standard output: no space left on device");
    expect(stdoutFailureMessage(error(-5, "EIO"))).toBe("cannot write to standard output: i/o error");
    expect(stdoutFailureMessage(Object.assign(new Error("odd"), { code: "ERR_STREAM_DESTROYED" }))).toBe("cannot write to standard output: ERR_STREAM_DESTROYED");
  });
});
