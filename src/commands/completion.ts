/** `analytics completion bash|zsh|fish`: print the script shipped in completions/. */
import { readFileSync } from "node:fs";
import type { Shell } from "../completion/shells.js";
import type { Context } from "../context.js";
import { PACKAGE_ROOT } from "../version.js";

export const COMPLETION_FILES: Record<Shell, string> = {
  bash: "analytics.bash",
  zsh: "_analytics",
  fish: "analytics.fish",
};

export async function run(options: { shell: Shell }, ctx: Context): Promise<void> {
  ctx.io.out(readFileSync(new URL(`completions/${COMPLETION_FILES[options.shell]}`, PACKAGE_ROOT), "utf8"));
}
