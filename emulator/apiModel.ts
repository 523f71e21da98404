// The emulator's own description of the seven actions' request parameters: data, read by validation.ts. It is written
// from the published API description, not from the provider's schemas, so that a rule the provider gets wrong shows
// up as a disagreement between the two (test/api/officialExamples.*.test.ts).
//
// Sources:
// - names, nesting, JSON types (`member`: uint64, int64, string, bool, a structure) and `required`: the API
//   description tccli ships, services/trtc/v20190722/api.json, of TencentCloud/tencentcloud-cli (China site,
//   release 3.1.155.1) and TencentCloud/tencentcloud-cli-intl-en (international site, release 3.1.160.1). Every
//   structure below mirrors `objects.<Name>.members` there; a field only one site's file has carries `site`.
// - value ranges, enumerations, counts, lengths and character sets: the field's documentation, the same text as the
//   data types page https://www.tencentcloud.com/document/api/647/36760 (anchor `#<Structure>`) and the action pages;
//   each such rule names where it is stated in `doc` when that is not the structure's own page.
// Rules that combine fields (a layout inside its canvas, one storage kind, ...) are in apiRules.ts.

import type { ActionName } from "../provider/api/actions";
import type { Site } from "../provider/api/sites";

export type Scalar = "uint64" | "int64" | "string" | "bool";

/** One request field, as the API description gives it, plus the limits its documentation states. */
export interface FieldSpec {
  /** api.json `member`: a scalar type or the name of a structure (a key of STRUCTS). */
  kind: Scalar | (string & {});
  /** api.json `type: "list"`: a JSON array of `kind`. */
  list?: true;
  /** api.json `required`. */
  required?: true;
  /** Present in only this site's API description. */
  site?: Site;
  /** Documented value range, inclusive. */
  min?: number;
  max?: number;
  /** Documented values. */
  values?: readonly (number | string)[];
  /** Documented maximum number of list entries. */
  maxItems?: number;
  /** Documented maximum length in bytes. */
  maxBytes?: number;
  /** Documented character set or format, as a pattern and the words that describe it. */
  format?: { pattern: RegExp; says: string };
  /** Where a limit is stated, when not on the structure's own page. */
  doc?: string;
}

export interface StructSpec {
  /** The page that documents the structure's fields. */
  doc: string;
  fields: Record<string, FieldSpec>;
}

const TYPES = "https://www.tencentcloud.com/document/api/647/36760";
const CREATE = "https://www.tencentcloud.com/document/api/647/46960";
const START_WEB = "https://www.tencentcloud.com/document/api/647/72066";

const req = { required: true } as const;

