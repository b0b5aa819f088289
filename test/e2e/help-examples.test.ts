/**
 * Every example in every help page runs as written: the pages come from walking the live commander
 * tree; the examples of one page run in order in one shell session (as a user pasting them would),
 * against an `analytics sandbox` server started here, with `analytics` on PATH.
 *
 * What the examples may presume, and nothing more: ANALYTICS_PROVIDER, ANALYTICS_API_URL,
 * ANALYTICS_WORKSPACE and ANALYTICS_TOKEN set from the sandbox banner, for the provider the page's
 * "Works with" line names, tenant first, then coldsend, campaignos, sendkit; profiles "default" and "staging" logged in to it;
 * a token.txt holding the token in the working directory; jq, curl-free shells (bash, zsh, fish
 * directories as their installs create them).
 */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type ResultPromise, execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { helpFile } from "../../src/help/pages.js";
import { BIN, tempDir } from "./helpers.js";

/** Examples that cannot run unattended, each with the reason. */
const SKIPPED: ReadonlyArray<[RegExp, string]> = [
  [/^analytics auth login\s*(#.*)?$/, "interactive: prompts for the URL, workspace and token on a terminal"],
  [/^[\d*]+ [\d*]+ [\d*]+ [\d*]+ [\d*]+ /, "a crontab entry, not a shell command"],
];

/** Long-running servers: started, checked for their banner, stopped with Ctrl-C. */
const isForegroundServer = (line: string): boolean => /^analytics sandbox\b/.test(line);

function examplesOf(page: string): string[] {
  const block = page.split("\nExamples:\n")[1]?.split("\n\n")[0] ?? "";
  return block.split("\n").map((line) => line.trim()).filter(Boolean);
}

const pages = Object.entries(helpFile().pages).map(([path, page]) => [path || "(root)", examplesOf(page), page] as const);

let sandbox: ResultPromise;
/** Each provider's `export …` line of the banner, as variables. */
let providerEnvs: Record<string, Record<string, string>>;
let sandboxEnv: Record<string, string>;

const envOfLine = (line: string): Record<string, string> => Object.fromEntries(line.split(" ").map((pair) => pair.split("=", 2) as [string, string]));

/** Which provider's env a page's examples run with, among those its "Works with" line names. */
const PREFERENCE = ["tenant", "coldsend", "campaignos", "sendkit"];

function envForPage(page: string): Record<string, string> {
  const listed = /Works with: ([a-z, ]+)/.exec(page)?.[1]?.split(", ") ?? ["tenant"];
  const provider = PREFERENCE.find((name) => listed.includes(name)) ?? "tenant";
  return providerEnvs[provider] ?? sandboxEnv;
}

beforeAll(async () => {
  sandbox = execa("node", [BIN, "sandbox", "--port", "0", "--now", "2025-11-26T12:00:00Z"], {
    env: { PATH: process.env.PATH, ANALYTICS_CONFIG_DIR: tempDir() },
    extendEnv: false,
    reject: false,
  });
  const banner = await untilPrinted(sandbox, /^([\s\S]*)Then, for example:/m);
  const exports = banner.split("\n").filter((line) => line.startsWith("  export ANALYTICS_PROVIDER="));
  providerEnvs = Object.fromEntries(exports.map((line) => envOfLine(line.trim().replace(/^export /, ""))).map((env) => [env.ANALYTICS_PROVIDER, env]));
  sandboxEnv = providerEnvs.tenant ?? {};
  expect(Object.keys(sandboxEnv)).toEqual(["ANALYTICS_PROVIDER", "ANALYTICS_API_URL", "ANALYTICS_WORKSPACE", "ANALYTICS_TOKEN"]);
});

afterAll(async () => {
  sandbox.kill("SIGINT");
  await sandbox;
});

/** Resolves with the first capture group once `pattern` appears on the child's stdout. */
function untilPrinted(child: ResultPromise, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      const match = pattern.exec(text);
      if (match) resolve(match[1] ?? match[0]);
    });
    child.on("exit", () => reject(new Error(`exited before printing ${pattern}: ${text}`)));
  });
}

/** A fresh home with what the examples presume (see the top of this file). */
async function userHome(providerEnv: Record<string, string> = sandboxEnv): Promise<Record<string, string>> {
  const home = tempDir("analytics-examples-");
  mkdirSync(join(home, "bin"));
  symlinkSync(BIN, join(home, "bin", "analytics"));
  mkdirSync(join(home, ".config", "fish", "completions"), { recursive: true });
  mkdirSync(join(home, ".zfunc"));
  writeFileSync(join(home, "token.txt"), `${sandboxEnv.ANALYTICS_TOKEN}\n`);
  const login = { PATH: `${join(home, "bin")}:${process.env.PATH}`, HOME: home, ANALYTICS_CONFIG_DIR: join(home, "config"), ...sandboxEnv };
  for (const profile of ["default", "staging"]) {
    await execa("node", [BIN, "auth", "login", "--profile", profile, "--with-token"], { env: login, extendEnv: false, input: sandboxEnv.ANALYTICS_TOKEN });
  }
  return { ...login, ...providerEnv };
}

/** zsh syntax runs in zsh, with the user's own function directory first in $fpath. */
function asShellLine(line: string): string {
  if (!line.includes("${fpath")) return line;
  return `zsh -f -c ${JSON.stringify(`fpath=("$HOME/.zfunc" $fpath); ${line}`).replace(/\$/g, "\\$").replace(/\\\\\$/g, "\\$")}`;
}

function script(lines: readonly string[]): string {
  const steps = lines.map((line, index) => `${asShellLine(line)}\ns=$?; if [ $s -ne 0 ]; then echo "example ${index + 1} exited $s: ${line.replace(/["$`\\]/g, "\\$&")}" >&2; exit 99; fi`);
  return ["set -o pipefail", 'cd "$HOME"', ...steps].join("\n");
}

describe("every help example runs against the sandbox", () => {
  it("covers every page, and each page has examples", () => {
    expect(pages.length).toBeGreaterThanOrEqual(19);
    for (const [path, examples] of pages) expect(examples.length, path).toBeGreaterThanOrEqual(2);
  });

  it.each(pages)("%s", async (path, examples, page) => {
    const env = await userHome(envForPage(page));
    const skipped = examples.filter((line) => SKIPPED.some(([pattern]) => pattern.test(line)));
    const servers = examples.filter(isForegroundServer);
    const runnable = examples.filter((line) => !skipped.includes(line) && !servers.includes(line));

    if (runnable.length) {
      const run = await execa("bash", ["--norc", "--noprofile", "-c", script(runnable)], { env, extendEnv: false, reject: false, timeout: 90_000 });
      expect(run.exitCode, `${run.stderr}\n${run.stdout}`).toBe(0);
      expect(run.stderr).not.toMatch(/^error:/m);
    }
    if (path === "completion") {
      // The redirections landed where the user's shells look.
      expect(readFileSync(join(env.HOME ?? "", ".zfunc", "_analytics"), "utf8")).toMatch(/^#compdef analytics/);
      expect(readFileSync(join(env.HOME ?? "", ".config/fish/completions/analytics.fish"), "utf8")).toContain("complete -c analytics");
    }
    for (const line of servers) {
      const child = execa("bash", ["--norc", "--noprofile", "-c", `exec ${line}`], { env, extendEnv: false, reject: false });
      await untilPrinted(child, /listening on (http:\S+)/);
      child.kill("SIGINT");
      expect((await child).exitCode, line).toBe(130);
    }
  }, 120_000);
});
