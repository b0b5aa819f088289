/**
 * Every command × provider: the table, `--json` validated against schema/, and `--csv`
 * (CLI.md, "The common JSON shape"). Providers are added to MATRIX as they land.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProviderName } from "../../src/providers/capabilities.js";
import type { RunningSandbox } from "../../src/sandbox/index.js";
import { expectJsonOutput } from "../schema.js";
import { ANSI, cli, providerEnv, startTestSandbox } from "./helpers.js";

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());

interface Case {
  schema: string;
  args: string[];
  /** A line the table must contain. */
  table: RegExp;
  /** The CSV header's first cells. */
  csv: string;
}

export const MATRIX: Partial<Record<ProviderName, Case[]>> = {
  tenant: [
    { schema: "campaign", args: ["campaign", "cmp_abc123"], table: /Q4 Outreach Campaign/, csv: "date,sent,delivered" },
    { schema: "overview", args: ["overview"], table: /Top campaigns/, csv: "rank,campaign_id" },
    { schema: "campaigns", args: ["campaigns"], table: /cmp_abc123/, csv: "campaign_id,campaign_name,status" },
    { schema: "compare", args: ["compare", "cmp_abc123", "cmp_def456"], table: /p-value/, csv: "campaign_id,campaign_name" },
    { schema: "deliverability", args: ["deliverability"], table: /[Hh]ealth/, csv: "" },
    { schema: "heatmap", args: ["heatmap"], table: /Monday|Mon/, csv: "" },
  ],
  coldsend: [
    { schema: "campaign", args: ["campaign", "550e8400-e29b-41d4-a716-446655440000"], table: /no time series for a campaign, and no clicks/, csv: "campaign_id,campaign_name,status" },
    { schema: "campaigns", args: ["campaigns"], table: /550e8400-e29b-41d4-a716-446655440000/, csv: "campaign_id,campaign_name,status,total_leads,emails_sent" },
    { schema: "overview", args: ["overview"], table: /Average of campaigns: open/, csv: "rank,campaign_id" },
    { schema: "timeline", args: ["timeline"], table: /Sent per day/, csv: "date,sent,opened,replied,bounced,open_rate" },
    { schema: "compare", args: ["compare", "550e8400-e29b-41d4-a716-446655440000", "25977955-9104-4cdc-92b2-9839fa29aa9e"], table: /p-value/, csv: "campaign_id,campaign_name,open_rate" },
  ],
};

for (const [provider, cases] of Object.entries(MATRIX) as Array<[ProviderName, Case[]]>) {
  describe(provider, () => {
    for (const c of cases) {
      it(`${c.args.join(" ")}: table, --json (schema/${c.schema}), --csv`, async () => {
        const env = providerEnv(sandbox, provider);
        const [table, json, csv] = await Promise.all([cli(c.args, { env }), cli([...c.args, "--json"], { env }), cli([...c.args, "--csv"], { env })]);
        expect(table.stderr).toBe("");
        expect(table.exitCode).toBe(0);
        expect(table.stdout).toMatch(c.table);
        expect(json.exitCode).toBe(0);
        const data = expectJsonOutput(c.schema, json.stdout);
        if (provider === "tenant") expect(data).not.toHaveProperty("provider");
        else expect(data.provider).toBe(provider);
        expect(csv.exitCode).toBe(0);
        expect(csv.stdout.startsWith(c.csv)).toBe(true);
        expect(csv.stdout).not.toMatch(ANSI);
        expect(csv.stdout.split("\r\n").length).toBeGreaterThan(2);
      });
    }
  });
}
