/**
 * What `auth login` asks, per provider (the prompter is the one seam tests replace; the API is the
 * real sandbox): CampaignOS names the session token and asks the workspace, and the overview call
 * is what proves them before anything is saved.
 */
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, expect, it } from "vitest";
import { run } from "../../src/commands/auth/login.js";
import { createContext } from "../../src/context.js";
import type { Prompter } from "../../src/prompts.js";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/index.js";

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 5, now: new Date("2025-11-26T12:00:00Z"), rateLimits: false });
});
afterAll(() => sandbox.close());

/** Answers in order, and records every question. */
function answering(answers: Record<string, string>): { prompter: Prompter; asked: string[] } {
  const asked: string[] = [];
  const reply = async (message: string): Promise<string> => {
    asked.push(message);
    const answer = answers[message];
    if (answer === undefined) throw new Error(`unexpected question: ${message}`);
    return answer;
  };
  return { asked, prompter: { input: (message) => reply(message), secret: (message) => reply(message) } };
}

async function login(answers: Record<string, string>) {
  const configDir = mkdtempSync(join(tmpdir(), "analytics-login-"));
  const { prompter, asked } = answering(answers);
  const stderr = new PassThrough();
  const ctx = createContext({
    terminal: { stdout: new PassThrough(), stderr, stdin: new PassThrough() },
    env: { ANALYTICS_CONFIG_DIR: configDir },
    flags: { provider: "campaignos", apiUrl: sandbox.url },
    signal: new AbortController().signal,
    cleanups: [],
    prompter,
  });
  const outcome = await run({}, ctx).then(
    () => undefined,
    (error: Error) => error,
  );
  return { asked, configDir, outcome, stderr: String(stderr.read() ?? "") };
}

const requestsSince = (mark: number) => sandbox.requests.slice(mark).filter((r) => r.listener !== "download");

it("campaignos: asks the workspace and the session token by name, verifies with one overview call, then saves", async () => {
  const mark = sandbox.requests.length;
  const { asked, configDir, outcome, stderr } = await login({
    "CampaignOS analytics workspace id": sandbox.credentials.campaignos.workspace!,
    "CampaignOS analytics session token": sandbox.credentials.campaignos.token,
  });
  expect(outcome).toBeUndefined();
  expect(asked).toEqual(["CampaignOS analytics workspace id", "CampaignOS analytics session token"]);
  const seen = requestsSince(mark);
  expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /api/workspaces/${sandbox.workspaceId}/analytics`]);
  expect(seen[0]?.headers.authorization).toBe(`Bearer ${sandbox.credentials.campaignos.token}`);
  expect(stderr).toContain("(provider campaignos");
  const saved = readFileSync(join(configDir, readdirSync(configDir).find((name) => name.endsWith(".json"))!), "utf8");
  expect(saved).toContain('"provider": "campaignos"');
});

it("campaignos: a wrong session token is refused by the overview call and nothing is saved", async () => {
  const { outcome, configDir } = await login({
    "CampaignOS analytics workspace id": sandbox.workspaceId,
    "CampaignOS analytics session token": "cos_sess_not_the_token",
  });
  expect(outcome?.message).toMatch(/401|session|unauthori[sz]ed/i);
  const files = readdirSync(configDir).filter((name) => name.endsWith(".json"));
  for (const file of files) expect(readFileSync(join(configDir, file), "utf8")).not.toContain("cos_sess_not_the_token");
});
