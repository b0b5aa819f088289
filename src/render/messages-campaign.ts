/**
 * `analytics campaign` for a provider that counts messages of every channel (CampaignOS): header,
 * the message funnel with each rate's basis, then the provider's own sections (enrollments,
 * breakdowns, A/B tests). There is no time series to chart. Pure: data in, lines out.
 */
import type { MessagesCampaign } from "../providers/views.js";
import { abTestsLines, channelLines, enrollmentLines, statusLines } from "./campaignos-sections.js";
import { formatCount, formatRate, truncate } from "./format.js";
import { sanitize } from "./sanitize.js";
import { renderTable } from "./table.js";
import type { Theme } from "./theme.js";

export interface MessagesCampaignView {
  columns: number;
  theme: Theme;
}

const PERIOD_WORDS = (period: string): string => (/^\d+d$/.test(period) ? `last ${period.slice(0, -1)} days` : period);

export function messageTable(data: MessagesCampaign, view: MessagesCampaignView): string[] {
  const s = data.summary;
  const basis = data.rate_basis ?? {};
  const of = (rate: string): string => (basis[rate] ? `of ${basis[rate]}` : "");
  const rows: Array<[string, number | undefined, number | undefined, string]> = [
    ["All channels", s.messages_total, undefined, ""],
    ["Sent", s.messages_sent, undefined, ""],
    ["Delivered", s.messages_delivered, undefined, ""],
    ["Opened", s.messages_opened, data.rates.open_rate, of("open_rate")],
    ["Clicked", s.messages_clicked, data.rates.click_rate, of("click_rate")],
    ["Bounced", s.messages_bounced, data.rates.bounce_rate, of("bounce_rate")],
    ["Failed", s.messages_failed, undefined, ""],
  ];
  const shown = rows.filter(([, count, rate]) => count !== undefined || rate !== undefined);
  const withOf = view.columns >= 50;
  return renderTable({
    head: ["Messages", "Count", "Rate", ...(withOf ? [""] : [])].map((h) => view.theme.bold(h)),
    rows: shown.map(([label, count, rate, basisText]) => [
      label,
      count === undefined ? "" : formatCount(count),
      rate === undefined ? "" : formatRate(rate),
      ...(withOf ? [view.theme.dim(basisText)] : []),
    ]),
    align: ["left", "right", "right", "left"],
  });
}

export function renderMessagesCampaign(data: MessagesCampaign, view: MessagesCampaignView): string[] {
  const { theme } = view;
  const id = `(${sanitize(data.campaign_id)})`;
  const sections = [enrollmentLines(data, view), channelLines(data.channels, view), statusLines(data.statuses, view), abTestsLines(data.ab_tests, view)];
  return [
    `${theme.bold(truncate(sanitize(data.campaign_name), view.columns - id.length - 1))} ${theme.dim(id)}`,
    truncate(`${PERIOD_WORDS(sanitize(data.period))}; counts are messages of every channel, not only email`, view.columns),
    "",
    ...messageTable(data, view),
    ...sections.filter((lines) => lines.length > 0).flatMap((lines) => ["", ...lines]),
  ];
}