// "only supports jpg, png, and jpeg ... the url must carry the format extension, and only specific strings are
// supported in the url, including a-z, A-Z, 0-9, '-', '.', '_', '~', ':', '/', '?', '#', '[', ']', '@', '!', '&',
// '(', ')', '*', '+', ',', '%', and '='" (MixLayoutParams.BackgroundImageUrl and the other image fields).
const IMAGE_URL = {
  pattern: /^[A-Za-z0-9\-._~:/?#[\]@!&()*+,%=]+?\.(jpe?g|png)([?#][A-Za-z0-9\-._~:/?#[\]@!&()*+,%=]*)?$/i,
  says: "a jpg, jpeg or png URL ending with its extension (before any query), of letters, digits and - . _ ~ : / ? # [ ] @ ! & ( ) * + , % =",
};

// CloudStorage.FileNamePrefix: "valid values: a-z, A-Z, 0-9, '_', and '-'"; TencentVod.UserDefineRecordId likewise.
const TOKEN = { pattern: /^[A-Za-z0-9_-]+$/, says: "letters, digits, _ and -" };

// MixLayoutParams.BackGroundColor: "a hexadecimal value (starting with "#", followed by the color value) converted
// from an 8-bit RGB value ... #FFA500".
const HEX_COLOUR = { pattern: /^#[0-9A-Fa-f]{6}$/, says: "a #RRGGBB colour" };

const FONTS = ["Tencent", "SourceHanSans"] as const;
const RENDER_MODES = [0, 1, 2, 3] as const;

export const STRUCTS = {
  CreateCloudRecordingRequest: {
    doc: CREATE,
    fields: {
      SdkAppId: { kind: "uint64", ...req },
      // The room's form depends on RoomIdType: apiRules.ts.
      RoomId: { kind: "string", ...req },
      UserId: { kind: "string", ...req },
      UserSig: { kind: "string", ...req },
      RecordParams: { kind: "RecordParams", ...req },
      StorageParams: { kind: "StorageParams", ...req },
      // "0: String, 1: 32-bit integer (default)"
      RoomIdType: { kind: "uint64", values: [0, 1] },
      MixTranscodeParams: { kind: "MixTranscodeParams" },
      MixLayoutParams: { kind: "MixLayoutParams" },
      // "the maximum and minimum values allowed are 720 (30 days) and 6"
      ResourceExpiredHour: { kind: "uint64", min: 6, max: 720 },
      PrivateMapKey: { kind: "string" },
    },
  },
  RecordParams: {
    doc: `${TYPES}#RecordParams`,
    fields: {
      RecordMode: { kind: "uint64", ...req, values: [1, 2] },
      // "greater than or equal to 5 seconds and less than or equal to 86400 seconds"
      MaxIdleTime: { kind: "uint64", min: 5, max: 86400 },
      StreamType: { kind: "uint64", values: [0, 1, 2] },
      SubscribeStreamUserIds: { kind: "SubscribeStreamUserIds" },
      OutputFormat: { kind: "uint64", values: [0, 1, 2, 3, 4] },
      AvMerge: { kind: "uint64", values: [0, 1] },
      // "value range: 1-1440"
      MaxMediaFileDuration: { kind: "uint64", min: 1, max: 1440 },
      MediaId: { kind: "uint64", values: [0, 1, 2] },
      FillType: { kind: "uint64", values: [0, 1] },
      SubscribeAbility: { kind: "uint64", values: [0, 1] },
    },
  },
  SubscribeStreamUserIds: {
    doc: `${TYPES}#SubscribeStreamUserIds`,
    fields: {
      // "The array can contain at most 32 elements."
      SubscribeAudioUserIds: { kind: "string", list: true, maxItems: 32 },
      UnSubscribeAudioUserIds: { kind: "string", list: true, maxItems: 32 },
      SubscribeVideoUserIds: { kind: "string", list: true, maxItems: 32 },
      UnSubscribeVideoUserIds: { kind: "string", list: true, maxItems: 32 },
    },
  },
  StorageParams: {
    doc: `${TYPES}#StorageParams`,
    fields: {
      CloudStorage: { kind: "CloudStorage" },
      CloudVod: { kind: "CloudVod" },
    },
  },
  CloudStorage: {
    doc: `${TYPES}#CloudStorage`,
    fields: {
      // "0: Tencent Cloud COS; 1: AWS storage. Other vendors are not supported currently."
      Vendor: { kind: "uint64", ...req, values: [0, 1] },
      Region: { kind: "string", ...req },
      Bucket: { kind: "string", ...req },
      AccessKey: { kind: "string", ...req },
      SecretKey: { kind: "string", ...req },
      FileNamePrefix: { kind: "string", list: true, format: TOKEN },
      EndpointUrl: { kind: "string", site: "intl" },
    },
  },
  CloudVod: {
    doc: `${TYPES}#CloudVod`,
    fields: { TencentVod: { kind: "TencentVod" } },
  },
  TencentVod: {
    doc: `${TYPES}#TencentVod`,
    fields: {
      Procedure: { kind: "string" },
      ExpireTime: { kind: "uint64" },
      StorageRegion: { kind: "string" },
      ClassId: { kind: "uint64" },
      SubAppId: { kind: "uint64" },
      SessionContext: { kind: "string" },
      SourceContext: { kind: "string" },
      // "0: mp4 (default), 1: hls, 2: aac ..., 3: hls+mp4, 4: hls+aac"
      MediaType: { kind: "uint64", values: [0, 1, 2, 3, 4] },
      // "[length limit: 64 bytes, only allows ... a-zA-Z, 0-9, underline, and hyphen]"
      UserDefineRecordId: { kind: "string", maxBytes: 64, format: TOKEN },
    },
  },
  MixTranscodeParams: {
    doc: `${TYPES}#MixTranscodeParams`,
    fields: {
      VideoParams: { kind: "VideoParams" },
      AudioParams: { kind: "AudioParams" },
    },
  },
  VideoParams: {
    doc: `${TYPES}#VideoParams`,
    fields: {
      // "cannot be larger than 1920"; the Width × Height product is in apiRules.ts.
      Width: { kind: "uint64", ...req, max: 1920 },
      Height: { kind: "uint64", ...req, max: 1920 },
      // "Value range: [1, 60]"
      Fps: { kind: "uint64", ...req, min: 1, max: 60 },
      // "Value range: [64000, 8192000]"
      BitRate: { kind: "uint64", ...req, min: 64000, max: 8192000 },
      Gop: { kind: "uint64", ...req },
    },
  },
  AudioParams: {
    doc: `${TYPES}#AudioParams`,
    fields: {
      SampleRate: { kind: "uint64", ...req, values: [1, 2, 3] },
      Channel: { kind: "uint64", ...req, values: [1, 2] },
      // "Value range: [32000, 128000]"
      BitRate: { kind: "uint64", ...req, min: 32000, max: 128000 },
    },
  },
  MixLayoutParams: {
    doc: `${TYPES}#MixLayoutParams`,
    fields: {
      MixLayoutMode: { kind: "uint64", ...req, values: [1, 2, 3, 4] },
      // "valid if MixLayoutMode is set to 4. Up to 25 videos can be displayed."
      MixLayoutList: { kind: "MixLayout", list: true, maxItems: 25 },
      BackGroundColor: { kind: "string", format: HEX_COLOUR },
      MaxResolutionUserId: { kind: "string" },
      MediaId: { kind: "uint64", values: [0, 1] },
      BackgroundImageUrl: { kind: "string", format: IMAGE_URL },
      PlaceHolderMode: { kind: "uint64", values: [0, 1] },
      // "consistent with the RenderMode defined in MixLayoutList"
      BackgroundImageRenderMode: { kind: "uint64", values: RENDER_MODES },
      DefaultSubBackgroundImage: { kind: "string", format: IMAGE_URL },
      // "Up to 25 watermarks are supported."
      WaterMarkList: { kind: "WaterMark", list: true, maxItems: 25 },
      RenderMode: { kind: "uint64", values: RENDER_MODES },
      MaxResolutionUserAlign: { kind: "uint64", values: [0, 1] },
      PureAudioDisableLayout: { kind: "bool" },
    },
  },
  MixLayout: {
    doc: `${TYPES}#MixLayout`,
    fields: {
      // "Value range: [0, 1920]"; inside the canvas: apiRules.ts.
      Top: { kind: "uint64", ...req, max: 1920 },
      Left: { kind: "uint64", ...req, max: 1920 },
      Width: { kind: "uint64", ...req, max: 1920 },
      Height: { kind: "uint64", ...req, max: 1920 },
      UserId: { kind: "string" },
      // "Value range: [0, 255]"
      Alpha: { kind: "uint64", max: 255 },
      RenderMode: { kind: "uint64", values: RENDER_MODES },
      MediaId: { kind: "uint64", values: [0, 1] },
      ImageLayer: { kind: "uint64" },
      SubBackgroundImage: { kind: "string", format: IMAGE_URL },
    },
  },
  WaterMark: {
    doc: `${TYPES}#WaterMark`,
    fields: {
      WaterMarkType: { kind: "uint64", values: [0, 1, 2] },
      WaterMarkImage: { kind: "WaterMarkImage" },
      WaterMarkChar: { kind: "WaterMarkChar" },
      WaterMarkTimestamp: { kind: "WaterMarkTimestamp" },
    },
  },
  WaterMarkImage: {
    doc: `${TYPES}#WaterMarkImage`,
    fields: {
      WaterMarkUrl: { kind: "string", ...req, format: IMAGE_URL },
      // "Value range: [0, 2560]"
      Top: { kind: "uint64", ...req, max: 2560 },
      Left: { kind: "uint64", ...req, max: 2560 },
      Width: { kind: "uint64", ...req, max: 2560 },
      Height: { kind: "uint64", ...req, max: 2560 },
    },
  },
  WaterMarkChar: {
    doc: `${TYPES}#WaterMarkChar`,
    fields: {
      Top: { kind: "uint64", ...req },
      Left: { kind: "uint64", ...req },
      Width: { kind: "uint64", ...req },
      Height: { kind: "uint64", ...req },
      Chars: { kind: "string", ...req },
      FontSize: { kind: "uint64" },
      FontColor: { kind: "string" },
      BackGroundColor: { kind: "string" },
      // China site: "1. Tencent (default) 2. SourceHanSans"
      Font: {
        kind: "string",
        site: "china",
        values: FONTS,
        doc: "https://cloud.tencent.com/document/api/647/44055#WaterMarkChar",
      },
    },
  },
  WaterMarkTimestamp: {
    doc: `${TYPES}#WaterMarkTimestamp`,
    fields: {
      Pos: { kind: "uint64", ...req, values: [0, 1, 2, 3, 4, 5, 6] },
      // An unsigned integer with no documented range ("The default is UTC+8").
      TimeZone: { kind: "uint64" },
      Font: {
        kind: "string",
        site: "china",
        values: FONTS,
        doc: "https://cloud.tencent.com/document/api/647/44055#WaterMarkTimestamp",
      },
    },
  },
  DescribeCloudRecordingRequest: {
    doc: "https://www.tencentcloud.com/document/api/647/46958",
    fields: {
      SdkAppId: { kind: "uint64", ...req },
      TaskId: { kind: "string", ...req },
      RecorderKey: { kind: "string", site: "china", doc: "https://cloud.tencent.com/document/api/647/73784" },
    },
  },
  ModifyCloudRecordingRequest: {
    doc: "https://www.tencentcloud.com/document/api/647/46957",
    fields: {
      SdkAppId: { kind: "uint64", ...req },
      TaskId: { kind: "string", ...req },
      MixLayoutParams: { kind: "MixLayoutParams" },
      SubscribeStreamUserIds: { kind: "SubscribeStreamUserIds" },
    },
  },
  DeleteCloudRecordingRequest: {
    doc: "https://www.tencentcloud.com/document/api/647/46959",
    fields: {
      SdkAppId: { kind: "uint64", ...req },
      TaskId: { kind: "string", ...req },
    },
  },
  StartWebRecordRequest: {
    doc: START_WEB,
    fields: {
      RecordUrl: { kind: "string", ...req },
      StorageParams: { kind: "StorageParams", ...req },
      SdkAppId: { kind: "int64", ...req },
      // "valid values [1800, 86400]. default 86400s (24 hr)"; the upper bound is a switch (options.ts).
      MaxDurationLimit: { kind: "uint64", min: 1800, max: 86400 },
      WebRecordVideoParams: { kind: "WebRecordVideoParams" },
      // "less than 32 bytes"
      RecordId: { kind: "string", maxBytes: 31 },
      // "supports streaming simultaneously to up to 10 CDN addresses"
      PublishCdnParams: { kind: "McuPublishCdnParam", list: true, maxItems: 10 },
      // "must be greater than or equal to 0 and less than or equal to 60"
      ReadyTimeout: { kind: "uint64", max: 60 },
      EmulateMobileParams: { kind: "EmulateMobileParams" },
    },
  },
  WebRecordVideoParams: {
    doc: `${TYPES}#WebRecordVideoParams`,
    fields: {
      // "a value range of [0, 1920]", "in the range of [0, 1080]"
      Width: { kind: "uint64", max: 1920 },
      Height: { kind: "uint64", max: 1080 },
      // "valid values: hls, mp4"
      Format: { kind: "string", values: ["hls", "mp4"] },
      MaxMediaFileDuration: { kind: "int64", min: 1, max: 1440 },
    },
  },
  McuPublishCdnParam: {
    doc: `${TYPES}#McuPublishCdnParam`,
    fields: {
      PublishCdnUrl: { kind: "string", ...req },
      IsTencentCdn: { kind: "uint64", values: [0, 1] },
    },
  },
  EmulateMobileParams: {
    doc: `${TYPES}#EmulateMobileParams`,
    fields: {
      MobileDeviceType: { kind: "uint64", values: [0, 1] },
      ScreenOrientation: { kind: "uint64", values: [0, 1] },
    },
  },
  DescribeWebRecordRequest: {
    doc: "https://www.tencentcloud.com/document/api/647/72067",
    fields: {
      TaskId: { kind: "string" },
      SdkAppId: { kind: "int64" },
      RecordId: { kind: "string" },
    },
  },
  StopWebRecordRequest: {
    doc: "https://www.tencentcloud.com/document/api/647/72065",
    fields: { TaskId: { kind: "string", ...req } },
  },
} satisfies Record<string, { doc: string; fields: Record<string, FieldSpec> }>;

export type StructName = keyof typeof STRUCTS;

/** Each action's request structure. */
export const REQUEST_STRUCTS: Record<ActionName, StructName> = {
  CreateCloudRecording: "CreateCloudRecordingRequest",
  DescribeCloudRecording: "DescribeCloudRecordingRequest",
  ModifyCloudRecording: "ModifyCloudRecordingRequest",
  DeleteCloudRecording: "DeleteCloudRecordingRequest",
  StartWebRecord: "StartWebRecordRequest",
  DescribeWebRecord: "DescribeWebRecordRequest",
  StopWebRecord: "StopWebRecordRequest",
};

export function structSpec(name: StructName): StructSpec {
  return STRUCTS[name] as StructSpec;
}

export function isStructName(kind: string): kind is StructName {
  return Object.hasOwn(STRUCTS, kind);
}
