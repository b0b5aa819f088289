/**
 * What a command receives: terminal streams, settings, lazily-built config and API client,
 * the prompter, a clock and Ctrl-C's signal. Built once in main; tests build their own.
 */
import type { ProviderName } from "./providers/capabilities.js";
import type { AnalyticsProvider } from "./providers/provider.js";
import type { Connection, GlobalFlags } from "./config/settings.js";
import type { ConfigStore } from "./config/store.js";
import { UsageError } from "./errors.js";
import { parseDuration } from "./options/duration.js";
import { type Prompter, createPrompter } from "./prompts.js";
import { type IOStreams, type TerminalLike, createIO } from "./render/io.js";
import { redact } from "./render/sanitize.js";
import { VERSION } from "./version.js";

/** Global options as commander hands them over. */
export interface GlobalOptions extends GlobalFlags {
  sandbox?: boolean;
  timeout?: string;
  quiet?: boolean;
  verbose?: boolean;
  /** commander's `--no-color` sets color: false. */
  color?: boolean;
}

export interface Context {
  readonly io: IOStreams;
  readonly env: NodeJS.ProcessEnv;
  readonly flags: GlobalOptions;
  /** Aborted on Ctrl-C. */
  readonly signal: AbortSignal;
  readonly prompter: Prompter;
  readonly verbose: boolean;
  readonly timeoutMs: number;
  /** --sandbox or ANALYTICS_SANDBOX=1: an in-process demo API instead of the configured one. */
  readonly usesSandbox: boolean;
  /** The config file, read on first use. */
  config(): Promise<ConfigStore>;
  /** The provider in force (flag > env > profile > tenant), known without any request. */
  providerName(): Promise<ProviderName>;
  /** API URL, workspace and token: from the sandbox with --sandbox, else flag > env > profile. */
  connection(): Promise<Connection>;
  /** The API client for the connection (built once). */
  api(): Promise<AnalyticsProvider>;
  /** Build a client for explicit settings (auth login verifies before saving). */
  apiFor(connection: Connection, signal?: AbortSignal): Promise<AnalyticsProvider>;
  /** Remember campaign ids the user viewed, for shell completion and hints (not for sandbox runs). */
  rememberCampaigns(ids: readonly string[]): Promise<void>;
  /** Remember export ids the user created or checked, for shell completion (not for sandbox runs). */
  rememberExports(ids: readonly string[]): Promise<void>;
  /** Every credential this run has used: redacted from anything printed (a server may echo one back). */
  readonly secrets: ReadonlySet<string>;
  /** Run at the end of the command, even when it fails. */
  defer(cleanup: () => unknown): void;
  now(): Date;
  sleep(ms: number): Promise<void>;
}

export interface ContextDeps {
  terminal: TerminalLike;
  env: NodeJS.ProcessEnv;
  flags: GlobalOptions;
  signal: AbortSignal;
  cleanups: Array<() => unknown>;
  prompter?: Prompter;
}

const isOn = (value: string | undefined): boolean => value !== undefined && value !== "" && value !== "0" && value !== "false";

