// The rules of StartWebRecord / DescribeWebRecord / StopWebRecord.
// StartWebRecord https://www.tencentcloud.com/document/api/647/72066,
// DescribeWebRecord https://www.tencentcloud.com/document/api/647/72067,
// StopWebRecord https://www.tencentcloud.com/document/api/647/72065,
// data types https://www.tencentcloud.com/document/api/647/36760.
// As in cloudRecording.ts, only documented rules fail (SOURCES.md names each one's source); advisories.ts warns
// about the rest at preview.

import { z } from "zod";
import type { Site } from "../sites";
import {
  crossFieldRules,
  type RuleIssue,
  report,
  siteOnlyIssues,
  storageChoiceIssues,
  storageParamsSchema,
  type Usable,
} from "./cloudRecording";
import { code, httpUrl, int, int64, list, rtmpUrl, text } from "./fields";

export function webRecordVideoParamsSchema() {
  return z.strictObject({
    /** Page width in px, 0–1920. @defaultValue 1280 @see https://www.tencentcloud.com/document/api/647/36760#WebRecordVideoParams */
    width: int(0, 1920, "px").optional(),
    /** Page height in px, 0–1080. @defaultValue 720 @see https://www.tencentcloud.com/document/api/647/36760#WebRecordVideoParams */
    height: int(0, 1080, "px").optional(),
    /** Output format, `hls` or `mp4` (ignored for VOD, which uses `tencentVod.mediaType`). @see https://www.tencentcloud.com/document/api/647/36760#WebRecordVideoParams */
    format: z.enum(["hls", "mp4"], { error: "must be hls or mp4" }).optional(),
    /** For mp4: start a new file after this many minutes, 1–1440 (files are also split above 2 GB). @defaultValue 1440 @see https://www.tencentcloud.com/document/api/647/36760#WebRecordVideoParams */
    maxMediaFileDuration: int(1, 1440, "minutes").optional(),
  });
}

export function mcuPublishCdnParamSchema() {
  return z.strictObject({
    /** rtmp:// address to push the recorded page to. Required. @see https://www.tencentcloud.com/document/api/647/36760#McuPublishCdnParam */
    publishCdnUrl: rtmpUrl(),
    /** `1` Tencent Cloud CDN, `0` third-party CDN (extra relay fees). @defaultValue 1 @see https://www.tencentcloud.com/document/api/647/36760#McuPublishCdnParam */
    isTencentCdn: code([0, 1], ["third-party", "Tencent Cloud"]).optional(),
  });
}

export function emulateMobileParamsSchema() {
  return z.strictObject({
    /** `0` phone, `1` tablet. @see https://www.tencentcloud.com/document/api/647/36760#EmulateMobileParams */
    mobileDeviceType: code([0, 1], ["phone", "tablet"]).optional(),
    /** `0` portrait, `1` landscape. @see https://www.tencentcloud.com/document/api/647/36760#EmulateMobileParams */
    screenOrientation: code([0, 1], ["portrait", "landscape"]).optional(),
  });
}

/** RecordId: the client-chosen de-duplication key, "less than 32 bytes" (no character set is documented). @see https://www.tencentcloud.com/document/api/647/72066 */
export function recordIdSchema() {
  return text({ maxBytes: 31 });
}

/** The request fields of StartWebRecord. */
export function startWebRecordShape() {
  return {
    /** URL of the page to record (http or https). Required. @see https://www.tencentcloud.com/document/api/647/72066 */
    recordUrl: httpUrl(),
    /** Where files go: COS (`cloudStorage` with vendor 0) or VOD (`cloudVod`); no third-party storage; hls or mp4 only. Required. @see https://www.tencentcloud.com/document/api/647/72066 @see https://www.tencentcloud.com/document/api/647/36760#StorageParams */
    storageParams: storageParamsSchema(),
    /** SDKAppID of the TRTC application. Defaults to `trtc:sdkAppId`. @see https://www.tencentcloud.com/document/api/647/72066 */
    sdkAppId: int64().optional(),
    /** Maximum recording length, 1800–86400 seconds (older international pages say 1800–36000: preview warns above 36000 on that site); the task ends by itself after it. @defaultValue 86400 @see https://www.tencentcloud.com/document/api/647/72066 */
    maxDurationLimit: int(1800, 86400, "seconds").optional(),
    /** Page rendering size, format and file splitting. @see https://www.tencentcloud.com/document/api/647/72066 @see https://www.tencentcloud.com/document/api/647/36760#WebRecordVideoParams */
    webRecordVideoParams: webRecordVideoParamsSchema().optional(),
    /** De-duplication key, less than 32 bytes: a second start with a RecordId in use fails with FailedOperation.TaskExist. Generated from the resource name when omitted. @see https://www.tencentcloud.com/document/api/647/72066 */
    recordId: recordIdSchema().optional(),
    /** Also push the recorded page to up to 10 CDN addresses. @see https://www.tencentcloud.com/document/api/647/72066 @see https://www.tencentcloud.com/document/api/647/36760#McuPublishCdnParam */
    publishCdnParams: list(mcuPublishCdnParamSchema(), 10).optional(),
    /** Page-load timeout, 0–60 seconds; set it only if the page implements load-timeout detection. @defaultValue 0 @see https://www.tencentcloud.com/document/api/647/72066 */
    readyTimeout: int(0, 60, "seconds").optional(),
    /** Render the page in mobile mode (phone or tablet, portrait or landscape). @see https://www.tencentcloud.com/document/api/647/72066 @see https://www.tencentcloud.com/document/api/647/36760#EmulateMobileParams */
    emulateMobileParams: emulateMobileParamsSchema().optional(),
  };
}

