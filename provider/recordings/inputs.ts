// Resource inputs: the API request fields plus the provider's own settings, validated at preview time. The API
// fields follow the documented rules only (provider/api/schemas/SOURCES.md); the settings below are the provider's
// own, so their rules are the provider's too. Advisories (warnings at preview) are in provider/api/schemas/advisories.ts.

import { z } from "zod";
import { createCloudRecordingRules, createCloudRecordingShape, crossFieldRules } from "../api/schemas/cloudRecording";
import { text } from "../api/schemas/fields";
import { perSite } from "../api/schemas/perSite";
import { startWebRecordRules, startWebRecordShape } from "../api/schemas/webRecording";
import type { Site } from "../api/sites";

/**
 * A region name: lower-case letters, digits and hyphens, as every name in the documented region lists is
 * (https://www.tencentcloud.com/document/api/647/46960). It travels in the X-TC-Region header, so nothing else may
 * pass; `check` then checks it against the site's list for the action.
 */
function regionName() {
  return text({
    maxBytes: 32,
    pattern: /^[a-z0-9-]+$/,
    patternHint: "lower-case letters, digits and - (a region name)",
  });
}

/**
 * A TaskId to adopt: one the service returned. The provider's own rule for its own setting (the API states none for
 * TaskId): non-empty, at most 512 bytes, no control characters, so a pasted value with a stray newline is caught at
 * preview rather than by a failed describe.
 */
function adoptableTaskId() {
  return z
    .string({ error: "must be a string" })
    .min(1, { error: "must not be empty" })
    .refine((v) => ![...v].some((c) => c < " " || c === "\u007f"), {
      error: "must not contain control characters (such as newlines)",
    })
    .refine((v) => Buffer.byteLength(v, "utf8") <= 512, { error: "must be at most 512 bytes long" });
}

export function resourceExtrasShape() {
  return {
    /** Region the recording is managed in, e.g. `ap-singapore`: one the site offers the action in (see the README's region table). Defaults to `trtc:region` / `TENCENTCLOUD_REGION`. Changing it replaces the recording. @see https://www.tencentcloud.com/document/api/647/46960 @see https://www.tencentcloud.com/document/api/647/72066 */
    region: regionName().optional(),
    /**
     * What `pulumi refresh` does when the task has ended by itself (idle timeout, maximum duration):
     * `"recreate"` reports the recording gone, so the next `pulumi up` starts a new one;
     * `"keep"` keeps it in state with status `ended`, with no diff, and destroy does nothing.
     * Changing it never calls the API. @defaultValue "recreate"
     */
    whenEnded: z.enum(["recreate", "keep"], { error: 'must be "recreate" or "keep"' }).optional(),
    /**
     * TaskId of a running task to adopt instead of starting one (dynamic providers cannot be imported with
     * `pulumi import`). Create checks that the task is running and takes it over. Only used when the resource is
     * first created; remove it before changes that replace the recording.
     */
    adoptTaskId: adoptableTaskId().optional(),
    /**
     * When the recorded event ends (ISO 8601 date-time, e.g. `2026-12-24T18:00:00Z`), so the task stops being
     * ours on time even if a scheduled destroy never runs. A CloudRecording's `resourceExpiredHour` (when not set)
     * is derived at start to cover the event plus one hour, so destroy can stop it after the event; a WebRecording's
     * `maxDurationLimit` (when not set) makes the page recording stop by itself at the event's end. Preview fails when
     * the window cannot be honoured (in the past; over 719 hours away for a CloudRecording; over 86400 seconds for a
     * WebRecording) and warns when an explicit limit ends first. Changing it later replaces a WebRecording and only
     * updates state for a CloudRecording (its window is fixed at start).
     */
    endsAt: z.string({ error: "must be an ISO 8601 date-time string" }).optional(),
  };
}

export const cloudRecordingArgsSchema = perSite((site: Site) =>
  z
    .strictObject({ ...createCloudRecordingShape(), ...resourceExtrasShape() })
    .check(crossFieldRules(createCloudRecordingRules, site)),
);

export const webRecordingArgsSchema = perSite((site: Site) =>
  z
    .strictObject({ ...startWebRecordShape(), ...resourceExtrasShape() })
    .check(crossFieldRules(startWebRecordRules, site)),
);

export type CloudRecordingInputs = z.input<ReturnType<typeof cloudRecordingArgsSchema>>;
export type WebRecordingInputs = z.input<ReturnType<typeof webRecordingArgsSchema>>;
