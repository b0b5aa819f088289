/**
 * The commander tree: global flags, every command and its flags, help texts. Each action lazily
 * imports its command module, so start-up pays only for the command that runs.
 */
import { Argument, type Command, Option } from "commander";
import {
  DEFAULT_COMPARE_METRICS,
  DELIVERABILITY_RANGES,
  EXPORT_FORMATS,
  EXPORT_TYPES,
  GROUP_BY,
  HEATMAP_METRICS,
  HEATMAP_RANGES,
  RATE_METRICS,
  RELATIVE_RANGES,
} from "./providers/vocabulary.js";
import type { Context, GlobalOptions } from "./context.js";
import { type Feature, PROVIDER_NAMES, unsupported, worksWithLine } from "./providers/capabilities.js";
import { SHELLS } from "./completion/shells.js";
import { UsageError } from "./errors.js";
import { CliCommand, commandPath } from "./help/command.js";
import { HELP_WIDTH, withEnv, withShownDefault } from "./help/format.js";
import { OUTPUT_FORMATS } from "./options/format.js";
import { isRepeatable, repeatableOption } from "./options/repeatable.js";
import { wrapMessage } from "./render/io.js";
import { DOMAINS } from "./sandbox/domains.js";
import { VERSION } from "./version.js";

/** Printed after the root help when `analytics` runs with no arguments. */
export const GETTING_STARTED = `
Getting started:
  analytics campaign cmp_abc123 --sandbox   try it on demo data (no login needed)
  analytics auth login                      connect your own workspace
`;

/** Builds the context for the command that runs (main owns its lifetime). */
export type ContextFactory = (flags: GlobalOptions) => Promise<Context>;

type CommandModule = { run(options: never, ctx: Context): Promise<void> };

/** The provider capability each data command needs (capabilities.ts). */
const FEATURE_OF = new WeakMap<Command, Feature>();

/** Mark `command` as serving `feature`: its help names the providers that can (see describe), and it refuses the others. */
function servedBy<T extends Command>(command: T, feature: Feature): T {
  FEATURE_OF.set(command, feature);
  return command;
}

