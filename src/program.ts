/**
 * The commander tree: global flags, every command and its flags, help texts. Each action lazily
 * imports its command module, so start-up pays only for the command that runs.
 */
import { Argument, Command, Option } from "commander";
import { DELIVERABILITY_RANGES, EXPORT_FORMATS, EXPORT_TYPES, GROUP_BY, HEATMAP_METRICS, HEATMAP_RANGES, RELATIVE_RANGES } from "./providers/vocabulary.js";
import type { Context, GlobalOptions } from "./context.js";
import { type Feature, PROVIDER_NAMES, unsupported, worksWithLine } from "./providers/capabilities.js";
import { SHELLS } from "./completion/shells.js";
import { UsageError } from "./errors.js";
import { OUTPUT_FORMATS } from "./options/format.js";
import { isRepeatable, repeatableOption } from "./options/repeatable.js";
import { VERSION } from "./version.js";

/** Builds the context for the command that runs (main owns its lifetime). */
export type ContextFactory = (flags: GlobalOptions) => Promise<Context>;

type CommandModule = { run(options: never, ctx: Context): Promise<void> };

/** The provider capability each data command needs (capabilities.ts). */
const FEATURE_OF = new WeakMap<Command, Feature>();

/** Mark `command` as serving `feature`: its help names the providers that can, and it refuses the others. */
function servedBy<T extends Command>(command: T, feature: Feature): T {
  FEATURE_OF.set(command, feature);
  command.addHelpText("after", `\n${worksWithLine(feature).replace(/^w/, "W")}\n`);
  return command;
}

/** Usage error, before any request, when the provider in force cannot serve the command. */
async function checkProvider(command: Command, ctx: Context): Promise<void> {
  let owner: Command | null = command;
  while (owner && !FEATURE_OF.has(owner)) owner = owner.parent;
  const feature = owner && FEATURE_OF.get(owner);
  if (!owner || !feature) return;
  const refusal = unsupported(await ctx.providerName(), feature, owner.name());
  if (refusal) throw new UsageError(refusal.message, { hint: refusal.hint });
}

/** An action that imports `modulePath` only when the command runs. */
function lazy(makeContext: ContextFactory, load: () => Promise<CommandModule>, toOptions: (...args: unknown[]) => unknown) {
  return async (...args: unknown[]): Promise<void> => {
    const command = args.at(-1) as Command;
    const [ctx, module] = await Promise.all([makeContext(command.optsWithGlobals<GlobalOptions>()), load()]);
    await checkProvider(command, ctx);
    await module.run(toOptions(...args.slice(0, -1)) as never, ctx);
  };
}

/** The options every data command takes. */
function addFormatOptions(command: Command): Command {
  return command
    .addOption(new Option("--format <format>", "output format").choices(OUTPUT_FORMATS))
    .option("--json", "print the API's data object as JSON (same as --format json)")
    .option("--csv", "print the main table as CSV (same as --format csv)");
}

function addWindowOptions(command: Command, ranges: readonly string[] = RELATIVE_RANGES): Command {
  return command
    .addOption(new Option("--range <range>", "time range (default: 30d)").choices(ranges))
    .option("--from <date>", "start of a custom range: YYYY-MM-DD or ISO 8601 (needs --to)")
    .option("--to <date>", "end of a custom range, inclusive (needs --from)");
}

/**
 * commander silently keeps the last of `--range 7d --range 30d`; a script that says two things
 * probably meant one of them, so that is a usage error, like any other conflicting input.
 */
function rejectRepeatedOptions(action: Command, rawArgs: readonly string[]): void {
  const known: Option[] = [];
  for (let command: Command | null = action; command; command = command.parent) known.push(...command.options);
  const seen = new Map<Option, number>();
  for (const arg of rawArgs) {
    if (arg === "--") break;
    const flag = arg.split("=", 1)[0] ?? "";
    const option = known.find((candidate) => candidate.long === flag || candidate.short === flag || candidate.long === flag.replace(/^--no-/, "--"));
    if (!option || isRepeatable(option)) continue;
    const count = (seen.get(option) ?? 0) + 1;
    seen.set(option, count);
    if (count === 2) throw new UsageError(`${option.long ?? option.short} was given more than once; give it once`);
  }
}

