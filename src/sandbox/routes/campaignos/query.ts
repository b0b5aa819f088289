/** CampaignOS's query parameters: `days=N` and `period=Nd`, each with the document's default of 30. */
import { ApiError } from "../../envelope.js";

/** Longest lookback the sandbox serves (its history is 180 days). */
export const MAX_DAYS = 180;

function badRequest(message: string): ApiError {
  return new ApiError(400, "BAD_REQUEST", message);
}

function checkDays(value: number, raw: string, name: string): number {
  if (!Number.isInteger(value) || value < 1 || value > MAX_DAYS) throw badRequest(`${name} must be a whole number of days from 1 to ${MAX_DAYS}, got ${JSON.stringify(raw.slice(0, 20))}`);
  return value;
}

export function daysParam(query: URLSearchParams): number {
  const raw = query.get("days");
  if (raw === null) return 30;
  return checkDays(/^\d+$/.test(raw) ? Number(raw) : Number.NaN, raw, "days");
}

export function periodParam(query: URLSearchParams): number {
  const raw = query.get("period");
  if (raw === null) return 30;
  const match = /^(\d+)d$/.exec(raw);
  return checkDays(match ? Number(match[1]) : Number.NaN, raw, "period");
}

export { badRequest };
