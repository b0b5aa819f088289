/**
 * The soak run: many CLI invocations of mixed commands against a sandbox with injected faults.
 * Every invocation must end either with output identical to the fault-free answer, or with a
 * documented non-zero exit code and exactly one `error:` line (plus at most one `hint:` line).
 * Anything else is a violation: wrong output, a stack trace, a hang, a partial file at the target
 * path, a temporary file left behind, or the token on any stream or at the download host.
 *
 * Used by bench/soak.js (the full run) and test/e2e/soak.test.ts (a small run inside `npm test`).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../bin/analytics.js", import.meta.url));
const DOCUMENTED_FAILURES = new Set([1, 3, 4, 5, 6, 7]);
export const DEFAULT_FAULTS =
  "500=0.02,502=0.04,503=0.03,504=0.02,429=0.04,reset=0.03,reset-mid=0.03,slow=0.01,truncate=0.03,malformed=0.02,html=0.02," +
  "download.reset-mid=0.08,download.truncate=0.05,download.500=0.02,download.reset=0.03";

/** The mix of commands; `file` marks those that write a file we check afterwards. */
export const SOAK_COMMANDS = [
  { name: "campaign", args: ["campaign", "cmp_abc123", "--json"] },
  { name: "campaign-csv", args: ["campaign", "cmp_def456", "--csv", "--group-by", "week"] },
  { name: "overview", args: ["overview", "--json", "--range", "7d"] },
  { name: "deliverability", args: ["deliverability", "--json"] },
  { name: "heatmap", args: ["heatmap", "--json", "--tz", "Europe/Berlin"] },
  { name: "compare", args: ["compare", "cmp_abc123", "cmp_def456", "cmp_ghi789", "--json"] },
  { name: "export-csv", args: ["export", "--format", "csv", "--range", "7d"], file: "out.csv" },
  { name: "export-json", args: ["export", "--format", "json", "--campaign", "cmp_abc123", "--time-series"], file: "out.json" },
  // ColdSend (document 003): "$CS2" is the sandbox's second ColdSend campaign id, looked up before the faults start.
  { name: "cs-campaigns", provider: "coldsend", args: ["campaigns", "--json", "--sort", "reply_rate"] },
  { name: "cs-campaign", provider: "coldsend", args: ["campaign", "550e8400-e29b-41d4-a716-446655440000", "--csv"] },
  { name: "cs-overview", provider: "coldsend", args: ["overview", "--json"] },
  { name: "cs-timeline", provider: "coldsend", args: ["timeline", "--json", "--from", "2025-10-01", "--to", "2025-11-26"] },
  { name: "cs-compare", provider: "coldsend", args: ["compare", "550e8400-e29b-41d4-a716-446655440000", "$CS2", "--json"] },
  { name: "cs-export", provider: "coldsend", args: ["export", "--format", "csv"], file: "cs.csv" },
  // SendKit (document 004): one campaign per request; export is built locally from it.
  { name: "sk-campaign", provider: "sendkit", args: ["campaign", "665a1b2c3d4e5f6a7b8c9d0e", "--json"] },
  { name: "sk-table", provider: "sendkit", args: ["campaign", "665a1b2c3d4e5f6a7b8c9d0e", "--no-color"] },
  { name: "sk-export", provider: "sendkit", args: ["export", "--format", "json", "--campaign", "665a1b2c3d4e5f6a7b8c9d0e"], file: "sk.json" },
  // CampaignOS (document 002): its session token, the shared workspace.
  { name: "cos-campaign", provider: "campaignos", args: ["campaign", "cmp_1", "--json"] },
  { name: "cos-timeline", provider: "campaignos", args: ["timeline", "--csv", "--range", "30d"] },
  { name: "cos-funnel", provider: "campaignos", args: ["funnel", "--steps", "page_view,signup,purchase", "--json"] },
  { name: "cos-cohorts", provider: "campaignos", args: ["cohorts", "--csv"] },
  { name: "cos-attribution", provider: "campaignos", args: ["attribution", "--json", "--days", "7"] },
  { name: "cos-compare", provider: "campaignos", args: ["compare", "cmp_1", "cmp_2", "--json"] },
  { name: "cos-export", provider: "campaignos", args: ["export", "--format", "json", "--range", "30d", "--campaign", "cmp_1", "--campaign", "cmp_2"], file: "cos.json" },
];

