// The rules of CreateCloudRecording / ModifyCloudRecording / DescribeCloudRecording / DeleteCloudRecording, as
// zod shapes whose keys are the API field names with the first letter lower-cased. They validate resource inputs at
// preview time (`check`) and type the client's requests (actions.ts); the emulator has its own API description.
// Field reference: CreateCloudRecording https://www.tencentcloud.com/document/api/647/46960,
// ModifyCloudRecording https://www.tencentcloud.com/document/api/647/46957,
// DescribeCloudRecording https://www.tencentcloud.com/document/api/647/46958,
// DeleteCloudRecording https://www.tencentcloud.com/document/api/647/46959,
// data types https://www.tencentcloud.com/document/api/647/36760.
// Rules follow the official API description only: the types, required flags and documented ranges of tccli's
// services/trtc/v20190722/api.json (both sites) and the SDK models generated from it, and the pages above. SOURCES.md
// (next to this file) names the source of every rule; what no source states is not refused here but warned about at
// preview (advisories.ts).

import { z } from "zod";
import type { Site } from "../sites";
import { byteLength, code, hexColor, imageUrl, int, list, text, token, uint } from "./fields";
import { type Canvas, canvasOf, RENDER_MODE_NAMES } from "./mixLayout";

/** A rule broken by a combination of fields, reported at `path` with the API error code the service uses. */
export interface RuleIssue {
  path: (string | number)[];
  message: string;
  apiCode?: string;
}

type RefineContext = z.RefinementCtx;

export function report(ctx: RefineContext, issue: RuleIssue): void {
  ctx.addIssue({
    code: "custom",
    path: issue.path,
    message: issue.message,
    params: { apiCode: issue.apiCode ?? "InvalidParameter" },
  });
}

/** Whether every named top-level field passed its own checks, so a cross-field rule may read it. */
export type Usable = (...fields: string[]) => boolean;

/**
 * A request's cross-field rules as one check that runs even when some fields failed their own (zod skips a
 * refinement after a type error by default), so a preview lists every problem at once rather than one round per kind.
 * A rule reading a field that failed is skipped: its value is not what the rule expects.
 */
export function crossFieldRules<T>(rules: (value: T, site: Site, usable: Usable) => RuleIssue[], site: Site) {
  return z.superRefine<T>(
    (value, ctx) => {
      const failed = new Set<string>();
      for (const issue of ctx.issues) {
        const [field] = issue.path ?? [];
        if (field !== undefined) failed.add(String(field));
        // Not an object at all: there are no fields to relate.
        else if (issue.code !== "unrecognized_keys") return;
      }
      const usable: Usable = (...fields) => fields.every((f) => !failed.has(f));
      for (const issue of rules(value, site, usable)) report(ctx, issue);
    },
    { when: () => true },
  );
}

export function subscribeStreamUserIdsSchema() {
  // Entries are UserIds or a prefix pattern (`"1.*$"`); no length or character rule is documented for them.
  const entry = () => text();
  return z
    .strictObject({
      /** Audio allowlist: only these users' audio is recorded. At most 32 entries; a `.*$` suffix matches by prefix (`"1.*$"`). Empty means all audio. Mutually exclusive with `unSubscribeAudioUserIds`. @see https://www.tencentcloud.com/document/api/647/36760#SubscribeStreamUserIds */
      subscribeAudioUserIds: list(entry(), 32).optional(),
      /** Audio blocklist: these users' audio is not recorded. At most 32 entries. Mutually exclusive with `subscribeAudioUserIds`. @see https://www.tencentcloud.com/document/api/647/36760#SubscribeStreamUserIds */
      unSubscribeAudioUserIds: list(entry(), 32).optional(),
      /** Video allowlist: only these users' video is recorded. At most 32 entries; empty means all video. Mutually exclusive with `unSubscribeVideoUserIds`. @see https://www.tencentcloud.com/document/api/647/36760#SubscribeStreamUserIds */
      subscribeVideoUserIds: list(entry(), 32).optional(),
      /** Video blocklist: these users' video is not recorded. At most 32 entries. Mutually exclusive with `subscribeVideoUserIds`. @see https://www.tencentcloud.com/document/api/647/36760#SubscribeStreamUserIds */
      unSubscribeVideoUserIds: list(entry(), 32).optional(),
    })
    .superRefine((v, ctx) => {
      if (v.subscribeAudioUserIds?.length && v.unSubscribeAudioUserIds?.length) {
        report(ctx, {
          path: ["unSubscribeAudioUserIds"],
          message: "cannot be combined with subscribeAudioUserIds: use either an audio allowlist or an audio blocklist",
        });
      }
      if (v.subscribeVideoUserIds?.length && v.unSubscribeVideoUserIds?.length) {
        report(ctx, {
          path: ["unSubscribeVideoUserIds"],
          message: "cannot be combined with subscribeVideoUserIds: use either a video allowlist or a video blocklist",
        });
      }
    });
}

