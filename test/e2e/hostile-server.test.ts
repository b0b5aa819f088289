/**
 * Servers that misbehave in time or in TLS, against the built CLI: a body that drips, a server
 * that accepts and never answers, certificates the CLI must refuse, and retries shown on a terminal.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../../src/sandbox/index.js";
import { cli, errorLines, sandboxEnv, startTestSandbox, tempDir } from "./helpers.js";
import { inTerminal, serverEnv, startHttpsServer, startServer, type TestServer } from "./servers.js";

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

describe("--timeout covers the whole response", () => {
  let server: TestServer;
  beforeAll(async () => {
    // Headers at once, then one byte every 300 ms, forever: each gap is short, the whole is endless.
    server = await startServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write("{");
      const drip = setInterval(() => res.write(" "), 300);
      res.on("close", () => clearInterval(drip));
    });
  });
  afterAll(() => server.close());

  it("a dripping body ends at --timeout (twice it with the retry), exit 7, one line", async () => {
    const [run, took] = await timed(() => cli(["overview", "--json", "--timeout", "1s"], { env: serverEnv(server.url), timeoutMs: 15_000 }));
    expect(run.exitCode, run.stderr).toBe(7);
    // One retry normally; none if a loaded machine left less than a quarter of --timeout for it.
    expect(errorLines(run)[0]).toMatch(/^error: GET \S+\/analytics\/overview timed out after (2s \(2 attempts\)|1s)$/);
    expect(errorLines(run)[1]).toMatch(/^hint: raise --timeout/);
    expect(run.stdout).toBe("");
    expect(took).toBeLessThan(2000 + 2500);
  });
});

describe("the total time of a call", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(() => {}); // accepts, reads the request, never answers
  });
  afterAll(() => server.close());

  it("is at most twice --timeout for a read, retries included (server accepts, never answers)", async () => {
    const [run, took] = await timed(() => cli(["campaign", "cmp_abc123", "--timeout", "1s", "--verbose"], { env: serverEnv(server.url), timeoutMs: 15_000 }));
    expect(run.exitCode).toBe(7);
    const attempts = run.stderr.split("\n").filter((line) => / → timeout \(\d+ ms, attempt \d\/4\)/.test(line));
    expect(attempts.length).toBeGreaterThanOrEqual(1);
    expect(attempts.length).toBeLessThanOrEqual(2);
    expect(errorLines(run).find((line) => line.startsWith("error:"))).toMatch(/^error: GET \S+ timed out after (2s \(2 attempts\)|1s)$/);
    expect(server.requests).toBe(attempts.length);
    // Two seconds of budget plus Node's start-up; before the budget this took 4 attempts and backoff (≈ 5.5 s).
    expect(took).toBeLessThan(2000 + 2000);
  });
});

describe("certificate problems", () => {
  let server: TestServer;
  let certFile: string;
  beforeAll(async () => {
    const dir = tempDir("analytics-tls-");
    certFile = join(dir, "cert.pem");
    const keyFile = join(dir, "key.pem");
    await execa("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", keyFile, "-out", certFile, "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"]);
    server = await startHttpsServer({ key: readFileSync(keyFile, "utf8"), cert: readFileSync(certFile, "utf8") }, (_req, res) => res.end("{}"));
  });
  afterAll(() => server.close());

  it("a self-signed certificate: says so, names the host, no retry, no request, exit 7", async () => {
    const run = await cli(["overview", "--verbose"], { env: serverEnv(server.url) });
    expect(run.exitCode).toBe(7);
    const lines = errorLines(run);
    expect(lines.filter((line) => / attempt \d\/4/.test(line))).toHaveLength(1);
    const error = lines.findIndex((line) => line.startsWith("error:"));
    expect(lines[error]).toBe("error: certificate problem with localhost: the server's certificate is self-signed (DEPTH_ZERO_SELF_SIGNED_CERT)");
    expect(lines[error + 1]).toMatch(/^hint: nothing was sent; .*NODE_EXTRA_CA_CERTS/);
    expect(run.stderr).not.toMatch(/check the network/);
    expect(server.requests).toBe(0);
  });

  it("a trusted certificate for another name: says so and names the host", async () => {
    const url = server.url.replace("localhost", "127.0.0.1");
    const run = await cli(["overview"], { env: { ...serverEnv(url), NODE_EXTRA_CA_CERTS: certFile } });
    expect(run.exitCode).toBe(7);
    expect(errorLines(run)[0]).toBe("error: certificate problem with 127.0.0.1: the server's certificate is for another host name (ERR_TLS_CERT_ALTNAME_INVALID)");
    expect(server.requests).toBe(0);
  });
});

describe("retries on a terminal", () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ rateLimits: false });
  });
  afterAll(() => sandbox.close());

  it("the spinner says `retrying (2/4) after 503…` while the retry waits", async () => {
    sandbox.setFaults("503=1x");
    const screen = await inTerminal(["campaign", "cmp_abc123", "--no-chart"], sandboxEnv(sandbox));
    expect(screen.exitCode, screen.stdout).toBe(0);
    expect(screen.stdout).toContain("retrying (2/4) after 503…");
    expect(screen.stdout).toContain("Q4 Outreach Campaign");
  });

  it("piped, nothing about retries appears", async () => {
    sandbox.setFaults("503=1x");
    const run = await cli(["campaign", "cmp_abc123", "--no-chart"], { env: sandboxEnv(sandbox) });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe("");
  });
});

it("--help documents what --timeout bounds and the total limit of a call", async () => {
  const run = await cli(["--help"]);
  const text = run.stdout.replace(/\s+/g, " ");
  expect(text).toContain("time limit for each API response, headers and body");
  expect(text).toContain("a call and its retries end within twice this");
  expect(text).toContain("a download stops after this long without data");
});
