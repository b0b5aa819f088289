/**
 * Hints that need a look around before they can be given (what this machine has seen). Imported
 * only when an error is being reported.
 */
import { recentCampaigns } from "../config/recent.js";
import { CliError, NotFoundError } from "../errors.js";

/**
 * How a user finds campaign ids. One place: when the `campaigns` command arrives, this becomes
 * "`analytics campaigns` lists them all".
 */
export const LIST_CAMPAIGNS = { command: "analytics overview", says: "shows the top campaigns and their ids" } as const;

/** How many recently viewed ids a hint names. */
const RECENT_IN_HINT = 5;

/** `hint:` text for a campaign id the API does not know: ids viewed here lately, and how to list them. */
export function campaignNotFoundHint(recent: readonly string[], missing: readonly string[], sandbox: boolean): string {
  const others = recent.filter((id) => !missing.includes(id)).slice(0, RECENT_IN_HINT);
  const list = `\`${LIST_CAMPAIGNS.command}${sandbox ? " --sandbox" : ""}\` ${LIST_CAMPAIGNS.says}`;
  return others.length ? `viewed recently on this machine: ${others.join(", ")}; ${list}` : list;
}

/** The campaign id named in a CAMPAIGN_NOT_FOUND message (`Campaign with ID cmp_x not found …`). */
function missingIds(message: string): string[] {
  return [...message.matchAll(/\b(?:ID|id) (\S+)/g)].map((match) => match[1] ?? "");
}

/** `error` with the hint it deserves added, when there is one and it has none yet. */
export function withLocalHint(error: CliError, env: NodeJS.ProcessEnv, sandbox: boolean): CliError {
  if (error.hint || !(error instanceof NotFoundError)) return error;
  const hinted = (hint: string): CliError => new NotFoundError(error.message, { apiCode: error.apiCode, cause: error.cause, hint });
  switch (error.apiCode) {
    case "CAMPAIGN_NOT_FOUND":
      // Sandbox runs are never remembered, so there is nothing recent to offer there.
      return hinted(campaignNotFoundHint(sandbox ? [] : recentCampaigns(env), missingIds(error.message), sandbox));
    case "DOMAIN_NOT_FOUND":
      return hinted("`analytics deliverability --help` says where domain ids come from");
    default:
      return error;
  }
}
