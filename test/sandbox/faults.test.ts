import { request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { parseFaultSpec } from "../../src/sandbox/faults.js";
import { FAULT_KINDS, type RunningSandbox, startSandbox } from "../../src/sandbox/index.js";
import { PINNED_NOW, apiUrl, authHeaders } from "./helpers.js";

const opened: RunningSandbox[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((sandbox) => sandbox.close()));
});

async function sandboxWith(faults: string, seed = 42): Promise<RunningSandbox> {
  const sandbox = await startSandbox({ now: PINNED_NOW, faults, seed });
  opened.push(sandbox);
  return sandbox;
}

const CAMPAIGN = "/campaigns/cmp_abc123/analytics";

async function fetchCampaign(sandbox: RunningSandbox, init: RequestInit = {}): Promise<Response> {
  return fetch(apiUrl(sandbox, CAMPAIGN), { headers: authHeaders(sandbox), ...init });
}

/** Reads a body with undici's low-level client: how many bytes arrived, and the error that ended it early. */
async function readRaw(sandbox: RunningSandbox): Promise<{ status: number; contentLength: number; received: number; error: unknown }> {
  const response = await request(apiUrl(sandbox, CAMPAIGN), { headers: authHeaders(sandbox) });
  let received = 0;
  let error: unknown;
  try {
    for await (const chunk of response.body) received += (chunk as Buffer).length;
  } catch (caught) {
    error = caught;
  }
  return { status: response.statusCode, contentLength: Number(response.headers["content-length"]), received, error };
}

