/**
 * A hostile server for the soak's hostile mode (bench/soak.js hostile) and the e2e tests: what a
 * broken or malicious API or storage host can do that the sandbox's faults cannot. Three origins:
 *
 * - `api`: a proxy in front of a real sandbox. The workspace id the CLI is pointed at picks the
 *   scenario (`ws_<scenario>`); the proxy swaps in the sandbox's workspace, and turns the answer
 *   hostile: control characters and bidi overrides in names, an error message that echoes the
 *   token, a redirect to another origin, kilobytes of headers, a body that drips or never ends.
 *   Export creation and status are answered here, with links to `storage`.
 * - `storage`: download links that never end, drip, stall, redirect elsewhere or in a loop, send a
 *   wrong checksum or oversized headers.
 * - `elsewhere`: another origin to redirect to; it serves files too, and records who called.
 *
 * Every request is recorded (listener, method, path, headers), so a test can check that the token
 * never left the API origin.
 */
import { createHash } from "node:crypto";
import { createServer } from "node:http";

const NOW = new Date("2025-11-26T12:00:00Z");
/** C1 CSI, right-to-left override, ESC sequences (clear screen, set title, colour), BEL. */
export const HOSTILE_TEXT = "Evil\u009b2J\u202eeman\u202c\u001b[2J\u001b]0;pwned\u0007\u001b[31mRed\u009d8;;x\u009c";
/** The file every well-behaved link serves. */
export const HOSTILE_FILE = Buffer.from(Array.from({ length: 40 }, (_, i) => `campaign_${i},${i * 7},${i * 3}\n`).join(""));
const FILE = HOSTILE_FILE;
const md5 = (bytes) => createHash("md5").update(bytes).digest("hex");

/** What the storage host does for each download scenario; `size` is what the API announces. */
const DOWNLOADS = {
  endless: { size: 606 },
  drip: { size: FILE.length },
  overlong: { size: FILE.length },
  stall: { size: FILE.length },
  xredirect: { size: FILE.length },
  "redirect-loop": { size: FILE.length },
  badmd5: { size: FILE.length },
  "huge-headers-download": { size: FILE.length },
};

/**
 * The scenarios, each a CLI invocation (`target`: the file -o writes, checked for partial files) and
 * what must come of it besides the general rules (`exit`: the exit code, when it is certain).
 */
export const HOSTILE_SCENARIOS = [
  { name: "endless", args: ["exports", "download", "exp_endless", "-o", "out.csv"], target: "out.csv", exit: 1 },
  { name: "endless-stdout", workspace: "endless", args: ["exports", "download", "exp_endless", "-o", "-"], exit: 1, maxStdout: 606 },
  { name: "endless-export", workspace: "endless", args: ["export", "--format", "csv", "-o", "out.csv"], target: "out.csv", exit: 1 },
  { name: "overlong", args: ["exports", "download", "exp_overlong", "-o", "out.csv"], target: "out.csv", exit: 0, file: FILE },
  { name: "drip", args: ["exports", "download", "exp_drip", "-o", "out.csv"], target: "out.csv", exit: 0, file: FILE },
  { name: "stall", args: ["exports", "download", "exp_stall", "-o", "out.csv"], target: "out.csv", exit: 0, file: FILE, slow: true },
  { name: "xredirect", args: ["exports", "download", "exp_xredirect", "-o", "out.csv"], target: "out.csv", exit: 0, file: FILE },
  { name: "redirect-loop", args: ["exports", "download", "exp_loop", "-o", "out.csv"], target: "out.csv", exit: 1 },
  { name: "badmd5", args: ["exports", "download", "exp_badmd5", "-o", "out.csv"], target: "out.csv", exit: 1 },
  { name: "badmd5-stdout", workspace: "badmd5", args: ["exports", "download", "exp_badmd5", "-o", "-"], exit: 1 },
  { name: "huge-headers-download", args: ["exports", "download", "exp_huge", "-o", "out.csv"], target: "out.csv", exit: 1 },
  { name: "c1-table", workspace: "c1", args: ["campaign", "cmp_abc123", "--range", "7d"], exit: 0, terminal: true },
  { name: "c1-csv", workspace: "c1", args: ["compare", "cmp_abc123", "cmp_def456", "--csv"], exit: 0, terminal: true },
  { name: "c1-json", workspace: "c1", args: ["overview", "--json"], exit: 0, json: true },
  { name: "c1-error", args: ["campaign", "cmp_abc123"], exit: 4 },
  { name: "token-echo", args: ["campaign", "cmp_abc123"], exit: 4 },
  { name: "api-redirect", args: ["overview", "--json"] },
  { name: "api-huge-headers", args: ["overview", "--json"], slow: true },
  { name: "api-endless", args: ["overview", "--json"], exit: 1 },
  { name: "api-drip", args: ["overview", "--json", "--timeout", "2s"], slow: true },
];

