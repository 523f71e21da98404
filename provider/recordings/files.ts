// Where a cloud recording's files land: the object keys (and URLs) TRTC's documented naming rules give for the
// recording mode and output format when the files go to COS or S3, or the fact that VOD uploads are announced only
// by callbacks. Pure functions of the resource inputs and the TaskId, so code outside Pulumi (a callback receiver, a
// download script) computes the same names.
//
// Every rule below names its source. What no source states is marked "Assumption" here and repeated in the `note` of
// the result, so a reader of the stack outputs sees it too.

/** The pages the rules come from. */
const SOURCES = {
  /**
   * "Naming of recording files", "Field description" and the Base64 note of the on-cloud recording feature page.
   * The Chinese version of the same page says more about `<Index>` (see `namingZh`).
   */
  naming: "https://www.tencentcloud.com/document/product/647/45169",
  /** "<Index>: 如果没有触发mp4切片逻辑（大小超过2GB或时长超过24小时）则无该字段，否则为切片的索引号，从1开始递增". */
  namingZh: "https://intl.cloud.tencent.com/zh/document/product/647/45169",
  /** FileNamePrefix: "the recording file xxx.m3u8 will be saved as prefix1/prefix2/TaskId/xxx.m3u8". */
  cloudStorage: "https://www.tencentcloud.com/document/api/647/36760#CloudStorage",
  /** OutputFormat (0 hls default, 1 hls+mp4, 2 hls+aac, 3 mp4, 4 aac), StreamType, MediaId, AvMerge. */
  recordParams: "https://www.tencentcloud.com/document/api/647/36760#RecordParams",
  /** Recording callbacks: 310 lists MP4 names, 311 carries a VOD upload's FileId and VideoUrl, 312 ends VOD. */
  callbacks: "https://www.tencentcloud.com/document/product/647/54914",
  /** COS object key rules (UTF-8, at most 850 bytes) and the example address examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/folder/picture.jpg. */
  cosObject: "https://www.tencentcloud.com/document/product/436/13324",
  /** COS endpoint: <BucketName-APPID>.cos.<Region>.myqcloud.com. */
  cosEndpoint: "https://www.tencentcloud.com/document/product/436/6224",
  /** S3 virtual-hosted-style URL https://bucket-name.s3.region-code.amazonaws.com/key-name; dotted names break TLS. */
  s3VirtualHost: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html",
  /** The same for the China partition: https://bucket-name.s3.region-code.amazonaws.com.cn. */
  s3VirtualHostChina: "https://docs.amazonaws.cn/en_us/AmazonS3/latest/userguide/VirtualHosting.html",
  /** S3 object keys: UTF-8, at most 1,024 bytes. */
  s3Keys: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html",
} as const;

/** Placeholders that stand in file-name patterns for what is only known once the room is recorded. */
export const FILE_NAME_PLACEHOLDERS = {
  userId: "<UserId>",
  utc: "<UTC>",
  index: "<Index>",
  type: "<Type>",
  taskId: "<TaskId>",
  sdkAppId: "<SdkAppId>",
} as const;

const PLACEHOLDER = /<[A-Za-z]+>/;

/** The inputs the names depend on: a subset of a CloudRecording's inputs (camelCase API fields). */
export interface RecordingFileInputs {
  sdkAppId?: number | undefined;
  roomId: string;
  /** `0` string room, `1` (default) numeric room. */
  roomIdType?: number | undefined;
  recordParams: {
    /** `1` single-stream, `2` mixed. */
    recordMode: number;
    /** `0` (default) audio and video, `1` audio only, `2` video only. */
    streamType?: number | undefined;
    /** `0` (default) hls, `1` hls+mp4, `2` hls+aac, `3` mp4, `4` aac. */
    outputFormat?: number | undefined;
    /** Single-stream only: `1` merges a user's audio and video into one file. */
    avMerge?: number | undefined;
    /** `0` (default) main and auxiliary, `1` main only, `2` auxiliary only. */
    mediaId?: number | undefined;
  };
  storageParams: {
    cloudStorage?:
      | {
          /** `0` COS, `1` AWS S3. */
          vendor: number;
          region: string;
          bucket: string;
          fileNamePrefix?: string[] | undefined;
          endpointUrl?: string | undefined;
        }
      | undefined;
    cloudVod?: unknown;
  };
}

