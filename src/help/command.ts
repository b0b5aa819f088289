/**
 * The commander Command every node of the tree is built from: our help layout, and the two usage
 * errors that deserve more than commander says (a missing argument gets the usage line; `--token`
 * says where a token goes instead, without echoing the value).
 */
import { Command, type Help } from "commander";
import { CliHelp } from "./format.js";

/** Flags people reach for to pass a token; CLI.md keeps tokens out of argv (ps, shell history). */
const TOKEN_FLAGS = ["--token", "--api-token", "--api-key", "--access-token"];

/** `analytics auth login` for the login command. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let node: Command | null = command; node; node = node.parent) names.unshift(node.name());
  return names.join(" ");
}

/** The usage line of `command`, e.g. `analytics campaign [flags] <campaignId>`. */
export function usageLine(command: Command): string {
  return command.createHelp().commandUsage(command);
}

export class CliCommand extends Command {
  override createCommand(name?: string): CliCommand {
    return new CliCommand(name);
  }

  override createHelp(): Help {
    return Object.assign(new CliHelp(), this.configureHelp());
  }

  // Not in commander's typings, but documented as overridable in its source.
  missingArgument(name: string): never {
    this.error(`error: missing required argument '${name}'\nhint: usage: ${usageLine(this)} (see \`${commandPath(this)} --help\`)`, {
      code: "commander.missingArgument",
    });
  }

  unknownOption(flag: string): void {
    const name = flag.split("=", 1)[0] ?? flag;
    if (!TOKEN_FLAGS.includes(name)) return (Command.prototype as unknown as { unknownOption(flag: string): void }).unknownOption.call(this, flag);
    // Never echo `--token=secret`: the value is exactly what must not reach a log.
    this.error(
      `error: unknown option '${name}': a token is never passed as a flag (it would show in ps and shell history)\n` +
        "hint: set ANALYTICS_TOKEN, or save it once with `analytics auth login --with-token` (reads it from stdin)",
      { code: "commander.unknownOption" },
    );
  }
}