export function recordParamsSchema() {
  return z.strictObject({
    /** Recording mode: `1` single-stream (each subscribed user recorded separately), `2` mixed (all subscribed users mixed into one file). Required. @see https://www.tencentcloud.com/document/api/647/36760#RecordParams */
    recordMode: code([1, 2], ["single-stream", "mixed"]),
    /** Seconds with no anchor in the room after which the recording stops by itself. Range 5–86400 seconds. @defaultValue 30 @see https://www.tencentcloud.com/document/api/647/36760#RecordParams */
    maxIdleTime: int(5, 86400, "seconds").optional(),
    /** Media recorded: `0` audio and video, `1` audio only, `2` video only. @defaultValue 0 @see https://www.tencentcloud.com/document/api/647/36760#RecordParams */
    streamType: code([0, 1, 2], ["audio and video", "audio only", "video only"]).optional(),
    /** Allow/block lists of the users whose streams are recorded (sent whole, updatable in place). @see https://www.tencentcloud.com/document/api/647/36760#RecordParams @see https://www.tencentcloud.com/document/api/647/36760#SubscribeStreamUserIds */
    subscribeStreamUserIds: subscribeStreamUserIdsSchema().optional(),
    /** File format for COS / third-party storage (ignored for VOD, which uses `tencentVod.mediaType`): `0` hls, `1` hls+mp4, `2` hls+aac, `3` mp4, `4` aac. @defaultValue 0 @see https://www.tencentcloud.com/document/api/647/36760#RecordParams */
    outputFormat: code([0, 1, 2, 3, 4], ["hls", "hls+mp4", "hls+aac", "mp4", "aac"]).optional(),
    /** Single-stream mode only: `0` keep a user's audio and video in separate files, `1` merge them into one. @defaultValue 0 @see https://www.tencentcloud.com/document/api/647/36760#RecordParams */
    avMerge: code([0, 1], ["separate", "merged"]).optional(),
    /** For mp4/aac output: start a new file after this many minutes (files are also split above 2 GB). Range 1–1440 minutes. No effect on hls. @defaultValue 1440 @see https://www.tencentcloud.com/document/api/647/36760#RecordParams */
    maxMediaFileDuration: int(1, 1440, "minutes").optional(),
    /** Streams recorded: `0` main and auxiliary (screen share), `1` main only, `2` auxiliary only. @defaultValue 0 @see https://www.tencentcloud.com/document/api/647/36760#RecordParams */
    mediaId: code([0, 1, 2], ["main and auxiliary", "main only", "auxiliary only"]).optional(),
    /** When an upstream video stops: `0` repeat the last frame, `1` black frames. @see https://www.tencentcloud.com/document/api/647/36760#RecordParams */
    fillType: code([0, 1], ["last frame", "black"]).optional(),
    /** `1` also subscribe to the stream the mixing robot re-publishes (use an allowlist to avoid double audio), `0` do not. @defaultValue 0 @see https://www.tencentcloud.com/document/api/647/36760#RecordParams */
    subscribeAbility: code([0, 1], ["off", "on"]).optional(),
  });
}

export function cloudStorageSchema() {
  return z.strictObject({
    /** Storage vendor: `0` Tencent Cloud COS, `1` AWS S3. Required. @see https://www.tencentcloud.com/document/api/647/36760#CloudStorage */
    vendor: code([0, 1], ["Tencent Cloud COS", "AWS S3"]),
    /** Region of the bucket, e.g. `ap-shanghai` (COS) or `us-east-1` (S3). Required. @see https://www.tencentcloud.com/document/api/647/36760#CloudStorage */
    region: text(),
    /** Bucket name (for COS with its `-appid` suffix). Required. @see https://www.tencentcloud.com/document/api/647/36760#CloudStorage */
    bucket: text(),
    /** Access key of the storage account (for COS a CAM SecretId). Required. Kept secret in state. @see https://www.tencentcloud.com/document/api/647/36760#CloudStorage */
    accessKey: text(),
    /** Secret key of the storage account (for COS a CAM SecretKey). Required. Kept secret in state. @see https://www.tencentcloud.com/document/api/647/36760#CloudStorage */
    secretKey: text(),
    /** Path segments before the TaskId: `["a", "b"]` stores `a/b/<TaskId>/x.m3u8`. Each letters, digits, `_` and `-` (no count or length limit is documented). @see https://www.tencentcloud.com/document/api/647/36760#CloudStorage */
    fileNamePrefix: list(token()).optional(),
    /** International site only: an S3-compatible endpoint, e.g. `account_id.r2.cloudflarestorage.com`. @see https://www.tencentcloud.com/document/api/647/36760#CloudStorage */
    endpointUrl: text().optional(),
  });
}

