import { describe, expect, it } from "vitest";
import { InterruptedError } from "../../src/errors.js";
import { asked } from "../../src/prompts.js";

describe("asked", () => {
  it("turns inquirer's Ctrl-C (ExitPromptError) into an interruption, exit 130", async () => {
    const ctrlC = Object.assign(new Error("User force closed the prompt with SIGINT"), { name: "ExitPromptError" });
    await expect(asked(Promise.reject(ctrlC))).rejects.toBeInstanceOf(InterruptedError);
  });

  it("passes answers and other errors through", async () => {
    await expect(asked(Promise.resolve("ws_xyz789"))).resolves.toBe("ws_xyz789");
    await expect(asked(Promise.reject(new TypeError("boom")))).rejects.toBeInstanceOf(TypeError);
  });
});
