import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../../src/sandbox/index.js";
import { BIN, cli, sandboxEnv, startTestSandbox, tempDir } from "./helpers.js";

const COMPLETIONS = new URL("../../completions/", import.meta.url).pathname;

// zsh and fish may be missing on a developer's machine: their tests are then skipped, with the reason
// in the test name. Where CI is set they are required (.ci/run installs them): missing is a failure.
const IN_CI = process.env.CI !== undefined && process.env.CI !== "" && process.env.CI !== "0" && process.env.CI !== "false";
const installed = (shell: string): boolean => spawnSync("sh", ["-c", `command -v ${shell}`], { stdio: "ignore" }).status === 0;
const MISSING_SHELLS = ["zsh", "fish"].filter((shell) => !installed(shell));

/** `describe` for a shell's tests, or a visibly skipped one when the shell is missing outside CI. */
function describeShell(shell: string, title: string, tests: () => void): void {
  if (!MISSING_SHELLS.includes(shell) || IN_CI) describe(title, tests);
  else {
    const reason = `${shell} is not installed (required when CI is set)`;
    // The default reporter only counts skipped tests; this line says which and why.
    console.warn(`completion tests for ${shell} skipped: ${reason}`);
    describe.skip(`${title} — skipped: ${reason}`, tests);
  }
}
let home: string;
let env: Record<string, string>;
let sandbox: RunningSandbox;

beforeAll(async () => {
  // `analytics` on PATH, as after `npm install -g`; a config with two profiles; one viewed campaign.
  home = tempDir("analytics-completion-");
  mkdirSync(join(home, "bin"));
  symlinkSync(BIN, join(home, "bin", "analytics"));
  const configDir = join(home, "config");
  mkdirSync(configDir);
  writeFileSync(join(configDir, "config.json"), JSON.stringify({ profiles: { default: {}, staging: {} } }), { mode: 0o600 });
  env = { PATH: `${join(home, "bin")}:${process.env.PATH}`, HOME: home, ANALYTICS_CONFIG_DIR: configDir };
  sandbox = await startTestSandbox();
  const viewed = await cli(["campaign", "cmp_def456", "--json"], { env: { ...sandboxEnv(sandbox), ANALYTICS_CONFIG_DIR: configDir } });
  expect(viewed.exitCode).toBe(0);
});
afterAll(() => sandbox.close());

async function bashComplete(line: string): Promise<string[]> {
  const script = `source "${COMPLETIONS}analytics.bash"
COMP_LINE=${JSON.stringify(line)}; COMP_POINT=\${#COMP_LINE}
read -r -a COMP_WORDS <<< "$COMP_LINE"; COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 ))
_analytics
printf '%s\\n' "\${COMPREPLY[@]}"`;
  const result = await execa("bash", ["--norc", "--noprofile", "-c", script], { env, extendEnv: false });
  return String(result.stdout).split("\n").filter(Boolean);
}

async function fishComplete(line: string): Promise<string[]> {
  const result = await execa("fish", ["--no-config", "-c", `source "${COMPLETIONS}analytics.fish"; complete -C ${JSON.stringify(line)}`], { env, extendEnv: false });
  return String(result.stdout).split("\n").filter(Boolean).map((entry) => entry.split("\t")[0] ?? "");
}

/**
 * What zsh shows after typing `line` and TAB. Reads the pty until `until` appears (or 15 s pass):
 * a fixed pause was flaky on a loaded machine, where `analytics __complete` can take seconds.
 */
async function zshScreen(line: string, until: string): Promise<string> {
  const script = `setopt extendedglob; zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "PROMPT='%% '; fpath=(${COMPLETIONS} \\$fpath); autoload -Uz compinit; compinit -u -D"
zpty -w -n z ${JSON.stringify(line)}$'\\t'
out=""
for i in {1..75}; do
  while zpty -r -t z chunk; do out+=$chunk; done
  [[ "\${out//$'\\e'\\[[0-9;?]#[A-Za-z]/}" == *${JSON.stringify(until)}* ]] && break
  sleep 0.2
done
zpty -d z
print -r -- "$out"`;
  const result = await execa("zsh", ["-f", "-c", script], { env: { ...env, UNTIL: until }, extendEnv: false });
  // Drop escape sequences and the echo of the setup line; keep what follows the typed line.
  const screen = String(result.stdout).replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "").replace(/[\r\u0007\b]/g, " ");
  return screen.slice(screen.indexOf(line));
}