export function tencentVodSchema() {
  return z.strictObject({
    /** VOD task-flow (procedure) template to run after upload. @see https://www.tencentcloud.com/document/api/647/36760#TencentVod */
    procedure: text().optional(),
    /** Media expiry in seconds from now; `0` keeps the media forever. @defaultValue 0 @see https://www.tencentcloud.com/document/api/647/36760#TencentVod */
    expireTime: uint("seconds").optional(),
    /** Upload region override. @see https://www.tencentcloud.com/document/api/647/36760#TencentVod */
    storageRegion: text().optional(),
    /** VOD category id. @defaultValue 0 @see https://www.tencentcloud.com/document/api/647/36760#TencentVod */
    classId: uint().optional(),
    /** VOD sub-application id (a "standard" sub-application, not a "managed" one). @see https://www.tencentcloud.com/document/api/647/36760#TencentVod */
    subAppId: uint().optional(),
    /** Passed through to task-flow callbacks. @see https://www.tencentcloud.com/document/api/647/36760#TencentVod */
    sessionContext: text().optional(),
    /** Passed through to upload callbacks. @see https://www.tencentcloud.com/document/api/647/36760#TencentVod */
    sourceContext: text().optional(),
    /** Media type: `0` mp4, `1` hls, `2` aac, `3` hls+mp4, `4` hls+aac; aac and hls+aac take effect for audio-only recordings (`recordParams.streamType` 1). @defaultValue 0 @see https://www.tencentcloud.com/document/api/647/36760#TencentVod */
    mediaType: code([0, 1, 2, 3, 4], ["mp4", "hls", "aac", "hls+mp4", "hls+aac"]).optional(),
    /** Custom file-name prefix, at most 64 bytes of letters, digits, `_` and `-`; joined with `__UserDefine_u_`. @see https://www.tencentcloud.com/document/api/647/36760#TencentVod */
    userDefineRecordId: token(64).optional(),
  });
}

export function cloudVodSchema() {
  return z.strictObject({
    /** Tencent Cloud VOD parameters. @see https://www.tencentcloud.com/document/api/647/36760#CloudVod @see https://www.tencentcloud.com/document/api/647/36760#TencentVod */
    tencentVod: tencentVodSchema().optional(),
  });
}

export function storageParamsSchema() {
  return z.strictObject({
    /** COS or S3 storage. Set exactly one of `cloudStorage` and `cloudVod`. @see https://www.tencentcloud.com/document/api/647/36760#StorageParams @see https://www.tencentcloud.com/document/api/647/36760#CloudStorage */
    cloudStorage: cloudStorageSchema().optional(),
    /** Tencent Cloud VOD storage. Set exactly one of `cloudStorage` and `cloudVod`. @see https://www.tencentcloud.com/document/api/647/36760#StorageParams @see https://www.tencentcloud.com/document/api/647/36760#CloudVod */
    cloudVod: cloudVodSchema().optional(),
  });
}

export function videoParamsSchema() {
  return z
    .strictObject({
      /** Output width in px, at most 1920 (width × height at most 1920 × 1080). All five video fields are required together. 360 when `videoParams` is omitted. @see https://www.tencentcloud.com/document/api/647/36760#VideoParams */
      width: int(0, 1920, "px"),
      /** Output height in px, at most 1920 (width × height at most 1920 × 1080). 640 when `videoParams` is omitted. @see https://www.tencentcloud.com/document/api/647/36760#VideoParams */
      height: int(0, 1920, "px"),
      /** Frame rate, 1–60 fps. 15 when `videoParams` is omitted. @see https://www.tencentcloud.com/document/api/647/36760#VideoParams */
      fps: int(1, 60, "fps"),
      /** Video bitrate, 64000–8192000 bps. 550000 when `videoParams` is omitted. @see https://www.tencentcloud.com/document/api/647/36760#VideoParams */
      bitRate: int(64000, 8192000, "bps"),
      /** Keyframe interval in seconds (no range is documented). 10 when `videoParams` is omitted. @see https://www.tencentcloud.com/document/api/647/36760#VideoParams */
      gop: uint("seconds"),
    })
    .superRefine((v, ctx) => {
      if (v.width * v.height > 1920 * 1080) {
        report(ctx, {
          path: ["width"],
          message: `width × height must be at most 1920 × 1080 pixels (got ${v.width} × ${v.height})`,
          apiCode: "InvalidParameter.OutOfRange",
        });
      }
    });
}

export function audioParamsSchema() {
  return z.strictObject({
    /** Sample rate: `1` 48000 Hz, `2` 44100 Hz, `3` 16000 Hz. All three audio fields are required together. 1 when `audioParams` is omitted. @see https://www.tencentcloud.com/document/api/647/36760#AudioParams */
    sampleRate: code([1, 2, 3], ["48000 Hz", "44100 Hz", "16000 Hz"]),
    /** Channels: `1` mono, `2` stereo. 2 when `audioParams` is omitted. @see https://www.tencentcloud.com/document/api/647/36760#AudioParams */
    channel: code([1, 2], ["mono", "stereo"]),
    /** Audio bitrate, 32000–128000 bps. 64000 when `audioParams` is omitted. @see https://www.tencentcloud.com/document/api/647/36760#AudioParams */
    bitRate: int(32000, 128000, "bps"),
  });
}

