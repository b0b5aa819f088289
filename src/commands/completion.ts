/** `analytics completion bash|zsh|fish`: print the script shipped in completions/. */
import { readFileSync } from "node:fs";
import type { Shell } from "../completion/shells.js";
import type { Context } from "../context.js";

export const COMPLETION_FILES: Record<Shell, string> = {
  bash: "analytics.bash",
  zsh: "_analytics",
  fish: "analytics.fish",
};

export async function run(options: { shell: Shell }, ctx: Context): Promise<void> {
  // completions/ sits beside dist/ and src/ in the package.
  ctx.io.out(readFileSync(new URL(`../../completions/${COMPLETION_FILES[options.shell]}`, import.meta.url), "utf8"));
}
