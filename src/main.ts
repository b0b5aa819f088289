/**
 * Entry point: parse, run one command, print any error as one line, return the exit code.
 * `main()` is the only place that exits the process.
 */
import { getSystemErrorMap } from "node:util";
import { CommanderError } from "commander";
import type { Context, GlobalOptions } from "./context.js";
import { CliError, ExitCode } from "./errors.js";
import { GETTING_STARTED, buildProgram } from "./program.js";
import type { TerminalLike } from "./render/io.js";
import { colorLevel, messageColumns, wrapMessage } from "./render/io.js";
import { redact, sanitize } from "./render/sanitize.js";

export interface RunDeps {
  terminal: TerminalLike;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
}

/** Run the CLI for `argv` (without node and script) and return the exit code. */
export async function run(argv: string[], deps: RunDeps): Promise<number> {
  const cleanups: Array<() => unknown> = [];
  let ctx: Context | undefined;
  // Imported on demand: --help and usage errors need none of it.
  const makeContext = async (flags: GlobalOptions): Promise<Context> => {
    const { createContext } = await import("./context.js");
    ctx = createContext({ ...deps, flags, cleanups });
    return ctx;
  };
  const program = buildProgram(makeContext, {
    writeOut: (text) => void deps.terminal.stdout.write(text),
    writeErr: (text) => void deps.terminal.stderr.write(text),
    helpWidth: deps.terminal.stdout.isTTY ? deps.terminal.stdout.columns : undefined,
    messageColumns: messageColumns(deps.env, deps.terminal.stderr),
  });
  try {
    if (argv.length === 0) {
      program.outputHelp();
      deps.terminal.stdout.write(GETTING_STARTED);
      return ExitCode.ok;
    }
    await program.parseAsync(argv, { from: "user" });
    return ExitCode.ok;
  } catch (error) {
    return report(await withHint(error, deps, ctx), deps, ctx, program.opts<GlobalOptions>());
  } finally {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch {
        // Cleanup is best effort; the command's own outcome is what gets reported.
      }
    }
  }
}

/** Add a hint that needs a look at local state (recently viewed ids), imported only on such an error. */
async function withHint(error: unknown, deps: RunDeps, ctx: Context | undefined): Promise<unknown> {
  if (!(error instanceof CliError) || error.apiCode === undefined) return error;
  const { withLocalHint } = await import("./help/hints.js");
  return withLocalHint(error, deps.env, ctx?.usesSandbox ?? false);
}

function report(error: unknown, deps: RunDeps, ctx: Context | undefined, flags: GlobalOptions): number {
  if (error instanceof CommanderError) {
    // commander has already printed its message (or the help/version text).
    const quiet = ["commander.helpDisplayed", "commander.version", "commander.help"];
    return quiet.includes(error.code) ? ExitCode.ok : ExitCode.usage;
  }
  if (deps.signal.aborted) return ExitCode.interrupted;
  const stderr = deps.terminal.stderr;
  const color = colorLevel(Boolean(deps.terminal.stderr.isTTY), deps.env, flags.color === false) > 0;
  const label = color ? "\u001b[31merror:\u001b[39m" : "error:";
  const verbose = ctx?.verbose ?? Boolean(flags.verbose);
  const columns = messageColumns(deps.env, stderr);
  // A server may echo the credential back in its error message: no token is ever printed.
  const secrets = [...(ctx?.secrets ?? [])];
  const clean = (text: string): string => sanitize(secrets.reduce((out, secret) => redact(out, secret), text));
  // Wrapped before colouring, so escape codes do not count as columns.
  const write = (text: string): void => void stderr.write(wrapMessage(text, columns).replace(/^error:/, label));
  if (error instanceof CliError) {
    const code = error.apiCode ? `${clean(error.apiCode)}: ` : "";
    write(`error: ${code}${clean(error.message)}`);
    if (error.hint) write(`hint: ${clean(error.hint)}`);
    if (verbose && error.cause instanceof Error && error.cause.stack) stderr.write(`${clean(error.cause.stack)}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  write(`error: unexpected: ${clean(message)}`);
  if (verbose && error instanceof Error && error.stack) stderr.write(`${clean(error.stack)}\n`);
  else stderr.write("hint: run again with --verbose for details\n");
  return ExitCode.failure;
}

/** `cannot write to standard output: no space left on device`, from the system's own wording of the errno. */
export function stdoutFailureMessage(error: NodeJS.ErrnoException): string {
  const known = typeof error.errno === "number" ? getSystemErrorMap().get(error.errno)?.[1] : undefined;
  return `cannot write to standard output: ${known ?? error.code ?? error.message}`;
}

/** Signals that stop a command: it cleans up (temp files, sockets) and exits 128 + the signal's number. */
const STOP_SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;

/** Process wiring: Ctrl-C and kill, closed pipes, and the exit. */
export async function main(): Promise<never> {
  const controller = new AbortController();
  let stoppedBy: number | undefined;
  for (const [signal, number] of Object.entries(STOP_SIGNALS)) {
    process.on(signal, () => {
      // The first signal lets the command clean up; a second one does not wait.
      if (stoppedBy !== undefined) process.exit(128 + stoppedBy);
      stoppedBy = number;
      controller.abort();
    });
  }
  // `analytics … | head -1`: the reader left; that is not an error. Any other failure (a full disk,
  // an I/O error) loses data: one line and exit 1, whichever command was writing.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(stoppedBy !== undefined ? 128 + stoppedBy : ExitCode.ok);
    const color = colorLevel(Boolean(process.stderr.isTTY), process.env, process.argv.includes("--no-color")) > 0;
    process.stderr.write(`${color ? "\u001b[31merror:\u001b[39m" : "error:"} ${stdoutFailureMessage(error)}\n`);
    process.exit(ExitCode.failure);
  });
  process.stderr.on("error", () => {});
  const code = await run(process.argv.slice(2), { terminal: process, env: process.env, signal: controller.signal });
  // Flush stdout before exiting so piped output is complete; not after Ctrl-C, when the output is
  // cut short anyway and a reader that never reads would hold the exit forever.
  if (stoppedBy === undefined) {
    await new Promise<void>((resolve) => {
      process.stdout.write("", () => resolve());
      controller.signal.addEventListener("abort", () => resolve(), { once: true });
    });
  }
  process.exit(stoppedBy !== undefined ? 128 + stoppedBy : code);
}