export function mixTranscodeParamsSchema() {
  return z.strictObject({
    /** Mixed video encoding; when given, every field is required (no per-field defaults). @defaultValue `{ width: 360, height: 640, fps: 15, bitRate: 550000, gop: 10 }` @see https://www.tencentcloud.com/document/api/647/36760#MixTranscodeParams @see https://www.tencentcloud.com/document/api/647/36760#VideoParams */
    videoParams: videoParamsSchema().optional(),
    /** Mixed audio encoding; when given, every field is required. @defaultValue `{ sampleRate: 1, channel: 2, bitRate: 64000 }` @see https://www.tencentcloud.com/document/api/647/36760#MixTranscodeParams @see https://www.tencentcloud.com/document/api/647/36760#AudioParams */
    audioParams: audioParamsSchema().optional(),
  });
}

export function mixLayoutSchema() {
  return z.strictObject({
    /** Y of the picture's top-left corner, 0–1920 px, inside the canvas. Required. @see https://www.tencentcloud.com/document/api/647/36760#MixLayout */
    top: int(0, 1920, "px"),
    /** X of the picture's top-left corner, 0–1920 px, inside the canvas. Required. @see https://www.tencentcloud.com/document/api/647/36760#MixLayout */
    left: int(0, 1920, "px"),
    /** Picture width, 0–1920 px; left + width must fit the canvas width. Required. @see https://www.tencentcloud.com/document/api/647/36760#MixLayout */
    width: int(0, 1920, "px"),
    /** Picture height, 0–1920 px; top + height must fit the canvas height. Required. @see https://www.tencentcloud.com/document/api/647/36760#MixLayout */
    height: int(0, 1920, "px"),
    /** User shown in this picture; unset pictures are filled in join order. @see https://www.tencentcloud.com/document/api/647/36760#MixLayout */
    userId: text().optional(),
    /** Transparency, 0 (opaque) – 255 (fully transparent). @defaultValue 0 @see https://www.tencentcloud.com/document/api/647/36760#MixLayout */
    alpha: int(0, 255).optional(),
    /** Fitting: `0` stretch, `1` crop, `2` letterbox, `3` smart stretch (crops at most 20%). @defaultValue 1 @see https://www.tencentcloud.com/document/api/647/36760#MixLayout */
    renderMode: code([0, 1, 2, 3], RENDER_MODE_NAMES).optional(),
    /** Stream of the user: `0` main, `1` auxiliary (screen share). @defaultValue 0 @see https://www.tencentcloud.com/document/api/647/36760#MixLayout */
    mediaId: code([0, 1], ["main", "auxiliary"]).optional(),
    /** Layer (z-order); smaller is further back (no maximum is documented). @defaultValue 0 @see https://www.tencentcloud.com/document/api/647/36760#MixLayout */
    imageLayer: uint().optional(),
    /** Placeholder image for this picture (jpg/png, at most 5 MB, the URL must end with the extension). @see https://www.tencentcloud.com/document/api/647/36760#MixLayout */
    subBackgroundImage: imageUrl().optional(),
  });
}

export function waterMarkImageSchema() {
  return z.strictObject({
    /** Image URL (jpg/png, at most 5 MB, the URL must end with the extension). Required. @see https://www.tencentcloud.com/document/api/647/36760#WaterMarkImage */
    waterMarkUrl: imageUrl(),
    /** Y of the top-left corner, 0–2560 px. Required. @see https://www.tencentcloud.com/document/api/647/36760#WaterMarkImage */
    top: int(0, 2560, "px"),
    /** X of the top-left corner, 0–2560 px. Required. @see https://www.tencentcloud.com/document/api/647/36760#WaterMarkImage */
    left: int(0, 2560, "px"),
    /** Width, 0–2560 px. Required. @see https://www.tencentcloud.com/document/api/647/36760#WaterMarkImage */
    width: int(0, 2560, "px"),
    /** Height, 0–2560 px. Required. @see https://www.tencentcloud.com/document/api/647/36760#WaterMarkImage */
    height: int(0, 2560, "px"),
  });
}

const FONTS = ["Tencent", "SourceHanSans"] as const;

export function waterMarkCharSchema() {
  return z.strictObject({
    /** Y of the text box's top-left corner in px (no range is documented). Required. @see https://www.tencentcloud.com/document/api/647/36760#WaterMarkChar */
    top: uint("px"),
    /** X of the text box's top-left corner in px (no range is documented). Required. @see https://www.tencentcloud.com/document/api/647/36760#WaterMarkChar */
    left: uint("px"),
    /** Width of the text box in px (no range is documented). Required. @see https://www.tencentcloud.com/document/api/647/36760#WaterMarkChar */
    width: uint("px"),
    /** Height of the text box in px (no range is documented). Required. @see https://www.tencentcloud.com/document/api/647/36760#WaterMarkChar */
    height: uint("px"),
    /** The text (no length is documented). Required. @see https://www.tencentcloud.com/document/api/647/36760#WaterMarkChar */
    chars: text(),
    /** Font size in px (no range is documented). @defaultValue 14 @see https://www.tencentcloud.com/document/api/647/36760#WaterMarkChar */
    fontSize: uint("px").optional(),
    /** Text colour, e.g. `0xFFFFFF`. @defaultValue white @see https://www.tencentcloud.com/document/api/647/36760#WaterMarkChar */
    fontColor: text().optional(),
    /** Background colour, e.g. `0xBBCCBB`; empty means transparent. @defaultValue transparent @see https://www.tencentcloud.com/document/api/647/36760#WaterMarkChar */
    backGroundColor: text().optional(),
    /** China site only: `Tencent` or `SourceHanSans`. @defaultValue "Tencent" @see https://www.tencentcloud.com/document/api/647/36760#WaterMarkChar */
    font: z.enum(FONTS, { error: "must be Tencent or SourceHanSans" }).optional(),
  });
}