/** Usage error, before any request, when the provider in force cannot serve the command. */
async function checkProvider(command: Command, ctx: Context): Promise<void> {
  let owner: Command | null = command;
  while (owner && !FEATURE_OF.has(owner)) owner = owner.parent;
  const feature = owner && FEATURE_OF.get(owner);
  if (!owner || !feature) return;
  // With --profiles each profile's own provider is checked as its row is fetched.
  const { profiles, allProfiles } = command.opts<{ profiles?: string; allProfiles?: boolean }>();
  if (profiles !== undefined || allProfiles) return;
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

/**
 * The options every data command takes. `csvHolds` says what the CSV holds for this command: each
 * command's CSV is a different table, and a script author needs to know which before trying.
 */
function addFormatOptions(command: Command, csvHolds: string): Command {
  return command
    .addOption(new Option("--format <format>", "output format").choices(OUTPUT_FORMATS).default(undefined, "table"))
    .option("--json", "print the API's data object as JSON (same as --format json)")
    .option("--csv", `print CSV (same as --format csv): ${csvHolds}`);
}

/** How the many-workspace flags work, for the help of the commands that take them. */
const PROFILES_NOTE =
  "Many workspaces: --profiles a,b or --all-profiles runs the command for each\n" +
  "stored profile (its own provider and token, 4 at a time), with a total pooled\n" +
  "from counts. ANALYTICS_TOKEN, _API_URL, _WORKSPACE and _PROVIDER must not be\n" +
  "set with them.\n";

/** `--profiles`, `--all-profiles`, `--fail-fast`: run once per stored profile (CLI.md, "Many workspaces at once"). */
function addProfilesOptions(command: Command): Command {
  return command
    .option("--profiles <list>", "run for each of these stored profiles, e.g. acme,globex (4 at a time)")
    .option("--all-profiles", "run for every stored profile")
    .option("--fail-fast", "with --profiles: stop at the first profile that fails");
}

function addWindowOptions(command: Command, ranges: readonly string[] = RELATIVE_RANGES, defaultRange = "30d"): Command {
  return command
    .addOption(rangeOption(ranges, defaultRange))
    .option("--from <date>", "start of a custom range: YYYY-MM-DD or ISO 8601 (needs --to)")
    .option("--to <date>", "end of a custom range, inclusive (needs --from)");
}

/** `--range`: its default is applied by the command, since `--range` given with `--from` is an error. */
function rangeOption(ranges: readonly string[], defaultRange = "30d"): Option {
  return withShownDefault(new Option("--range <range>", "time range").choices(ranges), defaultRange);
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

/** What a help page shows after the flags, in this order. One place, so every page reads alike. */
interface HelpSections {
  /** Each runs as written against the sandbox (test/e2e/help-examples.test.ts runs them all, in order, in one shell). */
  examples: readonly string[];
  /** Free text after the examples: a table of fault kinds, where ids come from. */
  notes?: string;
}

function describe(command: Command, sections: HelpSections): Command {
  const feature = FEATURE_OF.get(command);
  const text = [
    feature ? `${worksWithLine(feature).replace(/^w/, "W")}\n` : undefined,
    `Examples:\n${sections.examples.map((line) => `  ${line}`).join("\n")}\n`,
    sections.notes,
  ].filter((part): part is string => part !== undefined);
  return command.addHelpText("after", `\n${text.join("\n")}`);
}

export interface ProgramOutput {
  writeOut(text: string): void;
  writeErr(text: string): void;
  /** Columns for help text (capped at 80 by the help formatter); default 80. */
  helpWidth?: number | undefined;
  /** Columns to wrap usage errors at; undefined (not a terminal) keeps one line per message. */
  messageColumns?: number | undefined;
}

/** The root's flags; every subcommand's help repeats them under "Inherited flags". */
function addGlobalOptions(program: Command): Command {
  return program
    .addOption(withEnv(withShownDefault(new Option("--profile <name>", "stored profile to use"), "default"), "ANALYTICS_PROFILE"))
    .addOption(withEnv(withShownDefault(new Option("--provider <name>", "which analytics API").choices(PROVIDER_NAMES), "tenant"), "ANALYTICS_PROVIDER"))
    .addOption(withEnv(new Option("--api-url <url>", "API origin, e.g. https://api.example.com"), "ANALYTICS_API_URL"))
    .addOption(withEnv(new Option("--workspace <id>", "workspace id"), "ANALYTICS_WORKSPACE"))
    .addOption(withEnv(new Option("--sandbox", "run against an in-process sandbox API with demo data"), "ANALYTICS_SANDBOX=1"))
    .addOption(
      withEnv(
        withShownDefault(
          new Option(
            "--timeout <duration>",
            "time limit for each API response, headers and body, e.g. 10s or 2m; a call and its retries end within twice this; a download stops after this long without data",
          ),
          "30s",
        ),
        "ANALYTICS_TIMEOUT",
      ),
    )
    .option("-q, --quiet", "print nothing on stderr but errors")
    .addOption(withEnv(new Option("--verbose", "log each HTTP request to stderr, token redacted"), "ANALYTICS_DEBUG=1"))
    .addOption(withEnv(new Option("--no-color", "disable colour"), "NO_COLOR"));
}

/** `analytics help [command…]`: that command's help; an unknown command is a usage error, not the root help. */
function addHelpCommand(program: Command): void {
  describe(program.command("help").description("show the help of a command").argument("[command...]", "the command"), {
    examples: ["analytics help campaign", "analytics help auth login"],
  })
    .action((words: string[]) => {
      let target: Command = program;
      for (const word of words) {
        const next = target.commands.find((sub) => sub.name() === word && sub.name() !== "help");
        if (!next) {
          const known = target.commands.map((sub) => sub.name()).filter((name) => name !== "help" && !name.startsWith("__"));
          throw new UsageError(`unknown command '${[...words.slice(0, words.indexOf(word)), word].join(" ")}'`, {
            hint: `commands${target === program ? "" : ` of ${commandPath(target).replace(/^analytics /, "")}`}: ${known.join(", ")}`,
          });
        }
        target = next;
      }
      target.outputHelp();
    });
}

/** Where `--domain` ids come from, for `deliverability --help`. */
const DOMAIN_NOTE =
  "Domain ids: the ids of your sending domains in the platform's domain settings\n" +
  "(the API has no endpoint that lists them). The sandbox's domains are\n" +
  `${DOMAINS.map((domain) => `${domain.id} (${domain.name})`).join(", ").replace(/, (?=dom_r)/, ",\n")}.\n`;

export function buildProgram(makeContext: ContextFactory, output: ProgramOutput): Command {
  const program = new CliCommand("analytics");
  // Set before any subcommand is added: subcommands inherit these settings.
  program
    .exitOverride()
    .configureOutput({
      writeOut: output.writeOut,
      writeErr: output.writeErr,
      getOutHelpWidth: () => output.helpWidth ?? HELP_WIDTH,
      getErrHelpWidth: () => output.helpWidth ?? HELP_WIDTH,
      // commander's suggestion comes as a second line "(Did you mean x?)"; CLI.md's second line is a hint.
      outputError: (text, write) =>
        write(
          text
            .replace(/\n\(Did you mean (.+)\?\)/, "\nhint: did you mean $1?")
            .split("\n")
            .filter(Boolean)
            .map((line) => wrapMessage(line, output.messageColumns))
            .join(""),
        ),
    })
    .configureHelp({ showGlobalOptions: true })
    .helpCommand(false);
  program.hook("preAction", (_root, action) => rejectRepeatedOptions(action, (program as unknown as { rawArgs: string[] }).rawArgs));
  addGlobalOptions(
    program
      .description("Email-campaign analytics from the terminal: campaigns, workspace overview, deliverability, heatmaps, comparisons, exports.")
      .version(VERSION, "-V, --version", "print the version")
      .helpOption("-h, --help", "show help"),
  ).showSuggestionAfterError();
  describe(program, {
    examples: [
      "analytics campaign cmp_abc123 --sandbox      # try it with demo data, no login",
      "analytics auth login                         # then use your own workspace",
      "analytics campaign cmp_abc123 --json | jq '.rates.open_rate'",
    ],
    notes:
      "Environment (flag > environment > profile > default):\n  ANALYTICS_TOKEN, ANALYTICS_PROVIDER, ANALYTICS_API_URL, ANALYTICS_WORKSPACE,\n  ANALYTICS_PROFILE, ANALYTICS_CONFIG_DIR, ANALYTICS_TIMEOUT, ANALYTICS_DEBUG,\n  ANALYTICS_SANDBOX, NO_COLOR, FORCE_COLOR\n" +
      "\nExit codes:\n  0 ok, 1 API error, 2 usage, 3 auth, 4 not found, 5 rate limited, 6 export,\n  7 network, 130 interrupted\n",
  });

  // ── auth ──
  const auth = describe(program.command("auth").description("log in, check, print or remove the stored token"), {
    examples: [
      "analytics auth status --json | jq .accepted",
      "printenv ANALYTICS_TOKEN | analytics auth login --profile staging --with-token",
      "analytics auth logout --profile staging",
    ],
  });
  describe(
    auth
      .command("login")
      .description("save API URL, workspace and token for a profile, after checking them with one API call")
      .option("--with-token", "read the token from stdin instead of prompting"),
    {
      examples: [
        "analytics auth login                    # prompts for what is not set",
        "analytics auth login --with-token < token.txt",
        "printenv ANALYTICS_TOKEN | analytics auth login --profile staging --with-token",
      ],
    },
  ).action(lazy(makeContext, () => import("./commands/auth/login.js"), (opts) => opts));
  describe(
    auth
      .command("status")
      .description("show each setting in force and where it comes from, and whether the API accepts the token")
      .option("--json", "print the status as JSON"),
    { examples: ["analytics auth status", "analytics auth status --json | jq -r .workspace"] },
  ).action(lazy(makeContext, () => import("./commands/auth/status.js"), (opts) => opts));
  describe(auth.command("logout").description("remove the profile's token from this machine (it is not revoked)"), {
    examples: ["analytics auth logout", "analytics auth logout --profile staging"],
  }).action(lazy(makeContext, () => import("./commands/auth/logout.js"), (opts) => opts));
  describe(auth.command("token").description("print the token in use, for scripts"), {
    examples: ["analytics auth token", 'export ANALYTICS_TOKEN="$(analytics auth token --profile staging)"'],
  }).action(lazy(makeContext, () => import("./commands/auth/token.js"), (opts) => opts));

  // ── campaign ──
  const campaign = program
    .command("campaign")
    .description("one campaign: summary counts, rates and a time-series chart")
    .argument("<campaignId>", "campaign id, e.g. cmp_abc123");
  addWindowOptions(campaign)
    .addOption(withShownDefault(new Option("--group-by <unit>", "time-series buckets").choices(GROUP_BY), "day"))
    .option("--no-chart", "leave out the chart");
  describe(addFormatOptions(servedBy(campaign, "campaign"), "the time series, one row per day, week or month"), {
    examples: [
      "analytics campaign cmp_abc123",
      "analytics campaign cmp_abc123 --from 2025-11-01 --to 2025-11-15",
      "analytics campaign cmp_abc123 --json | jq '.rates.open_rate'",
      "analytics campaign cmp_abc123 --range 7d --csv > daily.csv",
    ],
  }).action(lazy(makeContext, () => import("./commands/campaign.js"), (campaignId, opts) => ({ campaignId, ...(opts as object) })));

  // ── overview ──
  const overview = program.command("overview").description("workspace summary, rates and top campaigns");
  describe(addProfilesOptions(addFormatOptions(addWindowOptions(servedBy(overview, "overview")), "the top campaigns, one row each")), {
    examples: ["analytics overview", "analytics overview --range 7d --json | jq '.rates'", "analytics overview --csv > top-campaigns.csv"],
    notes: PROFILES_NOTE,
  }).action(lazy(makeContext, () => import("./commands/overview.js"), (opts) => opts));

  // ── funnel, cohorts, attribution (CampaignOS) ──
  const lookbackOptions = (command: Command): Command =>
    command
      .option("--days <n>", "lookback in days, any number from 1 to 366 (default: 30)")
      .addOption(new Option("--range <range>", "lookback as a range, instead of --days").choices(RELATIVE_RANGES));
  const funnel = program
    .command("funnel")
    .description("conversion through a sequence of event types: counts, drop-off, conversion from the previous step")
    .option("--steps <list>", "comma-separated event types, in order (required), e.g. page_view,signup,purchase");
  describe(addFormatOptions(lookbackOptions(servedBy(funnel, "funnel")), "the steps, one row each"), {
    examples: [
      "analytics funnel --steps page_view,signup,purchase",
      "analytics funnel --steps signup,purchase --days 14",
      "analytics funnel --steps page_view,signup --json | jq '.overall_conversion'",
    ],
  }).action(lazy(makeContext, () => import("./commands/funnel.js"), (opts) => opts));
  const cohorts = program
    .command("cohorts")
    .description("retention by signup cohort as a week-by-week grid")
    .addOption(withShownDefault(new Option("--metric <event>", "what counts as active: any event, or one event type, e.g. purchase"), "events"));
  describe(addFormatOptions(lookbackOptions(servedBy(cohorts, "cohorts")), "one row per cohort and week"), {
    examples: ["analytics cohorts", "analytics cohorts --days 90 --metric purchase", "analytics cohorts --csv > retention.csv"],
  }).action(lazy(makeContext, () => import("./commands/cohorts.js"), (opts) => opts));
  const attribution = program.command("attribution").description("traffic and conversions by UTM source / medium / campaign");
  describe(addFormatOptions(lookbackOptions(servedBy(attribution, "attribution")), "the sources, one row each"), {
    examples: ["analytics attribution", "analytics attribution --days 7", "analytics attribution --json | jq '.sources[0]'"],
  }).action(lazy(makeContext, () => import("./commands/attribution.js"), (opts) => opts));

  // ── campaigns ──
  const campaigns = program
    .command("campaigns")
    .description("every campaign of the workspace, one row each: name, id, status, sent, rates")
    .option("--status <status>", "only campaigns in this status: draft, active, paused, completed, failed (any case)")
    .option("--from <date>", "only campaigns launched on or after this date, YYYY-MM-DD (needs --to)")
    .option("--to <date>", "only campaigns launched on or before this date, inclusive (needs --from)")
    .option("--sort <field>", "name, status, created, sent, opened, replied, bounced, open_rate, click_rate, reply_rate, bounce_rate (default: the API's order)")
    .option("--limit <n>", "show at most n campaigns");
  describe(addProfilesOptions(addFormatOptions(servedBy(campaigns, "campaigns"), "the campaigns, one row each, with the columns the provider has")), {
    examples: ["analytics campaigns", "analytics campaigns --status active --sort reply_rate --limit 5", "analytics campaigns --json | jq -r '.campaigns[].campaign_id'"],
    notes: PROFILES_NOTE,
  }).action(lazy(makeContext, () => import("./commands/campaigns.js"), (opts) => opts));

  // ── timeline ──
  const timeline = program.command("timeline").description("the workspace's daily series (sent, opened, replied, bounced, …) as a chart and a table");
  addWindowOptions(servedBy(timeline, "timeline"), RELATIVE_RANGES, "90d").option("--no-chart", "leave out the charts");
  describe(addFormatOptions(timeline, "the daily series, one row per day"), {
    examples: ["analytics timeline", "analytics timeline --from 2025-11-01 --to 2025-11-15", "analytics timeline --csv > daily.csv"],
  }).action(lazy(makeContext, () => import("./commands/timeline.js"), (opts) => opts));

  // ── deliverability ──
  const deliverability = program
    .command("deliverability")
    .description("health score, inbox placement, bounces with top reasons, reputation trend, blacklist status")
    .addOption(rangeOption(DELIVERABILITY_RANGES))
    .option("--campaign <id>", "only this campaign")
    .option("--domain <id>", "only this sending domain, e.g. dom_k3x9p2 (see Domain ids)");
  describe(addFormatOptions(servedBy(deliverability, "deliverability"), "the reputation trend, one row per date with its score"), {
    examples: [
      "analytics deliverability",
      "analytics deliverability --campaign cmp_abc123 --range 7d",
      "analytics deliverability --domain dom_r2w6z5 --json | jq .health_score",
      "analytics deliverability --json | jq '.blacklist_status.any_ip_blacklisted'",
    ],
    notes: DOMAIN_NOTE,
  }).action(lazy(makeContext, () => import("./commands/deliverability.js"), (opts) => opts));

  // ── heatmap ──
  const heatmap = program
    .command("heatmap")
    .description("day-of-week × time-of-day engagement heatmap and the best time to send")
    .addOption(withShownDefault(new Option("--range <range>", "time range").choices(HEATMAP_RANGES), "30d"))
    .option("--campaign <id>", "only this campaign")
    .addOption(withShownDefault(new Option("--tz <zone>", "IANA time zone for the hours, e.g. Europe/Berlin"), "the workspace's"))
    .addOption(withShownDefault(new Option("--metric <metric>", "what colours the cells").choices(HEATMAP_METRICS), "open_rate"));
  describe(addFormatOptions(servedBy(heatmap, "heatmap"), "the cells, one row per day and time period with every metric"), {
    examples: [
      "analytics heatmap",
      "analytics heatmap --tz Europe/Berlin --metric engagement_score --range 90d",
      "analytics heatmap --json | jq '.optimal_send_time'",
    ],
  }).action(lazy(makeContext, () => import("./commands/heatmap.js"), (opts) => opts));

  // ── compare ──
  const compare = program
    .command("compare")
    .description("compare 2–10 campaigns metric by metric, with statistical significance")
    .argument("<campaignIds...>", "two to ten campaign ids");
  addWindowOptions(compare).addOption(
    withShownDefault(new Option("--metrics <list>", `comma-separated rates to compare: ${RATE_METRICS.join(", ")}`), DEFAULT_COMPARE_METRICS.join(",")),
  );
  describe(addFormatOptions(servedBy(compare, "compare"), "one row per campaign: id, name and one column per metric"), {
    examples: [
      "analytics compare cmp_abc123 cmp_def456",
      "analytics compare cmp_abc123 cmp_def456 cmp_ghi789 --metrics reply_rate",
      "analytics compare cmp_abc123 cmp_def456 --json | jq '.comparison'",
    ],
  }).action(lazy(makeContext, () => import("./commands/compare.js"), (campaignIds, opts) => ({ campaignIds, ...(opts as object) })));

  // ── report ──
  // Every provider: sections it cannot serve say so in the report, so no servedBy().
  const report = program
    .command("report")
    .description("a self-contained HTML (or Markdown) report of the period: KPIs, timeline, top campaigns, compare, deliverability, heatmap");
  addWindowOptions(report)
    .addOption(repeatableOption("--campaign <id>", "compare (and chart) these campaigns instead of the top five (repeatable)"))
    .addOption(withShownDefault(new Option("--format <format>", "report format").choices(["html", "md"]), "html, or md when -o ends in .md"))
    .option("-o, --output <path>", "where to write the report ('-' for stdout)")
    .option("--force", "overwrite an existing file")
    .option("--allow-partial", "write the report even when a section's (or a profile's) data failed, naming what is missing");
  describe(addProfilesOptions(report), {
    examples: [
      "analytics report --range 7d -o weekly.html",
      "analytics report --format md -o - | less",
      "0 7 * * 1 analytics report --range 7d -o /srv/weekly.html --force -q  # cron",
      "0 7 * * 1 analytics report --all-profiles -o /srv/all.html --force -q  # cron",
    ],
    notes:
      `${PROFILES_NOTE}\n` +
      "With them, one file: the roll-up, then each workspace's own sections. If a\n" +
      "profile fails nothing is written, unless --allow-partial: then its row says\n" +
      "why, and the exit code is the first failure's. No --campaign with them.\n",
  })
    .action(lazy(makeContext, () => import("./commands/report.js"), (opts) => opts));

  // ── export ──
  const exportCommand = program
    .command("export")
    .description("create an export, wait for it and download the file (safe for cron)")
    .addOption(new Option("--type <type>", "export type").choices(EXPORT_TYPES).default("campaign_performance"))
    .addOption(new Option("--format <format>", "file format").choices(EXPORT_FORMATS).default("csv"));
  addWindowOptions(servedBy(exportCommand, "export"))
    .addOption(repeatableOption("--campaign <id>", "only this campaign (repeatable)"))
    .option("--time-series", "include one row per campaign and day")
    .addOption(withShownDefault(new Option("-o, --output <path>", "where to write the file, '-' for stdout"), "analytics-<type>-<id>.<format>"))
    .option("--no-wait", "print the export id and exit without waiting")
    .option("--wait-timeout <duration>", "give up waiting after this long (exit 6), e.g. 10m", "15m")
    .option("--force", "overwrite an existing file");
  describe(exportCommand, {
    examples: [
      "analytics export --format csv --range 7d",
      "analytics export --format json --campaign cmp_abc123 -o - | jq length",
      "0 3 * * * analytics export -o /data/nightly.csv --force -q   # crontab",
    ],
  }).action(lazy(makeContext, () => import("./commands/export.js"), (opts) => opts));

  // ── exports status / download ──
  const startExport = "id=$(analytics export --no-wait)          # prints the new export's id";
  const awaitExport = 'while analytics exports status "$id" | grep -q processing; do sleep 1; done';
  const exportsCommand = describe(servedBy(program.command("exports").description("check or download an export created earlier"), "exports"), {
    examples: [startExport, 'analytics exports status "$id"', awaitExport, 'analytics exports download "$id" -o report.csv'],
  });
  const exportStatus = exportsCommand.command("status").description("one export's status").argument("<exportId>", "export id, e.g. exp_xyz123");
  describe(addFormatOptions(exportStatus, "a header and one row with the status fields"), {
    examples: [startExport, 'analytics exports status "$id"', 'analytics exports status "$id" --json | jq -r .status'],
  }).action(lazy(makeContext, () => import("./commands/exports-status.js"), (exportId, opts) => ({ exportId, ...(opts as object) })));
  describe(
    exportsCommand
      .command("download")
      .description("download a completed export")
      .argument("<exportId>", "export id, e.g. exp_xyz123")
      .option("-o, --output <path>", "where to write the file, '-' for stdout")
      .option("--force", "overwrite an existing file"),
    { examples: [startExport, awaitExport, 'analytics exports download "$id"', 'analytics exports download "$id" -o - | head -3'] },
  ).action(lazy(makeContext, () => import("./commands/exports-download.js"), (exportId, opts) => ({ exportId, ...(opts as object) })));

  // ── api ──
  describe(
    program
      .command("api")
      .description("make an authenticated request to any workspace endpoint and print the JSON response")
      .argument("<path>", "path under the workspace (analytics/overview) or absolute (/api/v1/...)")
      .addOption(withShownDefault(new Option("-X, --method <method>", "HTTP method"), "GET, or POST with --input"))
      .addOption(repeatableOption("-f, --field <key=value>", "query parameter for GET, JSON body field otherwise (repeatable)"))
      .option("--input <file>", "JSON request body from a file, or '-' for stdin"),
    {
      examples: [
        "analytics api analytics/overview -f timeRange=7d",
        "analytics api campaigns/cmp_abc123/analytics | jq '.data.summary'",
        `echo '{"campaign_ids":["cmp_abc123","cmp_def456"]}' > ids.json`,
        "analytics api analytics/compare --input ids.json | jq '.data.comparison'",
      ],
    },
  ).action(lazy(makeContext, () => import("./commands/api.js"), (path, opts) => ({ path, ...(opts as object) })));

  // ── completion ──
  describe(
    program
      .command("completion")
      .description("print the shell completion script (also shipped in completions/)")
      .addArgument(new Argument("<shell>", "your shell").choices(SHELLS)),
    {
      examples: [
        "source <(analytics completion bash)          # in ~/.bashrc",
        'analytics completion zsh > "${fpath[1]}/_analytics"',
        "analytics completion fish > ~/.config/fish/completions/analytics.fish",
      ],
    },
  ).action(lazy(makeContext, () => import("./commands/completion.js"), (shell) => ({ shell })));
  program
    .command("__complete", { hidden: true })
    .argument("[words...]")
    .allowUnknownOption()
    .action(async (words: string[]) => {
      const { complete, localSources } = await import("./completion/complete.js");
      output.writeOut(complete(program, words, localSources(process.env)).map((c) => `${c}\n`).join(""));
    });

  // ── sandbox ──
  describe(
    program
      .command("sandbox")
      .description("run the local sandbox API with demo data in the foreground (Ctrl-C stops it)")
      .option("--host <host>", "interface to listen on", "127.0.0.1")
      .option("--port <port>", "port to listen on, 0 for any free one", "4010")
      .option("--seed <n>", "dataset seed: the same seed gives the same numbers", "42")
      .option("--campaigns <n>", "number of campaigns in the demo workspace", "15")
      .addOption(withShownDefault(new Option("--now <iso>", "pin the dataset's clock, e.g. 2025-11-26T12:00:00Z"), "the current time"))
      .option("--faults <spec>", "inject faults, e.g. '502=0.1,429=2x' (see below)"),
    {
      examples: [
        "analytics sandbox",
        "analytics sandbox --port 0 --now 2025-11-26T12:00:00Z --seed 7",
        "analytics sandbox --port 0 --faults '502=0.2,reset=0.05,download.truncate=1x'",
      ],
      notes:
        "Fault spec: comma-separated [api.|download.]KIND=AMOUNT, where AMOUNT is a\n" +
        "probability (0.1) or Nx for the next N requests; deterministic for a --seed.\n" +
        "  500 502 503 504  a JSON error envelope with that status\n" +
        "  429              RATE_LIMITED with Retry-After: 1\n" +
        "  reset            close the connection before answering\n" +
        "  reset-mid        send headers and part of the body, then close\n" +
        "  slow             hold the first byte for 35 s (beyond the default timeout)\n" +
        "  truncate         a body shorter than its Content-Length\n" +
        "  malformed        200 with invalid JSON\n" +
        "  html             502 with an HTML proxy error page\n",
    },
  ).action(lazy(makeContext, () => import("./commands/sandbox.js"), (opts) => opts));

  addHelpCommand(program);
  return program;
}
