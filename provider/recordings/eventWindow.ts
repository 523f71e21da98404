// `endsAt`: when the recorded event ends. A scheduled destroy at the event's end may never run (the runner is down,
// the schedule was deleted), so the task itself is told when to stop being ours:
// - a CloudRecording's ResourceExpiredHour (how long the task can be managed, 6–720 hours,
//   https://www.tencentcloud.com/document/api/647/46960) is derived to cover the event plus a margin, so destroy can
//   still stop it after the event;
// - a WebRecording's MaxDurationLimit (1800–86400 seconds, https://www.tencentcloud.com/document/api/647/72066) makes
//   the page recording stop by itself at the event's end.
// The values are derived when the task starts, from the time left then; `check` only tells whether they can be.

import type { CheckFailure } from "../api/schemas/issues";
import type { Props } from "../task/props";

const HOUR_MS = 3_600_000;
/** Hours the management window outlasts the event: time for a late destroy (a choice of ours, not the API's). */
export const ENDS_AT_MARGIN_HOURS = 1;
const MIN_EXPIRED_HOURS = 6;
const MAX_EXPIRED_HOURS = 720;
const MIN_WEB_SECONDS = 1800;
const MAX_WEB_SECONDS = 86400;

function endsAtMs(inputs: Props): number | undefined {
  if (typeof inputs.endsAt !== "string") return undefined;
  const ms = Date.parse(inputs.endsAt);
  return Number.isFinite(ms) ? ms : undefined;
}

/** ResourceExpiredHour to start a cloud recording with at `startMs`: the explicit one, or one covering `endsAt`. */
export function expiredHoursFor(inputs: Props, startMs: number): number | undefined {
  if (typeof inputs.resourceExpiredHour === "number") return inputs.resourceExpiredHour;
  const end = endsAtMs(inputs);
  if (end === undefined) return undefined;
  const hours = Math.ceil((end - startMs) / HOUR_MS) + ENDS_AT_MARGIN_HOURS;
  return Math.min(MAX_EXPIRED_HOURS, Math.max(MIN_EXPIRED_HOURS, hours));
}

/** MaxDurationLimit to start a web recording with at `startMs`: the explicit one, or the time left to `endsAt`. */
export function webDurationFor(inputs: Props, startMs: number): number | undefined {
  if (typeof inputs.maxDurationLimit === "number") return inputs.maxDurationLimit;
  const end = endsAtMs(inputs);
  if (end === undefined) return undefined;
  return Math.min(MAX_WEB_SECONDS, Math.max(MIN_WEB_SECONDS, Math.ceil((end - startMs) / 1000)));
}

/**
 * Why `endsAt` cannot be honoured if the task started at `nowMs`: the failures `check` reports when a task would
 * start (a new resource, a replacement, or a WebRecording whose endsAt changed, which replaces it). A running
 * CloudRecording whose event has ended is not refused: a late `pulumi up` must still work (see the advisories).
 */
export function endsAtFailures(kind: "cloud" | "web", inputs: Props, nowMs: number, olds: Props = {}): CheckFailure[] {
  if (inputs.endsAt === undefined) return [];
  const end = endsAtMs(inputs);
  if (end === undefined) {
    return [{ property: "endsAt", reason: "must be an ISO 8601 date-time such as 2026-12-24T18:00:00Z" }];
  }
  const isNew = Object.keys(olds).length === 0;
  const starts = isNew || (kind === "web" && olds.endsAt !== inputs.endsAt);
  if (!starts) return [];
  if (end <= nowMs) return [{ property: "endsAt", reason: `is in the past (${new Date(end).toISOString()})` }];
  const leftMs = end - nowMs;
  if (kind === "cloud" && inputs.resourceExpiredHour === undefined) {
    const maxMs = (MAX_EXPIRED_HOURS - ENDS_AT_MARGIN_HOURS) * HOUR_MS;
    if (leftMs > maxMs) {
      return [
        {
          property: "endsAt",
          reason: `is more than ${MAX_EXPIRED_HOURS - ENDS_AT_MARGIN_HOURS} hours away: a task can be managed for at most ${MAX_EXPIRED_HOURS} hours (ResourceExpiredHour), and ${ENDS_AT_MARGIN_HOURS} more are kept for a late destroy`,
        },
      ];
    }
  }
  if (kind === "web" && inputs.maxDurationLimit === undefined && leftMs > MAX_WEB_SECONDS * 1000) {
    return [
      {
        property: "endsAt",
        reason: `is more than ${MAX_WEB_SECONDS} seconds (24 hours) away: a web recording runs for at most ${MAX_WEB_SECONDS} seconds (MaxDurationLimit)`,
      },
    ];
  }
  return [];
}

/** What `check` warns about: explicit limits that end before `endsAt`, or an event shorter than a web minimum. */
export function endsAtAdvisories(kind: "cloud" | "web", inputs: Props, nowMs: number): CheckFailure[] {
  const end = endsAtMs(inputs);
  if (end === undefined) return [];
  if (end <= nowMs) {
    return [
      { property: "endsAt", reason: `has passed (${new Date(end).toISOString()}): it no longer limits the task` },
    ];
  }
  if (kind === "cloud" && typeof inputs.resourceExpiredHour === "number") {
    const until = nowMs + inputs.resourceExpiredHour * HOUR_MS;
    if (until < end) {
      return [
        {
          property: "resourceExpiredHour",
          reason: `(${inputs.resourceExpiredHour} h) ends before endsAt if the task starts now: after it, destroy cannot stop the recording; leave it out and it is derived from endsAt`,
        },
      ];
    }
  }
  if (kind === "web") {
    if (typeof inputs.maxDurationLimit === "number" && nowMs + inputs.maxDurationLimit * 1000 < end) {
      return [
        {
          property: "maxDurationLimit",
          reason: `(${inputs.maxDurationLimit} s) stops the page recording before endsAt if it starts now; leave it out and it is derived from endsAt`,
        },
      ];
    }
    if (inputs.maxDurationLimit === undefined && end - nowMs < MIN_WEB_SECONDS * 1000) {
      return [
        {
          property: "endsAt",
          reason: `is less than ${MIN_WEB_SECONDS} seconds away, the shortest MaxDurationLimit: the page recording stops by itself up to ${MIN_WEB_SECONDS} seconds after it unless destroyed`,
        },
      ];
    }
  }
  return [];
}