type StartShape = ReturnType<typeof startWebRecordShape>;
type StartValue = z.output<z.ZodObject<StartShape>>;

/** Cross-field rules of StartWebRecord: StorageParams "no support for third-party cloud storage ... only hls or mp4". @see https://www.tencentcloud.com/document/api/647/72066 */
export function startWebRecordRules(v: StartValue, site: Site, usable: Usable): RuleIssue[] {
  return [...(usable("storageParams") ? storageIssues(v.storageParams) : []), ...siteOnlyIssues(v, site)];
}

function storageIssues(storage: StartValue["storageParams"]): RuleIssue[] {
  const issues = storageChoiceIssues(storage);
  if (storage.cloudStorage && storage.cloudStorage.vendor !== 0) {
    issues.push({
      path: ["storageParams", "cloudStorage", "vendor"],
      message: "must be 0 (Tencent Cloud COS): web-page recording does not support third-party storage",
    });
  }
  // "the storage format of the output file is only supported for hls or mp4": aac (2) and hls+aac (4) are neither.
  // hls+mp4 (3) is both at once, which the sentence neither allows nor refuses: advisories.ts warns.
  const mediaType = storage.cloudVod?.tencentVod?.mediaType;
  if (mediaType === 2 || mediaType === 4) {
    issues.push({
      path: ["storageParams", "cloudVod", "tencentVod", "mediaType"],
      message: "must be 0 (mp4) or 1 (hls): web-page recording only produces mp4 or hls",
    });
  }
  return issues;
}

export function startWebRecordSchema(site: Site) {
  // The API requires the SdkAppId that resource inputs may take from config.
  const shape = { ...startWebRecordShape(), sdkAppId: int64() };
  return z.strictObject(shape).check(crossFieldRules(startWebRecordRules, site));
}

/** The request fields of DescribeWebRecord: TaskId, or SdkAppId together with RecordId. */
export function describeWebRecordSchema() {
  return z
    .strictObject({
      /** TaskId returned by StartWebRecord. @see https://www.tencentcloud.com/document/api/647/72067 */
      taskId: text().optional(),
      /** SDKAppID the task was started with; required when querying by `recordId`. @see https://www.tencentcloud.com/document/api/647/72067 */
      sdkAppId: int64().optional(),
      /** RecordId the task was started with. @see https://www.tencentcloud.com/document/api/647/72067 */
      recordId: recordIdSchema().optional(),
    })
    .superRefine((v, ctx) => {
      if (v.taskId === undefined && (v.sdkAppId === undefined || v.recordId === undefined)) {
        // RecordId: "When passing this value, you need to pass SdkAppId"; with neither TaskId nor RecordId nothing names
        // a task (an inference: every field is optional in api.json).
        report(ctx, {
          path: v.recordId === undefined ? ["taskId"] : ["sdkAppId"],
          message: "give TaskId, or SdkAppId together with RecordId",
          apiCode: "MissingParameter",
        });
      }
    });
}

/** The request fields of StopWebRecord (no SdkAppId). */
export function stopWebRecordSchema() {
  return z.strictObject({
    /** TaskId returned by StartWebRecord. Required. @see https://www.tencentcloud.com/document/api/647/72065 */
    taskId: text(),
  });
}

export type StartWebRecordRequest = z.input<ReturnType<typeof startWebRecordSchema>>;
export type DescribeWebRecordRequest = z.input<ReturnType<typeof describeWebRecordSchema>>;
export type StopWebRecordRequest = z.input<ReturnType<typeof stopWebRecordSchema>>;
