/**
 * What both sandbox listeners (the API and the download host) need from node:http: listening on
 * host:port, delays that end early when the listener closes (slow faults, throttles), and a close
 * that never waits for keep-alive sockets or a `slow` fault.
 */
import type { Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** Pending delays, cut short when the listener closes. */
export class Lifecycle {
  closing = false;
  private readonly waiting = new Set<() => void>();

  delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        this.waiting.delete(finish);
        resolve();
      };
      const timer = setTimeout(finish, ms);
      this.waiting.add(finish);
    });
  }

  close(): void {
    this.closing = true;
    for (const finish of [...this.waiting]) finish();
  }
}

export interface Listening {
  port: number;
  close(): Promise<void>;
}

/** Listen on host:port (0 = ephemeral); close() ends the lifecycle's delays and destroys open sockets. */
export async function listen(server: Server, host: string, port: number, lifecycle: Lifecycle): Promise<Listening> {
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close(): Promise<void> {
      lifecycle.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      return closed;
    },
  };
}