export function waterMarkTimestampSchema() {
  return z.strictObject({
    /** Position: `0` top-left, `1` top-right, `2` bottom-left, `3` bottom-right, `4` top-centre, `5` bottom-centre, `6` centre. Required. @see https://www.tencentcloud.com/document/api/647/36760#WaterMarkTimestamp */
    pos: code(
      [0, 1, 2, 3, 4, 5, 6],
      ["top-left", "top-right", "bottom-left", "bottom-right", "top-centre", "bottom-centre", "centre"],
    ),
    /** Time zone of the timestamp, as hours east of UTC. An unsigned integer in the API (uint64): a zone west of UTC cannot be written as a negative offset, and no value beyond the default is explained. @defaultValue 8 (UTC+8) @see https://www.tencentcloud.com/document/api/647/36760#WaterMarkTimestamp */
    timeZone: uint("hours").optional(),
    /** China site only: `Tencent` or `SourceHanSans`. @defaultValue "Tencent" @see https://www.tencentcloud.com/document/api/647/36760#WaterMarkTimestamp */
    font: z.enum(FONTS, { error: "must be Tencent or SourceHanSans" }).optional(),
  });
}

export function waterMarkSchema() {
  return z
    .strictObject({
      /** Watermark type: `0` image, `1` text, `2` timestamp. @defaultValue 0 @see https://www.tencentcloud.com/document/api/647/36760#WaterMark */
      waterMarkType: code([0, 1, 2], ["image", "text", "timestamp"]).optional(),
      /** Image watermark; required when `waterMarkType` is 0. @see https://www.tencentcloud.com/document/api/647/36760#WaterMark @see https://www.tencentcloud.com/document/api/647/36760#WaterMarkImage */
      waterMarkImage: waterMarkImageSchema().optional(),
      /** Text watermark; required when `waterMarkType` is 1. @see https://www.tencentcloud.com/document/api/647/36760#WaterMark @see https://www.tencentcloud.com/document/api/647/36760#WaterMarkChar */
      waterMarkChar: waterMarkCharSchema().optional(),
      /** Timestamp watermark; required when `waterMarkType` is 2. @see https://www.tencentcloud.com/document/api/647/36760#WaterMark @see https://www.tencentcloud.com/document/api/647/36760#WaterMarkTimestamp */
      waterMarkTimestamp: waterMarkTimestampSchema().optional(),
    })
    .superRefine((v, ctx) => {
      const type = v.waterMarkType ?? 0;
      const needed = (["waterMarkImage", "waterMarkChar", "waterMarkTimestamp"] as const)[type];
      if (needed && v[needed] === undefined) {
        report(ctx, {
          path: [needed],
          message: `is required when waterMarkType is ${type}`,
          apiCode: "MissingParameter",
        });
      }
    });
}

