/**
 * Report test helpers: a structural HTML check, and a tiny proxy in front of the sandbox for what the sandbox cannot produce: a campaign with a
 * hostile name (its JSON answers rewritten) and one endpoint that always fails.
 */
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { parse } from "parse5";
import { PINNED_NOW } from "./helpers.js";

/** Every section of the report, in order (the ids of its <section> elements). */
export const SECTIONS = ["kpis", "timeline", "top", "compare", "deliverability", "heatmap"];
/** SOURCE_DATE_EPOCH for the pinned sandbox's "now". */
export const EPOCH = String(PINNED_NOW.getTime() / 1000);

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
  /** The failing answer repeats the request's Authorization header, as a careless debug build would. */
  echoCredential?: boolean;
}

export async function startReportProxy(target: string, options: ProxyOptions): Promise<ReportProxy> {
  const server: Server = createServer(async (req, res) => {
    if (options.failPath && req.url?.includes(options.failPath)) {
      res.writeHead(500, { "content-type": "application/json" });
      const message = `proxy: this endpoint fails on purpose${options.echoCredential ? ` (you sent ${req.headers.authorization})` : ""}`;
      res.end(JSON.stringify({ success: false, error: { code: "SERVER_ERROR", message } }));
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

const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]);

/** parse5 errors, and every element from the source that is neither closed, void nor self-closed SVG. */
export function structuralProblems(html: string): string[] {
  const problems: string[] = [];
  const document = parse(html, { sourceCodeLocationInfo: true, onParseError: (error) => problems.push(`${error.code} at ${error.startLine}:${error.startCol}`) });
  const walk = (node: any): void => {
    const location = node.sourceCodeLocation;
    if (node.tagName && location?.startTag && !location.endTag && !VOID.has(node.tagName)) {
      const selfClosed = html.slice(location.startTag.endOffset - 2, location.startTag.endOffset) === "/>";
      if (!selfClosed || node.namespaceURI === "http://www.w3.org/1999/xhtml") problems.push(`<${node.tagName}> at line ${location.startTag.startLine} is not closed`);
    }
    for (const child of node.childNodes ?? []) walk(child);
    if (node.content) walk(node.content);
  };
  walk(document);
  return problems;
}

