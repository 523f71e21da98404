// Resource inputs: the API request fields plus the provider's own settings, validated at preview time.

import { z } from "zod";
import { createCloudRecordingRules, createCloudRecordingShape, report } from "../api/schemas/cloudRecording";
import { opaqueId, text } from "../api/schemas/fields";
import { perSite } from "../api/schemas/perSite";
import { startWebRecordRules, startWebRecordShape } from "../api/schemas/webRecording";
import type { Site } from "../api/sites";

export function resourceExtrasShape() {
  return {
    /** Region the recording is managed in, e.g. `ap-singapore`: one the site offers the action in (see the README's region table). Defaults to `trtc:region` / `TENCENTCLOUD_REGION`. Changing it replaces the recording. @see https://www.tencentcloud.com/document/api/647/46960 @see https://www.tencentcloud.com/document/api/647/72066 */
    region: text({ maxBytes: 32 }).optional(),
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
    adoptTaskId: opaqueId().optional(),
  };
}

export const cloudRecordingArgsSchema = perSite((site: Site) =>
  z.strictObject({ ...createCloudRecordingShape(), ...resourceExtrasShape() }).superRefine((v, ctx) => {
    for (const issue of createCloudRecordingRules(v, site)) report(ctx, issue);
  }),
);

export const webRecordingArgsSchema = perSite((site: Site) =>
  z.strictObject({ ...startWebRecordShape(), ...resourceExtrasShape() }).superRefine((v, ctx) => {
    for (const issue of startWebRecordRules(v, site)) report(ctx, issue);
  }),
);

export type CloudRecordingInputs = z.input<ReturnType<typeof cloudRecordingArgsSchema>>;
export type WebRecordingInputs = z.input<ReturnType<typeof webRecordingArgsSchema>>;