export function mixLayoutParamsSchema() {
  return z
    .strictObject({
      /** Layout: `1` floating, `2` screen share, `3` nine-grid, `4` custom (`mixLayoutList`). Required. @see https://www.tencentcloud.com/document/api/647/36760#MixLayoutParams */
      mixLayoutMode: code([1, 2, 3, 4], ["floating", "screen share", "nine-grid", "custom"]),
      /** Custom layout: one entry per picture, at most 25; required with mode 4 and ignored with the template modes 1–3. @see https://www.tencentcloud.com/document/api/647/36760#MixLayoutParams @see https://www.tencentcloud.com/document/api/647/36760#MixLayout */
      mixLayoutList: list(mixLayoutSchema(), 25).optional(),
      /** Canvas background colour, `#RRGGBB`. @defaultValue "#000000" @see https://www.tencentcloud.com/document/api/647/36760#MixLayoutParams */
      backGroundColor: hexColor().optional(),
      /** Modes 1 and 2: the user shown in the big picture. @defaultValue the first anchor (floating) or the background (screen share) @see https://www.tencentcloud.com/document/api/647/36760#MixLayoutParams */
      maxResolutionUserId: text().optional(),
      /** Stream of `maxResolutionUserId`: `0` main, `1` auxiliary. @defaultValue 0 @see https://www.tencentcloud.com/document/api/647/36760#MixLayoutParams */
      mediaId: code([0, 1], ["main", "auxiliary"]).optional(),
      /** Background image (jpg/png, at most 2K and 5 MB, the URL must end with the extension). @see https://www.tencentcloud.com/document/api/647/36760#MixLayoutParams */
      backgroundImageUrl: imageUrl().optional(),
      /** `1` shows placeholder images for preset pictures with no stream, `0` does not. @defaultValue 0 @see https://www.tencentcloud.com/document/api/647/36760#MixLayoutParams */
      placeHolderMode: code([0, 1], ["off", "on"]).optional(),
      /** Fitting of the background image, as `mixLayoutList[].renderMode`. @see https://www.tencentcloud.com/document/api/647/36760#MixLayoutParams */
      backgroundImageRenderMode: code([0, 1, 2, 3], RENDER_MODE_NAMES).optional(),
      /** Default placeholder image for sub-pictures (jpg/png, the URL must end with the extension). @see https://www.tencentcloud.com/document/api/647/36760#MixLayoutParams */
      defaultSubBackgroundImage: imageUrl().optional(),
      /** Watermarks, at most 25. @see https://www.tencentcloud.com/document/api/647/36760#MixLayoutParams @see https://www.tencentcloud.com/document/api/647/36760#WaterMark */
      waterMarkList: list(waterMarkSchema(), 25).optional(),
      /** Template layouts (modes 1–3): fitting when aspect ratios differ, as `mixLayoutList[].renderMode`. @see https://www.tencentcloud.com/document/api/647/36760#MixLayoutParams */
      renderMode: code([0, 1, 2, 3], RENDER_MODE_NAMES).optional(),
      /** Screen-share mode only: `1` big picture on the right, `0` on the left. @defaultValue 0 @see https://www.tencentcloud.com/document/api/647/36760#MixLayoutParams */
      maxResolutionUserAlign: code([0, 1], ["left", "right"]).optional(),
      /** Template layouts only: `true` gives audio-only users no picture. @defaultValue false @see https://www.tencentcloud.com/document/api/647/36760#MixLayoutParams */
      pureAudioDisableLayout: z.boolean({ error: "must be true or false" }).optional(),
    })
    .superRefine((v, ctx) => {
      // "Custom layout: customize the layout of each host's video as needed in MixLayoutList"; CN api.json
      // MixLayoutParams.MixLayoutList: "如果MixLayoutMode 选择为4自定义布局模式的话，设置此参数" (with mode 4, set it).
      if (v.mixLayoutMode === 4 && !v.mixLayoutList?.length) {
        report(ctx, {
          path: ["mixLayoutList"],
          message: "is required when mixLayoutMode is 4 (custom)",
          apiCode: "MissingParameter",
        });
      }
      // With a template mode the list is documented as ignored, not refused: advisories.ts warns.
    });
}

interface Box {
  top: number;
  left: number;
  width: number;
  height: number;
}

/**
 * Pictures and image watermarks must lie inside the canvas: MixLayout and WaterMarkImage document "The sum of the
 * values of this parameter and Left cannot exceed the canvas width" (and Top / height alike),
 * https://www.tencentcloud.com/document/api/647/36760#MixLayout. Text watermarks (WaterMarkChar) document no such rule:
 * advisories.ts warns when one extends past the canvas.
 */
export function layoutIssues(
  layout: {
    mixLayoutList?: Box[] | undefined;
    waterMarkList?: Array<{ waterMarkImage?: Box | undefined; waterMarkChar?: Box | undefined }> | undefined;
  },
  canvas: Canvas,
): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const check = (box: Box, path: (string | number)[], what: string) => {
    if (box.left + box.width > canvas.width) {
      issues.push({
        path: [...path, "width"],
        message: `${what} extends past the ${canvas.width}px canvas width (left ${box.left} + width ${box.width})`,
        apiCode: "InvalidParameter.OutOfRange",
      });
    }
    if (box.top + box.height > canvas.height) {
      issues.push({
        path: [...path, "height"],
        message: `${what} extends past the ${canvas.height}px canvas height (top ${box.top} + height ${box.height})`,
        apiCode: "InvalidParameter.OutOfRange",
      });
    }
  };
  layout.mixLayoutList?.forEach((box, i) => {
    check(box, ["mixLayoutList", i], "the picture");
  });
  layout.waterMarkList?.forEach((mark, i) => {
    if (mark.waterMarkImage) check(mark.waterMarkImage, ["waterMarkList", i, "waterMarkImage"], "the watermark");
  });
  return issues;
}