describe("fault spec parsing", () => {
  it("parses targets, kinds, counts and probabilities", () => {
    expect(parseFaultSpec(" 502=2x, download.reset=0.25 ,api.slow=1,reset-mid=.5")).toEqual([
      { target: "api", kind: "502", amount: { type: "count", count: 2 } },
      { target: "download", kind: "reset", amount: { type: "probability", probability: 0.25 } },
      { target: "api", kind: "slow", amount: { type: "probability", probability: 1 } },
      { target: "api", kind: "reset-mid", amount: { type: "probability", probability: 0.5 } },
    ]);
    expect(parseFaultSpec("")).toEqual([]);
    for (const kind of FAULT_KINDS) expect(parseFaultSpec(`${kind}=1x`)[0]?.kind).toBe(kind);
  });

  it("rejects an invalid spec with a one-line error naming the item and the valid kinds", async () => {
    for (const bad of ["teapot=1x", "502=2", "502=1.5", "502=abc", "ftp.502=1x", "502", "502=0x", "500=-0.1"]) {
      let message = "";
      try {
        parseFaultSpec(`500=1x,${bad}`);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toContain(`"${bad}"`);
      expect(message).toContain("reset-mid");
      expect(message).not.toContain("\n");
    }
    await expect(startSandbox({ faults: "teapot=1x" })).rejects.toThrow(/teapot=1x.*valid kinds: 500, 502/);
  });
});

describe("faults over HTTP", () => {
  it("answers the status faults with JSON envelopes", async () => {
    const sandbox = await sandboxWith("500=1x,502=1x,503=1x,504=1x");
    const seen: Array<[number, string, string | null]> = [];
    for (let i = 0; i < 4; i++) {
      const response = await fetchCampaign(sandbox);
      const body = (await response.json()) as { success: boolean; error: { code: string } };
      expect(body.success).toBe(false);
      seen.push([response.status, body.error.code, response.headers.get("retry-after")]);
    }
    expect(seen).toEqual([
      [500, "SERVER_ERROR", null],
      [502, "BAD_GATEWAY", null],
      [503, "SERVICE_UNAVAILABLE", "1"],
      [504, "GATEWAY_TIMEOUT", null],
    ]);
    expect((await fetchCampaign(sandbox)).status).toBe(200);
  });

  it("answers the 429 fault with Retry-After: 1 and a RATE_LIMITED envelope", async () => {
    const sandbox = await sandboxWith("429=1x");
    const response = await fetchCampaign(sandbox);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("1");
    expect(response.headers.get("ratelimit-remaining")).toBe("0");
    expect(await response.json()).toMatchObject({ success: false, error: { code: "RATE_LIMITED" } });
  });

  it("consumes Nx faults on the next N requests, then answers normally", async () => {
    const sandbox = await sandboxWith("502=2x");
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetchCampaign(sandbox)).status);
    expect(statuses).toEqual([502, 502, 200, 200]);
  });

  it("applies faults before authentication, like a proxy", async () => {
    const sandbox = await sandboxWith("500=1x");
    const response = await fetch(apiUrl(sandbox, CAMPAIGN));
    expect(response.status).toBe(500);
    expect((await fetch(apiUrl(sandbox, CAMPAIGN))).status).toBe(401);
  });

  it("drops the connection for reset, recording status 0", async () => {
    const sandbox = await sandboxWith("reset=1x");
    await expect(fetchCampaign(sandbox)).rejects.toThrow();
    expect(sandbox.requests[0]?.status).toBe(0);
    expect((await fetchCampaign(sandbox)).status).toBe(200);
  });

  it("sends headers and part of the body for reset-mid, then drops the connection", async () => {
    const sandbox = await sandboxWith("reset-mid=1x");
    const raw = await readRaw(sandbox);
    expect(raw.status).toBe(200);
    expect(raw.error).toBeDefined();
    expect(raw.received).toBeGreaterThan(0);
    expect(raw.received).toBeLessThan(raw.contentLength);
  });

  it("declares a longer Content-Length than it sends for truncate", async () => {
    const sandbox = await sandboxWith("truncate=1x");
    const raw = await readRaw(sandbox);
    expect(raw.status).toBe(200);
    expect(raw.error).toBeDefined();
    expect(raw.received).toBeLessThan(raw.contentLength);
    const viaFetch = await sandboxWith("truncate=1x");
    const response = await fetchCampaign(viaFetch);
    await expect(response.text()).rejects.toThrow();
  });

  it("answers 200 with invalid JSON for malformed", async () => {
    const sandbox = await sandboxWith("malformed=1x");
    const response = await fetchCampaign(sandbox);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const text = await response.text();
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
  });

  it("answers 502 with an HTML proxy page for html", async () => {
    const sandbox = await sandboxWith("html=1x");
    const response = await fetchCampaign(sandbox);
    expect(response.status).toBe(502);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await response.text()).toContain("<h1>502 Bad Gateway</h1>");
  });

  it("holds back the first byte for slow, and close() does not wait for it", async () => {
    const sandbox = await startSandbox({ now: PINNED_NOW, faults: "slow=2x" });
    await expect(fetchCampaign(sandbox, { signal: AbortSignal.timeout(300) })).rejects.toThrow();
    const pending = fetchCampaign(sandbox).then(
      (response) => response.status,
      () => "failed",
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = performance.now();
    await sandbox.close();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await pending).toBe("failed");
  });

  it("takes count faults before probabilities, one fault per request", async () => {
    const sandbox = await sandboxWith("502=1x,500=1");
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetchCampaign(sandbox)).status);
    expect(statuses).toEqual([502, 500, 500]);
  });

  it("draws probabilities from the seed: same seed and order, same faults", async () => {
    const run = async (seed: number): Promise<number[]> => {
      const sandbox = await sandboxWith("500=0.3,503=0.2", seed);
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) statuses.push((await fetchCampaign(sandbox)).status);
      return statuses;
    };
    const first = await run(42);
    expect(await run(42)).toEqual(first);
    expect(await run(7)).not.toEqual(first);
    expect(first).toContain(500);
    expect(first).toContain(503);
    expect(first).toContain(200);
  });

  it("replaces the spec at run time and keeps the old one when the new one is invalid", async () => {
    const sandbox = await sandboxWith("");
    expect((await fetchCampaign(sandbox)).status).toBe(200);
    sandbox.setFaults("504=1x");
    expect(() => sandbox.setFaults("504=lots")).toThrow(/504=lots/);
    expect((await fetchCampaign(sandbox)).status).toBe(504);
    expect((await fetchCampaign(sandbox)).status).toBe(200);
  });

  it("keeps download faults away from the API listener", async () => {
    const sandbox = await sandboxWith("download.reset=1,download.500=3x");
    expect((await fetchCampaign(sandbox)).status).toBe(200);
  });
});
