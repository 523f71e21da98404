// endsAt: the management window and page-recording limit derived from the event's end, and when check refuses or
// warns about it.
import { describe, expect, it } from "vitest";
import {
  ENDS_AT_MARGIN_HOURS,
  endsAtAdvisories,
  endsAtFailures,
  expiredHoursFor,
  webDurationFor,
} from "../../provider/recordings/eventWindow";

const NOW = Date.parse("2026-12-01T10:00:00Z");
const at = (hoursFromNow: number) => new Date(NOW + hoursFromNow * 3_600_000).toISOString();

describe("a CloudRecording's management window from endsAt", () => {
  it("covers the event plus the margin, rounded up to whole hours, within 6-720", () => {
    expect(expiredHoursFor({ endsAt: at(10.2) }, NOW)).toBe(11 + ENDS_AT_MARGIN_HOURS);
    expect(expiredHoursFor({ endsAt: at(0.5) }, NOW)).toBe(6);
    expect(expiredHoursFor({ endsAt: at(719) }, NOW)).toBe(720);
  });

  it("keeps an explicit resourceExpiredHour, and has nothing to derive without endsAt", () => {
    expect(expiredHoursFor({ endsAt: at(10), resourceExpiredHour: 48 }, NOW)).toBe(48);
    expect(expiredHoursFor({}, NOW)).toBeUndefined();
  });

  it("refuses an end in the past, beyond what 720 hours can cover, or that is not a date", () => {
    expect(endsAtFailures("cloud", { endsAt: at(-1) }, NOW)).toEqual([
      { property: "endsAt", reason: expect.stringMatching(/in the past/) },
    ]);
    expect(endsAtFailures("cloud", { endsAt: at(720) }, NOW)[0]?.reason).toMatch(/at most 720 hours/);
    expect(endsAtFailures("cloud", { endsAt: at(719) }, NOW)).toEqual([]);
    expect(endsAtFailures("cloud", { endsAt: "next tuesday" }, NOW)[0]?.reason).toMatch(/ISO 8601/);
    expect(endsAtFailures("cloud", {}, NOW)).toEqual([]);
  });

  it("does not refuse a running recording whose event has ended (a late up), but says endsAt has passed", () => {
    const olds = { endsAt: at(-1), roomId: "1" };
    expect(endsAtFailures("cloud", { endsAt: at(-1) }, NOW, olds)).toEqual([]);
    expect(endsAtFailures("cloud", { endsAt: at(-2) }, NOW, olds)).toEqual([]);
    expect(endsAtAdvisories("cloud", { endsAt: at(-1) }, NOW)[0]?.reason).toMatch(/has passed/);
    // A WebRecording whose endsAt changes is replaced, so a new task would start: refused.
    expect(endsAtFailures("web", { endsAt: at(-2) }, NOW, olds)[0]?.reason).toMatch(/in the past/);
    expect(endsAtFailures("web", { endsAt: at(-1) }, NOW, olds)).toEqual([]);
  });

  it("warns when an explicit resourceExpiredHour ends before endsAt", () => {
    expect(endsAtAdvisories("cloud", { endsAt: at(10), resourceExpiredHour: 6 }, NOW)).toEqual([
      { property: "resourceExpiredHour", reason: expect.stringMatching(/ends before endsAt/) },
    ]);
    expect(endsAtAdvisories("cloud", { endsAt: at(10), resourceExpiredHour: 12 }, NOW)).toEqual([]);
  });
});

describe("a WebRecording's duration from endsAt", () => {
  it("stops the page recording at the event's end, within 1800-86400 seconds", () => {
    expect(webDurationFor({ endsAt: at(2) }, NOW)).toBe(7200);
    expect(webDurationFor({ endsAt: at(0.1) }, NOW)).toBe(1800);
    expect(webDurationFor({ endsAt: at(2), maxDurationLimit: 3600 }, NOW)).toBe(3600);
    expect(webDurationFor({}, NOW)).toBeUndefined();
  });

  it("refuses an end more than 24 hours away unless maxDurationLimit is set, and warns about a short one", () => {
    expect(endsAtFailures("web", { endsAt: at(25) }, NOW)[0]?.reason).toMatch(/at most 86400 seconds/);
    expect(endsAtFailures("web", { endsAt: at(23) }, NOW)).toEqual([]);
    expect(endsAtAdvisories("web", { endsAt: at(0.25) }, NOW)[0]?.reason).toMatch(/less than 1800 seconds/);
    expect(endsAtAdvisories("web", { endsAt: at(3), maxDurationLimit: 1800 }, NOW)[0]?.property).toBe(
      "maxDurationLimit",
    );
  });
});
