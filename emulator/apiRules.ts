// The request rules that combine fields, each with where it is stated and the code the emulator answers. They run
// once every field on its own is valid (validation.ts). A rule no source states is marked "assumption" and is listed
// in README.md.

import type { ActionName } from "../provider/api/actions";
import { API_DEFAULTS } from "../provider/api/defaults";
import { valueErrorCode } from "./errorCodes";
import type {
  Box,
  CreateCloudRecordingBody,
  DescribeWebRecordBody,
  ManageCloudRecordingBody,
  MixLayoutParams,
  StartWebRecordBody,
  StorageParams,
  SubscribeStreamUserIds,
} from "./requests";

export interface RuleIssue {
  path: (string | number)[];
  message: string;
  code: string;
}

export interface Canvas {
  width: number;
  height: number;
}

/** The mixed canvas: MixTranscodeParams.VideoParams, or the documented default size (API_DEFAULTS). */
export function canvasOf(mixTranscodeParams: CreateCloudRecordingBody["MixTranscodeParams"]): Canvas {
  const video = mixTranscodeParams?.VideoParams;
  return {
    width: video?.Width ?? API_DEFAULTS.mixCanvasWidthPx,
    height: video?.Height ?? API_DEFAULTS.mixCanvasHeightPx,
  };
}

function byteLength(value: string): number {
  return Buffer.byteLength(value, "utf8");
}