describe("analytics completion <shell>", () => {
  it.each([
    ["bash", "analytics.bash"],
    ["zsh", "_analytics"],
    ["fish", "analytics.fish"],
  ])("prints exactly the shipped %s script", async (shell, file) => {
    const run = await cli(["completion", shell]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(readFileSync(join(COMPLETIONS, file), "utf8"));
  });

  it("rejects an unknown shell with exit 2", async () => {
    const run = await cli(["completion", "tcsh"]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/Allowed choices are bash, zsh, fish/);
  });
});

describe("bash", () => {
  it("registers the completion function", async () => {
    const result = await execa("bash", ["--norc", "-c", `source "${COMPLETIONS}analytics.bash"; complete -p analytics`], { env, extendEnv: false });
    expect(String(result.stdout)).toBe("complete -F _analytics analytics");
  });

  it.each([
    ["analytics ", ["api", "attribution", "auth", "campaign", "campaigns", "cohorts", "compare", "completion", "deliverability", "export", "exports", "funnel", "heatmap", "overview", "report", "sandbox", "timeline"]],
    ["analytics au", ["auth"]],
    ["analytics auth ", ["login", "logout", "status", "token"]],
    ["analytics campaign --ra", ["--range"]],
    ["analytics campaign x --range ", ["30d", "7d", "90d"]],
    ["analytics campaign x --group-by ", ["day", "month", "week"]],
    ["analytics heatmap --range ", ["30d", "90d"]],
    ["analytics heatmap --metric=eng", ["engagement_score"]],
    ["analytics export --format ", ["csv", "json"]],
    ["analytics export --type ", ["campaign_performance"]],
    ["analytics compare a b --metrics open_rate,cl", ["open_rate,click_rate", "open_rate,click_to_open_rate"]],
    ["analytics completion ", ["bash", "fish", "zsh"]],
    ["analytics campaign x --profile ", ["default", "staging"]],
    ["analytics campaign cmp_", ["cmp_def456"]],
    ["analytics deliverability --campaign ", ["cmp_def456"]],
    ["analytics campaign cmp_def456 --json --", ["--api-url", "--csv", "--format", "--from", "--group-by", "--help", "--no-chart", "--no-color", "--profile", "--provider", "--quiet", "--range", "--sandbox", "--timeout", "--to", "--verbose", "--version", "--workspace"]],
  ])("%j → %j", async (line, expected) => {
    expect(await bashComplete(line)).toEqual(expected);
  });
});

it.runIf(IN_CI)("CI has the shells the completion tests drive (zsh, fish)", () => {
  expect(MISSING_SHELLS, "install them (.ci/run does) so the completion tests run").toEqual([]);
});

describeShell("fish", "fish", () => {
  it.each([
    ["analytics ", ["api", "attribution", "auth", "campaign", "campaigns", "cohorts", "compare", "completion", "deliverability", "export", "exports", "funnel", "heatmap", "overview", "report", "sandbox", "timeline"]],
    ["analytics exports ", ["download", "status"]],
    ["analytics campaign --gr", ["--group-by"]],
    ["analytics heatmap --metric ", ["emails_opened", "emails_sent", "engagement_score", "open_rate"]],
    ["analytics overview --profile st", ["staging"]],
    ["analytics compare cmp_", ["cmp_def456"]],
  ])("%j → %j", async (line, expected) => {
    expect(await fishComplete(line)).toEqual(expected);
  });
});

describeShell("zsh", "zsh (compinit in an interactive shell driven through zpty)", () => {
  it("completes a unique flag in place", async () => {
    expect(await zshScreen("analytics campaign --ra", "--range ")).toContain("analytics campaign --range ");
  });

  it("lists the choices of a flag", async () => {
    const screen = await zshScreen("analytics heatmap --metric ", "open_rate");
    for (const metric of ["emails_opened", "emails_sent", "engagement_score", "open_rate"]) expect(screen).toContain(metric);
    expect(screen).not.toContain("30d");
  });

  it("completes subcommands and profile names", async () => {
    expect(await zshScreen("analytics exports st", "status ")).toContain("analytics exports status ");
    expect(await zshScreen("analytics overview --profile sta", "staging ")).toContain("--profile staging ");
  });
});

describe("the viewed-campaigns cache", () => {
  it("learns ids from compare and heatmap --campaign, newest first, deduplicated", async () => {
    const configDir = env.ANALYTICS_CONFIG_DIR as string;
    const creds = { ...sandboxEnv(sandbox), ANALYTICS_CONFIG_DIR: configDir };
    expect((await cli(["compare", "cmp_abc123", "cmp_ghi789", "--json"], { env: creds })).exitCode).toBe(0);
    expect((await cli(["heatmap", "--campaign", "cmp_def456", "--json"], { env: creds })).exitCode).toBe(0);
    expect(JSON.parse(readFileSync(join(configDir, "recent-campaigns.json"), "utf8"))).toEqual(["cmp_def456", "cmp_abc123", "cmp_ghi789"]);
    expect(await bashComplete("analytics compare cmp_")).toEqual(["cmp_abc123", "cmp_def456", "cmp_ghi789"]);
  });

  it("is not fed by --sandbox runs", async () => {
    const configDir = tempDir();
    expect((await cli(["campaign", "cmp_abc123", "--sandbox", "--json"], { configDir })).exitCode).toBe(0);
    expect(() => readFileSync(join(configDir, "recent-campaigns.json"))).toThrow();
  });
});