/** Replaces every `…name` string in a JSON document with hostile text. */
function hostileNames(value) {
  if (Array.isArray(value)) return value.map(hostileNames);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, typeof v === "string" && /name$/.test(key) ? `${HOSTILE_TEXT} ${v}` : hostileNames(v)]));
}

function listen(name, requests, handler) {
  const server = createServer((req, res) => {
    requests.push({ listener: name, method: req.method, path: req.url, headers: req.headers });
    handler(req, res);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, origin: `http://127.0.0.1:${server.address().port}` })));
}

/** Writes until the client goes away. */
function endless(res, chunk, everyMs = 0) {
  const pump = () => {
    while (!res.destroyed) {
      if (everyMs > 0) return void setTimeout(() => res.write(chunk, pump), everyMs);
      if (!res.write(chunk)) return void res.once("drain", pump);
    }
  };
  res.on("error", () => {});
  pump();
}

function sendFile(req, res, etag = `"${md5(FILE)}"`) {
  const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? "");
  const start = range && req.headers["if-range"] === etag ? Number(range[1]) : 0;
  res.writeHead(start > 0 ? 206 : 200, {
    "content-length": String(FILE.length - start),
    etag,
    ...(start > 0 ? { "content-range": `bytes ${start}-${FILE.length - 1}/${FILE.length}` } : {}),
  });
  res.end(FILE.subarray(start));
}

/**
 * @param {{ startSandbox: Function }} options the sandbox to proxy (dist/ or src/)
 * @returns {Promise<{ apiUrl: string, token: string, workspaceFor(scenario: object): string, requests: object[], close(): Promise<void> }>}
 */