/** The task the files belong to. A provider's `TaskAddress` fits. */
export interface RecordingTaskRef {
  taskId: string;
  /** Used when the inputs carry no sdkAppId. */
  sdkAppId?: number | undefined;
}

/** Where a COS/S3 bucket is, for building object URLs. */
export interface BucketLocation {
  /** `0` COS, `1` AWS S3. */
  vendor: number;
  region: string;
  bucket: string;
  /** An S3-compatible endpoint (international site): object URLs are then unknown. */
  endpointUrl?: string | undefined;
}

/** One file (or family of files) the recording writes. No field is ever `undefined`. */
export interface RecordingFile {
  /** `playlist` (.m3u8), `segment` (.ts) or `file` (.mp4 / .aac). */
  kind: "playlist" | "segment" | "file";
  format: "hls" | "mp4" | "aac";
  /** Single-stream: `main` (camera) or `aux` (screen share); empty for a mixed recording. */
  mediaId: string;
  /** Single-stream HLS: `audio`, `video` or `<Type>` (merged audio and video); empty otherwise. */
  trackType: string;
  /** The full object key, or a pattern with placeholders (`pattern` true). */
  key: string;
  /** Whether `key` contains placeholders (`<UserId>`, `<UTC>`, `<Index>`, ...): fill them with `fillFilePattern`. */
  pattern: boolean;
  /** `always`; `notSplit`: exists only if the file was never split; `split`: one per part once it was. */
  when: "always" | "notSplit" | "split";
  /** Object URL of a concrete key where the bucket and region make it known; otherwise null. */
  url: string | null;
  /** False when the name is an assumption no Tencent page states (see `note`). */
  documented: boolean;
  /** The page the name comes from. */
  source: string;
}

/** Where a recording's files land. No field is ever `undefined` (Pulumi outputs). */
export interface RecordingFileLocations {
  /** `cos`, `s3`, `vod`, or `none` when the inputs name no storage. */
  storage: "cos" | "s3" | "vod" | "none";
  /** `objectStorage`: the names below; `callback`: VOD announces each file in callback 311, names unknown ahead. */
  delivery: "objectStorage" | "callback" | "none";
  bucket: string | null;
  region: string | null;
  /** Object-key prefix of every file of the task, ending in `/`: `<fileNamePrefix...>/<TaskId>/`. */
  keyPrefix: string | null;
  /** URL of `keyPrefix` (append a file name); null when unknown. */
  urlPrefix: string | null;
  /** `<SdkAppId>_<RoomId>` as it starts every file name, the room id encoded for a string room. */
  baseName: string | null;
  files: RecordingFile[];
  /** What each placeholder used in `files` stands for. */
  placeholders: Array<{ name: string; meaning: string }>;
  /** What the names rest on: assumptions, unknowns, where the rest of the truth arrives. */
  note: string;
}

/**
 * A user or string-room id as TRTC writes it in file names: Base64 of its UTF-8 bytes with `/` replaced by `-` and
 * `=` by `.` ("<UserId> is encoded into Base64. In the result, "/" is replaced with "-" and "=" is replaced with ".""
 * https://www.tencentcloud.com/document/product/647/45169). `+` stays. That the bytes are UTF-8 is an assumption: the
 * page does not say, and UserIds made of letters, digits, `_` and `-` encode the same in any ASCII-compatible charset.
 */
export function encodeFileNameId(id: string): string {
  return Buffer.from(id, "utf8").toString("base64").replaceAll("/", "-").replaceAll("=", ".");
}

/** The inverse of `encodeFileNameId`: the UserId (or string room id) a file name carries. */
export function decodeFileNameId(encoded: string): string {
  return Buffer.from(encoded.replaceAll("-", "/").replaceAll(".", "="), "base64").toString("utf8");
}