function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((line) => `  ${line}`).join("\n")}\n`;
}

export interface ProgramOutput {
  writeOut(text: string): void;
  writeErr(text: string): void;
}

export function buildProgram(makeContext: ContextFactory, output: ProgramOutput): Command {
  const program = new Command("analytics");
  // Set before any subcommand is added: subcommands inherit both settings.
  program.exitOverride().configureOutput({
    writeOut: output.writeOut,
    writeErr: output.writeErr,
    // commander's suggestion comes as a second line "(Did you mean x?)"; CLI.md's second line is a hint.
    outputError: (text, write) => write(text.replace(/\n\(Did you mean (.+)\?\)/, "\nhint: did you mean $1?")),
  });
  program.hook("preAction", (_root, action) => rejectRepeatedOptions(action, (program as unknown as { rawArgs: string[] }).rawArgs));
  program
    .description("Email-campaign analytics from the terminal: campaigns, workspace overview, deliverability, heatmaps, comparisons, exports.")
    .version(VERSION, "-V, --version", "print the version")
    .helpOption("-h, --help", "show help")
    .option("--profile <name>", "stored profile to use (env: ANALYTICS_PROFILE)")
    .addOption(new Option("--provider <name>", "which analytics API (env: ANALYTICS_PROVIDER; default: tenant)").choices(PROVIDER_NAMES))
    .option("--api-url <url>", "API origin, e.g. https://api.example.com (env: ANALYTICS_API_URL)")
    .option("--workspace <id>", "workspace id (env: ANALYTICS_WORKSPACE)")
    .option("--sandbox", "run against an in-process sandbox API with demo data (env: ANALYTICS_SANDBOX=1)")
    .option("--timeout <duration>", "per-request timeout, e.g. 30s (env: ANALYTICS_TIMEOUT)")
    .option("-q, --quiet", "print nothing on stderr but errors")
    .option("--verbose", "log each HTTP request to stderr, token redacted (env: ANALYTICS_DEBUG=1)")
    .option("--no-color", "disable colour (also NO_COLOR)")
    .showSuggestionAfterError()
    .addHelpText(
      "after",
      examples(
        "analytics campaign cmp_abc123 --sandbox      # try it with demo data, no login",
        "analytics auth login                         # then use your own workspace",
        "analytics campaign cmp_abc123 --json | jq '.rates.open_rate'",
      ) +
        "\nEnvironment (flag > environment > profile > default):\n  ANALYTICS_TOKEN, ANALYTICS_PROVIDER, ANALYTICS_API_URL, ANALYTICS_WORKSPACE,\n  ANALYTICS_PROFILE, ANALYTICS_CONFIG_DIR, ANALYTICS_TIMEOUT, ANALYTICS_DEBUG,\n  ANALYTICS_SANDBOX, NO_COLOR, FORCE_COLOR\n" +
        "\nExit codes:\n  0 ok, 1 API error, 2 usage, 3 auth, 4 not found, 5 rate limited, 6 export,\n  7 network, 130 interrupted\n",
    );

  const auth = program
    .command("auth")
    .description("log in, check, print or remove the stored token")
    .addHelpText("after", examples("analytics auth login", "analytics auth status --json | jq .accepted", "analytics auth logout --profile staging"));
  auth
    .command("login")
    .description("save API URL, workspace and token for a profile, after checking them with one API call")
    .option("--with-token", "read the token from stdin instead of prompting")
    .addHelpText(
      "after",
      examples(
        "analytics auth login",
        "analytics auth login --api-url https://api.example.com --with-token <tok.txt",
        "printenv MY_TOKEN | analytics auth login --profile staging --with-token",
      ),
    )
    .action(lazy(makeContext, () => import("./commands/auth/login.js"), (opts) => opts));
  auth
    .command("status")
    .description("show the profile, API URL, workspace, token source and whether the API accepts the token")
    .option("--json", "print the status as JSON")
    .addHelpText("after", examples("analytics auth status", "analytics auth status --json | jq -r .workspace"))
    .action(lazy(makeContext, () => import("./commands/auth/status.js"), (opts) => opts));
  auth
    .command("logout")
    .description("remove the profile's token from this machine (it is not revoked)")
    .addHelpText("after", examples("analytics auth logout", "analytics auth logout --profile staging"))
    .action(lazy(makeContext, () => import("./commands/auth/logout.js"), (opts) => opts));
  auth
    .command("token")
    .description("print the token in use, for scripts")
    .addHelpText("after", examples("analytics auth token | wl-copy", 'curl -H "Authorization: Bearer $(analytics auth token)" "$URL"'))
    .action(lazy(makeContext, () => import("./commands/auth/token.js"), (opts) => opts));

  const campaign = program
    .command("campaign")
    .description("one campaign: summary counts, rates and a time-series chart")
    .argument("<campaignId>", "campaign id, e.g. cmp_abc123");
  addWindowOptions(campaign)
    .addOption(new Option("--group-by <unit>", "time-series buckets (default: day)").choices(GROUP_BY))
    .option("--no-chart", "leave out the chart");
  addFormatOptions(servedBy(campaign, "campaign"))
    .addHelpText(
      "after",
      examples(
        "analytics campaign cmp_abc123",
        "analytics campaign cmp_abc123 --from 2025-11-01 --to 2025-11-15",
        "analytics campaign cmp_abc123 --json | jq '.rates.open_rate'",
        "analytics campaign cmp_abc123 --range 7d --csv > daily.csv   # e.g. from cron",
      ),
    )
    .action(lazy(makeContext, () => import("./commands/campaign.js"), (campaignId, opts) => ({ campaignId, ...(opts as object) })));

  // ── overview ──
  const overview = program.command("overview").description("workspace summary, rates and top campaigns");
  addFormatOptions(addWindowOptions(servedBy(overview, "overview")))
    .addHelpText(
      "after",
      examples("analytics overview", "analytics overview --range 7d --json | jq '.rates'", "analytics overview --csv > top-campaigns.csv"),
    )
    .action(lazy(makeContext, () => import("./commands/overview.js"), (opts) => opts));

  // ── funnel, cohorts, attribution (CampaignOS) ──
  const lookbackOptions = (command: Command): Command =>
    command
      .option("--days <n>", "lookback in days, any number from 1 to 366 (default: 30)")
      .addOption(new Option("--range <range>", "lookback as a range, instead of --days").choices(RELATIVE_RANGES));
  const funnel = program
    .command("funnel")
    .description("conversion through a sequence of event types: counts, drop-off, conversion from the previous step")
    .option("--steps <list>", "comma-separated event types, in order (required), e.g. page_view,signup,purchase");
  addFormatOptions(lookbackOptions(servedBy(funnel, "funnel")))
    .addHelpText(
      "after",
      examples(
        "analytics funnel --steps page_view,signup,purchase",
        "analytics funnel --steps signup,purchase --days 14",
        "analytics funnel --steps page_view,signup --json | jq '.overall_conversion'",
      ),
    )
    .action(lazy(makeContext, () => import("./commands/funnel.js"), (opts) => opts));
  const cohorts = program
    .command("cohorts")
    .description("retention by signup cohort as a week-by-week grid")
    .option("--metric <event>", "what counts as active: events (default) or an event type, e.g. purchase");
  addFormatOptions(lookbackOptions(servedBy(cohorts, "cohorts")))
    .addHelpText(
      "after",
      examples("analytics cohorts", "analytics cohorts --days 90 --metric purchase", "analytics cohorts --csv > retention.csv"),
    )
    .action(lazy(makeContext, () => import("./commands/cohorts.js"), (opts) => opts));
  const attribution = program.command("attribution").description("traffic and conversions by UTM source / medium / campaign");
  addFormatOptions(lookbackOptions(servedBy(attribution, "attribution")))
    .addHelpText(
      "after",
      examples("analytics attribution", "analytics attribution --days 7", "analytics attribution --json | jq '.sources[0]'"),
    )
    .action(lazy(makeContext, () => import("./commands/attribution.js"), (opts) => opts));

  // ── campaigns ──
  const campaigns = program
    .command("campaigns")
    .description("every campaign of the workspace, one row each: name, id, status, sent, rates")
    .option("--status <status>", "only campaigns in this status: draft, active, paused, completed, failed (any case)")
    .option("--from <date>", "only campaigns launched on or after this date, YYYY-MM-DD (needs --to)")
    .option("--to <date>", "only campaigns launched on or before this date, inclusive (needs --from)")
    .option("--sort <field>", "name, status, created, sent, opened, replied, bounced, open_rate, click_rate, reply_rate, bounce_rate (default: the API's order)")
    .option("--limit <n>", "show at most n campaigns");
  addFormatOptions(servedBy(campaigns, "campaigns"))
    .addHelpText(
      "after",
      examples(
        "analytics campaigns",
        "analytics campaigns --status active --sort reply_rate --limit 5",
        "analytics campaigns --json | jq -r '.campaigns[].campaign_id'",
      ),
    )
    .action(lazy(makeContext, () => import("./commands/campaigns.js"), (opts) => opts));

  // ── timeline ──
  const timeline = program.command("timeline").description("the workspace's daily series (sent, opened, replied, bounced, …) as a chart and a table");
  addWindowOptions(servedBy(timeline, "timeline")).option("--no-chart", "leave out the charts");
  addFormatOptions(timeline)
    .addHelpText(
      "after",
      examples("analytics timeline", "analytics timeline --from 2025-11-01 --to 2025-11-15", "analytics timeline --csv > daily.csv"),
    )
    .action(lazy(makeContext, () => import("./commands/timeline.js"), (opts) => opts));

  // ── deliverability ──
  const deliverability = program
    .command("deliverability")
    .description("health score, inbox placement, bounces with top reasons, reputation trend, blacklist status")
    .addOption(new Option("--range <range>", "time range (default: 30d)").choices(DELIVERABILITY_RANGES))
    .option("--campaign <id>", "only this campaign")
    .option("--domain <id>", "only this sending domain");
  addFormatOptions(servedBy(deliverability, "deliverability"))
    .addHelpText(
      "after",
      examples(
        "analytics deliverability",
        "analytics deliverability --campaign cmp_abc123 --range 7d",
        "analytics deliverability --json | jq '.blacklist_status.any_ip_blacklisted'",
      ),
    )
    .action(lazy(makeContext, () => import("./commands/deliverability.js"), (opts) => opts));

  // ── heatmap ──
  const heatmap = program
    .command("heatmap")
    .description("day-of-week × time-of-day engagement heatmap and the best time to send")
    .addOption(new Option("--range <range>", "time range (default: 30d)").choices(HEATMAP_RANGES))
    .option("--campaign <id>", "only this campaign")
    .option("--tz <zone>", "IANA time zone for the hours, e.g. Europe/Berlin (default: the workspace's)")
    .addOption(new Option("--metric <metric>", "what colours the cells (default: open_rate)").choices(HEATMAP_METRICS));
  addFormatOptions(servedBy(heatmap, "heatmap"))
    .addHelpText(
      "after",
      examples(
        "analytics heatmap",
        "analytics heatmap --tz Europe/Berlin --metric engagement_score --range 90d",
        "analytics heatmap --json | jq '.optimal_send_time'",
      ),
    )
    .action(lazy(makeContext, () => import("./commands/heatmap.js"), (opts) => opts));

  // ── compare ──
  const compare = program
    .command("compare")
    .description("compare 2–10 campaigns metric by metric, with statistical significance")
    .argument("<campaignIds...>", "two to ten campaign ids");
  addWindowOptions(compare).option("--metrics <list>", "comma-separated rates to compare (default: open_rate,click_rate,reply_rate,delivery_rate)");
  addFormatOptions(servedBy(compare, "compare"))
    .addHelpText(
      "after",
      examples(
        "analytics compare cmp_abc123 cmp_def456",
        "analytics compare cmp_abc123 cmp_def456 cmp_ghi789 --metrics reply_rate",
        "analytics compare cmp_abc123 cmp_def456 --json | jq '.comparison'",
      ),
    )
    .action(lazy(makeContext, () => import("./commands/compare.js"), (campaignIds, opts) => ({ campaignIds, ...(opts as object) })));

  // ── export ──
  const exportCommand = program
    .command("export")
    .description("create an export, wait for it and download the file (safe for cron)")
    .addOption(new Option("--type <type>", "export type").choices(EXPORT_TYPES).default("campaign_performance"))
    .addOption(new Option("--format <format>", "file format").choices(EXPORT_FORMATS).default("csv"));
  addWindowOptions(servedBy(exportCommand, "export"))
    .addOption(repeatableOption("--campaign <id>", "only this campaign (repeatable)"))
    .option("--time-series", "include one row per campaign and day")
    .option("-o, --output <path>", "where to write the file ('-' for stdout; default: analytics-<type>-<id>.<format>)")
    .option("--no-wait", "print the export id and exit without waiting")
    .option("--wait-timeout <duration>", "give up waiting after this long (exit 6), e.g. 10m", "15m")
    .option("--force", "overwrite an existing file")
    .addHelpText(
      "after",
      examples(
        "analytics export --format csv --range 7d",
        "analytics export --format json --campaign cmp_abc123 -o - | jq length",
        "0 3 * * * analytics export -o /data/nightly.csv --force -q   # crontab",
      ),
    )
    .action(lazy(makeContext, () => import("./commands/export.js"), (opts) => opts));

  // ── exports status / download ──
  const exportsCommand = program
    .command("exports")
    .description("check or download an export created earlier")
    .addHelpText("after", examples("id=$(analytics export --no-wait)", 'analytics exports status "$id"', 'analytics exports download "$id" -o report.csv'));
  servedBy(exportsCommand, "exports");
  const exportStatus = exportsCommand.command("status").description("one export's status").argument("<exportId>", "export id, e.g. exp_xyz123");
  addFormatOptions(exportStatus)
    .addHelpText("after", examples("analytics exports status exp_xyz123", "analytics exports status exp_xyz123 --json | jq -r .status"))
    .action(lazy(makeContext, () => import("./commands/exports-status.js"), (exportId, opts) => ({ exportId, ...(opts as object) })));
  exportsCommand
    .command("download")
    .description("download a completed export")
    .argument("<exportId>", "export id, e.g. exp_xyz123")
    .option("-o, --output <path>", "where to write the file ('-' for stdout)")
    .option("--force", "overwrite an existing file")
    .addHelpText("after", examples("analytics exports download exp_xyz123", "analytics exports download exp_xyz123 -o - | head"))
    .action(lazy(makeContext, () => import("./commands/exports-download.js"), (exportId, opts) => ({ exportId, ...(opts as object) })));

  // ── api ──
  program
    .command("api")
    .description("make an authenticated request to any workspace endpoint and print the JSON response")
    .argument("<path>", "path under the workspace (analytics/overview) or absolute (/api/v1/...)")
    .option("-X, --method <method>", "HTTP method (default: GET, or POST with --input)")
    .addOption(repeatableOption("-f, --field <key=value>", "query parameter for GET, JSON body field otherwise (repeatable)"))
    .option("--input <file>", "JSON request body from a file, or '-' for stdin")
    .addHelpText(
      "after",
      examples(
        "analytics api analytics/overview -f timeRange=7d",
        "analytics api analytics/compare -X POST -f time_range=30d --input ids.json",
        "analytics api campaigns/cmp_abc123/analytics | jq '.data.summary'",
      ),
    )
    .action(lazy(makeContext, () => import("./commands/api.js"), (path, opts) => ({ path, ...(opts as object) })));

  // ── completion ──
  program
    .command("completion")
    .description("print the shell completion script (also shipped in completions/)")
    .addArgument(new Argument("<shell>", "bash, zsh or fish").choices(SHELLS))
    .addHelpText(
      "after",
      examples(
        "source <(analytics completion bash)          # in ~/.bashrc",
        "analytics completion zsh > \"${fpath[1]}/_analytics\"",
        "analytics completion fish > ~/.config/fish/completions/analytics.fish",
      ),
    )
    .action(lazy(makeContext, () => import("./commands/completion.js"), (shell) => ({ shell })));
  program
    .command("__complete", { hidden: true })
    .argument("[words...]")
    .allowUnknownOption()
    .action(async (words: string[]) => {
      const { complete, localSources } = await import("./completion/complete.js");
      output.writeOut(complete(program, words, localSources(process.env)).map((c) => `${c}\n`).join(""));
    });

  program
    .command("sandbox")
    .description("run the local sandbox API with demo data in the foreground (Ctrl-C stops it)")
    .option("--host <host>", "interface to listen on", "127.0.0.1")
    .option("--port <port>", "port to listen on (0 picks a free one)", "4010")
    .option("--seed <n>", "dataset seed: the same seed gives the same numbers", "42")
    .option("--campaigns <n>", "number of campaigns in the demo workspace", "15")
    .option("--now <iso>", "pin the dataset's clock, e.g. 2025-11-26T12:00:00Z")
    .option("--faults <spec>", "inject faults, e.g. '502=0.1,429=2x' (see below)")
    .addHelpText(
      "after",
      examples(
        "analytics sandbox",
        "analytics sandbox --port 0 --now 2025-11-26T12:00:00Z --seed 7",
        "analytics sandbox --faults '502=0.2,reset=0.05,download.truncate=1x'",
      ) +
        "\nFault spec: comma-separated [api.|download.]KIND=AMOUNT, where AMOUNT is a\n" +
        "probability (0.1) or Nx for the next N requests; deterministic for a --seed.\n" +
        "  500 502 503 504  a JSON error envelope with that status\n" +
        "  429              RATE_LIMITED with Retry-After: 1\n" +
        "  reset            close the connection before answering\n" +
        "  reset-mid        send headers and part of the body, then close\n" +
        "  slow             hold the first byte for 35 s (beyond the default timeout)\n" +
        "  truncate         a body shorter than its Content-Length\n" +
        "  malformed        200 with invalid JSON\n" +
        "  html             502 with an HTML proxy error page\n",
    )
    .action(lazy(makeContext, () => import("./commands/sandbox.js"), (opts) => opts));

  return program;
}
