// The floor for `analytics campaign <uuid> --json --provider coldsend`: the same one request with
// undici (ColdSend has no per-campaign endpoint: the list, then its row), printed as JSON.
import { request } from "undici";

const { ANALYTICS_API_URL: origin, COLDSEND_KEY: key } = process.env;
const response = await request(`${origin}/api/public/v1/analytics/campaigns`, { headers: { "x-api-key": key } });
const body = await response.body.json();
const row = body.campaigns.find((campaign) => campaign.campaign_id === process.argv[2]);
process.stdout.write(`${JSON.stringify(row, null, 2)}\n`);
