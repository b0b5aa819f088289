/**
 * Every interactive question goes through here (tests replace the Prompter). Prompts appear only
 * when stdin and stderr are TTYs; otherwise a missing value is a usage error naming what to set.
 */
import { InterruptedError, UsageError } from "./errors.js";
import type { IOStreams } from "./render/io.js";

export interface Prompter {
  /** Ask for text; `instead` names the flag or variable a script would use. */
  input(message: string, options: { default?: string; instead: string; validate?: (value: string) => true | string }): Promise<string>;
  /** Ask for a secret, masked. */
  secret(message: string, options: { instead: string }): Promise<string>;
}

/** inquirer rejects with ExitPromptError on Ctrl-C: that is an interruption (130), not a failure. */
export async function asked<T>(prompt: Promise<T>): Promise<T> {
  try {
    return await prompt;
  } catch (error) {
    if ((error as Error).name === "ExitPromptError") throw new InterruptedError();
    throw error;
  }
}

export function createPrompter(io: IOStreams): Prompter {
  const requireTTY = (instead: string): void => {
    if (!io.canPrompt) throw new UsageError(`cannot prompt without a terminal; ${instead}`);
  };
  const context = { input: io.stdin, output: io.stderr } as const;
  return {
    async input(message, options) {
      requireTTY(options.instead);
      const { input } = await import("@inquirer/prompts");
      return asked(input({ message, ...(options.default ? { default: options.default } : {}), ...(options.validate ? { validate: options.validate } : {}) }, context));
    },
    async secret(message, options) {
      requireTTY(options.instead);
      const { password } = await import("@inquirer/prompts");
      return asked(password({ message, mask: "*", validate: (value) => (value.trim() ? true : "required") }, context));
    },
  };
}