// Room ids, from the TRTC SDK's TRTCParams (https://web.sdk.qcloud.com/trtc/electron/doc/en-us/trtc_electron_sdk/
// TRTCParams.html): a numeric room is "1–4294967294"; a string room is "64 bytes or shorter" of letters, digits,
// space and ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,; "the number 123 and the string 123 are two
// completely different rooms".
const STRING_ROOM = /^[A-Za-z0-9 !#$%&()+\-:;<=.>?@[\]^_{}|~,]+$/;
const MAX_NUMERIC_ROOM = 4294967294;

function roomIssues(action: ActionName, body: CreateCloudRecordingBody): RuleIssue[] {
  const path = ["RoomId"];
  if ((body.RoomIdType ?? 1) === 1) {
    if (!/^\d+$/.test(body.RoomId)) {
      return [
        {
          path,
          code: "InvalidParameterValue",
          message:
            "must be a number for a numeric room (RoomIdType 1, the default); use RoomIdType 0 for a string room.",
        },
      ];
    }
    const n = Number(body.RoomId);
    if (n < 1 || n > MAX_NUMERIC_ROOM) {
      return [{ path, code: valueErrorCode(action), message: `must be between 1 and ${MAX_NUMERIC_ROOM}.` }];
    }
    return [];
  }
  if (byteLength(body.RoomId) > 64) {
    return [{ path, code: valueErrorCode(action), message: "must be at most 64 bytes long for a string room." }];
  }
  if (!STRING_ROOM.test(body.RoomId)) {
    return [
      {
        path,
        code: "InvalidParameterValue",
        message: "may only contain letters, digits, space and ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,",
      },
    ];
  }
  return [];
}

/**
 * Create: "does not support setting both VOD and COS" (China site CreateCloudRecording.StorageParams,
 * https://cloud.tencent.com/document/api/647/73786). Neither set: assumption, answered with the documented
 * MissingParameter.CloudStorage. StartWebRecord applies the same (assumption).
 */
function storageIssues(action: ActionName, storage: StorageParams): RuleIssue[] {
  if (storage.CloudStorage && storage.CloudVod) {
    return [
      {
        path: ["StorageParams", "CloudVod"],
        code: "InvalidParameter",
        message: "cannot be set together with StorageParams.CloudStorage: choose VOD or COS.",
      },
    ];
  }
  if (!storage.CloudStorage && !storage.CloudVod) {
    const code = action === "CreateCloudRecording" ? "MissingParameter.CloudStorage" : "MissingParameter";
    return [{ path: ["StorageParams"], code, message: "must set CloudStorage or CloudVod." }];
  }
  return [];
}

/** "You cannot specify an allowlist and a blocklist for audio/video subscription at the same time." (#SubscribeStreamUserIds) */
function subscriptionIssues(lists: SubscribeStreamUserIds | undefined, path: (string | number)[]): RuleIssue[] {
  if (!lists) return [];
  const issues: RuleIssue[] = [];
  for (const media of ["Audio", "Video"] as const) {
    if (lists[`Subscribe${media}UserIds`]?.length && lists[`UnSubscribe${media}UserIds`]?.length) {
      issues.push({
        path: [...path, `UnSubscribe${media}UserIds`],
        code: "InvalidParameter",
        message: `cannot be set together with Subscribe${media}UserIds: an allowlist or a blocklist, not both.`,
      });
    }
  }
  return issues;
}

/**
 * The layout: pictures and image watermarks inside the canvas ("The sum of the values of this parameter and Left
 * cannot exceed the canvas width", #MixLayout, #WaterMarkImage); MixLayoutList only when MixLayoutMode is 4 ("This
 * parameter is valid if MixLayoutMode is set to 4": otherwise it is ignored, not refused); each watermark's object
 * for its type ("This parameter is required if the watermark type is image", #WaterMark).
 */
export function layoutIssues(action: ActionName, layout: MixLayoutParams | undefined, canvas: Canvas): RuleIssue[] {
  if (!layout) return [];
  const issues: RuleIssue[] = [];
  const fits = (box: Box, path: (string | number)[], what: string) => {
    if (box.Left + box.Width > canvas.width) {
      issues.push({
        path: [...path, "Width"],
        code: valueErrorCode(action),
        message: `puts ${what} past the ${canvas.width}px canvas width (Left ${box.Left} + Width ${box.Width}).`,
      });
    }
    if (box.Top + box.Height > canvas.height) {
      issues.push({
        path: [...path, "Height"],
        code: valueErrorCode(action),
        message: `puts ${what} past the ${canvas.height}px canvas height (Top ${box.Top} + Height ${box.Height}).`,
      });
    }
  };
  const base = ["MixLayoutParams"];
  if (layout.MixLayoutMode === 4) {
    layout.MixLayoutList?.forEach((box, i) => {
      fits(box, [...base, "MixLayoutList", i], "the picture");
    });
  }
  layout.WaterMarkList?.forEach((mark, i) => {
    const path = [...base, "WaterMarkList", i];
    const type = mark.WaterMarkType ?? 0;
    const needed = (["WaterMarkImage", "WaterMarkChar", "WaterMarkTimestamp"] as const)[type];
    if (needed && (mark as Record<string, unknown>)[needed] === undefined) {
      issues.push({
        path: [...path, needed],
        code: "MissingParameter",
        message: `is required when WaterMarkType is ${type}.`,
      });
    }
    if (mark.WaterMarkImage) fits(mark.WaterMarkImage, [...path, "WaterMarkImage"], "the watermark");
  });
  return issues;
}

function createIssues(body: CreateCloudRecordingBody): RuleIssue[] {
  const action = "CreateCloudRecording";
  const video = body.MixTranscodeParams?.VideoParams;
  return [
    ...roomIssues(action, body),
    ...storageIssues(action, body.StorageParams),
    ...subscriptionIssues(body.RecordParams.SubscribeStreamUserIds, ["RecordParams", "SubscribeStreamUserIds"]),
    // "the result of multiplying Width and Height cannot exceed 1920 x 1080" (#VideoParams)
    ...(video && video.Width * video.Height > 1920 * 1080
      ? [
          {
            path: ["MixTranscodeParams", "VideoParams", "Width"],
            code: valueErrorCode(action),
            message: `× Height must be at most 1920 × 1080 pixels (got ${video.Width} × ${video.Height}).`,
          },
        ]
      : []),
    ...layoutIssues(action, body.MixLayoutParams, canvasOf(body.MixTranscodeParams)),
  ];
}

/**
 * StartWebRecord.StorageParams: "currently supports tencent cloud object storage as well as VOD. no support for
 * third-party cloud storage. the storage format of the output file is only supported for hls or mp4."
 * https://www.tencentcloud.com/document/api/647/72066
 */
function startWebIssues(body: StartWebRecordBody): RuleIssue[] {
  const action = "StartWebRecord";
  const issues = storageIssues(action, body.StorageParams);
  const vendor = body.StorageParams.CloudStorage?.Vendor;
  if (vendor !== undefined && vendor !== 0) {
    issues.push({
      path: ["StorageParams", "CloudStorage", "Vendor"],
      code: "InvalidParameterValue",
      message: "must be 0 (Tencent Cloud COS): web-page recording does not support third-party storage.",
    });
  }
  const mediaType = body.StorageParams.CloudVod?.TencentVod?.MediaType;
  if (mediaType !== undefined && mediaType !== 0 && mediaType !== 1) {
    issues.push({
      path: ["StorageParams", "CloudVod", "TencentVod", "MediaType"],
      code: "InvalidParameterValue",
      message: "must be 0 (mp4) or 1 (hls): web-page recording only stores hls or mp4.",
    });
  }
  return issues;
}

/**
 * DescribeWebRecord: by TaskId, or by RecordId, which "When passing this value, you need to pass SdkAppId"
 * (https://www.tencentcloud.com/document/api/647/72067). Neither given: assumption, MissingParameter.
 */
function describeWebIssues(body: DescribeWebRecordBody): RuleIssue[] {
  if (body.RecordId !== undefined && body.SdkAppId === undefined) {
    return [{ path: ["SdkAppId"], code: "MissingParameter", message: "is required with RecordId." }];
  }
  if (body.TaskId === undefined && body.RecordId === undefined) {
    return [{ path: ["TaskId"], code: "MissingParameter", message: "is required (or SdkAppId and RecordId)." }];
  }
  return [];
}

/** Rules that need no task; ModifyCloudRecording's layout is checked against its task's canvas by the action. */
export function crossFieldRules(action: ActionName, body: Record<string, unknown>): RuleIssue[] {
  switch (action) {
    case "CreateCloudRecording":
      return createIssues(body as unknown as CreateCloudRecordingBody);
    case "ModifyCloudRecording":
      return subscriptionIssues((body as unknown as ManageCloudRecordingBody).SubscribeStreamUserIds, [
        "SubscribeStreamUserIds",
      ]);
    case "StartWebRecord":
      return startWebIssues(body as unknown as StartWebRecordBody);
    case "DescribeWebRecord":
      return describeWebIssues(body as unknown as DescribeWebRecordBody);
    default:
      return [];
  }
}
