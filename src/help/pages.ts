/**
 * Every help page of the live command tree, as `--help` prints it at 80 columns. The build writes
 * them to dist/help.json for the fast path (fast.ts); a test checks that file against this function.
 */
import type { Command } from "commander";
import { GETTING_STARTED, buildProgram } from "../program.js";
import { commandPath } from "./command.js";
import type { HelpFile } from "./fast.js";
import { HELP_WIDTH } from "./format.js";

/** Every visible command below `command`, itself included. */
export function allCommands(command: Command): Command[] {
  const visible = command.commands.filter((sub) => !(sub as unknown as { _hidden: boolean })._hidden);
  return [command, ...visible.flatMap(allCommands)];
}

/** Page text by command path without the leading "analytics" ("" for the root), and the no-argument text. */
export function helpFile(): HelpFile {
  let captured = "";
  const program = buildProgram(
    async () => {
      throw new Error("help pages run no command");
    },
    { writeOut: (text) => void (captured += text), writeErr: () => {}, helpWidth: HELP_WIDTH },
  );
  const pages: Record<string, string> = {};
  for (const command of allCommands(program)) {
    captured = "";
    command.outputHelp();
    pages[commandPath(command).replace(/^analytics ?/, "")] = captured;
  }
  return { pages, noArguments: pages[""] + GETTING_STARTED };
}
