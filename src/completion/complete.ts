/**
 * Completion candidates for a partly typed command line, computed from the commander tree itself,
 * so completions can never drift from the real commands, flags and choice lists. The shell scripts
 * only pass the words to `analytics __complete -- …` and show what comes back. No network: ids come
 * from the local cache of viewed campaigns, profiles from the config file.
 */
import type { Command, Option } from "commander";
import { RATE_METRICS } from "../providers/vocabulary.js";
import { recentCampaigns } from "../config/recent.js";
import { readProfileNames } from "../config/store.js";
import { isRepeatable } from "../options/repeatable.js";

/** Printed instead of candidates when the shell should complete file names. */
export const FILE_DIRECTIVE = ":files";

export interface CompletionSources {
  profiles(): string[];
  campaigns(): string[];
  timezones(): string[];
}

function allOptions(command: Command): Option[] {
  const own = command.options.filter((option) => !option.hidden);
  return command.parent ? [...own, ...allOptions(command.parent)] : own;
}

function findOption(command: Command, flag: string): Option | undefined {
  return allOptions(command).find((option) => option.long === flag || option.short === flag || option.long === flag.replace(/^--no-/, "--"));
}

function visibleSubcommands(command: Command): Command[] {
  return command.commands.filter((sub) => !(sub as unknown as { _hidden?: boolean })._hidden && sub.name() !== "help");
}

function takesValue(option: Option): boolean {
  return option.required || option.optional;
}

function optionValues(option: Option, current: string, sources: CompletionSources): string[] {
  if (option.argChoices) return option.argChoices;
  switch (option.long) {
    case "--profile":
      return sources.profiles();
    case "--campaign":
      return sources.campaigns();
    case "--tz":
      return sources.timezones();
    case "--metrics": {
      // A comma list: complete the last item, keeping what was typed before it.
      const done = current.includes(",") ? current.slice(0, current.lastIndexOf(",") + 1) : "";
      const used = new Set(done.split(",").filter(Boolean));
      return RATE_METRICS.filter((metric) => !used.has(metric)).map((metric) => done + metric);
    }
    case "--output":
    case "--input":
      return [FILE_DIRECTIVE];
    default:
      return [];
  }
}

function positionalValues(command: Command, sources: CompletionSources): string[] {
  const argument = command.registeredArguments[0];
  if (!argument) return [];
  if (argument.argChoices) return argument.argChoices;
  if (/campaign/i.test(argument.name())) return sources.campaigns();
  return [];
}

/** Candidates for the last word of `words` (the words after `analytics`; the last may be empty). */
export function complete(program: Command, words: readonly string[], sources: CompletionSources): string[] {
  const current = words.at(-1) ?? "";
  let command = program;
  let pendingOption: Option | undefined;
  const used = new Set<Option>();
  for (const word of words.slice(0, -1)) {
    if (pendingOption) {
      pendingOption = undefined;
      continue;
    }
    if (word.startsWith("-") && word !== "-") {
      const [flag = "", inlineValue] = word.split("=", 2);
      const option = findOption(command, flag);
      if (option) {
        used.add(option);
        if (takesValue(option) && inlineValue === undefined) pendingOption = option;
      }
      continue;
    }
    const sub = visibleSubcommands(command).find((candidate) => candidate.name() === word || candidate.aliases().includes(word));
    if (sub) command = sub;
  }

  let candidates: string[];
  if (pendingOption) {
    candidates = optionValues(pendingOption, current, sources);
  } else if (current.startsWith("-")) {
    const [flag = "", inlineValue] = current.split("=", 2);
    if (inlineValue !== undefined) {
      const option = findOption(command, flag);
      candidates = option ? optionValues(option, inlineValue, sources).map((value) => `${flag}=${value}`) : [];
    } else {
      candidates = allOptions(command)
        .filter((option) => !used.has(option) || isRepeatable(option))
        .flatMap((option) => [option.long, option.short].filter((f): f is string => Boolean(f)))
        .concat("--help", "-h");
    }
  } else {
    const subs = visibleSubcommands(command);
    candidates = subs.length ? subs.map((sub) => sub.name()) : positionalValues(command, sources);
  }
  if (candidates.includes(FILE_DIRECTIVE)) return [FILE_DIRECTIVE];
  return [...new Set(candidates)].filter((candidate) => candidate.startsWith(current)).sort();
}

/** Sources that read only local files (completion runs on every TAB and must not wait on a network). */
export function localSources(env: NodeJS.ProcessEnv): CompletionSources {
  return {
    profiles: () => readProfileNames(env),
    campaigns: () => recentCampaigns(env),
    timezones: () => Intl.supportedValuesOf("timeZone"),
  };
}
