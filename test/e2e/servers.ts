/**
 * Purpose-built servers for faults the sandbox cannot produce (drips, silence, hostile strings,
 * bad certificates), and a runner that gives the CLI a real pseudo-terminal.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { execa } from "execa";
import { BIN, type CliRun, tempDir } from "./helpers.js";

export interface TestServer {
  url: string;
  /** Requests received so far. */
  readonly requests: number;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function listen(server: Server, scheme: "http" | "https", host: string): Promise<TestServer> {
  const sockets = new Set<Socket>();
  let requests = 0;
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.on("request", () => void requests++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `${scheme}://${host}:${(server.address() as AddressInfo).port}`,
    get requests() {
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        // Hanging handlers never end their responses: cut their sockets so close() returns.
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A plain http server on 127.0.0.1 with `handler`. */
export function startServer(handler: Handler): Promise<TestServer> {
  return listen(createHttpServer(handler), "http", "127.0.0.1");
}

/** An https server on 127.0.0.1 with the given key and certificate; `host` is the name in its URL. */
export function startHttpsServer(tls: { key: string; cert: string }, handler: Handler, host = "localhost"): Promise<TestServer> {
  return listen(createHttpsServer(tls, handler), "https", host);
}

/** Environment for the CLI against `url` (a throwaway config dir, a token that is not the sandbox's). */
export function serverEnv(url: string): Record<string, string> {
  return { PATH: process.env.PATH ?? "", HOME: tempDir(), ANALYTICS_API_URL: url, ANALYTICS_WORKSPACE: "ws_xyz789", ANALYTICS_TOKEN: "tok_test_1234567890" };
}

const shellQuote = (word: string): string => `'${word.replace(/'/g, `'\\''`)}'`;

/**
 * Run the CLI with stdin, stdout and stderr on one pseudo-terminal (util-linux `script`), as a user
 * at a terminal would. What the terminal received comes back as stdout (with the tty's CR LF).
 */
export async function inTerminal(args: string[], env: Record<string, string>, timeoutMs = 30_000): Promise<CliRun> {
  // `script` sizes the terminal from its own stdin; without one it would be 0×0 (no spinner).
  const command = `stty cols 100 rows 30; ${["node", BIN, ...args].map(shellQuote).join(" ")}`;
  const result = await execa("script", ["-qec", command, "/dev/null"], { env: { TERM: "xterm", ...env }, extendEnv: false, reject: false, stdin: "ignore", timeout: timeoutMs, stripFinalNewline: false });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}
