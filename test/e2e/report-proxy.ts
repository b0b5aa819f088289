/**
 * A tiny proxy in front of the sandbox for what the sandbox cannot produce: a campaign with a
 * hostile name (its JSON answers rewritten) and one endpoint that always fails.
 */
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";

export const XSS_NAME = "<img src=x onerror=alert(1)>";

export interface ReportProxy {
  url: string;
  close(): Promise<void>;
}

export interface ProxyOptions {
  /** Campaign name in every answer replaced by XSS_NAME. */
  renameCampaign?: string;
  /** Requests whose path contains this answer 500 with the Tenant error envelope. */
  failPath?: string;
}

export async function startReportProxy(target: string, options: ProxyOptions): Promise<ReportProxy> {
  const server: Server = createServer(async (req, res) => {
    if (options.failPath && req.url?.includes(options.failPath)) {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ success: false, error: { code: "SERVER_ERROR", message: "proxy: this endpoint fails on purpose" } }));
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([key]) => !["host", "content-length", "connection"].includes(key))) as Record<string, string>;
    const upstream = await fetch(`${target}${req.url}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
    let body = await upstream.text();
    if (options.renameCampaign) body = body.split(JSON.stringify(options.renameCampaign)).join(JSON.stringify(XSS_NAME));
    res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json" });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