/**
 * The room id as it appears in file names: a string room (roomIdType 0) Base64-encoded like a UserId ("If <RoomId>
 * is a string, it will be encoded into Base64", https://www.tencentcloud.com/document/product/647/45169); a numeric
 * room as its number. Assumption: a numeric room given with leading zeros ("007") is written as the number ("7"), the
 * service treating it as an integer.
 */
export function roomIdInFileNames(roomId: string, roomIdType?: number | undefined): string {
  if (roomIdType === 0) return encodeFileNameId(roomId);
  return /^\d+$/.test(roomId) ? roomId.replace(/^0+(?=\d)/, "") : roomId;
}

// The COS endpoint page writes the bucket as <BucketName-APPID> and regions as ap-guangzhou. Only names of lowercase
// letters, digits and hyphens ending in -<APPID> go into a host name here; anything else gets no URL rather than a
// wrong or unsafe one.
const COS_BUCKET = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?-\d+$/;
const COS_REGION = /^[a-z]+(?:-[a-z0-9]+)+$/;
// S3 bucket names are 3-63 lowercase letters, digits, hyphens and dots
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html), but "the SSL wildcard certificate
// matches only buckets that don't contain dots" (VirtualHosting page), so a dotted bucket gets no https URL.
const S3_BUCKET = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
const S3_REGION = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;

