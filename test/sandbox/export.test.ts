import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type RunningSandbox, EXPORT_FAILED_MESSAGE, createDataset, exportColumns, startSandbox } from "../../src/sandbox/index.js";
import { PINNED_NOW, apiUrl, authHeaders, getJson } from "./helpers.js";

let sandbox: RunningSandbox;
const dataset = createDataset({ seed: 42, now: PINNED_NOW, campaigns: 15 });
const draft = dataset.campaigns.find((campaign) => campaign.status === "draft")!;

beforeAll(async () => {
  sandbox = await startSandbox({ now: PINNED_NOW, rateLimits: false, exportDelayMs: 150 });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.setFaults(""));

async function postExport(body: unknown, headers: Record<string, string> = {}, target = sandbox) {
  const response = await fetch(apiUrl(target, "/analytics/export"), {
    method: "POST",
    headers: { ...authHeaders(target), "Content-Type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as any };
}

/** Polls the status endpoint until the export is no longer processing. */
async function settled(exportId: string, target = sandbox): Promise<any> {
  for (let i = 0; i < 100; i++) {
    const { body } = await getJson(target, `/analytics/exports/${exportId}`);
    if (body.data?.status !== "processing") return body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`export ${exportId} never settled`);
}

async function completedExport(body: unknown): Promise<{ id: string; data: any }> {
  const created = await postExport(body);
  expect(created.status).toBe(202);
  const status = await settled(created.body.data.export_id);
  expect(status.data.status).toBe("completed");
  return { id: created.body.data.export_id, data: status.data };
}

async function download(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

const md5 = (bytes: Buffer): string => createHash("md5").update(bytes).digest("hex");

function parseCsv(text: string): string[][] {
  // The sandbox's names hold no quotes or line breaks; a comma inside quotes is handled.
  return text
    .split("\r\n")
    .filter(Boolean)
    .map((line) => [...line.matchAll(/("([^"]*)"|[^,]*)(,|$)/g)].filter((m) => m[0] !== "").map((m) => m[2] ?? m[1] ?? ""));
}

describe("POST …/analytics/export", () => {
  it("answers 202 with the documented fields and a Location for the status", async () => {
    const { status, headers, body } = await postExport({ export_type: "campaign_performance", format: "csv", time_range: "30d" });
    expect(status).toBe(202);
    expect(body.success).toBe(true);
    expect(Object.keys(body.data)).toEqual(["export_id", "status", "estimated_completion", "download_url"]);
    expect(body.data.export_id).toMatch(/^exp_[a-z0-9]{10}$/);
    expect(body.data.status).toBe("processing");
    expect(body.data.download_url).toBeNull();
    expect(Date.parse(body.data.estimated_completion)).toBeGreaterThan(Date.now() - 1000);
    expect(headers.get("location")).toBe(`/api/v1/workspaces/${sandbox.workspaceId}/analytics/exports/${body.data.export_id}`);
  });

  it.each([
    [{}, 400, "VALIDATION_ERROR", /format is required/],
    [{ format: "xlsx" }, 400, "VALIDATION_ERROR", /format must be one of: csv, json/],
    [{ format: "csv", export_type: "everything" }, 400, "VALIDATION_ERROR", /export_type must be one of/],
    [{ format: "csv", colour: "red" }, 400, "VALIDATION_ERROR", /Unknown field "colour"/],
    [{ format: "csv", time_range: "12d" }, 400, "VALIDATION_ERROR", /time_range must be one of/],
    [{ format: "csv", time_range: "custom", start_date: "2025-11-01" }, 400, "VALIDATION_ERROR", /end_date is required/],
    [{ format: "csv", time_range: "7d", start_date: "2025-11-01" }, 400, "VALIDATION_ERROR", /start_date can only be used with time_range=custom/],
    [{ format: "csv", start_date: "2025-11-10", end_date: "2025-11-01" }, 400, "INVALID_TIME_RANGE", /Start date must be before end date/],
    [{ format: "csv", start_date: "2025-02-30", end_date: "2025-03-01" }, 400, "VALIDATION_ERROR", /start_date must be an ISO 8601/],
    [{ format: "csv", campaign_ids: "cmp_abc123" }, 400, "VALIDATION_ERROR", /campaign_ids must be an array/],
    [{ format: "csv", campaign_ids: [] }, 400, "VALIDATION_ERROR", /must not be empty/],
    [{ format: "csv", campaign_ids: ["cmp_nope00"] }, 404, "CAMPAIGN_NOT_FOUND", /cmp_nope00 not found/],
    [{ format: "csv", include_time_series: "yes" }, 400, "VALIDATION_ERROR", /include_time_series must be true or false/],
    [[1, 2], 400, "VALIDATION_ERROR", /must be a JSON object/],
  ])("refuses %j with %i %s", async (body, status, code, message) => {
    const response = await postExport(body);
    expect(response.status).toBe(status);
    expect(response.body).toEqual({ success: false, error: { code, message: expect.stringMatching(message) } });
  });

  it("returns the same export for the same Idempotency-Key, and refuses the key with another body", async () => {
    const body = { format: "json", time_range: "7d" };
    const first = await postExport(body, { "Idempotency-Key": "nightly-2025-11-26" });
    const again = await postExport(body, { "Idempotency-Key": "nightly-2025-11-26" });
    expect(again.status).toBe(202);
    expect(again.body.data.export_id).toBe(first.body.data.export_id);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const other = await postExport({ format: "csv", time_range: "7d" }, { "Idempotency-Key": "nightly-2025-11-26" });
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe("IDEMPOTENCY_KEY_REUSED");
    const unkeyed = [await postExport(body), await postExport(body)];
    expect(new Set(unkeyed.map((r) => r.body.data.export_id)).size).toBe(2);
    expect((await postExport(body, { "Idempotency-Key": "x".repeat(256) })).status).toBe(400);
  });

  it("is rate limited at 10 per minute with Retry-After", async () => {
    const limited = await startSandbox({ now: PINNED_NOW });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) statuses.push((await postExport({ format: "csv" }, {}, limited)).status);
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(202));
      const refused = await postExport({ format: "csv" }, {}, limited);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(refused.headers.get("ratelimit-limit")).toBe("10");
    } finally {
      await limited.close();
    }
  });
});

describe("GET …/analytics/exports/{id}", () => {
  it("goes from processing to completed after the delay, with size, dates and a presigned link on the other origin", async () => {
    const created = await postExport({ format: "csv" });
    const early = await getJson(sandbox, `/analytics/exports/${created.body.data.export_id}`);
    expect(early.status).toBe(200);
    expect(early.body.data).toMatchObject({ export_id: created.body.data.export_id, status: "processing", download_url: null });
    expect(early.body.data.estimated_completion).toMatch(/Z$/);
    const done = await settled(created.body.data.export_id);
    expect(done.success).toBe(true);
    const data = done.data;
    expect(data).toMatchObject({ status: "completed", format: "csv", export_type: "campaign_performance" });
    expect(data.file_size_bytes).toBeGreaterThan(100);
    for (const field of ["created_at", "completed_at", "expires_at"]) expect(data[field]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Date.parse(data.expires_at) - Date.now()).toBeGreaterThan(3_500_000);
    const link = new URL(data.download_url);
    expect(link.origin).toBe(sandbox.downloadUrl);
    expect(link.origin).not.toBe(sandbox.url);
    expect(link.pathname).toBe(`/exports/${data.export_id}.csv`);
    expect(link.searchParams.get("signature")).toMatch(/^[0-9a-f]{64}$/);
    expect(Number(link.searchParams.get("expires")) * 1000).toBe(Date.parse(data.expires_at));
  });

  it("fails with EXPORT_FAILED (200, success false, data.status failed) when the selection sent nothing", async () => {
    const created = await postExport({ format: "csv", campaign_ids: [draft.id] });
    expect(created.status).toBe(202);
    const body = await settled(created.body.data.export_id);
    expect(body).toMatchObject({
      success: false,
      data: { export_id: created.body.data.export_id, status: "failed", download_url: null },
      error: { code: "EXPORT_FAILED", message: EXPORT_FAILED_MESSAGE },
    });
  });

  it("answers 404 EXPORT_NOT_FOUND for an unknown id", async () => {
    const { status, body } = await getJson(sandbox, "/analytics/exports/exp_unknown000");
    expect(status).toBe(404);
    expect(body.error.code).toBe("EXPORT_NOT_FOUND");
  });
});

describe("export files", () => {
  it("holds one CSV row per campaign whose numbers match the campaign endpoint", async () => {
    const { data } = await completedExport({ format: "csv", time_range: "30d" });
    const file = await download(data.download_url);
    expect(file.status).toBe(200);
    expect(file.bytes.length).toBe(data.file_size_bytes);
    const rows = parseCsv(file.bytes.toString("utf8"));
    expect(rows[0]).toEqual(exportColumns(false));
    expect(rows).toHaveLength(1 + 15);
    const abc = rows.find((row) => row[0] === "cmp_abc123")!;
    const analytics = (await getJson(sandbox, "/campaigns/cmp_abc123/analytics", { timeRange: "30d" })).body.data;
    const header = rows[0]!;
    const cell = (name: string): number => Number(abc[header.indexOf(name)]);
    expect(abc[1]).toBe("Q4 Outreach Campaign");
    for (const [name, value] of Object.entries(analytics.summary)) expect(cell(name)).toBe(value);
    for (const [name, value] of Object.entries(analytics.rates)) expect(cell(name)).toBe(value);
    const draftRow = rows.find((row) => row[0] === draft.id)!;
    expect(Number(draftRow[header.indexOf("emails_sent")])).toBe(0);
  });

  it("holds one row per campaign and day with include_time_series, in JSON as one array document", async () => {
    const { data } = await completedExport({ format: "json", time_range: "custom", start_date: "2025-11-01", end_date: "2025-11-15", campaign_ids: ["cmp_def456", "cmp_abc123"], include_time_series: true });
    const file = await download(data.download_url);
    expect(file.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const rows = JSON.parse(file.bytes.toString("utf8"));
    expect(rows).toHaveLength(2 * 15);
    expect(Object.keys(rows[0])).toEqual(exportColumns(true));
    // Catalogue order, whatever the order asked for.
    expect(rows[0]).toMatchObject({ campaign_id: "cmp_abc123", date: "2025-11-01" });
    expect(rows[15]).toMatchObject({ campaign_id: "cmp_def456", date: "2025-11-01" });
    const series = (await getJson(sandbox, "/campaigns/cmp_def456/analytics", { timeRange: "custom", startDate: "2025-11-01", endDate: "2025-11-15" })).body.data.time_series;
    expect(rows.slice(15).map((row: any) => [row.date, row.emails_sent, row.emails_opened, row.emails_replied])).toEqual(
      series.map((point: any) => [point.date, point.sent, point.opened, point.replied]),
    );
  });
});

describe("the download listener", () => {
  let file: { id: string; data: any };
  let whole: Buffer;
  beforeAll(async () => {
    file = await completedExport({ format: "csv", include_time_series: true });
    whole = (await download(file.data.download_url)).bytes;
  });

  it("sends Content-Length, an MD5 ETag, Accept-Ranges and a file name; HEAD gives the same headers", async () => {
    const got = await download(file.data.download_url);
    expect(got.status).toBe(200);
    expect(got.headers.get("content-length")).toBe(String(file.data.file_size_bytes));
    expect(got.headers.get("etag")).toBe(`"${md5(got.bytes)}"`);
    expect(got.headers.get("accept-ranges")).toBe("bytes");
    expect(got.headers.get("content-disposition")).toBe(`attachment; filename="analytics-campaign_performance-${file.id}.csv"`);
    const head = await fetch(file.data.download_url, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("etag")).toBe(got.headers.get("etag"));
    expect(head.headers.get("content-length")).toBe(String(file.data.file_size_bytes));
  });

  it("answers Range with 206 and the exact slice, honours If-Range, and 416 past the end", async () => {
    const size = whole.length;
    const part = await download(file.data.download_url, { Range: "bytes=100-" });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 100-${size - 1}/${size}`);
    expect(part.bytes.equals(whole.subarray(100))).toBe(true);
    const middle = await download(file.data.download_url, { Range: "bytes=10-19" });
    expect(middle.bytes.equals(whole.subarray(10, 20))).toBe(true);
    const suffix = await download(file.data.download_url, { Range: "bytes=-5" });
    expect(suffix.bytes.equals(whole.subarray(size - 5))).toBe(true);
    const etag = `"${md5(whole)}"`;
    expect((await download(file.data.download_url, { Range: "bytes=100-", "If-Range": etag })).status).toBe(206);
    const stale = await download(file.data.download_url, { Range: "bytes=100-", "If-Range": '"0123"' });
    expect(stale.status).toBe(200);
    expect(stale.bytes.equals(whole)).toBe(true);
    const beyond = await download(file.data.download_url, { Range: `bytes=${size}-` });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get("content-range")).toBe(`bytes */${size}`);
  });

  it("refuses a request that carries Authorization (400), a bad signature (403) and a missing one (403)", async () => {
    const withAuth = await download(file.data.download_url, { Authorization: `Bearer ${sandbox.token}` });
    expect(withAuth.status).toBe(400);
    expect(withAuth.bytes.toString()).toContain("<Code>InvalidArgument</Code>");
    const url = new URL(file.data.download_url);
    const signature = url.searchParams.get("signature")!;
    url.searchParams.set("signature", `${signature.slice(0, -1)}${signature.endsWith("0") ? "1" : "0"}`);
    const forged = await download(url.href);
    expect(forged.status).toBe(403);
    expect(forged.bytes.toString()).toContain("<Code>SignatureDoesNotMatch</Code>");
    const longer = new URL(file.data.download_url);
    longer.searchParams.set("expires", String(Number(longer.searchParams.get("expires")) + 3600));
    expect((await download(longer.href)).status).toBe(403);
    const bare = await download(`${sandbox.downloadUrl}/exports/${file.id}.csv`);
    expect(bare.status).toBe(403);
    const wrongFormat = new URL(file.data.download_url);
    wrongFormat.pathname = wrongFormat.pathname.replace(".csv", ".json");
    expect((await download(wrongFormat.href)).status).toBe(403);
  });

  it("answers 403 'Request has expired' once the link expired, and a fresh status gives a working link", async () => {
    sandbox.expireNextLinks(1);
    const stale = (await getJson(sandbox, `/analytics/exports/${file.id}`)).body.data;
    expect(Date.parse(stale.expires_at)).toBeLessThan(Date.now());
    const refused = await download(stale.download_url);
    expect(refused.status).toBe(403);
    expect(refused.bytes.toString()).toContain("<Message>Request has expired</Message>");
    const fresh = (await getJson(sandbox, `/analytics/exports/${file.id}`)).body.data;
    expect((await download(fresh.download_url)).bytes.equals(whole)).toBe(true);
  });

  it("records its requests as the download listener, apart from the API's", async () => {
    const before = sandbox.requests.length;
    await download(file.data.download_url);
    const record = sandbox.requests.slice(before).find((r) => r.listener === "download");
    expect(record).toMatchObject({ method: "GET", path: `/exports/${file.id}.csv`, status: 200 });
  });

  it("cuts the body short with download.truncate and download.reset-mid, and corrupts it with download.malformed", async () => {
    for (const kind of ["truncate", "reset-mid"]) {
      sandbox.setFaults(`download.${kind}=1x`);
      const response = await fetch(file.data.download_url);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-length")).toBe(String(whole.length));
      await expect(response.arrayBuffer()).rejects.toThrow();
      expect((await download(file.data.download_url)).bytes.equals(whole)).toBe(true);
    }
    sandbox.setFaults("download.malformed=1x");
    const corrupt = await download(file.data.download_url);
    expect(corrupt.bytes.length).toBe(whole.length);
    expect(corrupt.bytes.equals(whole)).toBe(false);
    expect(corrupt.headers.get("etag")).toBe(`"${md5(whole)}"`);
  });

  it("answers proxy faults in S3 style, and download faults never reach the API", async () => {
    sandbox.setFaults("download.503=1x,download.500=1x");
    const slow = await download(file.data.download_url);
    expect(slow.status).toBe(503);
    expect(slow.headers.get("retry-after")).toBe("1");
    expect(slow.bytes.toString()).toContain("<Code>SlowDown</Code>");
    expect((await getJson(sandbox, `/analytics/exports/${file.id}`)).status).toBe(200);
    expect((await download(file.data.download_url)).status).toBe(500);
  });
});

describe("lifecycle", () => {
  it("throttles downloads when asked and removes its files on close", async () => {
    const throttled = await startSandbox({ now: PINNED_NOW, rateLimits: false, exportDelayMs: 0, downloadBytesPerSecond: 200_000 });
    const created = await postExport({ format: "csv", include_time_series: true }, {}, throttled);
    const status = await settled(created.body.data.export_id, throttled);
    const started = performance.now();
    const got = await download(status.data.download_url);
    const seconds = (performance.now() - started) / 1000;
    expect(got.bytes.length).toBe(status.data.file_size_bytes);
    expect(seconds).toBeGreaterThan((status.data.file_size_bytes / 200_000) * 0.5);
    const dirsBefore = readdirSync(tmpdir()).filter((name) => name.startsWith("analytics-sandbox-exports-"));
    await throttled.close();
    const dirsAfter = readdirSync(tmpdir()).filter((name) => name.startsWith("analytics-sandbox-exports-"));
    expect(dirsAfter.length).toBe(dirsBefore.length - 1);
  });
});
