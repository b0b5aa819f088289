/**
 * The bad-input matrix: each case must end with the right exit code and ONE error line that names
 * the problem (optionally a hint line), with nothing sent to the API and nothing written to disk.
 */
import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../../src/sandbox/index.js";
import { BIN, errorLines, sandboxEnv, startTestSandbox, tempDir } from "./helpers.js";
import { cliAsUnprivileged, handOver, unprivileged } from "./unprivileged.js";

let sandbox: RunningSandbox;
let env: Record<string, string>;

beforeAll(async () => {
  sandbox = await startTestSandbox({ rateLimits: false });
  env = sandboxEnv(sandbox);
});
afterAll(() => sandbox.close());

interface Case {
  name: string;
  args: string[];
  code: number;
  message: RegExp;
  env?: Record<string, string>;
  /** Prepare the working directory (existing files, a config file…); returns extra env. */
  setup?: (cwd: string) => Record<string, string> | void;
  /** About file permissions, which root ignores: run as an unprivileged user (or skip, saying why). */
  unprivileged?: true;
}

const elevenIds = Array.from({ length: 11 }, (_, i) => `cmp_${String(i).padStart(6, "0")}`);

const CASES: Case[] = [
  // ids
  { name: "empty campaign id", args: ["campaign", ""], code: 2, message: /invalid campaign id ""/ },
  { name: "campaign id with a space", args: ["campaign", "cmp abc"], code: 2, message: /invalid campaign id "cmp abc"/ },
  { name: "campaign id with path traversal", args: ["campaign", "../x"], code: 2, message: /invalid campaign id "\.\.\/x"/ },
  { name: "10 kB campaign id", args: ["campaign", "c".repeat(10_240)], code: 2, message: /invalid campaign id "c{40}…"/ },
  { name: "campaign id with a control character", args: ["campaign", "cmp_\u001b[2J"], code: 2, message: /invalid campaign id "cmp_\\u001b\[2J"/ },
  { name: "deliverability --campaign traversal", args: ["deliverability", "--campaign", "../../etc"], code: 2, message: /invalid campaign id/ },
  { name: "deliverability --domain with a space", args: ["deliverability", "--domain", "dom 1"], code: 2, message: /invalid domain id/ },
  { name: "exports status traversal", args: ["exports", "status", "../exp"], code: 2, message: /invalid export id/ },
  { name: "exports download empty id", args: ["exports", "download", ""], code: 2, message: /invalid export id/ },
  // dates and ranges
  { name: "impossible date", args: ["campaign", "cmp_abc123", "--from", "2025-02-30", "--to", "2025-03-02"], code: 2, message: /invalid date for --from: "2025-02-30" is not a calendar date/ },
  { name: "month 13", args: ["overview", "--from", "2025-13-01", "--to", "2025-12-02"], code: 2, message: /invalid date for --from: "2025-13-01"/ },
  { name: "a word for a date", args: ["overview", "--from", "yesterday", "--to", "today"], code: 2, message: /invalid date for --from: "yesterday"/ },
  { name: "from after to", args: ["campaign", "cmp_abc123", "--from", "2025-11-10", "--to", "2025-11-01"], code: 2, message: /--from 2025-11-10 is after --to 2025-11-01/ },
  { name: "only --from", args: ["overview", "--from", "2025-11-01"], code: 2, message: /--from needs --to/ },
  { name: "--range with --from/--to", args: ["overview", "--range", "7d", "--from", "2025-11-01", "--to", "2025-11-02"], code: 2, message: /--range cannot be combined with --from\/--to/ },
  { name: "unknown range", args: ["campaign", "cmp_abc123", "--range", "1y"], code: 2, message: /'1y' is invalid\. Allowed choices are 7d, 30d, 90d/ },
  { name: "custom as a deliverability range", args: ["deliverability", "--range", "custom"], code: 2, message: /Allowed choices are 7d, 30d, 90d/ },
  { name: "7d for the heatmap", args: ["heatmap", "--range", "7d"], code: 2, message: /Allowed choices are 30d, 90d/ },
  { name: "unknown group-by", args: ["campaign", "cmp_abc123", "--group-by", "year"], code: 2, message: /Allowed choices are day, week, month/ },
  // time zones and metrics
  { name: "unknown time zone", args: ["heatmap", "--tz", "Mars/Olympus_Mons"], code: 2, message: /Mars\/Olympus_Mons/ },
  { name: "offset instead of a zone", args: ["heatmap", "--tz", "+05:00"], code: 2, message: /\+05:00/ },
  { name: "unknown heatmap metric", args: ["heatmap", "--metric", "clicks"], code: 2, message: /Allowed choices are open_rate, engagement_score, emails_sent, emails_opened/ },
  { name: "unknown compare metric", args: ["compare", "cmp_abc123", "cmp_def456", "--metrics", "open_rate,bogus"], code: 2, message: /bogus.*open_rate.*click_rate/ },
  // compare ids
  { name: "compare with one id", args: ["compare", "cmp_abc123"], code: 2, message: /at least 2/ },
  { name: "compare with a duplicate id", args: ["compare", "cmp_abc123", "cmp_abc123"], code: 2, message: /cmp_abc123.*more than once|duplicate/i },
  { name: "compare with 11 ids", args: ["compare", ...elevenIds], code: 2, message: /at most 10/ },
  // formats and flags
  { name: "unknown output format", args: ["campaign", "cmp_abc123", "--format", "xml"], code: 2, message: /'xml' is invalid\. Allowed choices are table, json, csv/ },
  { name: "--json with --csv", args: ["overview", "--json", "--csv"], code: 2, message: /conflicting output formats: json and csv/ },
  { name: "--format table with --json", args: ["overview", "--format", "table", "--json"], code: 2, message: /conflicting output formats: table and json/ },
  { name: "unknown export format", args: ["export", "--format", "xml"], code: 2, message: /Allowed choices are csv, json/ },
  { name: "unknown export type", args: ["export", "--type", "bounces"], code: 2, message: /Allowed choices are campaign_performance/ },
  { name: "duplicate --range", args: ["campaign", "cmp_abc123", "--range", "7d", "--range", "30d"], code: 2, message: /--range was given more than once/ },
  { name: "repeated --campaign where one is taken", args: ["deliverability", "--campaign", "cmp_abc123", "--campaign", "cmp_def456"], code: 2, message: /--campaign was given more than once/ },
  { name: "duplicate --json", args: ["overview", "--json", "--json"], code: 2, message: /--json was given more than once/ },
  { name: "--sandbox with --api-url", args: ["overview", "--sandbox", "--api-url", "https://api.example.com"], code: 2, message: /--sandbox cannot be combined with --api-url/ },
  { name: "unknown flag", args: ["overview", "--rnage", "7d"], code: 2, message: /unknown option '--rnage'/ },
  { name: "mistyped command", args: ["overveiw"], code: 2, message: /unknown command 'overveiw'/ },
  // timeouts and ports
  { name: "--timeout garbage", args: ["overview", "--timeout", "soon"], code: 2, message: /invalid duration for --timeout: "soon"/ },
  { name: "--timeout zero", args: ["overview", "--timeout", "0"], code: 2, message: /invalid duration for --timeout: "0"/ },
  { name: "ANALYTICS_TIMEOUT garbage", args: ["overview"], env: { ANALYTICS_TIMEOUT: "forever" }, code: 2, message: /invalid duration for ANALYTICS_TIMEOUT: "forever"/ },
  { name: "--wait-timeout garbage", args: ["export", "--wait-timeout", "later"], code: 2, message: /invalid duration for --wait-timeout: "later"/ },
  { name: "non-numeric --port", args: ["sandbox", "--port", "http"], code: 2, message: /invalid --port "http"/ },
  { name: "--port out of range", args: ["sandbox", "--port", "65536"], code: 2, message: /invalid --port "65536"/ },
  // configuration
  { name: "unknown profile", args: ["overview", "--profile", "prod"], code: 2, message: /unknown profile "prod"/ },
  {
    name: "corrupted config JSON",
    args: ["overview"],
    code: 1,
    message: /config file .*config\.json is corrupted \(not valid JSON\)/,
    setup: (cwd) => {
      mkdirSync(join(cwd, ".config"));
      writeFileSync(join(cwd, ".config", "config.json"), '{"profiles": {');
      return { ANALYTICS_CONFIG_DIR: join(cwd, ".config"), ANALYTICS_TOKEN: "", ANALYTICS_API_URL: "", ANALYTICS_WORKSPACE: "" };
    },
  },
  { name: "API URL that is not a URL", args: ["overview"], env: { ANALYTICS_API_URL: "api.example.com:443" }, code: 2, message: /is not a URL|is not supported/ },
  { name: "plain http to a remote host", args: ["overview"], env: { ANALYTICS_API_URL: "http://api.example.com" }, code: 2, message: /refusing plain http:\/\/ to api\.example\.com/ },
  { name: "no credentials at all", args: ["overview"], env: { ANALYTICS_TOKEN: "", ANALYTICS_API_URL: "", ANALYTICS_WORKSPACE: "" }, code: 3, message: /not logged in/ },
  // output paths
  { name: "output into a missing directory", args: ["export", "-o", "missing/dir/out.csv"], code: 2, message: /missing\/dir/ },
  {
    name: "output path that is a directory",
    args: ["export", "-o", "adir"],
    code: 2,
    message: /adir.*is a directory/,
    setup: (cwd) => void mkdirSync(join(cwd, "adir")),
  },
  {
    name: "unwritable output directory",
    unprivileged: true,
    args: ["export", "-o", "locked/out.csv"],
    code: 2,
    message: /locked/,
    setup: (cwd) => {
      mkdirSync(join(cwd, "locked"));
      chmodSync(join(cwd, "locked"), 0o500);
    },
  },
  {
    name: "existing output without --force",
    args: ["export", "-o", "out.csv"],
    code: 2,
    message: /out\.csv.*exists.*--force/,
    setup: (cwd) => writeFileSync(join(cwd, "out.csv"), "keep me"),
  },
  // api
  { name: "api with a full URL", args: ["api", "https://evil.example.com/steal"], code: 2, message: /is a URL/ },
  { name: "completion for an unknown shell", args: ["completion", "tcsh"], code: 2, message: /Allowed choices are bash, zsh, fish/ },
];