/**
 * The environment for one command: its provider's credential, and the workspace only where that
 * provider's paths carry one (ANALYTICS_WORKSPACE is ignored by the others, but need not be there).
 */
function envFor(command, env, sandbox) {
  if (!command.provider) return env;
  const { ANALYTICS_WORKSPACE: _workspace, ...keyEnv } = env;
  const credential = sandbox.credentials[command.provider];
  return credential.workspace
    ? { ...keyEnv, ANALYTICS_PROVIDER: command.provider, ANALYTICS_TOKEN: credential.token, ANALYTICS_WORKSPACE: credential.workspace }
    : { ...keyEnv, ANALYTICS_PROVIDER: command.provider, ANALYTICS_TOKEN: credential.token };
}

/** Every credential the sandbox accepts: none of them may ever be printed, whichever command runs. */
export function allCredentials(sandbox) {
  return [...new Set([sandbox.token, ...Object.values(sandbox.credentials).map((c) => c.token)])];
}

/** Runs the built CLI; never rejects. `stdoutBytes` is the raw length of stdout. */
export function runCli(args, env, cwd, timeoutMs) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [BIN, ...args], { env, cwd, stdio: ["ignore", "pipe", "pipe"] });
    const stdout = [];
    const stderr = [];
    child.stdout.on("data", (chunk) => stdout.push(chunk));
    child.stderr.on("data", (chunk) => stderr.push(chunk));
    let hung = false;
    const timer = setTimeout(() => {
      hung = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      const out = Buffer.concat(stdout);
      resolve({ code, hung, ms: Date.now() - started, stdout: out.toString("utf8"), stdoutBytes: out.length, stderr: Buffer.concat(stderr).toString("utf8") });
    });
  });
}

function commandArgs(command, dir, ids = {}) {
  const args = command.args.map((arg) => ids[arg] ?? arg);
  return command.file ? [...args, "-o", join(dir, command.file), "--force"] : args;
}

