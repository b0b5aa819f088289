/** `analytics sandbox`: the demo API in the foreground until Ctrl-C. */
import type { Context } from "../context.js";
import { PROVIDERS, PROVIDER_NAMES } from "../providers/capabilities.js";
import type { RunningSandbox } from "../sandbox/index.js";
import { UsageError } from "../errors.js";
import { parseInteger } from "../options/numbers.js";
import { DOMAINS } from "../sandbox/domains.js";

export interface SandboxCommandOptions {
  host: string;
  port: string;
  seed: string;
  campaigns: string;
  now?: string;
  faults?: string;
}

function parseNow(raw: string | undefined): Date | undefined {
  if (raw === undefined) return undefined;
  const ms = Date.parse(raw);
  if (!/^\d{4}-\d{2}-\d{2}/.test(raw) || Number.isNaN(ms)) throw new UsageError(`invalid --now "${raw}": expected ISO 8601, e.g. 2025-11-26T12:00:00Z`);
  return new Date(ms);
}

export async function run(options: SandboxCommandOptions, ctx: Context): Promise<void> {
  const port = parseInteger(options.port, "--port", 0, 65535);
  const seed = parseInteger(options.seed, "--seed", 0, 2 ** 31 - 1);
  const campaigns = parseInteger(options.campaigns, "--campaigns", 12, 1_000_000);
  const now = parseNow(options.now);
  const { startSandbox } = await import("../sandbox/index.js");
  let sandbox;
  try {
    sandbox = await startSandbox({
      host: options.host,
      port,
      seed,
      campaigns,
      ...(now ? { now } : {}),
      ...(options.faults ? { faults: options.faults } : {}),
      log: (line) => ctx.io.info(line),
    });
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    if (err.code === "EADDRINUSE") throw new UsageError(`port ${port} on ${options.host} is already in use; pick another with --port (0 = any free port)`);
    if (err.code === "EADDRNOTAVAIL" || err.code === "ENOTFOUND") throw new UsageError(`cannot listen on --host ${options.host}`);
    if (err instanceof Error && !err.code) throw new UsageError(err.message);
    throw error;
  }
  ctx.io.out(sandboxBanner(sandbox));
  ctx.io.info("Press Ctrl-C to stop.");
  await new Promise<void>((resolve) => {
    if (ctx.signal.aborted) return resolve();
    ctx.signal.addEventListener("abort", () => resolve(), { once: true });
  });
  await sandbox.close();
}

/** What to paste, per provider: URL, workspace (where its paths carry one) and credential (CLI.md's sandbox row). */
export function sandboxBanner(sandbox: RunningSandbox): string {
  const lines = [
    `Sandbox API listening on ${sandbox.url} (every provider's API, one dataset)`,
    `  downloads  ${sandbox.downloadUrl} (a second origin, like object storage: presigned links only)`,
    `  domains    ${DOMAINS.map((domain) => `${domain.id} (${domain.name})`).join(", ")} (tenant: deliverability --domain ID)`,
    "",
  ];
  for (const name of PROVIDER_NAMES) {
    const credential = sandbox.credentials[name];
    lines.push(
      `${name} (${PROVIDERS[name].title}): ${PROVIDERS[name].credential} ${credential.token}${credential.workspace ? `, workspace ${credential.workspace}` : ""}`,
      `  export ANALYTICS_PROVIDER=${name} ANALYTICS_API_URL=${sandbox.url}${credential.workspace ? ` ANALYTICS_WORKSPACE=${credential.workspace}` : ""} ANALYTICS_TOKEN=${credential.token}`,
    );
  }
  lines.push("", "Then, for example:", "  analytics campaign cmp_abc123                          # tenant", "  analytics campaigns                                    # coldsend: lists the UUIDs", `  analytics deliverability --domain ${DOMAINS[0]?.id ?? ""}             # tenant`, "");
  return lines.join("\n");
}