/** The https origin of a bucket, or null when the bucket and region do not make it known. */
function bucketOrigin(location: BucketLocation): string | null {
  const { vendor, region, bucket } = location;
  if (vendor === 0) {
    // https://www.tencentcloud.com/document/product/436/6224: <BucketName-APPID>.cos.<Region>.myqcloud.com
    return COS_BUCKET.test(bucket) && COS_REGION.test(region) ? `https://${bucket}.cos.${region}.myqcloud.com` : null;
  }
  if (vendor === 1) {
    // An S3-compatible endpoint (Cloudflare R2 and the like) has its own addressing, which TRTC does not document.
    if (location.endpointUrl) return null;
    if (!S3_BUCKET.test(bucket) || !S3_REGION.test(region)) return null;
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html; the China partition (cn-north-1,
    // cn-northwest-1) uses amazonaws.com.cn (https://docs.amazonaws.cn/en_us/AmazonS3/latest/userguide/VirtualHosting.html).
    const domain = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
    return `https://${bucket}.s3.${region}.${domain}`;
  }
  return null;
}

/**
 * The URL of an object in a COS or S3 bucket, or null when the bucket and region do not make it known (an
 * S3-compatible endpoint, a dotted S3 bucket name, a bucket or region not in the form the vendor uses). Each key
 * segment is percent-encoded (`+` becomes `%2B`); `/` separates segments. A private bucket still needs a signed
 * request: the URL is the object's address, not a grant.
 */
export function objectUrl(location: BucketLocation, key: string): string | null {
  return urlUnder(bucketOrigin(location), key);
}

/** `objectUrl` with the bucket's origin already worked out. */
function urlUnder(origin: string | null, key: string): string | null {
  if (origin === null) return null;
  const segments = key.split("/");
  // A "." or ".." segment (a TaskId or prefix of dots) is a dot segment to every URL parser, even percent-encoded
  // (https://url.spec.whatwg.org/#single-dot-path-segment): no URL addresses such a key, so none is given.
  if (segments.some((segment) => segment === "." || segment === "..")) return null;
  return `${origin}/${segments.map(encodeURIComponent).join("/")}`;
}

/** Values to put in a pattern's placeholders. */
export interface FilePatternValues {
  /** The recorded user's UserId, as the app knows it: encoded here. */
  userId?: string | undefined;
  /** A segment's `<UTC>` digits (17: year to milliseconds), as read from a playlist or a callback. */
  utc?: string | undefined;
  /** A split file's part number, from 1. */
  index?: number | undefined;
  /** The `<Type>` of a merged single-stream file, once known. */
  type?: string | undefined;
  /**
   * 1, 2 or 3: the name of a file recovered by the service's high-availability scheme, which prefixes the file name
   * with `ha<n>_` ("<Prefix>/<TaskId>/ha1_<SdkAppId>_<RoomId>.m3u8", https://www.tencentcloud.com/document/product/647/45169).
   */
  recovery?: 1 | 2 | 3 | undefined;
}

/** A pattern from `recordingFileLocations` with its placeholders filled; placeholders without a value stay. */
export function fillFilePattern(pattern: string, values: FilePatternValues): string {
  let key = pattern;
  if (values.userId !== undefined) key = key.replaceAll(FILE_NAME_PLACEHOLDERS.userId, encodeFileNameId(values.userId));
  if (values.utc !== undefined) key = key.replaceAll(FILE_NAME_PLACEHOLDERS.utc, values.utc);
  if (values.index !== undefined) key = key.replaceAll(FILE_NAME_PLACEHOLDERS.index, String(values.index));
  if (values.type !== undefined) key = key.replaceAll(FILE_NAME_PLACEHOLDERS.type, values.type);
  if (values.recovery !== undefined) {
    const slash = key.lastIndexOf("/");
    key = `${key.slice(0, slash + 1)}ha${values.recovery}_${key.slice(slash + 1)}`;
  }
  return key;
}

// OutputFormat → the formats written to the bucket; 0 (hls) when omitted.
// https://www.tencentcloud.com/document/api/647/36760#RecordParams
const FORMATS: Record<number, Array<"hls" | "mp4" | "aac">> = {
  0: ["hls"],
  1: ["hls", "mp4"],
  2: ["hls", "aac"],
  3: ["mp4"],
  4: ["aac"],
};
const DEFAULT_OUTPUT_FORMAT = 0;

// RecordParams.MediaId: 0 main and auxiliary (default), 1 main only, 2 auxiliary only; in names `main` / `aux`.
const MEDIA_IDS: Record<number, string[]> = { 0: ["main", "aux"], 1: ["main"], 2: ["aux"] };
// RecordParams.StreamType: 0 audio and video (default), 1 audio only, 2 video only; in names `audio` / `video`.
const TRACK_TYPES: Record<number, string[]> = { 0: ["audio", "video"], 1: ["audio"], 2: ["video"] };

/** Per vendor: its name, its longest object key in bytes, and the pages of its key rules and its addresses. */
const VENDORS = {
  cos: { name: "COS", keyLimit: 850, keys: SOURCES.cosObject, addresses: SOURCES.cosEndpoint },
  s3: { name: "S3", keyLimit: 1024, keys: SOURCES.s3Keys, addresses: SOURCES.s3VirtualHost },
} as const;
// The longest a filled pattern gets: a 32-byte UserId (the longest TRTC recommends,
// https://www.tencentcloud.com/document/product/647/37714), 17 UTC digits, a four-digit part number, and
// "audio_video" as the longest track type the callbacks name.
const LONGEST_VALUES: FilePatternValues = {
  userId: "u".repeat(32),
  utc: "0".repeat(17),
  index: 9999,
  type: "audio_video",
};

interface NameParts {
  keyPrefix: string;
  baseName: string;
  /** The bucket's https origin (`bucketOrigin`), null when unknown. */
  origin: string | null;
}

function entry(
  parts: NameParts,
  fields: Omit<RecordingFile, "key" | "pattern" | "url"> & { name: string },
): RecordingFile {
  const key = `${parts.keyPrefix}${fields.name}`;
  const pattern = PLACEHOLDER.test(key);
  // One field order for every entry, as the interface lists them, so stack outputs read alike.
  return {
    kind: fields.kind,
    format: fields.format,
    mediaId: fields.mediaId,
    trackType: fields.trackType,
    key,
    pattern,
    when: fields.when,
    url: pattern ? null : urlUnder(parts.origin, key),
    documented: fields.documented,
    source: fields.source,
  };
}

/**
 * The documented names, expanded over what the inputs allow. Single-stream:
 *   <SdkAppId>_<RoomId>__UserId_s_<UserId>__UserId_e_<MediaId>_<Type>.m3u8
 *   <SdkAppId>_<RoomId>__UserId_s_<UserId>__UserId_e_<MediaId>_<Type>_<UTC>.ts
 *   <SdkAppId>_<RoomId>__UserId_s_<UserId>__UserId_e_<MediaId>_<Index>.mp4
 * mixed:
 *   <SdkAppId>_<RoomId>.m3u8, <SdkAppId>_<RoomId>_<UTC>.ts, <SdkAppId>_<RoomId>_<Index>.mp4
 * (https://www.tencentcloud.com/document/product/647/45169). `_<Index>` is absent unless the file was split
 * (https://intl.cloud.tencent.com/zh/document/product/647/45169), hence a `notSplit` and a `split` entry.
 */
function namedFiles(
  parts: NameParts,
  params: RecordingFileInputs["recordParams"],
  formats: Array<"hls" | "mp4" | "aac">,
): RecordingFile[] {
  const files: RecordingFile[] = [];
  const single = params.recordMode === 1;
  const mediaIds = single ? (MEDIA_IDS[params.mediaId ?? 0] ?? MEDIA_IDS[0] ?? []) : [""];
  // Assumption: a merged single-stream file (AvMerge 1, "merged into one ts") keeps the <Type> position with a value
  // the page does not name (the callbacks call such a track audio_video); it stays a placeholder.
  const merged = single && params.avMerge === 1;
  const trackTypes = merged ? [FILE_NAME_PLACEHOLDERS.type] : (TRACK_TYPES[params.streamType ?? 0] ?? []);
  const { baseName } = parts;
  for (const format of formats) {
    for (const mediaId of mediaIds) {
      const stem = single ? `${baseName}__UserId_s_${FILE_NAME_PLACEHOLDERS.userId}__UserId_e_${mediaId}` : baseName;
      if (format === "hls") {
        for (const trackType of single ? trackTypes : [""]) {
          const hlsStem = single ? `${stem}_${trackType}` : stem;
          const common = { format, mediaId, trackType, documented: !merged, source: SOURCES.naming } as const;
          files.push(entry(parts, { ...common, kind: "playlist", when: "always", name: `${hlsStem}.m3u8` }));
          files.push(
            entry(parts, {
              ...common,
              kind: "segment",
              when: "always",
              name: `${hlsStem}_${FILE_NAME_PLACEHOLDERS.utc}.ts`,
            }),
          );
        }
        continue;
      }
      // Assumption: AAC files are named like MP4 files with the .aac extension; the naming rules list no AAC names.
      const documented = format === "mp4";
      const common = { kind: "file", format, mediaId, trackType: "", documented } as const;
      files.push(entry(parts, { ...common, when: "notSplit", name: `${stem}.${format}`, source: SOURCES.namingZh }));
      files.push(
        entry(parts, {
          ...common,
          when: "split",
          name: `${stem}_${FILE_NAME_PLACEHOLDERS.index}.${format}`,
          source: SOURCES.naming,
        }),
      );
    }
  }
  return files;
}

function placeholdersOf(files: RecordingFile[], roomIsString: boolean): Array<{ name: string; meaning: string }> {
  const meanings: Array<[string, string]> = [
    [FILE_NAME_PLACEHOLDERS.taskId, "the TaskId CreateCloudRecording returns (not known yet when this was computed)"],
    [FILE_NAME_PLACEHOLDERS.sdkAppId, "the SDKAppID of the application (not known when this was computed)"],
    [
      FILE_NAME_PLACEHOLDERS.userId,
      'a recorded user\'s UserId, Base64-encoded with "/" replaced by "-" and "=" by "." (fillFilePattern or encodeFileNameId does it)',
    ],
    [
      FILE_NAME_PLACEHOLDERS.utc,
      "the segment's start time, year to milliseconds in 17 digits; the page says UTC+0 but its own example reads as UTC+8, so take it from the playlist rather than computing it",
    ],
    [
      FILE_NAME_PLACEHOLDERS.index,
      "the part number, from 1, of a file split above 2 GB or 24 hours (or maxMediaFileDuration minutes)",
    ],
    [
      FILE_NAME_PLACEHOLDERS.type,
      "the track type of a merged single-stream file (avMerge 1), which the naming rules do not name",
    ],
  ];
  const used = (name: string) => files.some((f) => f.key.includes(name));
  const list = meanings.filter(([name]) => used(name)).map(([name, meaning]) => ({ name, meaning }));
  if (roomIsString) {
    list.push({
      name: "<RoomId>",
      meaning: 'already filled in: the string room id, Base64-encoded with "/" replaced by "-" and "=" by "."',
    });
  }
  return list;
}

/** Locations of a recording that writes no named files: no bucket, no prefix, no names, only `note`. */
function unnamedLocations(
  storage: "vod" | "none",
  delivery: "callback" | "none",
  note: string,
): RecordingFileLocations {
  return {
    storage,
    delivery,
    bucket: null,
    region: null,
    keyPrefix: null,
    urlPrefix: null,
    baseName: null,
    files: [],
    placeholders: [],
    note,
  };
}

const VOD_NOTE =
  "Files go to Tencent Cloud VOD, which names them itself: no name is known in advance and DescribeCloudRecording " +
  "lists none (https://www.tencentcloud.com/document/product/647/45169). Each uploaded file arrives in recording " +
  "callback 311 (EVENT_TYPE_CLOUD_RECORDING_VOD_COMMIT) with its FileId and VideoUrl, and 312 says the VOD task " +
  "ended (https://www.tencentcloud.com/document/product/647/54914).";

const NO_STORAGE_NOTE =
  "storageParams names neither cloudStorage nor cloudVod, so the recording writes no files anywhere known.";

/**
 * Where the files of a cloud recording land. For COS/S3: the object-key prefix of the task, the names the
 * documented rules give for the recording mode and output format (per-user names of a single-stream recording as
 * patterns with `<UserId>`, since users are only known once they publish), and object URLs where the bucket and
 * region make them known. For VOD: that files are announced by callbacks only. Does not throw on inputs of this
 * shape (an unknown code gives no names and says so in `note`); nothing in the result is `undefined`; the storage
 * keys are never copied into it. `storageFiles` (what DescribeCloudRecording reported) remains the observed truth.
 *
 * @example
 * ```ts
 * const where = recordingFileLocations(
 *   { sdkAppId: 1400123456, roomId: "12345", recordParams: { recordMode: 2 },
 *     storageParams: { cloudStorage: { vendor: 0, region: "ap-guangzhou", bucket: "rec-1250000000" } } },
 *   { taskId },
 * );
 * where.files[0].url; // https://rec-1250000000.cos.ap-guangzhou.myqcloud.com/<TaskId>/1400123456_12345.m3u8
 * ```
 */
export function recordingFileLocations(inputs: RecordingFileInputs, task: RecordingTaskRef): RecordingFileLocations {
  const storage = inputs.storageParams?.cloudStorage;
  if (!storage) {
    return inputs.storageParams?.cloudVod !== undefined
      ? unnamedLocations("vod", "callback", VOD_NOTE)
      : unnamedLocations("none", "none", NO_STORAGE_NOTE);
  }

  const notes: string[] = [];
  const kind = storage.vendor === 1 ? "s3" : "cos";
  const taskId = task.taskId ? task.taskId : FILE_NAME_PLACEHOLDERS.taskId;
  const sdkAppId = inputs.sdkAppId ?? task.sdkAppId;
  const room = roomIdInFileNames(inputs.roomId, inputs.roomIdType);
  const baseName = `${sdkAppId ?? FILE_NAME_PLACEHOLDERS.sdkAppId}_${room}`;
  // "[\"prefix1\", \"prefix2\"] ... saved as prefix1/prefix2/TaskId/xxx.m3u8" (CloudStorage.FileNamePrefix).
  const keyPrefix = `${[...(storage.fileNamePrefix ?? []), taskId].join("/")}/`;
  const origin = bucketOrigin(storage);
  const vendor = VENDORS[kind];
  const parts: NameParts = { keyPrefix, baseName, origin };

  const params = inputs.recordParams;
  const outputFormat = params.outputFormat ?? DEFAULT_OUTPUT_FORMAT;
  const formats = FORMATS[outputFormat] ?? [];
  const modeKnown = params.recordMode === 1 || params.recordMode === 2;
  const files = modeKnown ? namedFiles(parts, params, formats) : [];

  notes.push(
    `Object keys follow TRTC's file naming rules (${SOURCES.naming}); files appear as they are uploaded, and ` +
      "storageFiles lists what DescribeCloudRecording has seen.",
  );
  if (!modeKnown) notes.push(`recordMode ${String(params.recordMode)} is not 1 or 2: no names can be given.`);
  if (formats.length === 0) notes.push(`outputFormat ${String(outputFormat)} is not 0-4: no names can be given.`);
  if (!task.taskId) notes.push("The TaskId is not known yet: keys hold <TaskId>.");
  if (sdkAppId === undefined) notes.push("The SDKAppID is not known: keys hold <SdkAppId>.");
  if (params.recordMode === 1) {
    notes.push(
      "Single-stream names hold <UserId> for each recorded user (fill it with fillFilePattern); not every " +
        "MediaId/Type combination listed necessarily occurs (a user who never shares a screen has no aux files).",
    );
  }
  if (inputs.roomIdType === 0) notes.push("The string room id appears Base64-encoded in the names.");
  if (inputs.roomIdType !== 0 && room !== inputs.roomId) {
    notes.push(`Assumption: the numeric room ${inputs.roomId} is written as ${room}, without leading zeros.`);
  }
  if (formats.includes("mp4") || formats.includes("aac")) {
    notes.push(
      `An MP4/AAC name has no _<Index> unless the file was split (over 2 GB, 24 hours or maxMediaFileDuration), ` +
        `then every part has one (${SOURCES.namingZh}); callback 310 lists the MP4 names written (${SOURCES.callbacks}).`,
    );
  }
  if (formats.includes("aac")) {
    notes.push("Assumption: AAC files are named like MP4 files with the .aac extension; the naming rules list none.");
  }
  if (outputFormat === 3 || outputFormat === 4) {
    notes.push(
      "Assumption: with mp4-only or aac-only output no HLS files are listed; the rules do not say whether the " +
        "HLS the service records first stays in the bucket.",
    );
  }
  if (params.recordMode === 1 && params.avMerge === 1) {
    notes.push("Assumption: merged audio/video files (avMerge 1) keep a <Type> the naming rules do not name.");
  }
  if (files.some((f) => f.format === "hls")) {
    notes.push(
      "After a failover the service may write HLS files again with an ha1_, ha2_ or ha3_ prefix on the file name " +
        "(fillFilePattern's recovery option).",
    );
  }

  const urlPrefix = PLACEHOLDER.test(keyPrefix) ? null : urlUnder(origin, keyPrefix);
  if (origin === null) {
    notes.push(
      kind === "s3" && storage.endpointUrl
        ? "Object URLs are unknown: TRTC does not document how an S3-compatible endpoint addresses objects."
        : kind === "s3" && storage.bucket.includes(".")
          ? `Object URLs are unknown: a dotted S3 bucket has no valid https virtual-hosted URL (${SOURCES.s3VirtualHost}).`
          : `Object URLs are unknown: bucket "${storage.bucket}" in "${storage.region}" is not in the form ${vendor.name} addresses.`,
    );
  } else {
    notes.push(`URLs are the objects' addresses (${vendor.addresses}); a private bucket needs a signed request.`);
  }
  const longest = files.reduce((n, f) => Math.max(n, Buffer.byteLength(fillFilePattern(f.key, LONGEST_VALUES))), 0);
  if (longest > vendor.keyLimit) {
    notes.push(
      `Some keys can be longer than the ${vendor.keyLimit} bytes ${vendor.name} allows (${vendor.keys}): ` +
        "shorten fileNamePrefix.",
    );
  }

  return {
    storage: kind,
    delivery: "objectStorage",
    bucket: storage.bucket,
    region: storage.region,
    keyPrefix,
    urlPrefix,
    baseName,
    files,
    placeholders: placeholdersOf(files, inputs.roomIdType === 0),
    note: notes.join(" "),
  };
}