function snapshot(dir: string): string[] {
  return readdirSync(dir, { recursive: true }).map(String).sort();
}

describe("bad-input matrix", () => {
  it("has at least 40 cases", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  const runnable = CASES.filter((c) => !c.unprivileged || unprivileged.available);
  const title = (c: Case): string => (c.unprivileged && unprivileged.available ? `${c.name} (${unprivileged.label})` : c.name);
  for (const c of CASES.filter((c) => c.unprivileged && !unprivileged.available)) {
    it.skip(`${c.name} — skipped: ${unprivileged.available ? "" : unprivileged.reason}`, () => {});
  }

  it.each(runnable.map((c) => [title(c), c] as const))("%s", async (_name, c) => {
    const cwd = tempDir("analytics-bad-");
    const extraEnv = c.setup?.(cwd) ?? {};
    const before = snapshot(cwd);
    const sentBefore = sandbox.requests.length;
    const runEnv = { HOME: cwd, ANALYTICS_CONFIG_DIR: join(cwd, ".config"), ...env, ...c.env, ...extraEnv };
    let result;
    if (c.unprivileged) {
      handOver(cwd);
      result = await cliAsUnprivileged(c.args, { cwd, env: runEnv });
    } else {
      result = await execa("node", [BIN, ...c.args], { cwd, env: { PATH: process.env.PATH, ...runEnv }, extendEnv: false, reject: false, stdin: "ignore", timeout: 15_000 });
    }
    const run = { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
    const lines = errorLines(run);
    expect(run.exitCode, run.stderr).toBe(c.code);
    expect(lines[0]).toMatch(/^error: /);
    expect(lines[0]).toMatch(c.message);
    expect(lines.length, run.stderr).toBeLessThanOrEqual(2);
    if (lines[1] !== undefined) expect(lines[1]).toMatch(/^hint: /);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toBe("");
    expect(sandbox.requests.length).toBe(sentBefore);
    expect(snapshot(cwd)).toEqual(before);
  });
});

describe("misbehaving servers", () => {
  let server: Server;
  let url: string;
  let answer: (res: import("node:http").ServerResponse) => void = () => {};

  beforeAll(async () => {
    server = createServer((_req, res) => answer(res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const serverEnv = (): Record<string, string> => ({ PATH: process.env.PATH ?? "", ANALYTICS_API_URL: url, ANALYTICS_WORKSPACE: "ws_xyz789", ANALYTICS_TOKEN: "sbx_live_test_token_1234", ANALYTICS_CONFIG_DIR: tempDir() });

  it("a 10 MB body where 1 kB is expected is refused with one line (exit 1)", async () => {
    answer = (res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(`{"success":true,"data":{"pad":"${"x".repeat(10 * 1024 * 1024)}"}}`);
    };
    const result = await execa("node", [BIN, "campaign", "cmp_abc123"], { env: serverEnv(), extendEnv: false, reject: false });
    expect(result.exitCode).toBe(1);
    expect(String(result.stderr).trim()).toMatch(/^error: the response to GET \S+ is larger than 8 MiB; refusing to read it$/);
  });

  it("non-UTF-8 bytes in a campaign name are shown as replacement characters, never raw", async () => {
    answer = (res) => {
      const body = Buffer.concat([
        Buffer.from('{"success":true,"data":{"campaign_id":"cmp_abc123","campaign_name":"Caf'),
        Buffer.from([0xe9, 0xff]),
        Buffer.from(
          '\\u001b[2J","time_range":{"start":"2025-10-27T00:00:00Z","end":"2025-11-26T23:59:59Z","period":"30d"},"summary":{"emails_sent":10,"emails_delivered":9,"emails_bounced":1,"emails_opened":5,"emails_clicked":1,"emails_replied":1,"spam_complaints":0,"unsubscribes":0},"rates":{"delivery_rate":90,"open_rate":55.56,"click_rate":11.11,"click_to_open_rate":20,"reply_rate":11.11,"bounce_rate":10,"spam_rate":0,"unsubscribe_rate":0},"time_series":[]}}',
        ),
      ]);
      res.writeHead(200, { "content-type": "application/json", "content-length": String(body.length) });
      res.end(body);
    };
    const result = await execa("node", [BIN, "campaign", "cmp_abc123"], { env: serverEnv(), extendEnv: false, reject: false, encoding: "buffer" });
    expect(result.exitCode).toBe(0);
    const stdout = Buffer.from(result.stdout as Uint8Array);
    expect(stdout.includes(Buffer.from([0xff]))).toBe(false);
    expect(stdout.includes(Buffer.from([0x1b]))).toBe(false);
    expect(stdout.toString("utf8")).toContain("Caf\uFFFD\uFFFD\\x1b[2J (cmp_abc123)");
  });

  it("a body that is valid JSON but not the documented shape names the missing field (exit 1)", async () => {
    answer = (res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"success":true,"data":{"campaign_id":"cmp_abc123","campaign_name":"x","time_range":{"start":"a","end":"b","period":"30d"}}}');
    };
    const result = await execa("node", [BIN, "campaign", "cmp_abc123"], { env: serverEnv(), extendEnv: false, reject: false });
    expect(result.exitCode).toBe(1);
    expect(String(result.stderr).trim()).toMatch(/^error: unexpected response to GET \S+: data\.summary: /);
    expect(String(result.stdout)).toBe("");
  });

  it("an export id that could drive the terminal or a path is refused on arrival (exit 1), never printed", async () => {
    answer = (res) => {
      res.writeHead(202, { "content-type": "application/json" });
      res.end(JSON.stringify({ success: true, data: { export_id: "exp_\u001b]0;pwned\u0007/../x", status: "processing", estimated_completion: null, download_url: null } }));
    };
    const result = await execa("node", [BIN, "export", "--no-wait"], { env: serverEnv(), extendEnv: false, reject: false });
    expect(result.exitCode).toBe(1);
    expect(String(result.stdout)).toBe("");
    expect(String(result.stderr).trim()).toMatch(/^error: unexpected response to POST \S+: data\.export_id: not a usable export id$/);
  });

  it("a redirect to another origin is not followed, so the token stays home (exit 1)", async () => {
    let redirectedHit = false;
    const other = createServer((_req, res) => {
      redirectedHit = true;
      res.end("{}");
    });
    await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
    answer = (res) => {
      res.writeHead(302, { location: `http://127.0.0.1:${(other.address() as AddressInfo).port}/steal` });
      res.end();
    };
    const result = await execa("node", [BIN, "campaign", "cmp_abc123"], { env: serverEnv(), extendEnv: false, reject: false });
    await new Promise<void>((resolve) => other.close(() => resolve()));
    expect(result.exitCode).toBe(1);
    expect(String(result.stderr)).toMatch(/^error: the API redirected GET \S+ \(302\) to http:\/\/127\.0\.0\.1:\d+\/steal; not following it/);
    expect(redirectedHit).toBe(false);
  });
});

it("a config file with mode 0644 is fixed to 0600, with a warning, and the command still works", async () => {
  const configDir = tempDir();
  const file = join(configDir, "config.json");
  writeFileSync(file, JSON.stringify({ profiles: { default: { apiUrl: sandbox.url, workspace: "ws_xyz789", token: sandbox.token } } }));
  chmodSync(file, 0o644);
  const result = await execa("node", [BIN, "campaign", "cmp_abc123", "--json"], {
    env: { PATH: process.env.PATH, ANALYTICS_CONFIG_DIR: configDir },
    extendEnv: false,
    reject: false,
  });
  expect(result.exitCode).toBe(0);
  expect(String(result.stderr).trim()).toBe(`warning: config file ${file} had mode 0644; changed it to 0600`);
  expect(statSync(file).mode & 0o777).toBe(0o600);
});
