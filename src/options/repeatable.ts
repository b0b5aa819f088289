import { Option } from "commander";

const REPEATABLE = new WeakSet<Option>();

/** An option that may be given several times, collecting its values into a list (`--campaign a --campaign b`). */
export function repeatableOption(flags: string, description: string): Option {
  const option = new Option(flags, description).argParser((value: string, previous: string[] = []) => [...previous, value]);
  REPEATABLE.add(option);
  return option;
}

export function isRepeatable(option: Option): boolean {
  return REPEATABLE.has(option);
}
