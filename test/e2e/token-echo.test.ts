/**
 * A server that repeats the credential back in its error message (a proxy that dumps the request,
 * a debug build): the CLI prints the message, never the token.
 */
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, errorLines } from "./helpers.js";

const TOKEN = "tok_echo_5f1c2a9b7d3e";
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const message = `Bad credentials: ${req.headers.authorization} for workspace ${req.headers["x-workspace-id"]}`;
    res.writeHead(req.url?.includes("forbidden") ? 403 : 401, { "content-type": "application/json" });
    res.end(JSON.stringify({ success: false, error: { code: "UNAUTHORIZED", message } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("a server that echoes the token", () => {
  it("never gets the token onto the terminal, with or without --verbose", async () => {
    for (const extra of [[], ["--verbose"]]) {
      const run = await cli(["overview", ...extra], { env: { ANALYTICS_API_URL: url, ANALYTICS_WORKSPACE: "ws_1", ANALYTICS_TOKEN: TOKEN } });
      expect(run.exitCode).toBe(3);
      expect(run.stdout + run.stderr).not.toContain(TOKEN);
      expect(errorLines(run).find((line) => line.startsWith("error:"))).toBe("error: UNAUTHORIZED: Bad credentials: Bearer [REDACTED] for workspace ws_1");
    }
  });
});
