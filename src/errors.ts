/**
 * Typed errors. Commands throw (or return) these; only `main` turns them into a message and an
 * exit code. The codes are the contract of CLI.md.
 */

export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  auth: 3,
  notFound: 4,
  rateLimited: 5,
  export: 6,
  network: 7,
  interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export interface CliErrorOptions {
  /** The API's error code, printed before the message (`CAMPAIGN_NOT_FOUND: …`). */
  apiCode?: string;
  /** One extra line telling the user what to do next. */
  hint?: string;
  cause?: unknown;
}

/** Base class: a message for the user and the exit code that goes with it. */
export class CliError extends Error {
  readonly apiCode: string | undefined;
  readonly hint: string | undefined;
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue,
    options: CliErrorOptions = {},
  ) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.apiCode = options.apiCode;
    this.hint = options.hint;
  }
}

/** Bad flags or arguments, found before anything is sent. */
export class UsageError extends CliError {
  constructor(message: string, options?: CliErrorOptions) {
    super(message, ExitCode.usage, options);
  }
}

/** No credentials, or the API refused them (401/403). */
export class AuthError extends CliError {
  constructor(message: string, options?: CliErrorOptions) {
    super(message, ExitCode.auth, options);
  }
}

export class NotFoundError extends CliError {
  constructor(message: string, options?: CliErrorOptions) {
    super(message, ExitCode.notFound, options);
  }
}

export class RateLimitError extends CliError {
  constructor(message: string, options?: CliErrorOptions) {
    super(message, ExitCode.rateLimited, options);
  }
}

/** An export failed, expired, or was not ready in time. */
export class ExportError extends CliError {
  constructor(message: string, options?: CliErrorOptions) {
    super(message, ExitCode.export, options);
  }
}

/** DNS failure, refused connection, timeout. */
export class NetworkError extends CliError {
  constructor(message: string, options?: CliErrorOptions) {
    super(message, ExitCode.network, options);
  }
}

/** The API answered, but with a server error or a body we cannot use. */
export class ApiError extends CliError {
  constructor(
    message: string,
    options: CliErrorOptions & { status?: number } = {},
  ) {
    super(message, ExitCode.failure, options);
    this.status = options.status;
  }
  readonly status: number | undefined;
}

/** The config file is unreadable or corrupted. */
export class ConfigError extends CliError {
  constructor(message: string, options?: CliErrorOptions) {
    super(message, ExitCode.failure, options);
  }
}

/** Ctrl-C: clean up, then exit 130. */
export class InterruptedError extends CliError {
  constructor(message = "interrupted") {
    super(message, ExitCode.interrupted);
  }
}
