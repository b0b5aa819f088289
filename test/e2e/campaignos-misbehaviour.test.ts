/**
 * A CampaignOS server that misbehaves in ways the sandbox never does (a purpose-built node:http
 * server): a funnel that grows, retention above the cohort size, a rate above 1, a missing field,
 * an HTML error page, an error body with a message. Each is one line on stderr with the right exit code.
 */
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, errorLines } from "./helpers.js";

let server: Server;
let url: string;
const answers = new Map<string, { status: number; body: string; type?: string }>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname.replace("/api/workspaces/ws_1/analytics", "");
    const answer = answers.get(path) ?? { status: 404, body: "{}" };
    res.writeHead(answer.status, { "content-type": answer.type ?? "application/json" });
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const env = () => ({ ANALYTICS_PROVIDER: "campaignos", ANALYTICS_API_URL: url, ANALYTICS_WORKSPACE: "ws_1", ANALYTICS_TOKEN: "cos_sess_test" });
const json = (body: unknown, status = 200) => ({ status, body: JSON.stringify(body) });

const cases: Array<[string, string[], string, { status: number; body: string; type?: string }, number, RegExp]> = [
  [
    "a funnel that increases",
    ["funnel", "--steps", "a,b"],
    "/funnel",
    json({ steps: [{ step: "a", count: 10, dropoff: 0, conversionFromPrevious: 1 }, { step: "b", count: 12, dropoff: -2, conversionFromPrevious: 1 }], overallConversion: 1 }),
    1,
    /^error: malformed response to GET \/api\/workspaces\/ws_1\/analytics\/funnel: funnel step "b" counts 12, more than the 10 of the step before it$/,
  ],
  [
    "retention above the cohort size",
    ["cohorts"],
    "/cohorts",
    json({ cohorts: [{ cohort: "2026-01-05", size: 120, retention: { week_0: 120, week_1: 130 } }] }),
    1,
    /^error: malformed response to .*cohort 2026-01-05: retention 130 is above both its size 120 and 100%$/,
  ],
  [
    "a rate above 1",
    ["overview"],
    "",
    json({ contacts: { total: 1, new: 1 }, campaigns: { total: 1, active: 1 }, messages: { total: 10, sent: 10, opened: 3, clicked: 1, openRate: 30, clickRate: 0.1 }, events: { total: 5 } }),
    1,
    /^error: unexpected response to GET .*: messages\.openRate: a rate must be a fraction from 0 to 1$/,
  ],
  [
    "a missing field",
    ["attribution"],
    "/attribution",
    json({ sources: [], conversions: 3 }),
    1,
    /^error: unexpected response to GET .*: totalAttributedEvents: Invalid key: Expected "totalAttributedEvents" but received undefined$/,
  ],
  ["an HTML 404 page", ["campaign", "cmp_1"], "/campaigns/cmp_1", { status: 404, body: "<html><body>Not here</body></html>", type: "text/html" }, 4, /^error: the API answered 404 to GET .* with an HTML page$/],
  ["an error body with a message", ["campaign", "cmp_2"], "/campaigns/cmp_2", json({ message: "Session expired" }, 401), 3, /^error: Session expired$/],
  ["a 500 with an error field", ["attribution", "--days", "7"], "/attribution", json({ error: "Internal\u001b[2J failure" }, 500), 1, /^error: Internal.*failure$/],
];

describe("server misbehaviour: one line, the right exit code", () => {
  it.each(cases)("%s", async (_name, args, path, answer, exitCode, message) => {
    answers.set(path, answer);
    const run = await cli(args, { env: env() });
    expect(run.exitCode).toBe(exitCode);
    expect(run.stdout).toBe("");
    const lines = errorLines(run);
    expect(lines[0]).toMatch(message);
    expect(lines.length).toBeLessThanOrEqual(2);
    expect(run.stderr).not.toMatch(/<html|\u001b\[2J|cos_sess_test|    at /);
  });
});