/** Classify one invocation against the fault-free reference. Returns a violation reason or undefined. */
export function violationOf(result, reference, command, dir, token) {
  if (result.hung) return "hang (killed after the time limit)";
  const tokens = Array.isArray(token) ? token : [token];
  if (tokens.some((t) => result.stdout.includes(t) || result.stderr.includes(t))) return "token printed";
  if (/\n\s+at .+\(|^\s+at /m.test(result.stderr)) return "stack trace on stderr";
  const files = readdirSync(dir);
  if (result.code === 0) {
    if (command.file) {
      const extra = files.filter((name) => name !== command.file);
      if (extra.length) return `left behind: ${extra.join(", ")}`;
      if (!files.includes(command.file)) return "exit 0 but no file";
      if (!readFileSync(join(dir, command.file)).equals(reference.file)) return "file differs from the fault-free export";
    } else if (result.stdout !== reference.stdout) {
      return "stdout differs from the fault-free answer";
    }
    return undefined;
  }
  if (!DOCUMENTED_FAILURES.has(result.code)) return `undocumented exit code ${result.code}`;
  const lines = result.stderr.split("\n").filter((line) => line !== "" && !line.startsWith("warning: "));
  const errors = lines.filter((line) => line.startsWith("error: "));
  if (errors.length !== 1 || lines.length > 2 || (lines[1] !== undefined && !lines[1].startsWith("hint: "))) {
    return `stderr is not one error line: ${JSON.stringify(result.stderr.slice(0, 300))}`;
  }
  if (result.stdout !== "") return "stdout written on failure";
  if (files.length) return `files left after a failure: ${files.join(", ")}`;
  return undefined;
}

/**
 * @param {{ runs: number, concurrency?: number, faults?: string, seed?: number, timeBudgetMs?: number,
 *           perRunTimeoutMs?: number, startSandbox: Function, log?: (line: string) => void }} options
 */
export async function runSoak(options) {
  const { runs, concurrency = 2, faults = DEFAULT_FAULTS, seed = 7, perRunTimeoutMs = 60_000, timeBudgetMs = 30 * 60_000, log = () => {} } = options;
  const now = new Date("2025-11-26T12:00:00Z");
  const sandbox = await options.startSandbox({ seed, now, rateLimits: false, exportDelayMs: 300 });
  const work = mkdtempSync(join(tmpdir(), "analytics-soak-"));
  const env = {
    PATH: process.env.PATH,
    HOME: work,
    ANALYTICS_CONFIG_DIR: join(work, "config"),
    ANALYTICS_API_URL: sandbox.url,
    ANALYTICS_WORKSPACE: sandbox.workspaceId,
    ANALYTICS_TOKEN: sandbox.token,
    ANALYTICS_TIMEOUT: "2s",
    CI: "true",
  };
  const tokens = allCredentials(sandbox);
  const report = { runs: 0, successes: 0, failures: {}, violations: [], perCommand: {}, longest: { ms: 0, command: "" } };
  try {
    const listed = await fetch(`${sandbox.url}/api/public/v1/analytics/campaigns`, { headers: { "x-api-key": sandbox.credentials.coldsend.token } });
    const ids = { $CS2: (await listed.json()).campaigns[1].campaign_id };
    // Fault-free answers first, from the same sandbox.
    const references = new Map();
    for (const command of SOAK_COMMANDS) {
      const dir = mkdtempSync(join(work, "ref-"));
      const result = await runCli(commandArgs(command, dir, ids), envFor(command, env, sandbox), dir, perRunTimeoutMs);
      if (result.code !== 0) throw new Error(`reference run of ${command.name} failed (${result.code}): ${result.stderr}`);
      references.set(command.name, { stdout: result.stdout, file: command.file ? readFileSync(join(dir, command.file)) : undefined });
      rmSync(dir, { recursive: true, force: true });
    }
    sandbox.setFaults(faults);
    const deadline = Date.now() + timeBudgetMs;
    let next = 0;
    const worker = async () => {
      while (next < runs && Date.now() < deadline) {
        const index = next++;
        const command = SOAK_COMMANDS[index % SOAK_COMMANDS.length];
        const dir = mkdtempSync(join(work, "run-"));
        const result = await runCli(commandArgs(command, dir, ids), envFor(command, env, sandbox), dir, perRunTimeoutMs);
        const violation = violationOf(result, references.get(command.name), command, dir, tokens);
        report.runs += 1;
        if (result.ms > report.longest.ms) report.longest = { ms: result.ms, command: command.name };
        const stats = (report.perCommand[command.name] ??= { runs: 0, ok: 0 });
        stats.runs += 1;
        if (violation) report.violations.push({ run: index, command: command.name, exit: result.code, reason: violation });
        else if (result.code === 0) {
          report.successes += 1;
          stats.ok += 1;
        } else report.failures[result.code] = (report.failures[result.code] ?? 0) + 1;
        log(`${String(index).padStart(4)} ${command.name.padEnd(15)} exit ${String(result.code).padStart(3)} ${String(result.ms).padStart(6)} ms${violation ? `  VIOLATION: ${violation}` : ""}`);
        rmSync(dir, { recursive: true, force: true });
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const carriesCredential = (r) => r.headers.authorization || r.headers["x-workspace-id"] || r.headers["x-api-key"] || tokens.some((t) => JSON.stringify(r.headers).includes(t));
    const leaked = sandbox.requests.filter((r) => r.listener === "download" && carriesCredential(r));
    if (leaked.length) report.violations.push({ run: -1, command: "download listener", exit: null, reason: `${leaked.length} download requests carried credentials` });
    report.downloadRequests = sandbox.requests.filter((r) => r.listener === "download").length;
    report.apiRequests = sandbox.requests.filter((r) => r.listener !== "download").length;
    report.faultedResponses = sandbox.requests.filter((r) => r.status === 0 || r.status === 429 || r.status >= 500).length;
  } finally {
    await sandbox.close();
    rmSync(work, { recursive: true, force: true });
  }
  return report;
}

/** The report as the table the closing note and docs show. */
export function formatReport(report) {
  const lines = [
    `runs        ${report.runs}`,
    `successes   ${report.successes}`,
    ...Object.entries(report.failures).map(([code, count]) => `exit ${code.padEnd(6)} ${count} (clean failure)`),
    `violations  ${report.violations.length}`,
    `longest run ${(report.longest.ms / 1000).toFixed(1)} s (${report.longest.command})`,
    `requests    ${report.apiRequests} to the API, ${report.downloadRequests} to the download host; ${report.faultedResponses} answered with a fault`,
    "",
    "per command (runs / identical to the fault-free answer):",
    ...Object.entries(report.perCommand).map(([name, s]) => `  ${name.padEnd(15)} ${s.runs} / ${s.ok}`),
  ];
  for (const v of report.violations.slice(0, 20)) lines.push(`VIOLATION run ${v.run} ${v.command} exit ${v.exit}: ${v.reason}`);
  return lines.join("\n");
}
