/**
 * Everything about the terminal, decided once: which streams are TTYs, whether colour is on and at
 * which level, the width to render for, and whether spinners and prompts are allowed.
 * No heavy imports here: this module is on the start-up path.
 */
import type { Readable, Writable } from "node:stream";
import { wrapWords } from "./messages.js";

export type ColorLevel = 0 | 1 | 2 | 3;

export interface IOStreams {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly stdin: Readable;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  readonly stdinIsTTY: boolean;
  /** Colour level for stdout (0 = none). Data formats (json/csv) ignore it. */
  readonly stdoutColor: ColorLevel;
  /** Colour level for stderr messages (errors, notices). */
  readonly stderrColor: ColorLevel;
  /** Terminal width for tables and charts. */
  readonly columns: number;
  /** Terminal height, for sizing charts. */
  readonly rows: number;
  /** `-q`: nothing on stderr but errors. */
  readonly quiet: boolean;
  /** Spinners and progress bars are allowed (before a command knows it prints JSON). */
  readonly progressAllowed: boolean;
  /** Prompts are allowed: stdin and stderr are TTYs. */
  readonly canPrompt: boolean;
  /** Write data (stdout). */
  out(text: string): void;
  /** Write a notice or warning (stderr), wrapped at word boundaries on a terminal; suppressed by `--quiet`. */
  info(text: string): void;
}

export interface TerminalLike {
  stdout: Writable & { isTTY?: boolean; columns?: number; rows?: number };
  stderr: Writable & { isTTY?: boolean; columns?: number };
  stdin: Readable & { isTTY?: boolean };
}

export interface IOOptions {
  env: NodeJS.ProcessEnv;
  noColor: boolean;
  quiet: boolean;
}

const isSet = (value: string | undefined): boolean => value !== undefined && value !== "";
const isOn = (value: string | undefined): boolean => isSet(value) && value !== "0" && value !== "false";

/**
 * CLI.md colour rules, in order: `--no-color` (or FORCE_COLOR=0) wins; then FORCE_COLOR / CLICOLOR_FORCE force colour
 * on (even in a pipe); then NO_COLOR, CLICOLOR=0 and TERM=dumb turn it off; otherwise colour follows
 * whether the stream is a TTY.
 */
export function colorLevel(isTTY: boolean, env: NodeJS.ProcessEnv, noColorFlag: boolean): ColorLevel {
  if (noColorFlag) return 0;
  // FORCE_COLOR=0 asks for no colour (as chalk and supports-color read it).
  if (env.FORCE_COLOR === "0" || env.FORCE_COLOR === "false") return 0;
  const forced = isOn(env.FORCE_COLOR) || isOn(env.CLICOLOR_FORCE);
  if (!forced) {
    if (isSet(env.NO_COLOR) || env.CLICOLOR === "0" || env.TERM === "dumb" || !isTTY) return 0;
  }
  const force = Number(env.FORCE_COLOR);
  if (force === 1 || force === 2 || force === 3) return force;
  if (env.COLORTERM === "truecolor" || env.COLORTERM === "24bit") return 3;
  if (/-256(color)?$/i.test(env.TERM ?? "")) return 2;
  return 1;
}

/** `COLUMNS` wins, then the TTY's width, then 80. Never below 40. */
export function terminalColumns(env: NodeJS.ProcessEnv, stdout: TerminalLike["stdout"]): number {
  const fromEnv = Number.parseInt(env.COLUMNS ?? "", 10);
  if (Number.isFinite(fromEnv) && fromEnv > 0) return Math.max(40, fromEnv);
  if (stdout.isTTY && stdout.columns) return Math.max(40, stdout.columns);
  return 80;
}

/** `LINES` wins, then the TTY's height, then 24 (a pipe has no height). */
export function terminalRows(env: NodeJS.ProcessEnv, stdout: TerminalLike["stdout"]): number {
  const fromEnv = Number.parseInt(env.LINES ?? "", 10);
  if (Number.isFinite(fromEnv) && fromEnv > 0) return fromEnv;
  if (stdout.isTTY && stdout.rows) return stdout.rows;
  return 24;
}

/**
 * The width to wrap stderr messages at: `COLUMNS`, else the terminal's. Undefined when stderr is not
 * a terminal: a log file or a script reading stderr keeps one line per message.
 */
export function messageColumns(env: NodeJS.ProcessEnv, stderr: TerminalLike["stderr"]): number | undefined {
  if (!stderr.isTTY) return undefined;
  const fromEnv = Number.parseInt(env.COLUMNS ?? "", 10);
  return Math.max(40, Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : stderr.columns || 80);
}

/** `text` wrapped at word boundaries to `columns` (continuation lines indented by two), newline-terminated. */
export function wrapMessage(text: string, columns: number | undefined): string {
  const body = text.endsWith("\n") ? text.slice(0, -1) : text;
  return `${columns === undefined ? body : wrapWords(body, columns, "  ").join("\n")}\n`;
}

export function createIO(terminal: TerminalLike, options: IOOptions): IOStreams {
  const { env } = options;
  const stdoutIsTTY = Boolean(terminal.stdout.isTTY);
  const stderrIsTTY = Boolean(terminal.stderr.isTTY);
  const stdinIsTTY = Boolean(terminal.stdin.isTTY);
  const progressAllowed = stderrIsTTY && !options.quiet && !isOn(env.CI) && env.TERM !== "dumb";
  const wrapAt = messageColumns(env, terminal.stderr);
  return {
    stdout: terminal.stdout,
    stderr: terminal.stderr,
    stdin: terminal.stdin,
    stdoutIsTTY,
    stderrIsTTY,
    stdinIsTTY,
    stdoutColor: colorLevel(stdoutIsTTY, env, options.noColor),
    stderrColor: colorLevel(stderrIsTTY, env, options.noColor),
    columns: terminalColumns(env, terminal.stdout),
    rows: terminalRows(env, terminal.stdout),
    quiet: options.quiet,
    progressAllowed,
    canPrompt: stdinIsTTY && stderrIsTTY,
    out: (text) => void terminal.stdout.write(text),
    info: (text) => {
      if (!options.quiet) terminal.stderr.write(wrapMessage(text, wrapAt));
    },
  };
}

/** All of a stream as UTF-8 text (a token or a request body piped on stdin). */
export async function readAllText(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}
