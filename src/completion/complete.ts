/**
 * Completion candidates for a partly typed command line, computed from the commander tree itself,
 * so completions can never drift from the real commands, flags and choice lists. The shell scripts
 * only pass the words to `analytics __complete -- …` and show what comes back. No network: ids come
 * from the local cache of viewed campaigns, profiles from the config file.
 */
import type { Command, Option } from "commander";
import { RATE_METRICS } from "../providers/vocabulary.js";
import { recentIds } from "../config/recent.js";
import { readProfileNames } from "../config/store.js";
import { isRepeatable } from "../options/repeatable.js";
import { canonicalTimeZones } from "./timezones.js";

/** Printed instead of candidates when the shell should complete file names. */
export const FILE_DIRECTIVE = ":files";

export interface CompletionSources {
  profiles(): string[];
  /** Campaign ids used recently on this machine, newest first. */
  campaigns(): string[];
  /** Export ids created or checked recently on this machine, newest first. */
  exports(): string[];
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

/** What is already on the line: positional words, and the values given to each option. */
interface LineSoFar {
  positionals: string[];
  values: Map<Option, string[]>;
}

function optionValues(option: Option, current: string, sources: CompletionSources, line: LineSoFar): string[] {
  if (option.argChoices) return option.argChoices;
  switch (option.long) {
    case "--profile":
      return sources.profiles();
    case "--profiles": {
      // A comma list of profile names, as for --metrics.
      const done = current.includes(",") ? current.slice(0, current.lastIndexOf(",") + 1) : "";
      const listed = new Set(done.split(",").filter(Boolean));
      return sources.profiles().filter((name) => !listed.has(name)).map((name) => done + name);
    }
    case "--campaign": {
      const given = line.values.get(option) ?? [];
      return sources.campaigns().filter((id) => !given.includes(id));
    }
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

/** Values for the next positional argument; nothing once every argument has one (unless it is variadic). */
function positionalValues(command: Command, sources: CompletionSources, given: readonly string[]): string[] {
  const declared = command.registeredArguments;
  const argument = declared[Math.min(given.length, declared.length - 1)];
  if (!argument || (given.length >= declared.length && !argument.variadic)) return [];
  if (argument.argChoices) return argument.argChoices;
  // An id already on the line is not offered again (`compare a b <TAB>` never offers a or b).
  if (/campaign/i.test(argument.name())) {
    const ids = sources.campaigns().filter((id) => !given.includes(id));
    if (!argument.variadic) return ids;
    // compare takes ids qualified by profile (`acme:cmp_abc123`) too, but not both kinds in one line.
    const prefixes = sources.profiles().map((name) => `${name}:`);
    if (given.length === 0) return [...ids, ...prefixes];
    return given.some((id) => id.includes(":")) ? prefixes : ids;
  }
  if (/export/i.test(argument.name())) return sources.exports().filter((id) => !given.includes(id));
  return [];
}

/** Candidates for the last word of `words` (the words after `analytics`; the last may be empty). */
export function complete(program: Command, words: readonly string[], sources: CompletionSources): string[] {
  const current = words.at(-1) ?? "";
  let command = program;
  let pendingOption: Option | undefined;
  const used = new Set<Option>();
  const line: LineSoFar = { positionals: [], values: new Map() };
  const addValue = (option: Option, value: string): void => void line.values.set(option, [...(line.values.get(option) ?? []), value]);
  for (const word of words.slice(0, -1)) {
    if (pendingOption) {
      addValue(pendingOption, word);
      pendingOption = undefined;
      continue;
    }
    if (word.startsWith("-") && word !== "-") {
      const [flag = "", inlineValue] = word.split("=", 2);
      const option = findOption(command, flag);
      if (option) {
        used.add(option);
        if (takesValue(option) && inlineValue === undefined) pendingOption = option;
        else if (inlineValue !== undefined) addValue(option, inlineValue);
      }
      continue;
    }
    const sub = line.positionals.length === 0 ? visibleSubcommands(command).find((candidate) => candidate.name() === word || candidate.aliases().includes(word)) : undefined;
    if (sub) command = sub;
    else line.positionals.push(word);
  }

  let candidates: string[];
  if (pendingOption) {
    candidates = optionValues(pendingOption, current, sources, line);
  } else if (current.startsWith("-")) {
    const [flag = "", inlineValue] = current.split("=", 2);
    if (inlineValue !== undefined) {
      const option = findOption(command, flag);
      candidates = option ? optionValues(option, inlineValue, sources, line).map((value) => `${flag}=${value}`) : [];
    } else {
      candidates = allOptions(command)
        .filter((option) => !used.has(option) || isRepeatable(option))
        .flatMap((option) => [option.long, option.short].filter((f): f is string => Boolean(f)))
        .concat("--help", "-h");
    }
  } else {
    const subs = visibleSubcommands(command);
    candidates = subs.length ? subs.map((sub) => sub.name()) : positionalValues(command, sources, line.positionals);
  }
  if (candidates.includes(FILE_DIRECTIVE)) return [FILE_DIRECTIVE];
  return [...new Set(candidates)].filter((candidate) => candidate.startsWith(current)).sort();
}

/** Sources that read only local files (completion runs on every TAB and must not wait on a network). */
export function localSources(env: NodeJS.ProcessEnv): CompletionSources {
  return {
    profiles: () => readProfileNames(env),
    campaigns: () => recentIds(env, "campaigns"),
    exports: () => recentIds(env, "exports"),
    timezones: () => canonicalTimeZones(),
  };
}
