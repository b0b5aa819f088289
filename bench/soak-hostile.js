/**
 * The soak's hostile mode: the CLI against bench/hostile-server.js (endless and dripping bodies,
 * stalls, redirects across origins and in loops, wrong checksums, huge headers, control characters
 * and bidi overrides in names and errors, an error that echoes the token). There is no "right
 * answer" to compare with, so every run is checked against the rules that must hold whatever the
 * server does:
 *
 * - it ends within the time limit, with a documented exit code (and the scenario's, when certain);
 * - no stack trace, and on failure one `error:` line (plus at most one `hint:`);
 * - the token nowhere in the output (not even when the server echoes it in an error message), and never sent to the storage host or another origin;
 * - no partial file at the target and no `.part` file left, ever; a saved file is the right one;
 * - stderr (and stdout, but for JSON in a pipe) free of terminal controls: C0 but tab and newline,
 *   C1, and bidi overrides; JSON output parses.
 *
 * Used by bench/soak.js (`hostile`) and test/e2e/soak.test.ts (a few fast scenarios).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HOSTILE_SCENARIOS, startHostileServer } from "./hostile-server.js";
import { runCli } from "./soak-runner.js";

const DOCUMENTED_EXITS = new Set([0, 1, 2, 3, 4, 5, 6, 7]);
// eslint-disable-next-line no-control-regex
const TERMINAL_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

/** The rule a run broke, or undefined. */
export function hostileViolationOf(result, scenario, dir, token) {
  if (result.hung) return "hang (killed after the time limit)";
  if (result.stdout.includes(token) || result.stderr.includes(token)) return "token printed";
  if (/\n\s+at .+\(|^\s+at /m.test(result.stderr)) return "stack trace on stderr";
  if (!DOCUMENTED_EXITS.has(result.code)) return `undocumented exit code ${result.code}`;
  if (scenario.exit !== undefined && result.code !== scenario.exit) return `exit ${result.code}, expected ${scenario.exit}: ${JSON.stringify(result.stderr.slice(0, 200))}`;
  if (TERMINAL_CONTROLS.test(result.stderr)) return `terminal controls on stderr: ${JSON.stringify(result.stderr.slice(0, 200))}`;
  // CSV lines end in CRLF (RFC 4180); a CR on its own could overwrite a line.
  if (scenario.terminal && TERMINAL_CONTROLS.test(result.stdout.replaceAll("\r\n", "\n"))) return "terminal controls on stdout";
  if (scenario.json && result.code === 0) {
    try {
      JSON.parse(result.stdout);
    } catch {
      return "stdout is not JSON";
    }
  }
  if (scenario.maxStdout !== undefined && result.stdoutBytes > scenario.maxStdout) return `${result.stdoutBytes} bytes on stdout, more than the ${scenario.maxStdout} announced`;
  const files = readdirSync(dir);
  const part = files.find((name) => name.endsWith(".part"));
  if (part) return `temporary file left: ${part}`;
  if (result.code !== 0) {
    const lines = result.stderr.split("\n").filter((line) => line !== "" && !line.startsWith("warning: "));
    if (lines.filter((line) => line.startsWith("error: ")).length !== 1 || lines.length > 2 || (lines[1] !== undefined && !lines[1].startsWith("hint: "))) {
      return `stderr is not one error line: ${JSON.stringify(result.stderr.slice(0, 300))}`;
    }
    if (files.length) return `files left after a failure: ${files.join(", ")}`;
    if (!scenario.args.includes("-") && result.stdoutBytes > 0) return "stdout written on failure";
  } else if (scenario.file && !readFileSync(join(dir, scenario.target)).equals(scenario.file)) {
    return "the saved file is not the one served";
  }
  return undefined;
}

/**
 * @param {{ runs: number, concurrency?: number, scenarios?: object[], perRunTimeoutMs?: number,
 *           startSandbox: Function, log?: (line: string) => void }} options
 */
export async function runHostileSoak(options) {
  const { runs, concurrency = 2, scenarios = HOSTILE_SCENARIOS, perRunTimeoutMs = 60_000, log = () => {} } = options;
  const server = await startHostileServer({ startSandbox: options.startSandbox });
  const work = mkdtempSync(join(tmpdir(), "analytics-hostile-"));
  const report = { runs: 0, violations: [], exits: {}, perScenario: {}, longest: { ms: 0, scenario: "" } };
  try {
    let next = 0;
    const worker = async () => {
      while (next < runs) {
        const index = next++;
        const scenario = scenarios[index % scenarios.length];
        const dir = mkdtempSync(join(work, "run-"));
        const env = {
          PATH: process.env.PATH,
          HOME: dir,
          ANALYTICS_CONFIG_DIR: join(work, `config-${index}`),
          ANALYTICS_API_URL: server.apiUrl,
          ANALYTICS_WORKSPACE: server.workspaceFor(scenario),
          ANALYTICS_TOKEN: server.token,
          ANALYTICS_TIMEOUT: "1s",
          CI: "true",
        };
        const result = await runCli(scenario.args, env, dir, perRunTimeoutMs);
        const violation = hostileViolationOf(result, scenario, dir, server.token);
        report.runs += 1;
        report.exits[result.code] = (report.exits[result.code] ?? 0) + 1;
        if (result.ms > report.longest.ms) report.longest = { ms: result.ms, scenario: scenario.name };
        const stats = (report.perScenario[scenario.name] ??= { runs: 0, exits: new Set(), maxMs: 0 });
        stats.runs += 1;
        stats.exits.add(result.code);
        stats.maxMs = Math.max(stats.maxMs, result.ms);
        if (violation) report.violations.push({ run: index, scenario: scenario.name, exit: result.code, reason: violation });
        log(`${String(index).padStart(4)} ${scenario.name.padEnd(22)} exit ${String(result.code).padStart(3)} ${String(result.ms).padStart(6)} ms${violation ? `  VIOLATION: ${violation}` : ""}`);
        rmSync(dir, { recursive: true, force: true });
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const leaks = server.requests.filter((r) => r.listener !== "api" && (r.headers.authorization || r.headers["x-workspace-id"] || JSON.stringify(r).includes(server.token)));
    if (leaks.length) report.violations.push({ run: -1, scenario: "storage and elsewhere", exit: null, reason: `${leaks.length} requests carried credentials` });
    report.offApiRequests = server.requests.filter((r) => r.listener !== "api").length;
  } finally {
    await server.close();
    rmSync(work, { recursive: true, force: true });
  }
  return report;
}

/** The report as the closing note and docs show it. */
export function formatHostileReport(report) {
  const lines = [
    `runs        ${report.runs}`,
    `violations  ${report.violations.length}`,
    `longest run ${(report.longest.ms / 1000).toFixed(1)} s (${report.longest.scenario})`,
    `exit codes  ${Object.entries(report.exits).map(([code, n]) => `${code}: ${n}`).join(", ")}`,
    `requests to storage and other origins: ${report.offApiRequests}, none with credentials${report.violations.some((v) => v.run === -1) ? " — VIOLATED" : ""}`,
    "",
    "per scenario (runs, exit codes, longest):",
    ...Object.entries(report.perScenario).map(([name, s]) => `  ${name.padEnd(22)} ${String(s.runs).padStart(3)}  exit ${[...s.exits].join("/").padEnd(5)} ${(s.maxMs / 1000).toFixed(1).padStart(5)} s`),
  ];
  for (const v of report.violations.slice(0, 20)) lines.push(`VIOLATION run ${v.run} ${v.scenario} exit ${v.exit}: ${v.reason}`);
  return lines.join("\n");
}
