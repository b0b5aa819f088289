/** Placeholder until its issue lands: registered in program.ts so the command tree is complete. */
import type { Context } from "../context.js";
import { CliError, ExitCode } from "../errors.js";

export async function run(_options: object, _ctx: Context): Promise<void> {
  throw new CliError("`export` is not implemented yet", ExitCode.failure);
}
