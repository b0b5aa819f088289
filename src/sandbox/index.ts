/**
 * The sandbox: a real HTTP server speaking the Tenant Analytics API over a deterministic demo
 * dataset, for `--sandbox`, `analytics sandbox` and the tests. See README.md in this folder.
 */
import { randomBytes } from "node:crypto";
import { type ExtraKeys, type SandboxCredentials, extraKeys, sandboxCredentials } from "./credentials.js";
import { DEFAULT_CAMPAIGNS, MIN_CAMPAIGNS } from "./catalog.js";
import { createDataset } from "./dataset.js";
import { UrlSigner, startDownloadServer } from "./download-server.js";
import { ExportStore } from "./exports.js";
import { FaultPlan } from "./faults.js";
import { RateLimiter } from "./rate-limit.js";
import { PROVIDER_APIS, ROUTES } from "./routes/index.js";
import { type SandboxRequestRecord, startApiServer } from "./server.js";

export type { SandboxRequestRecord } from "./server.js";
export type { SandboxCredential, SandboxCredentials, ExtraKeys } from "./credentials.js";
export { createDataset, type Dataset, type DatasetOptions } from "./dataset.js";
export {
  CAMPAIGN_STATUSES,
  DOMAINS,
  HISTORY_DAYS,
  WORKSPACE,
  type CampaignProfile,
  type CampaignStatus,
  type SandboxCampaign,
  type SandboxDomain,
  type SandboxWorkspace,
} from "./catalog.js";
export { type Counts, COUNT_KEYS, addInto, funnelViolations, sumCounts, zeroCounts } from "./counts.js";
export { BOUNCE_REASONS, type BounceReasonCount, type BounceType } from "./model.js";
export { FAULT_KINDS, FAULT_TARGETS, type FaultKind, type FaultRule, type FaultTarget, parseFaultSpec } from "./faults.js";
export { RATE_LIMITS_PER_MINUTE, type RateLimitClass } from "./rate-limit.js";
export { EXPORT_FAILED_MESSAGE } from "./exports.js";
export { exportColumns } from "./export-file.js";

/** Default time from creating an export to `completed`. */
export const DEFAULT_EXPORT_DELAY_MS = 1500;
/** Default lifetime of a presigned download link. */
export const DEFAULT_LINK_TTL_MS = 3_600_000;

export interface SandboxOptions {
  /** Default "127.0.0.1". */
  host?: string;
  /** Default 0 = ephemeral. */
  port?: number;
  /** Default 42. */
  seed?: number;
  /** Number of campaigns, default 15, at least 12. Scales to tens of thousands: nothing per day is precomputed. */
  campaigns?: number;
  /** The clock the dataset is relative to; default the time of start. */
  now?: Date;
  /** Fault spec, e.g. "502=2x,reset=0.1,download.slow=1x"; default none. Invalid specs throw. */
  faults?: string;
  /** Default true; false disables 429s from the token buckets (soak and bench runs). */
  rateLimits?: boolean;
  /** Access log sink: one "METHOD path status ms" line per request (never the token or query). */
  log?: (line: string) => void;
  /** Minimum time from creating an export to `completed` (default 1500 ms; the file must be written too). */
  exportDelayMs?: number;
  /** Lifetime of each presigned download link (default one hour). */
  linkTtlMs?: number;
  /** Port of the download listener (default 0 = ephemeral; it is always another port than the API's). */
  downloadPort?: number;
  /** Throttle every download response to this many bytes per second (default unlimited). */
  downloadBytesPerSecond?: number;
  /** Where export files are built (default a temporary directory, removed on close). */
  exportDir?: string;
}

export interface RunningSandbox {
  /** API origin, e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  workspaceId: string;
  /** The tenant token: "sbx_live_" + 32 hex digits derived from the seed. */
  token: string;
  /** Each provider's credential (and workspace, where its paths carry one), all served on `url`. */
  credentials: SandboxCredentials;
  /** Keys that are valid but limited, for testing refusals (a ColdSend key without scope, a SendKit platform key). */
  extraKeys: ExtraKeys;
  /** The workspace time zone. */
  timezone: string;
  /** Origin of the download listener ("object storage"), e.g. http://127.0.0.1:41235. */
  downloadUrl: string;
  /** Every request received by either listener, in order (`listener` says which). */
  requests: SandboxRequestRecord[];
  /** The next `count` download links handed out by the export status endpoint are already expired. */
  expireNextLinks(count: number): void;
  /** Replaces the fault spec at run time (throws on an invalid spec, keeping the old one). */
  setFaults(spec: string): void;
  /** Stops listening and destroys open sockets, including keep-alive and `slow` ones. */
  close(): Promise<void>;
}

/** Starts a sandbox API server and resolves once it is listening. */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const host = options.host ?? "127.0.0.1";
  const seed = options.seed ?? 42;
  const campaigns = options.campaigns ?? DEFAULT_CAMPAIGNS;
  const now = options.now ?? new Date();
  if (!Number.isSafeInteger(seed)) throw new Error(`sandbox seed must be an integer, got ${seed}`);
  if (!Number.isInteger(campaigns) || campaigns < MIN_CAMPAIGNS) {
    throw new Error(`sandbox campaigns must be an integer of at least ${MIN_CAMPAIGNS}, got ${campaigns}`);
  }
  if (Number.isNaN(now.getTime())) throw new Error("sandbox now must be a valid date");

  const faults = new FaultPlan(options.faults ?? "", seed);
  const dataset = createDataset({ seed, now, campaigns });
  const credentials = sandboxCredentials(seed, dataset.workspace.id);
  const keys = extraKeys(seed);
  const requests: SandboxRequestRecord[] = [];
  const signer = new UrlSigner(randomBytes(32));
  const exports = new ExportStore({
    dataset,
    signer,
    delayMs: options.exportDelayMs ?? DEFAULT_EXPORT_DELAY_MS,
    linkTtlMs: options.linkTtlMs ?? DEFAULT_LINK_TTL_MS,
    dir: options.exportDir,
    log: options.log,
  });
  const api = await startApiServer(
    { dataset, credentials, extraKeys: keys, apis: PROVIDER_APIS, routes: ROUTES, rateLimiter: new RateLimiter(options.rateLimits ?? true), faults, requests, exports, log: options.log },
    host,
    options.port ?? 0,
  );
  let download;
  try {
    download = await startDownloadServer(
      { store: exports, signer, faults, requests, bytesPerSecond: options.downloadBytesPerSecond, log: options.log },
      host,
      options.downloadPort ?? 0,
    );
  } catch (error) {
    await api.close();
    throw error;
  }
  signer.bind(download.origin);

  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${api.port}`,
    workspaceId: dataset.workspace.id,
    token: credentials.tenant.token,
    credentials,
    extraKeys: keys,
    timezone: dataset.workspace.timezone,
    downloadUrl: download.origin,
    requests,
    expireNextLinks: (count) => exports.expireNextLinks(count),
    setFaults: (spec) => faults.replace(spec),
    close: async () => {
      await Promise.all([api.close(), download.close()]);
      await exports.close();
    },
  };
}
