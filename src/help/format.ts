/**
 * How every help page looks: the global flags repeated under "Inherited flags" on each subcommand
 * (as gh does), one way of showing choices, defaults and environment variables, and at most 80
 * columns so that the text generated at build time is the text a terminal would show.
 */
import { type Argument, Help, type Command, type Option } from "commander";

/** Help pages are never wider than this, whatever the terminal (the build-time pages assume it). */
export const HELP_WIDTH = 80;

const ENV_NAMES = new WeakMap<Option, string>();

/** Note the environment variable that stands in for `option` (shown in help; commander never reads it). */
export function withEnv(option: Option, name: string): Option {
  ENV_NAMES.set(option, name);
  return option;
}

/**
 * Note the default `option` falls back to when it is not given, for help only: the command applies
 * it, because "not given" must stay distinguishable (`--range` conflicts with `--from`).
 */
export function withShownDefault(option: Option, shown: string): Option {
  option.defaultValueDescription = shown;
  return option;
}

/** The one parenthesis every flag and argument uses: `(choices: a, b; default: x; env: NAME)`. */
function extras(description: string, parts: ReadonlyArray<string | undefined>): string {
  const shown = parts.filter((part): part is string => part !== undefined);
  return shown.length ? `${description} (${shown.join("; ")})` : description;
}

function shownDefault(item: Option | Argument): string | undefined {
  if (item.defaultValueDescription) return item.defaultValueDescription;
  if (item.defaultValue === undefined || typeof item.defaultValue === "boolean") return undefined;
  return String(item.defaultValue);
}

export class CliHelp extends Help {
  override prepareContext(contextOptions: { error?: boolean; helpWidth?: number; outputHasColors?: boolean }): void {
    super.prepareContext(contextOptions);
    this.helpWidth = Math.min(this.helpWidth ?? HELP_WIDTH, HELP_WIDTH);
  }

  override optionDescription(option: Option): string {
    const value = shownDefault(option);
    const env = ENV_NAMES.get(option);
    return extras(option.description, [
      option.argChoices ? `choices: ${option.argChoices.join(", ")}` : undefined,
      value !== undefined ? `default: ${value}` : undefined,
      env ? `env: ${env}` : undefined,
    ]);
  }

  override argumentDescription(argument: Argument): string {
    const value = shownDefault(argument);
    return extras(argument.description, [
      argument.argChoices ? `choices: ${argument.argChoices.join(", ")}` : undefined,
      value !== undefined ? `default: ${value}` : undefined,
    ]);
  }

  /** The ancestors' flags, without `--version` (which only the root answers). */
  override visibleGlobalOptions(command: Command): Option[] {
    const inherited: Option[] = [];
    for (let ancestor = command.parent; ancestor; ancestor = ancestor.parent) {
      inherited.push(...ancestor.options.filter((option) => !option.hidden && option.long !== "--version"));
    }
    return inherited;
  }

  // gh's words: "flags" everywhere, never a mix of "options" and "flags".
  override commandUsage(command: Command): string {
    return super.commandUsage(command).replace("[options]", "[flags]");
  }

  override subcommandTerm(command: Command): string {
    return super.subcommandTerm(command).replace(" [options]", " [flags]");
  }

  override formatItemList(heading: string, items: string[], helper: Help): string[] {
    const renamed = heading === "Global Options:" ? "Inherited flags:" : heading === "Options:" ? "Flags:" : heading;
    return super.formatItemList(renamed, items, helper);
  }
}
