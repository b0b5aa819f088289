/**
 * JSON on a terminal: C1 controls (U+009B is an 8-bit CSI) and bidi overrides from server strings
 * are escaped as \uXXXX, through a real pseudo-terminal; the document stays valid and equal. In a
 * pipe the bytes are the API's own.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../../src/sandbox/index.js";
import { cli, startTestSandbox } from "./helpers.js";
import { inTerminal, serverEnv, startServer, type TestServer } from "./servers.js";

const UNSAFE = /[\u0080-\u009f\u202a-\u202e\u2066-\u2069]/;
const HOSTILE = "\u009b2J\u202eevil\u2066 ";

let sandbox: RunningSandbox;
let proxy: TestServer;

beforeAll(async () => {
  sandbox = await startTestSandbox({ rateLimits: false });
  // The sandbox's answers, every campaign name prefixed with hostile characters (raw inside JSON strings: valid JSON).
  proxy = await startServer(async (req, res) => {
    const upstream = await fetch(`${sandbox.url}${req.url}`, { headers: { authorization: `Bearer ${sandbox.token}`, "x-workspace-id": sandbox.workspaceId } });
    const body = (await upstream.text()).replace(/("campaign_name":\s*")/g, `$1${HOSTILE}`);
    res.writeHead(upstream.status, { "content-type": "application/json" });
    res.end(body);
  });
});
afterAll(async () => {
  await proxy.close();
  await sandbox.close();
});

/** The JSON a terminal received: the tty turned LF into CR LF. */
const parseScreen = (stdout: string): unknown => JSON.parse(stdout.replaceAll("\r\n", "\n"));

describe("JSON to a terminal", () => {
  it.each([
    ["overview --json", ["overview", "--json"]],
    ["campaign --json", ["campaign", "cmp_abc123", "--json"]],
    ["api", ["api", "analytics/overview"]],
  ])("%s escapes C1 controls and bidi overrides, same data", async (_name, args) => {
    const piped = await cli(args, { env: serverEnv(proxy.url) });
    expect(piped.exitCode, piped.stderr).toBe(0);
    expect(piped.stdout).toContain(HOSTILE);

    const screen = await inTerminal(args, serverEnv(proxy.url));
    expect(screen.exitCode, screen.stdout).toBe(0);
    expect(screen.stdout).not.toMatch(UNSAFE);
    expect(screen.stdout).toContain("\\u009b2J\\u202eevil\\u2066 ");
    expect(parseScreen(screen.stdout)).toEqual(JSON.parse(piped.stdout));
  });
});

describe("CSV", () => {
  it("neutralises control characters and bidi overrides in campaign names, even in a pipe", async () => {
    const run = await cli(["overview", "--csv"], { env: serverEnv(proxy.url) });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).not.toMatch(UNSAFE);
    expect(run.stdout).toMatch(/\\x9b2J\\u202eevil\\u2066 /);
  });
});
