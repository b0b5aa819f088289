/**
 * Help without building the command tree: `scripts/build.js` renders every help page from the live
 * tree into dist/help.json (see pages.ts), and `bin/analytics.js` answers `--help`, `-h`,
 * `help CMD` and no arguments from that file. Anything else, or a help request this file cannot
 * answer exactly (unknown command, a terminal narrower than the pages), goes to the full CLI.
 * No imports beyond node:fs: this module is the whole start-up cost of a help request. It is built
 * on its own as dist/help/fast.cjs (CommonJS, for the bin).
 */
import { readFileSync } from "node:fs";

/** dist/help.json. Nothing else may import this module's values: esbuild would move them into a shared chunk. */
export interface HelpFile {
  /** Help page text by command path ("" for the root, "auth login", …). */
  pages: Readonly<Record<string, string>>;
  /** What `analytics` with no arguments prints. */
  noArguments: string;
}

/** The text `argv` asks for, when it is a plain help request for a known command. */
export function helpFromFile(argv: readonly string[], file: HelpFile): string | undefined {
  const { pages } = file;
  if (argv.length === 0) return file.noArguments;
  const last = argv.at(-1);
  const path = argv[0] === "help" ? argv.slice(1) : last === "--help" || last === "-h" ? argv.slice(0, -1) : undefined;
  if (!path || path.some((word) => word.startsWith("-"))) return undefined;
  return pages[path.join(" ")];
}

/**
 * Print the page for `argv` from `helpFile` (dist/help.json) and return true, or return false to let the full
 * CLI answer. The pages are 80 columns wide, so a narrower terminal gets commander's own wrapping.
 */
export function answerFromHelpFile(argv: readonly string[], stdout: NodeJS.WriteStream, helpFile: string | URL): boolean {
  if (stdout.isTTY && stdout.columns < 80) return false;
  let file: HelpFile;
  try {
    file = JSON.parse(readFileSync(helpFile, "utf8")) as HelpFile;
  } catch {
    return false;
  }
  const text = helpFromFile(argv, file);
  if (text === undefined) return false;
  stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
  });
  stdout.write(text);
  return true;
}
