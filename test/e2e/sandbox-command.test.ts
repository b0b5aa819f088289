import { readFileSync } from "node:fs";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { BIN, cli, errorLines, tempDir } from "./helpers.js";

const ROOT = new URL("../../", import.meta.url);

describe("analytics sandbox", () => {
  it("prints each provider's credential and export line, serves the CLI, and stops on Ctrl-C", async () => {
    const child = execa("node", [BIN, "sandbox", "--port", "0", "--now", "2025-11-26T12:00:00Z", "--seed", "42"], {
      env: { PATH: process.env.PATH, ANALYTICS_CONFIG_DIR: tempDir() },
      extendEnv: false,
      reject: false,
    });
    const banner = await new Promise<string>((resolve, reject) => {
      let text = "";
      child.stdout?.on("data", (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes("Then, for example:")) resolve(text);
      });
      child.on("exit", () => reject(new Error(`sandbox exited early: ${text}`)));
    });
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(banner)?.[1];
    const token = /export ANALYTICS_PROVIDER=tenant ANALYTICS_API_URL=\S+ ANALYTICS_WORKSPACE=ws_xyz789 ANALYTICS_TOKEN=(sbx_live_[0-9a-f]{32})$/m.exec(banner)?.[1];
    expect(url).toBeDefined();
    expect(token).toBeDefined();
    // One ready-to-paste line per provider; no workspace for the providers whose key names one.
    for (const name of ["tenant", "campaignos", "coldsend", "sendkit"]) expect(banner).toMatch(new RegExp(`^  export ANALYTICS_PROVIDER=${name} ANALYTICS_API_URL=`, "m"));
    const coldsendLine = /^  export (ANALYTICS_PROVIDER=coldsend .*)$/m.exec(banner)![1]!;
    expect(coldsendLine).not.toContain("ANALYTICS_WORKSPACE");
    const coldsendEnv = Object.fromEntries(coldsendLine.split(" ").map((pair) => pair.split("=") as [string, string]));
    expect(coldsendEnv.ANALYTICS_TOKEN).toMatch(/^cs_live_[0-9a-f]{32}$/);
    const listed = await cli(["campaigns", "--json"], { env: coldsendEnv });
    expect(listed.exitCode).toBe(0);
    expect(JSON.parse(listed.stdout).campaigns[0].campaign_id).toBe("550e8400-e29b-41d4-a716-446655440000");
    expect(banner).toMatch(/downloads  http:\/\/127\.0\.0\.1:\d+ /);
    expect(/downloads  (\S+)/.exec(banner)?.[1]).not.toBe(url);

    const run = await cli(["campaign", "cmp_abc123", "--json"], {
      env: { ANALYTICS_API_URL: url, ANALYTICS_WORKSPACE: "ws_xyz789", ANALYTICS_TOKEN: token },
    });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout).time_range).toEqual({ start: "2025-10-27T00:00:00Z", end: "2025-11-26T23:59:59Z", period: "30d" });

    child.kill("SIGINT");
    const result = await child;
    expect(result.exitCode).toBe(130);
    expect(String(result.stderr)).toMatch(/GET \/api\/v1\/workspaces\/ws_xyz789\/campaigns\/cmp_abc123\/analytics 200/);
    expect(String(result.stderr)).not.toContain(token);
  });

  it.each([
    [["--port", "http"], /invalid --port "http": expected a whole number from 0 to 65535/],
    [["--port", "70000"], /invalid --port "70000"/],
    [["--seed", "x"], /invalid --seed "x"/],
    [["--campaigns", "3"], /invalid --campaigns "3": expected a whole number from 12/],
    [["--now", "tomorrow"], /invalid --now "tomorrow"/],
    [["--faults", "explode=1"], /explode/],
  ])("rejects %j with exit 2", async (args, message) => {
    const run = await cli(["sandbox", ...args]);
    expect(run.exitCode).toBe(2);
    expect(errorLines(run)[0]).toMatch(/^error: /);
    expect(errorLines(run)[0]).toMatch(message);
    expect(run.stdout).toBe("");
  });
});

describe("README", () => {
  it("its first command shows a campaign from the sandbox", async () => {
    const readme = readFileSync(new URL("README.md", ROOT), "utf8");
    const first = /```sh\n(.+)\n```/.exec(readme)?.[1] ?? "";
    expect(first).toBe("npm install && npx analytics campaign cmp_abc123 --sandbox");
    // The install half has run by the time tests run; run the rest exactly as written.
    const command = first.replace(/^npm install && /, "");
    const result = await execa(command, {
      shell: true,
      cwd: ROOT,
      env: { ANALYTICS_CONFIG_DIR: tempDir(), NO_COLOR: "1" },
      reject: false,
    });
    expect(result.exitCode).toBe(0);
    expect(String(result.stdout)).toContain("Q4 Outreach Campaign (cmp_abc123)");
    expect(String(result.stdout)).toContain("Sent per day");
  });
});