// TRTC room ids (SOURCES.md, "RoomId"): RoomIdType 1 is a "32-bit integer" room, 1–4294967294 in the SDK reference
// (TRTCParams.roomId) and 1–4294967295 on the basic-concepts page, so the larger bound fails and 4294967295 is only
// warned about (advisories.ts); string rooms are at most 64 bytes of letters, digits, space and
// ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ , (TRTCParams.strRoomId).
const STRING_ROOM_ID = /^[A-Za-z0-9 !#$%&()+\-:;<=.>?@[\]^_{}|~,]+$/;

export function roomIdIssue(roomId: string, roomIdType: number | undefined): string | undefined {
  if ((roomIdType ?? 1) === 1) {
    const n = /^\d{1,10}$/.test(roomId) ? Number(roomId) : Number.NaN;
    return n >= 1 && n <= 4294967295
      ? undefined
      : "must be a number from 1 to 4294967295 for a numeric room (set roomIdType 0 for string room ids)";
  }
  if (byteLength(roomId) > 64) return "must be at most 64 bytes for a string room";
  return STRING_ROOM_ID.test(roomId)
    ? undefined
    : "may only contain letters, digits, space and ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ , for a string room";
}

/**
 * Fields that exist only on one site's API: `Font` (WaterMarkChar, WaterMarkTimestamp) and DescribeCloudRecording's
 * `RecorderKey` are in the China site's api.json only, `CloudStorage.EndpointUrl` in the international one's only.
 */
export function siteOnlyIssues(value: unknown, site: Site): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const walk = (node: unknown, path: (string | number)[]) => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => {
        walk(item, [...path, i]);
      });
      return;
    }
    if (!node || typeof node !== "object") return;
    for (const [key, child] of Object.entries(node)) {
      const chinaOnly = key === "font" || key === "recorderKey";
      const intlOnly = key === "endpointUrl";
      if ((chinaOnly && site !== "china") || (intlOnly && site !== "intl")) {
        issues.push({
          path: [...path, key],
          message: `is only available on the ${chinaOnly ? "China" : "international"} site (trtc:site = ${chinaOnly ? "china" : "intl"})`,
          apiCode: "UnknownParameter",
        });
      }
      walk(child, [...path, key]);
    }
  };
  walk(value, []);
  return issues;
}

/**
 * One storage kind: CN CreateCloudRecording.StorageParams "不支持同时设置云点播VOD和对象存储COS" (VOD and COS cannot both
 * be set); none is refused with the documented MissingParameter.CloudStorage.
 */
export function storageChoiceIssues(storage: { cloudStorage?: unknown; cloudVod?: unknown }): RuleIssue[] {
  if (storage.cloudStorage !== undefined && storage.cloudVod !== undefined) {
    return [
      {
        path: ["storageParams", "cloudVod"],
        message: "cannot be combined with cloudStorage: set exactly one storage kind (VOD or COS/S3)",
      },
    ];
  }
  if (storage.cloudStorage === undefined && storage.cloudVod === undefined) {
    return [
      {
        path: ["storageParams"],
        message: "must set exactly one of cloudStorage (COS/S3) or cloudVod (VOD)",
        apiCode: "MissingParameter.CloudStorage",
      },
    ];
  }
  return [];
}

/** The request fields of CreateCloudRecording. */
export function createCloudRecordingShape() {
  return {
    /** SDKAppID of the TRTC application whose room is recorded. Defaults to `trtc:sdkAppId`. @see https://www.tencentcloud.com/document/api/647/46960 */
    sdkAppId: uint().optional(),
    /** Room to record. Numeric rooms (the default `roomIdType` 1) are a 32-bit integer from 1 written as a string; string rooms (`roomIdType` 0) are at most 64 bytes. @see https://www.tencentcloud.com/document/api/647/46960 */
    roomId: text(),
    /** UserId the recording robot joins with, unique in the room (a second task with the same robot UserId interrupts the first); preferably at most 32 bytes of letters, digits and `_` (a recommendation: preview warns otherwise). Generated from the resource name and room when omitted. @see https://www.tencentcloud.com/document/api/647/46960 */
    userId: text().optional(),
    /** UserSig of the robot's UserId. Optional when `trtc:sdkSecretKey` is configured: a UserSig is then minted at create. Kept secret; changing it never replaces the recording. @see https://www.tencentcloud.com/document/api/647/46960 @see https://www.tencentcloud.com/document/product/647/35166 */
    userSig: text().optional(),
    /** Recording control: mode, idle timeout, media, subscriptions, format. Required. @see https://www.tencentcloud.com/document/api/647/46960 @see https://www.tencentcloud.com/document/api/647/36760#RecordParams */
    recordParams: recordParamsSchema(),
    /** Where files go: exactly one of COS/S3 (`cloudStorage`) or VOD (`cloudVod`). Required. @see https://www.tencentcloud.com/document/api/647/46960 @see https://www.tencentcloud.com/document/api/647/36760#StorageParams */
    storageParams: storageParamsSchema(),
    /** Room id type: `0` string, `1` 32-bit integer. Must match the room's real type. @defaultValue 1 @see https://www.tencentcloud.com/document/api/647/46960 */
    roomIdType: code([0, 1], ["string", "integer"]).optional(),
    /** Mixed-stream encoding (mixed mode only). @see https://www.tencentcloud.com/document/api/647/46960 @see https://www.tencentcloud.com/document/api/647/36760#MixTranscodeParams */
    mixTranscodeParams: mixTranscodeParamsSchema().optional(),
    /** Mixed-stream layout (mixed mode only); updatable in place. @see https://www.tencentcloud.com/document/api/647/46960 @see https://www.tencentcloud.com/document/api/647/36760#MixLayoutParams */
    mixLayoutParams: mixLayoutParamsSchema().optional(),
    /** Hours after the start during which the task can be queried, changed and stopped, 6–720. After it the recording keeps running until it idles out, and destroy can no longer stop it. @defaultValue 72 @see https://www.tencentcloud.com/document/api/647/46960 */
    resourceExpiredHour: int(6, 720, "hours").optional(),
    /** Room permission ticket, needed only when advanced permission control is on for the application. Kept secret; changing it never replaces the recording. @see https://www.tencentcloud.com/document/api/647/46960 @see https://www.tencentcloud.com/document/product/647/35166 */
    privateMapKey: text().optional(),
  };
}

