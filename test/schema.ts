/**
 * Validates a command's `--json` output against its published JSON Schema (schema/<command>.schema.json),
 * plus CLI.md's rules no schema keyword states on its own: every key at every depth is snake_case,
 * and no value is null.
 */
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv, type ValidateFunction } from "ajv";
import { expect } from "vitest";

const SCHEMA_DIR = fileURLToPath(new URL("../schema/", import.meta.url));
const SNAKE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

let validators: Map<string, ValidateFunction> | undefined;

function load(): Map<string, ValidateFunction> {
  if (validators) return validators;
  const ajv = new Ajv({ allErrors: true, strict: false });
  const files = readdirSync(SCHEMA_DIR).filter((name) => name.endsWith(".schema.json"));
  for (const file of files) ajv.addSchema(JSON.parse(readFileSync(`${SCHEMA_DIR}${file}`, "utf8")) as object);
  validators = new Map();
  for (const file of files) {
    const schema = JSON.parse(readFileSync(`${SCHEMA_DIR}${file}`, "utf8")) as { $id: string };
    validators.set(file.replace(".schema.json", ""), ajv.getSchema(schema.$id)!);
  }
  return validators;
}

/** Every problem with `data` as `command`'s output (empty when it conforms). */
export function schemaProblems(command: string, data: unknown): string[] {
  const validate = load().get(command);
  if (!validate) throw new Error(`no schema/${command}.schema.json`);
  const problems = validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""}`);
  const walk = (value: unknown, path: string): void => {
    if (value === null) problems.push(`${path}: null (absent data must be absent)`);
    else if (Array.isArray(value)) value.forEach((item, i) => walk(item, `${path}/${i}`));
    else if (typeof value === "object") {
      for (const [key, inner] of Object.entries(value)) {
        if (!SNAKE.test(key)) problems.push(`${path}/${key}: key is not snake_case`);
        walk(inner, `${path}/${key}`);
      }
    }
  };
  walk(data, "");
  return problems;
}

/** Parses `stdout` as one JSON document and expects it to conform to `command`'s schema. */
export function expectJsonOutput(command: string, stdout: string): any {
  expect(stdout.endsWith("\n")).toBe(true);
  const data: unknown = JSON.parse(stdout);
  expect(schemaProblems(command, data)).toEqual([]);
  return data;
}
