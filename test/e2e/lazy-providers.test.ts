/** `--version` and `--help` load no provider code (start-up pays only for what runs). */
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { cli } from "./helpers.js";

const DIST = fileURLToPath(new URL("../../dist/", import.meta.url));

/** The chunks main.js imports statically, transitively (what every start pays for). */
function staticClosure(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(`${DIST}${file}`, "utf8");
    for (const match of text.matchAll(/^import\s+(?:[^"']*?from\s*)?["']\.\/([^"']+)["']/gm)) visit(match[1]!);
  };
  visit(entry);
  return seen;
}

it("main's static imports contain no provider module (ColdSend, Tenant calls, schemas)", async () => {
  expect(readdirSync(DIST)).toContain("main.js");
  const closure = [...staticClosure("main.js")].map((file) => readFileSync(`${DIST}${file}`, "utf8")).join("\n");
  expect(closure).not.toContain("/api/public/v1");
  expect(closure).not.toContain("x-api-key");
  expect(closure).not.toContain("workspace_kpis");
  const help = await cli(["campaigns", "--help"]);
  expect(help.exitCode).toBe(0);
  expect(help.stdout).toContain("Works with: tenant, coldsend");
});
