// Advisories: what `check` warns about at preview and never fails on. A valid request refused at preview stops a
// recording as surely as an invalid one accepted, so only documented rules are failures (the schemas); these are
//   - recommendations the documentation makes (set IsTencentCdn explicitly, UserIDs of at most 32 bytes, ...);
//   - settings the documentation says are ignored or only take effect with others (MixLayoutList outside mode 4, ...);
//   - places where sources disagree (MaxDurationLimit 36000 on older international pages, room 4294967295);
//   - assumptions: limits no source states that the provider once enforced (byte lengths, ranges, no control
//     characters), kept as warnings because the service may still refuse such values.
// SOURCES.md lists each with its source. Reasons never repeat a value (it may be a secret), only its size.
// Values may be anything here (advisories run on inputs that may also have failed the schema) or unknown at preview.

import type { Site } from "../sites";
import { type CheckFailure, UNKNOWN } from "./issues";
import { canvasOf, MIX_LAYOUT_MODE_NAMES } from "./mixLayout";

type Props = Record<string, unknown>;

const DATA_TYPES = "https://www.tencentcloud.com/document/api/647/36760";
const START_WEB_RECORD = "https://www.tencentcloud.com/document/api/647/72066";
const CONCEPTS = "https://trtc.io/document/37714";

function isObject(value: unknown): value is Props {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

const obj = (value: unknown): Props | undefined => (isObject(value) ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === "number" ? value : undefined);
/** A known string (not the value Pulumi substitutes for outputs unknown at preview). */
const str = (value: unknown): string | undefined =>
  typeof value === "string" && value !== UNKNOWN ? value : undefined;

const bytes = (value: string) => Buffer.byteLength(value, "utf8");

/**
 * Every value at `pattern` ("mixLayoutParams.waterMarkList[].waterMarkChar.chars": `[]` steps into each entry of a
 * list), with its path in the form check failures use (`mixLayoutParams.waterMarkList[0].waterMarkChar.chars`).
 */
export function valuesAt(root: unknown, pattern: string): Array<[string, unknown]> {
  let found: Array<[string, unknown]> = [["", root]];
  for (const segment of pattern.split(".")) {
    const each = segment.endsWith("[]");
    const key = each ? segment.slice(0, -2) : segment;
    const next: Array<[string, unknown]> = [];
    for (const [path, node] of found) {
      const parent = obj(node);
      if (!parent || !(key in parent)) continue;
      const child = parent[key];
      const childPath = path ? `${path}.${key}` : key;
      if (!each) next.push([childPath, child]);
      else if (Array.isArray(child)) {
        child.forEach((item, i) => {
          next.push([`${childPath}[${i}]`, item]);
        });
      }
    }
    found = next;
  }
  return found;
}

/** A limit no source states, which the provider enforced before it followed the sources only. */
interface FormerLimit {
  path: string;
  /** `bytes`: longest string; `entries`: longest list; `range`: integer range. */
  kind: "bytes" | "entries" | "range";
  max: number;
  min?: number;
  unit?: string;
}

const IMAGE_URLS = [
  "mixLayoutParams.backgroundImageUrl",
  "mixLayoutParams.defaultSubBackgroundImage",
  "mixLayoutParams.mixLayoutList[].subBackgroundImage",
  "mixLayoutParams.waterMarkList[].waterMarkImage.waterMarkUrl",
];

const SUBSCRIPTION_LISTS = [
  "subscribeAudioUserIds",
  "unSubscribeAudioUserIds",
  "subscribeVideoUserIds",
  "unSubscribeVideoUserIds",
].map((key) => `recordParams.subscribeStreamUserIds.${key}`);

const maxBytes = (path: string, max: number): FormerLimit => ({ path, kind: "bytes", max });
const maxEntries = (path: string, max: number): FormerLimit => ({ path, kind: "entries", max });
const inRange = (path: string, min: number, max: number, unit?: string): FormerLimit => ({
  path,
  kind: "range",
  min,
  max,
  ...(unit ? { unit } : {}),
});

/** Both actions: SdkAppId a positive integer. */
const SDK_APP_ID_LIMIT = inRange("sdkAppId", 1, Number.MAX_SAFE_INTEGER);

const STORAGE_LIMITS: FormerLimit[] = [
  maxBytes("storageParams.cloudStorage.region", 64),
  maxBytes("storageParams.cloudStorage.bucket", 128),
  maxBytes("storageParams.cloudStorage.accessKey", 256),
  maxBytes("storageParams.cloudStorage.secretKey", 256),
  maxBytes("storageParams.cloudStorage.endpointUrl", 256),
  maxEntries("storageParams.cloudStorage.fileNamePrefix", 10),
  maxBytes("storageParams.cloudStorage.fileNamePrefix[]", 64),
  maxBytes("storageParams.cloudVod.tencentVod.procedure", 128),
  maxBytes("storageParams.cloudVod.tencentVod.storageRegion", 64),
  maxBytes("storageParams.cloudVod.tencentVod.sessionContext", 1000),
  maxBytes("storageParams.cloudVod.tencentVod.sourceContext", 1000),
];

const WATERMARK_CHAR = "mixLayoutParams.waterMarkList[].waterMarkChar";

/** The limits of CreateCloudRecording's fields that no source states (SOURCES.md, "Former limits"). */
export const CLOUD_FORMER_LIMITS: readonly FormerLimit[] = [
  SDK_APP_ID_LIMIT,
  maxBytes("userSig", 4096),
  maxBytes("privateMapKey", 4096),
  ...SUBSCRIPTION_LISTS.map((path) => maxBytes(`${path}[]`, 64)),
  ...STORAGE_LIMITS,
  inRange("mixTranscodeParams.videoParams.width", 1, 1920, "px"),
  inRange("mixTranscodeParams.videoParams.height", 1, 1920, "px"),
  inRange("mixTranscodeParams.videoParams.gop", 1, 60, "seconds"),
  maxBytes("mixLayoutParams.maxResolutionUserId", 64),
  maxBytes("mixLayoutParams.mixLayoutList[].userId", 64),
  inRange("mixLayoutParams.mixLayoutList[].imageLayer", 0, 255),
  ...IMAGE_URLS.map((path) => maxBytes(path, 2048)),
  ...["top", "left", "width", "height"].map((key) => inRange(`${WATERMARK_CHAR}.${key}`, 0, 2560, "px")),
  maxBytes(`${WATERMARK_CHAR}.chars`, 512),
  inRange(`${WATERMARK_CHAR}.fontSize`, 1, 512, "px"),
  maxBytes(`${WATERMARK_CHAR}.fontColor`, 16),
  maxBytes(`${WATERMARK_CHAR}.backGroundColor`, 16),
];

/** The limits of StartWebRecord's fields that no source states. */
export const WEB_FORMER_LIMITS: readonly FormerLimit[] = [
  SDK_APP_ID_LIMIT,
  maxBytes("recordUrl", 2048),
  maxBytes("publishCdnParams[].publishCdnUrl", 2048),
  ...STORAGE_LIMITS,
];

const UNSTATED = "no Tencent source states a limit, so the service may refuse what preview lets through";

function formerLimitAdvisories(inputs: Props, limits: readonly FormerLimit[]): CheckFailure[] {
  const out: CheckFailure[] = [];
  for (const limit of limits) {
    for (const [property, value] of valuesAt(inputs, limit.path)) {
      if (limit.kind === "bytes") {
        const text = str(value);
        if (text !== undefined && bytes(text) > limit.max) {
          out.push({ property, reason: `is longer than ${limit.max} bytes: ${UNSTATED}` });
        }
      } else if (limit.kind === "entries") {
        if (Array.isArray(value) && value.length > limit.max) {
          out.push({ property, reason: `has more than ${limit.max} entries: ${UNSTATED}` });
        }
      } else {
        const n = num(value);
        const min = limit.min ?? 0;
        if (n !== undefined && Number.isInteger(n) && (n < min || n > limit.max)) {
          const unit = limit.unit ? ` ${limit.unit}` : "";
          const range = limit.max === Number.MAX_SAFE_INTEGER ? `below ${min}` : `outside ${min}–${limit.max}${unit}`;
          out.push({
            property,
            reason: `is ${range}: no Tencent source states a range for it, so the service may refuse it`,
          });
        }
      }
    }
  }
  return out;
}

/** Required strings with no documented format: empty is not refused, but probably taken as missing. */
const STORAGE_REQUIRED_TEXT = ["region", "bucket", "accessKey", "secretKey", "fileNamePrefix[]"].map(
  (key) => `storageParams.cloudStorage.${key}`,
);
const CLOUD_REQUIRED_TEXT = [
  "userId",
  "userSig",
  ...STORAGE_REQUIRED_TEXT,
  "mixLayoutParams.waterMarkList[].waterMarkChar.chars",
  ...SUBSCRIPTION_LISTS.map((path) => `${path}[]`),
];
const WEB_REQUIRED_TEXT = ["recordId", ...STORAGE_REQUIRED_TEXT];

function emptyAdvisories(inputs: Props, paths: readonly string[]): CheckFailure[] {
  return paths.flatMap((pattern) =>
    valuesAt(inputs, pattern)
      .filter(([, value]) => value === "")
      .map(([property]) => ({
        property,
        reason: "is empty: no source says what an empty value does, and the service may take it as missing",
      })),
  );
}

function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/** Every API string with a control character (a newline, a tab): nothing documents whether the service takes them. */
function controlCharacterAdvisories(inputs: Props): CheckFailure[] {
  const out: CheckFailure[] = [];
  const walk = (node: unknown, path: string) => {
    if (typeof node === "string") {
      if (hasControlCharacter(node)) {
        out.push({
          property: path,
          reason: "contains control characters (such as a newline or a tab): no source says the service accepts them",
        });
      }
    } else if (Array.isArray(node)) {
      node.forEach((item, i) => {
        walk(item, `${path}[${i}]`);
      });
    } else if (isObject(node)) {
      for (const [key, child] of Object.entries(node)) walk(child, path ? `${path}.${key}` : key);
    }
  };
  for (const [key, value] of Object.entries(inputs)) walk(value, key);
  return out;
}

/** Storage advisories both kinds share. */
function storageAdvisories(inputs: Props): CheckFailure[] {
  const cos = obj(obj(inputs.storageParams)?.cloudStorage);
  if (cos && num(cos.vendor) === 0 && str(cos.endpointUrl) !== undefined) {
    return [
      {
        property: "storageParams.cloudStorage.endpointUrl",
        reason: `replaces the AWS S3 endpoint (vendor 1); no effect is documented with COS (vendor 0) (${DATA_TYPES}#CloudStorage)`,
      },
    ];
  }
  return [];
}

function robotUserIdAdvisories(inputs: Props): CheckFailure[] {
  const userId = str(inputs.userId);
  if (userId === undefined || userId === "") return [];
  const out: CheckFailure[] = [];
  if (bytes(userId) > 32) {
    out.push({
      property: "userId",
      reason: `is longer than 32 bytes: TRTC recommends UserIDs of at most 32 bytes (${CONCEPTS})`,
    });
  }
  // The concepts page names letters, digits and underscores; the official UserSig libraries also take `-`.
  if (!/^[A-Za-z0-9_-]*$/.test(userId)) {
    out.push({
      property: "userId",
      reason: `has characters other than letters, digits, _ and -: TRTC recommends UserIDs of letters, digits and underscores (${CONCEPTS})`,
    });
  }
  return out;
}

function layoutAdvisories(inputs: Props): CheckFailure[] {
  const layout = obj(inputs.mixLayoutParams);
  if (!layout) return [];
  const out: CheckFailure[] = [];
  const mode = num(layout.mixLayoutMode);
  const at = `${DATA_TYPES}#MixLayoutParams`;
  if (mode !== undefined && mode !== 4 && Array.isArray(layout.mixLayoutList) && layout.mixLayoutList.length > 0) {
    out.push({
      property: "mixLayoutParams.mixLayoutList",
      reason: `is ignored with mixLayoutMode ${mode} (${MIX_LAYOUT_MODE_NAMES[mode] ?? "template"}): it is only used with mode 4, custom (${at})`,
    });
  }
  if ((mode === 3 || mode === 4) && layout.maxResolutionUserId !== undefined) {
    out.push({
      property: "mixLayoutParams.maxResolutionUserId",
      reason: `only applies to mixLayoutMode 1 (floating) and 2 (screen share) (${at})`,
    });
  }
  if (mode !== undefined && mode !== 2 && layout.maxResolutionUserAlign !== undefined) {
    out.push({
      property: "mixLayoutParams.maxResolutionUserAlign",
      reason: `only applies to mixLayoutMode 2 (screen share) (${at})`,
    });
  }
  if (mode === 4) {
    for (const key of ["renderMode", "pureAudioDisableLayout"]) {
      if (layout[key] !== undefined) {
        out.push({
          property: `mixLayoutParams.${key}`,
          reason: `only applies to the template layouts (mixLayoutMode 1–3), not to the custom layout (${at})`,
        });
      }
    }
  }
  // Text watermarks: the canvas rule is documented for pictures and image watermarks only.
  const video = obj(obj(inputs.mixTranscodeParams)?.videoParams);
  const canvas = canvasOf({ videoParams: { width: num(video?.width), height: num(video?.height) } });
  for (const [property, value] of valuesAt(inputs, "mixLayoutParams.waterMarkList[].waterMarkChar")) {
    const box = obj(value);
    const [top, left, width, height] = [num(box?.top), num(box?.left), num(box?.width), num(box?.height)];
    if (top === undefined || left === undefined || width === undefined || height === undefined) continue;
    if (left + width > canvas.width || top + height > canvas.height) {
      out.push({
        property,
        reason: `extends past the ${canvas.width} × ${canvas.height} canvas: no source says whether a text watermark may, so the service may refuse or crop it`,
      });
    }
  }
  for (const [property, value] of valuesAt(inputs, "mixLayoutParams.waterMarkList[].waterMarkTimestamp.timeZone")) {
    const zone = num(value);
    if (zone !== undefined && Number.isInteger(zone) && zone > 14) {
      out.push({
        property,
        reason: `is ${zone}: time zones end at UTC+14, and no source says how the service reads larger values (${DATA_TYPES}#WaterMarkTimestamp)`,
      });
    }
  }
  return out;
}

/** The advisories of a CloudRecording's inputs. */
export function cloudRecordingAdvisories(inputs: Props, _site: Site): CheckFailure[] {
  const out: CheckFailure[] = [];
  const record = obj(inputs.recordParams);
  const storage = obj(inputs.storageParams);
  const vod = obj(obj(storage?.cloudVod)?.tencentVod);
  const cos = obj(storage?.cloudStorage);
  const recordMode = num(record?.recordMode);
  const at = `${DATA_TYPES}#RecordParams`;

  out.push(...robotUserIdAdvisories(inputs));
  if (str(inputs.roomId) === "4294967295" && (inputs.roomIdType ?? 1) === 1) {
    out.push({
      property: "roomId",
      reason: `is 4294967295: the TRTC SDK reference gives numeric rooms as 1–4294967294, the concepts page as up to 4294967295 (${CONCEPTS})`,
    });
  }
  if (recordMode === 1) {
    for (const key of ["mixTranscodeParams", "mixLayoutParams"]) {
      if (inputs[key] !== undefined) {
        out.push({
          property: key,
          reason:
            "only applies to mixed recording (recordParams.recordMode 2) (https://www.tencentcloud.com/document/api/647/46960)",
        });
      }
    }
  }
  if (recordMode === 2 && record?.avMerge !== undefined) {
    out.push({
      property: "recordParams.avMerge",
      reason: `only applies to single-stream recording: mixed recordings always merge audio and video (${at})`,
    });
  }
  if (vod && record?.outputFormat !== undefined) {
    out.push({
      property: "recordParams.outputFormat",
      reason: `is ignored when storing to VOD: set storageParams.cloudVod.tencentVod.mediaType instead (${at})`,
    });
  }
  const mediaType = num(vod?.mediaType);
  const streamType = record?.streamType;
  if ((mediaType === 2 || mediaType === 4) && streamType !== 1 && streamType !== UNKNOWN) {
    out.push({
      property: "storageParams.cloudVod.tencentVod.mediaType",
      reason: `(${mediaType === 2 ? "aac" : "hls+aac"}) only takes effect for audio-only recordings (recordParams.streamType 1) (${DATA_TYPES}#TencentVod)`,
    });
  }
  const outputFormat = record?.outputFormat ?? 0;
  const hlsOnly = (cos && !vod && outputFormat === 0) || (vod && mediaType === 1);
  if (hlsOnly && record?.maxMediaFileDuration !== undefined) {
    out.push({ property: "recordParams.maxMediaFileDuration", reason: `has no effect on hls output (${at})` });
  }
  if (num(record?.subscribeAbility) === 1) {
    const allow = obj(record?.subscribeStreamUserIds)?.subscribeAudioUserIds;
    if (!Array.isArray(allow) || allow.length === 0) {
      out.push({
        property: "recordParams.subscribeAbility",
        reason: `is on without an audio allowlist (subscribeStreamUserIds.subscribeAudioUserIds): the documentation recommends one, or the mixed stream and the hosts are both recorded (double audio) (${at})`,
      });
    }
  }
  out.push(...layoutAdvisories(inputs));
  out.push(...storageAdvisories(inputs));
  out.push(...formerLimitAdvisories(inputs, CLOUD_FORMER_LIMITS));
  out.push(...emptyAdvisories(inputs, CLOUD_REQUIRED_TEXT));
  out.push(...controlCharacterAdvisories(inputs));
  return out;
}

/** The advisories of a WebRecording's inputs. */
export function webRecordingAdvisories(inputs: Props, site: Site): CheckFailure[] {
  const out: CheckFailure[] = [];
  const storage = obj(inputs.storageParams);
  const vod = obj(obj(storage?.cloudVod)?.tencentVod);
  const cos = obj(storage?.cloudStorage);
  const video = obj(inputs.webRecordVideoParams);
  const at = `${DATA_TYPES}#WebRecordVideoParams`;

  const duration = num(inputs.maxDurationLimit);
  if (site === "intl" && duration !== undefined && duration > 36000 && duration <= 86400) {
    out.push({
      property: "maxDurationLimit",
      reason: `is above 36000 seconds: the current page allows up to 86400, older international pages and SDKs up to 36000 (${START_WEB_RECORD})`,
    });
  }
  valuesAt(inputs, "publishCdnParams[]").forEach(([property, value]) => {
    const entry = obj(value);
    if (!entry) return;
    if (entry.isTencentCdn === undefined) {
      out.push({
        property: `${property}.isTencentCdn`,
        reason: `is not set (default 1, Tencent CDN): the API recommends setting it explicitly, as relaying to a third-party CDN (0) is billed (${DATA_TYPES}#McuPublishCdnParam)`,
      });
    } else if (entry.isTencentCdn === 0 && site === "china") {
      out.push({
        property: `${property}.isTencentCdn`,
        reason:
          "is 0 (third-party CDN): the China site relays to Tencent CDN only unless Tencent Cloud support enables it",
      });
    }
  });
  if (vod && video?.format !== undefined) {
    out.push({
      property: "webRecordVideoParams.format",
      reason: `is ignored when storing to VOD: set storageParams.cloudVod.tencentVod.mediaType instead (${at})`,
    });
  }
  const mediaType = num(vod?.mediaType);
  const hlsOnly = (cos && !vod && video?.format === "hls") || (vod && mediaType === 1);
  if (hlsOnly && video?.maxMediaFileDuration !== undefined) {
    out.push({ property: "webRecordVideoParams.maxMediaFileDuration", reason: `has no effect on hls output (${at})` });
  }
  if (mediaType === 3) {
    out.push({
      property: "storageParams.cloudVod.tencentVod.mediaType",
      reason: `is 3 (hls+mp4): web recordings are documented as stored in hls or mp4, and both at once is not mentioned (${START_WEB_RECORD})`,
    });
  }
  out.push(...storageAdvisories(inputs));
  out.push(...formerLimitAdvisories(inputs, WEB_FORMER_LIMITS));
  out.push(...emptyAdvisories(inputs, WEB_REQUIRED_TEXT));
  out.push(...controlCharacterAdvisories(inputs));
  return out;
}
