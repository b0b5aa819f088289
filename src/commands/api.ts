/**
 * `analytics api <path>`: an authenticated call to any workspace endpoint, like `gh api`.
 * Same client as every command: retries, redaction, and the token only ever to the API origin.
 */
import { readFile } from "node:fs/promises";
import type { RawCall } from "../providers/provider.js";
import type { Context } from "../context.js";
import { UsageError } from "../errors.js";
import { readAllText } from "../render/io.js";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

export interface ApiOptions {
  path: string;
  method?: string;
  field?: string[];
  input?: string;
}

/** A path under the workspace (`analytics/overview`) or absolute (`/api/v1/...`); never a URL. */
export function checkApiPath(raw: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(raw) || raw.startsWith("//")) {
    throw new UsageError(`"${raw}" is a URL; pass a path such as analytics/overview (requests only go to the configured API)`);
  }
  const path = raw.startsWith("/") ? raw : `/${raw}`;
  const [pathname = ""] = path.split("?");
  if (pathname.split("/").some((segment) => segment === ".." || segment === ".")) {
    throw new UsageError(`invalid API path "${raw}": "." and ".." segments are not allowed`);
  }
  if (/[\s\u0000-\u001f]/.test(path)) throw new UsageError(`invalid API path ${JSON.stringify(raw)}: no spaces or control characters`);
  return path;
}

/** `-f key=value` pairs, in order; the same key twice keeps the last value. */
export function parseFields(fields: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of fields) {
    const eq = field.indexOf("=");
    if (eq <= 0) throw new UsageError(`invalid field "${field}": expected key=value`);
    out[field.slice(0, eq)] = field.slice(eq + 1);
  }
  return out;
}

async function readInput(source: string, ctx: Context): Promise<unknown> {
  let text: string;
  try {
    text = source === "-" ? await readAllText(ctx.io.stdin) : await readFile(source, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read --input ${source}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`--input ${source} is not valid JSON`);
  }
}

export async function run(options: ApiOptions, ctx: Context): Promise<void> {
  const fields = parseFields(options.field ?? []);
  // Unlike gh, fields alone keep GET: this API is read-mostly, and `-f timeRange=7d` means a query.
  const method = (options.method ?? (options.input !== undefined ? "POST" : "GET")).toUpperCase();
  if (!(HTTP_METHODS as readonly string[]).includes(method)) {
    throw new UsageError(`invalid method "${options.method}": valid values are ${HTTP_METHODS.join(", ")}`);
  }
  const [pathname = "", search = ""] = checkApiPath(options.path).split("?", 2);
  if (method === "GET" && options.input !== undefined) throw new UsageError("--input needs a method with a body (e.g. -X POST)");

  const call: RawCall = { method: method as RawCall["method"], path: pathname };
  const query = Object.fromEntries(new URLSearchParams(search));
  if (method === "GET") call.query = { ...query, ...fields };
  else {
    if (Object.keys(query).length) call.query = query;
    if (options.input !== undefined) {
      const body = await readInput(options.input, ctx);
      call.body = Object.keys(fields).length && typeof body === "object" && body !== null ? { ...body, ...fields } : body;
    } else if (Object.keys(fields).length) call.body = fields;
  }
  const api = await ctx.api();
  const response = await api.raw(call);
  const { jsonText } = await import("../render/output.js");
  ctx.io.out(jsonText(response, ctx.io.stdoutIsTTY, !ctx.io.stdoutIsTTY));
}