export function createContext(deps: ContextDeps): Context {
  const { env, flags, signal, cleanups } = deps;
  const io = createIO(deps.terminal, { env, noColor: flags.color === false, quiet: Boolean(flags.quiet) });
  const verbose = Boolean(flags.verbose) || isOn(env.ANALYTICS_DEBUG);
  const timeoutMs = parseDuration(flags.timeout ?? (env.ANALYTICS_TIMEOUT || "30s"), flags.timeout ? "--timeout" : "ANALYTICS_TIMEOUT");
  const useSandbox = Boolean(flags.sandbox) || isOn(env.ANALYTICS_SANDBOX);
  let config: Promise<ConfigStore> | undefined;
  let connection: Promise<Connection> | undefined;
  let api: Promise<AnalyticsProvider> | undefined;
  const secrets = new Set<string>();

  const ctx: Context = {
    io,
    env,
    flags,
    signal,
    verbose,
    timeoutMs,
    usesSandbox: useSandbox,
    secrets,
    prompter: deps.prompter ?? createPrompter(io),
    config() {
      config ??= import("./config/store.js").then(({ ConfigStore }) => ConfigStore.open(env, (message) => io.info(message)));
      return config;
    },
    async providerName() {
      const [{ lookupSettings }, store] = await Promise.all([import("./config/settings.js"), ctx.config()]);
      return lookupSettings(flags, env, store, true).provider.value;
    },
    connection() {
      connection ??= useSandbox ? startSandboxConnection(ctx) : configuredConnection(ctx);
      return connection;
    },
    api() {
      api ??= ctx.connection().then((c) => ctx.apiFor(c));
      return api;
    },
    async apiFor(target, requestSignal = signal) {
      const [{ HttpClient }, { loadProvider }] = await Promise.all([import("./http/client.js"), import("./providers/registry.js")]);
      secrets.add(target.token);
      const module = await loadProvider(target.provider);
      const http = new HttpClient({
        origin: target.apiUrl,
        basePath: module.basePath(target),
        credentialHeaders: module.credentialHeaders(target),
        secrets: [target.token],
        timeoutMs,
        userAgent: `analytics-cli/${VERSION} node/${process.versions.node}`,
        signal: requestSignal,
        log: verbose ? (line) => void io.stderr.write(`${redact(line, target.token)}\n`) : undefined,
      });
      if (verbose) for (const line of await verboseNotes(target, Object.keys(module.credentialHeaders(target)), env)) io.stderr.write(`${line}\n`);
      const provider = module.createProvider(http, { authHint: authHint(target) }, target);
      cleanups.push(() => provider.close());
      return provider;
    },
    async rememberCampaigns(ids) {
      if (useSandbox || ids.length === 0) return;
      const { rememberIds } = await import("./config/recent.js");
      rememberIds(env, "campaigns", ids);
    },
    async rememberExports(ids) {
      if (useSandbox || ids.length === 0) return;
      const { rememberIds } = await import("./config/recent.js");
      rememberIds(env, "exports", ids);
    },
    defer(cleanup) {
      cleanups.push(cleanup);
    },
    now: () => new Date(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
  if (useSandbox && (flags.apiUrl || flags.workspace)) {
    throw new UsageError("--sandbox cannot be combined with --api-url or --workspace");
  }
  return ctx;
}

/** --verbose: which provider, where, which credential headers (values never shown), and a workspace that is ignored. */
async function verboseNotes(target: Connection, headerNames: readonly string[], env: NodeJS.ProcessEnv): Promise<string[]> {
  const { PROVIDERS } = await import("./providers/capabilities.js");
  const headers = headerNames.map((name) => `${name}: [REDACTED]`).join(", ");
  const lines = [`provider ${target.provider} at ${target.apiUrl}; credential headers: ${headers}`];
  if (!PROVIDERS[target.provider].usesWorkspace && env.ANALYTICS_WORKSPACE) {
    lines.push(`ANALYTICS_WORKSPACE is ignored: ${target.provider} has no workspaces (its API key belongs to one)`);
  }
  return lines;
}

function authHint(connection: Connection): string {
  switch (connection.tokenSource) {
    case "env":
      return "the token in ANALYTICS_TOKEN was refused; check it, or unset it to use the saved login";
    case "sandbox":
      return "the sandbox refused its own token; is another server on that port?";
    default:
      return `run \`analytics auth login${connection.profile === "default" ? "" : ` --profile ${connection.profile}`}\``;
  }
}

async function configuredConnection(ctx: Context): Promise<Connection> {
  const [{ resolveConnection }, config] = await Promise.all([import("./config/settings.js"), ctx.config()]);
  return resolveConnection(ctx.flags, ctx.env, config);
}

/** The in-process sandbox serves every provider; the provider still comes from --provider, the environment or the profile. */
async function startSandboxConnection(ctx: Context): Promise<Connection> {
  const [{ startSandbox }, provider] = await Promise.all([import("./sandbox/index.js"), sandboxProvider(ctx)]);
  const sandbox = await startSandbox({});
  ctx.defer(() => sandbox.close());
  const credential = sandbox.credentials[provider];
  return { provider, apiUrl: sandbox.url, workspace: credential.workspace, token: credential.token, tokenSource: "sandbox", profile: "sandbox" };
}

async function sandboxProvider(ctx: Context): Promise<ProviderName> {
  const [{ checkWorkspaceFlag }, provider] = await Promise.all([import("./config/settings.js"), ctx.providerName()]);
  checkWorkspaceFlag(ctx.flags, provider);
  return provider;
}
