/** The generic timeline: it charts and tables whatever counts a provider's series has, not one provider's names. */
import { describe, expect, it } from "vitest";
import { timelineColumns, timelineCounts } from "../../src/commands/timeline.js";
import type { Timeline } from "../../src/providers/shapes.js";
import { renderTimeline } from "../../src/render/timeline.js";
import { createTheme } from "../../src/render/theme.js";

const days = ["2025-11-20", "2025-11-21", "2025-11-22", "2025-11-23"];

const coldsend: Timeline = {
  provider: "coldsend",
  time_range: { start: days[0]!, end: days.at(-1)! },
  time_series: days.map((date, i) => ({ date, sent: 100 + i, opened: 40 + i, replied: 3 + i, bounced: 1, open_rate: 40, reply_rate: 3, bounce_rate: 1 })),
  rate_basis: { open_rate: "sent", reply_rate: "sent", bounce_rate: "sent" },
};

const campaignos: Timeline = {
  provider: "campaignos",
  time_range: { start: days[0]!, end: days.at(-1)! },
  time_series: days.map((date, i) => ({ date, events: 900 + i, contacts: 30 + i, messages: 500 + 10 * i, opened: 200 + i, clicked: 20 + i })),
};

const view = (columns: number) => ({ columns, theme: createTheme(0), chart: true });
const chartTitles = (lines: string[]): string[] => lines.filter((line) => / per day$/.test(line.trim())).map((line) => line.trim());

describe("timeline over every provider's counts", () => {
  it("ColdSend: one chart per count in its order, rates only in the table", () => {
    expect(timelineCounts(coldsend.time_series)).toEqual(["sent", "opened", "replied", "bounced"]);
    const lines = renderTimeline(coldsend, view(100));
    expect(chartTitles(lines)).toEqual(["Sent per day", "Opened per day", "Replied per day", "Bounced per day"]);
    expect(lines.join("\n")).toMatch(/│ Date +│ +Sent │ +Opened │ +Replied │ +Bounced │ Open % │/);
    expect(lines.join("\n")).toContain("Open, reply and bounce rates of sent.");
  });

  it("CampaignOS: messages, events and contacts are charted, never looked up as `sent`", () => {
    expect(timelineCounts(campaignos.time_series)).toEqual(["events", "contacts", "messages", "opened", "clicked"]);
    const lines = renderTimeline(campaignos, view(80));
    expect(chartTitles(lines)).toEqual(["Events per day", "Contacts per day", "Messages per day", "Opened per day", "Clicked per day"]);
    const text = lines.join("\n");
    expect(text).toMatch(/│ Date +│ +Events │ +Contacts │ +Messages │ +Opened │ +Clicked │/);
    expect(text).toMatch(/2025-11-23 +│ +903 │ +33 │ +530 │ +203 │ +23 │/);
    expect(text).not.toMatch(/Sent|rates? of/);
  });

  it("the CSV columns are the date and the provider's keys, in its order", () => {
    expect(timelineColumns(campaignos.time_series)).toEqual(["date", "events", "contacts", "messages", "opened", "clicked"]);
    expect(timelineColumns(coldsend.time_series)).toEqual(["date", "sent", "opened", "replied", "bounced", "open_rate", "reply_rate", "bounce_rate"]);
  });

  it.each([40, 80, 120])("fits %i columns for both providers", (columns) => {
    for (const data of [coldsend, campaignos]) {
      for (const line of renderTimeline(data, view(columns))) expect([...line].length).toBeLessThanOrEqual(columns);
    }
  });

  it("a key with underscores or control characters is labelled readably and safely", () => {
    const odd: Timeline = { ...campaignos, time_series: days.map((date) => ({ date, "page_views\u001b[2J": 5 })) };
    const text = renderTimeline(odd, view(80)).join("\n");
    expect(text).not.toContain("\u001b");
    expect(text).toMatch(/Page views.* per day/);
  });
});
