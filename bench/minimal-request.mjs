// The floor for `analytics campaign <id> --json`: the same request with undici and nothing else.
import { request } from "undici";

const { ANALYTICS_API_URL: origin, ANALYTICS_WORKSPACE: workspace, ANALYTICS_TOKEN: token } = process.env;
const url = `${origin}/api/v1/workspaces/${workspace}/campaigns/${process.argv[2]}/analytics?timeRange=30d&groupBy=day`;
const response = await request(url, { headers: { authorization: `Bearer ${token}`, "x-workspace-id": workspace } });
const body = await response.body.json();
process.stdout.write(`${JSON.stringify(body.data, null, 2)}\n`);