type CreateShape = ReturnType<typeof createCloudRecordingShape>;
type CreateValue = z.output<z.ZodObject<CreateShape>>;

/** Cross-field rules of CreateCloudRecording that single-field schemas cannot express. @see https://www.tencentcloud.com/document/api/647/46960 */
export function createCloudRecordingRules(v: CreateValue, site: Site, usable: Usable): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const room = usable("roomId", "roomIdType") ? roomIdIssue(v.roomId, v.roomIdType) : undefined;
  if (room) issues.push({ path: ["roomId"], message: room, apiCode: "InvalidParameter.OutOfRange" });
  if (usable("storageParams")) issues.push(...storageChoiceIssues(v.storageParams));
  if (v.mixLayoutParams && usable("mixLayoutParams", "mixTranscodeParams")) {
    for (const issue of layoutIssues(v.mixLayoutParams, canvasOf(v.mixTranscodeParams))) {
      issues.push({ ...issue, path: ["mixLayoutParams", ...issue.path] });
    }
  }
  // TencentVod.MediaType 2 and 4 are documented as taking effect with StreamType 1 ("valid ... when StreamType=1"),
  // not as refused otherwise: advisories.ts warns.
  issues.push(...siteOnlyIssues(v, site));
  return issues;
}

export function createCloudRecordingSchema(site: Site) {
  // The API requires what resource inputs may leave to defaults (config, autonaming, minting).
  const shape = {
    ...createCloudRecordingShape(),
    sdkAppId: uint(),
    userId: text(),
    userSig: text(),
  };
  return z.strictObject(shape).check(crossFieldRules(createCloudRecordingRules, site));
}

/** The request fields of ModifyCloudRecording: each object given replaces the task's whole object. */
export function modifyCloudRecordingSchema(site: Site) {
  return z
    .strictObject({
      /** SDKAppID the task was created with. Required. @see https://www.tencentcloud.com/document/api/647/46957 */
      sdkAppId: uint(),
      /** TaskId returned by CreateCloudRecording. Required. @see https://www.tencentcloud.com/document/api/647/46957 */
      taskId: text(),
      /** The new mix layout, sent whole. @see https://www.tencentcloud.com/document/api/647/46957 @see https://www.tencentcloud.com/document/api/647/36760#MixLayoutParams */
      mixLayoutParams: mixLayoutParamsSchema().optional(),
      /** The new allow/block lists, sent whole. @see https://www.tencentcloud.com/document/api/647/46957 @see https://www.tencentcloud.com/document/api/647/36760#SubscribeStreamUserIds */
      subscribeStreamUserIds: subscribeStreamUserIdsSchema().optional(),
    })
    .superRefine((v, ctx) => {
      for (const issue of siteOnlyIssues(v, site)) report(ctx, issue);
    });
}

/** The request fields of DescribeCloudRecording (answers only while the task runs). */
export function describeCloudRecordingSchema(site: Site) {
  return z
    .strictObject({
      /** SDKAppID the task was created with. Required. @see https://www.tencentcloud.com/document/api/647/46958 */
      sdkAppId: uint(),
      /** TaskId returned by CreateCloudRecording. Required. @see https://www.tencentcloud.com/document/api/647/46958 */
      taskId: text(),
      /** China site only (absent from the international API): the key given when a relay recording was started. @see https://cloud.tencent.com/document/api/647/73784 */
      recorderKey: text().optional(),
    })
    .superRefine((v, ctx) => {
      for (const issue of siteOnlyIssues(v, site)) report(ctx, issue);
    });
}

/** The request fields of DeleteCloudRecording (uploads may still finish after it). */
export function deleteCloudRecordingSchema() {
  return z.strictObject({
    /** SDKAppID the task was created with. Required. @see https://www.tencentcloud.com/document/api/647/46959 */
    sdkAppId: uint(),
    /** TaskId returned by CreateCloudRecording. Required. @see https://www.tencentcloud.com/document/api/647/46959 */
    taskId: text(),
  });
}

export type CreateCloudRecordingRequest = z.input<ReturnType<typeof createCloudRecordingSchema>>;
export type ModifyCloudRecordingRequest = z.input<ReturnType<typeof modifyCloudRecordingSchema>>;
export type DescribeCloudRecordingRequest = z.input<ReturnType<typeof describeCloudRecordingSchema>>;
export type DeleteCloudRecordingRequest = z.input<ReturnType<typeof deleteCloudRecordingSchema>>;
export type MixLayoutParams = z.input<ReturnType<typeof mixLayoutParamsSchema>>;
export type SubscribeStreamUserIds = z.input<ReturnType<typeof subscribeStreamUserIdsSchema>>;
export type RecordParams = z.input<ReturnType<typeof recordParamsSchema>>;
export type StorageParams = z.input<ReturnType<typeof storageParamsSchema>>;
export type MixTranscodeParams = z.input<ReturnType<typeof mixTranscodeParamsSchema>>;