export async function startHostileServer({ startSandbox }) {
  const sandbox = await startSandbox({ now: NOW, rateLimits: false, exportDelayMs: 0 });
  const requests = [];
  const sockets = new Set();
  let storage;
  let elsewhere;

  const handleStorage = (req, res) => {
    const scenario = /^\/files\/([\w-]+)/.exec(req.url ?? "")?.[1];
    switch (scenario) {
      case "endless":
        res.writeHead(200, { "content-type": "text/csv", etag: `"${md5(FILE)}"` });
        return endless(res, Buffer.alloc(64 * 1024, "x"));
      case "overlong":
        // Content-Length says the file, then junk follows on the same connection, without end.
        // (Raw on the socket: Node's own response would refuse to send more than its Content-Length.)
        req.socket.write(`HTTP/1.1 200 OK\r\ncontent-length: ${FILE.length}\r\netag: "${md5(FILE)}"\r\n\r\n`);
        req.socket.write(FILE);
        return endless(req.socket, Buffer.alloc(64 * 1024, "junk"));
      case "drip": {
        res.writeHead(200, { "content-length": String(FILE.length), etag: `"${md5(FILE)}"` });
        let sent = 0;
        const timer = setInterval(() => {
          if (res.destroyed) return clearInterval(timer);
          res.write(FILE.subarray(sent, sent + 64));
          sent += 64;
          if (sent >= FILE.length) {
            clearInterval(timer);
            res.end();
          }
        }, 150);
        return;
      }
      case "stall":
        if (req.headers.range) return sendFile(req, res);
        res.writeHead(200, { "content-length": String(FILE.length), etag: `"${md5(FILE)}"` });
        return void res.write(FILE.subarray(0, 100)); // …and nothing more, ever
      case "xredirect":
        res.writeHead(302, { location: `${elsewhere.origin}/files/served.csv?sig=2` });
        return void res.end();
      case "redirect-loop":
        res.writeHead(307, { location: `${storage.origin}/files/redirect-loop?hop=${Date.now()}` });
        return void res.end();
      case "badmd5":
        return sendFile(req, res, `"${md5(Buffer.from("something else"))}"`);
      case "huge-headers-download":
        res.writeHead(200, { "content-length": String(FILE.length), "x-padding": "p".repeat(128 * 1024) });
        return void res.end(FILE);
      default:
        res.writeHead(404, { "content-type": "application/xml" });
        return void res.end("<Error><Code>NoSuchKey</Code><Message>no such file</Message></Error>");
    }
  };

  const exportStatus = (scenario, exportId) => ({
    export_id: exportId,
    status: "completed",
    format: "csv",
    file_size_bytes: DOWNLOADS[scenario].size,
    download_url: `${storage.origin}/files/${scenario}?X-Amz-Signature=hostile`,
    expires_at: new Date(Date.now() + 3_600_000).toISOString(),
  });
  const json = (res, status, body, headers = {}) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };

  const handleApi = async (req, res) => {
    const match = /^\/api\/v1\/workspaces\/ws_([\w-]+)(\/[^?]*)(\?.*)?$/.exec(req.url ?? "");
    if (!match) return json(res, 404, { success: false, error: { code: "NOT_FOUND", message: "no such route" } });
    const [, scenario, path, query = ""] = match;
    if (DOWNLOADS[scenario]) {
      if (req.method === "POST" && path === "/analytics/export") return json(res, 202, { success: true, data: { export_id: `exp_${scenario.replace(/-/g, "")}`, status: "completed" } });
      const id = /^\/analytics\/exports\/([\w-]+)$/.exec(path)?.[1];
      if (id) return json(res, 200, { success: true, data: exportStatus(scenario, id) });
    }
    switch (scenario) {
      case "c1-error":
        return json(res, 404, { success: false, error: { code: "CAMPAIGN_NOT_FOUND", message: `${HOSTILE_TEXT} no such campaign ${HOSTILE_TEXT}` } });
      case "token-echo":
        return json(res, 404, { success: false, error: { code: "CAMPAIGN_NOT_FOUND", message: `no campaign here for ${req.headers.authorization ?? "you"}` } });
      case "api-redirect":
        res.writeHead(307, { location: `${elsewhere.origin}${req.url}` });
        return void res.end();
      case "api-huge-headers":
        res.writeHead(200, { "content-type": "application/json", "x-padding": "p".repeat(128 * 1024) });
        return void res.end("{}");
      case "api-endless":
        res.writeHead(200, { "content-type": "application/json" });
        res.write('{"success":true,"data":{"padding":"');
        return endless(res, Buffer.alloc(64 * 1024, "a"));
      case "api-drip":
        res.writeHead(200, { "content-type": "application/json" });
        return endless(res, Buffer.from(" "), 500);
    }
    // Everything else: the sandbox's answer, with hostile names for "c1".
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const upstream = await fetch(`${sandbox.url}/api/v1/workspaces/${sandbox.workspaceId}${path}${query}`, {
      method: req.method,
      headers: { authorization: req.headers.authorization ?? "", "x-workspace-id": sandbox.workspaceId, "content-type": "application/json" },
      body: chunks.length ? Buffer.concat(chunks) : undefined,
    });
    const body = await upstream.json();
    json(res, upstream.status, scenario === "c1" ? hostileNames(body) : body);
  };

  const api = await listen("api", requests, (req, res) => handleApi(req, res).catch(() => res.destroy()));
  storage = await listen("storage", requests, handleStorage);
  elsewhere = await listen("elsewhere", requests, (req, res) => sendFile(req, res));
  for (const { server } of [api, storage, elsewhere]) server.on("connection", (socket) => (sockets.add(socket), socket.on("close", () => sockets.delete(socket))));

  return {
    apiUrl: api.origin,
    token: sandbox.token,
    workspaceFor: (scenario) => `ws_${scenario.workspace ?? scenario.name}`,
    requests,
    async close() {
      for (const socket of sockets) socket.destroy();
      await Promise.all([api, storage, elsewhere].map(({ server }) => new Promise((resolve) => server.close(resolve))));
      await sandbox.close();
    },
  };
}
