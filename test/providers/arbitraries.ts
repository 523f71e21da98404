// Generators of valid resource inputs across the whole documented space of both resources (every field, nested
// types, custom layouts and watermarks inside the canvas, both storage kinds, both sites), and of corruptions that
// each break exactly one documented rule at a known property path. The rules themselves live in provider/schemas.

import fc from "fast-check";
import type { ActionName } from "../../provider/api/actions";
import { regionsFor } from "../../provider/api/regions";

export type Props = Record<string, unknown>;
export type Site = "intl" | "china";
export const SITES: readonly Site[] = ["intl", "china"];

/** C0 controls and DEL: what the schemas refuse in every string (header and log injection). */
export function hasControl(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}
const TOKEN_CHARS = [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"];
const ASCII_PRINTABLE = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i));

/** Printable text (any script, emoji) of 1..maxBytes UTF-8 bytes: no control characters. */
export function text(maxBytes: number): fc.Arbitrary<string> {
  const short = fc
    .string({ unit: "grapheme", minLength: 1, maxLength: Math.min(maxBytes, 24) })
    .filter((s) => s.length > 0 && !hasControl(s) && Buffer.byteLength(s) <= maxBytes);
  // Right at the limit too, where an off-by-one between characters and bytes would show.
  const atLimit = fc
    .array(fc.constantFrom(...ASCII_PRINTABLE), { minLength: Math.max(1, maxBytes - 2), maxLength: maxBytes })
    .map((chars) => chars.join(""));
  return fc.oneof({ arbitrary: short, weight: 9 }, { arbitrary: atLimit, weight: 1 });
}

/** Letters, digits, `_` and `-`, 1..maxBytes. */
export function token(maxBytes: number): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(...TOKEN_CHARS), { minLength: 1, maxLength: Math.min(maxBytes, 16) }).chain((chars) =>
    fc.oneof(
      fc.constant(chars.join("")),
      fc.array(fc.constantFrom(...TOKEN_CHARS), { minLength: maxBytes, maxLength: maxBytes }).map((c) => c.join("")),
    ),
  );
}

const hostName = fc
  .array(fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/), { minLength: 1, maxLength: 3 })
  .map((labels) => `${labels.join(".")}.example`);

/** An http(s) image URL ending in .jpg, .jpeg or .png, within the documented characters. */
export const imageUrl: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom("http", "https"),
    hostName,
    fc.array(token(12), { maxLength: 3 }),
    token(12),
    fc.constantFrom("jpg", "jpeg", "png", "PNG", "JPG"),
    fc.constantFrom("", "?v=1", "?size=large&x=(1)"),
  )
  .map(([scheme, host, dirs, file, ext, query]) => `${scheme}://${host}/${[...dirs, file].join("/")}.${ext}${query}`);

/** Any absolute http(s) page URL. */
export const pageUrl: fc.Arbitrary<string> = fc
  .webUrl({ withQueryParameters: true, withFragments: true })
  .filter((u) => !/\s/.test(u) && !hasControl(u) && Buffer.byteLength(u) <= 2048);

export const rtmpUrl: fc.Arbitrary<string> = fc
  .tuple(hostName, token(20), fc.stringMatching(/^[0-9a-f]{8,32}$/))
  .map(([host, stream, key]) => `rtmp://${host}/live/${stream}?txSecret=${key}&txTime=65F0A000`);

export const hexColor: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 0, max: 0xffffff }), fc.boolean())
  .map(([n, upper]) => {
    const hex = n.toString(16).padStart(6, "0");
    return `#${upper ? hex.toUpperCase() : hex}`;
  });

const numericRoom = fc.integer({ min: 1, max: 4_294_967_294 }).map(String);
const stringRoom = fc
  .array(fc.constantFrom(..."ABCxyz0189 !#$%&()+-:;<=.>?@[]^_{}|~,"), { minLength: 1, maxLength: 64 })
  .map((chars) => chars.join(""));

/** Optional keys: each present or absent, never `undefined`. */
function optionalRecord<T extends Record<string, fc.Arbitrary<unknown>>>(
  model: T,
  required: Array<keyof T & string> = [],
): fc.Arbitrary<Props> {
  return fc.record(model, { requiredKeys: required }) as fc.Arbitrary<Props>;
}

export interface Canvas {
  width: number;
  height: number;
}

/** The documented canvas without mixTranscodeParams.videoParams. */
export const DEFAULT_CANVAS: Canvas = { width: 360, height: 640 };

/** A box (top, left, width, height) inside the canvas, each coordinate within [0, max]. */
function boxInside(
  canvas: Canvas,
  max: number,
): fc.Arbitrary<{ top: number; left: number; width: number; height: number }> {
  const w = Math.min(canvas.width, max);
  const h = Math.min(canvas.height, max);
  return fc.tuple(fc.integer({ min: 0, max: w }), fc.integer({ min: 0, max: h })).chain(([width, height]) =>
    fc.record({
      top: fc.integer({ min: 0, max: h - height }),
      left: fc.integer({ min: 0, max: w - width }),
      width: fc.constant(width),
      height: fc.constant(height),
    }),
  );
}

function mixLayout(canvas: Canvas): fc.Arbitrary<Props> {
  return fc
    .tuple(
      boxInside(canvas, 1920),
      optionalRecord({
        userId: text(64),
        alpha: fc.integer({ min: 0, max: 255 }),
        renderMode: fc.constantFrom(0, 1, 2, 3),
        mediaId: fc.constantFrom(0, 1),
        imageLayer: fc.integer({ min: 0, max: 255 }),
        subBackgroundImage: imageUrl,
      }),
    )
    .map(([box, rest]) => ({ ...box, ...rest }));
}

function waterMark(canvas: Canvas, site: Site): fc.Arbitrary<Props> {
  const font: Record<string, fc.Arbitrary<unknown>> = site === "china"
    ? { font: fc.constantFrom("Tencent", "SourceHanSans") }
    : {};
  const image = fc.tuple(boxInside(canvas, 2560), imageUrl).map(([box, waterMarkUrl]) => ({ waterMarkUrl, ...box }));
  const char = fc
    .tuple(
      boxInside(canvas, 2560),
      text(512),
      optionalRecord({
        fontSize: fc.integer({ min: 1, max: 512 }),
        fontColor: fc.constantFrom("0xFFFFFF", "0x000000", "0xBBCCBB"),
        backGroundColor: fc.constantFrom("0xBBCCBB", "0x101820"),
        ...font,
      }),
    )
    .map(([box, chars, rest]) => ({ ...box, chars, ...rest }));
  const timestamp = optionalRecord(
    { pos: fc.integer({ min: 0, max: 6 }), timeZone: fc.integer({ min: -12, max: 14 }), ...font },
    ["pos"],
  );
  return fc.oneof(
    // waterMarkType omitted means 0, an image.
    image.map((waterMarkImage) => ({ waterMarkImage })),
    image.map((waterMarkImage) => ({ waterMarkType: 0, waterMarkImage })),
    char.map((waterMarkChar) => ({ waterMarkType: 1, waterMarkChar })),
    timestamp.map((waterMarkTimestamp) => ({ waterMarkType: 2, waterMarkTimestamp })),
    // The other objects may be given too; only the one for the type is required, and every box must fit.
    fc
      .tuple(timestamp, image)
      .map(([waterMarkTimestamp, waterMarkImage]) => ({ waterMarkType: 2, waterMarkTimestamp, waterMarkImage })),
  );
}

export function mixLayoutParams(canvas: Canvas, site: Site): fc.Arbitrary<Props> {
  const common = {
    backGroundColor: hexColor,
    maxResolutionUserId: text(64),
    mediaId: fc.constantFrom(0, 1),
    backgroundImageUrl: imageUrl,
    placeHolderMode: fc.constantFrom(0, 1),
    backgroundImageRenderMode: fc.constantFrom(0, 1, 2, 3),
    defaultSubBackgroundImage: imageUrl,
    waterMarkList: fc.array(waterMark(canvas, site), { maxLength: 4 }),
    renderMode: fc.constantFrom(0, 1, 2, 3),
    maxResolutionUserAlign: fc.constantFrom(0, 1),
    pureAudioDisableLayout: fc.boolean(),
  };
  const template = optionalRecord({ mixLayoutMode: fc.constantFrom(1, 2, 3), ...common }, ["mixLayoutMode"]);
  const custom = optionalRecord(
    {
      mixLayoutMode: fc.constant(4),
      mixLayoutList: fc.oneof(
        { arbitrary: fc.array(mixLayout(canvas), { minLength: 1, maxLength: 4 }), weight: 9 },
        { arbitrary: fc.array(mixLayout(canvas), { minLength: 25, maxLength: 25 }), weight: 1 },
      ),
      ...common,
    },
    ["mixLayoutMode", "mixLayoutList"],
  );
  return fc.oneof(template, custom);
}

const userIdList = fc.oneof(
  { arbitrary: fc.array(text(64), { maxLength: 4 }), weight: 9 },
  { arbitrary: fc.array(text(64), { minLength: 32, maxLength: 32 }), weight: 1 },
);

/** Allow or block lists per media, never both non-empty for one medium. */
const subscribeStreamUserIds: fc.Arbitrary<Props> = fc
  .tuple(fc.constantFrom("allow", "block", "none"), fc.constantFrom("allow", "block", "none"), userIdList, userIdList)
  .map(([audio, video, audioIds, videoIds]) => {
    const out: Props = {};
    if (audio === "allow") out.subscribeAudioUserIds = audioIds;
    if (audio === "block") out.unSubscribeAudioUserIds = audioIds;
    if (video === "allow") out.subscribeVideoUserIds = videoIds;
    if (video === "block") out.unSubscribeVideoUserIds = videoIds;
    return out;
  });

const recordParams: fc.Arbitrary<Props> = optionalRecord(
  {
    recordMode: fc.constantFrom(1, 2),
    maxIdleTime: fc.integer({ min: 5, max: 86400 }),
    streamType: fc.constantFrom(0, 1, 2),
    subscribeStreamUserIds,
    outputFormat: fc.constantFrom(0, 1, 2, 3, 4),
    avMerge: fc.constantFrom(0, 1),
    maxMediaFileDuration: fc.integer({ min: 1, max: 1440 }),
    mediaId: fc.constantFrom(0, 1, 2),
    fillType: fc.constantFrom(0, 1),
    subscribeAbility: fc.constantFrom(0, 1),
  },
  ["recordMode"],
);

function cloudStorage(site: Site, vendors: readonly number[]): fc.Arbitrary<Props> {
  return optionalRecord(
    {
      vendor: fc.constantFrom(...vendors),
      region: text(64),
      bucket: text(128),
      accessKey: text(256),
      secretKey: text(256),
      fileNamePrefix: fc.array(token(64), { maxLength: 10 }),
      ...(site === "intl" ? { endpointUrl: text(256) } : {}),
    },
    ["vendor", "region", "bucket", "accessKey", "secretKey"],
  );
}

function tencentVod(mediaTypes: readonly number[]): fc.Arbitrary<Props> {
  return optionalRecord({
    procedure: text(128),
    expireTime: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    storageRegion: text(64),
    classId: fc.nat(),
    subAppId: fc.nat(),
    sessionContext: text(1000),
    sourceContext: text(1000),
    mediaType: fc.constantFrom(...mediaTypes),
    userDefineRecordId: token(64),
  });
}

function storageParams(site: Site, vendors: readonly number[], mediaTypes: readonly number[]): fc.Arbitrary<Props> {
  return fc.oneof(
    cloudStorage(site, vendors).map((s) => ({ cloudStorage: s })),
    optionalRecord({ tencentVod: tencentVod(mediaTypes) }).map((v) => ({ cloudVod: v })),
  );
}

const videoParams: fc.Arbitrary<Props> = fc.integer({ min: 1, max: 1920 }).chain((width) =>
  fc.record({
    width: fc.constant(width),
    height: fc.integer({ min: 1, max: Math.min(1920, Math.floor((1920 * 1080) / width)) }),
    fps: fc.integer({ min: 1, max: 60 }),
    bitRate: fc.integer({ min: 64000, max: 8192000 }),
    gop: fc.integer({ min: 1, max: 60 }),
  }),
);

const audioParams: fc.Arbitrary<Props> = fc.record({
  sampleRate: fc.constantFrom(1, 2, 3),
  channel: fc.constantFrom(1, 2),
  bitRate: fc.integer({ min: 32000, max: 128000 }),
});

function region(site: Site, action: ActionName): fc.Arbitrary<string> {
  return fc.constantFrom(...regionsFor(site, action));
}

const extras = {
  whenEnded: fc.constantFrom("recreate", "keep"),
  adoptTaskId: text(512),
};

/** Valid CloudRecording inputs for a site, as a program would pass them (region and sdkAppId optional). */
export function cloudInputs(site: Site): fc.Arbitrary<Props> {
  const room = fc.oneof(
    fc.record({ roomId: numericRoom }),
    fc.record({ roomId: numericRoom, roomIdType: fc.constant(1) }),
    fc.record({ roomId: stringRoom, roomIdType: fc.constant(0) }),
  );
  const transcode = fc.option(optionalRecord({ videoParams, audioParams }), { nil: undefined });
  return fc.tuple(room, transcode).chain(([roomFields, mixTranscodeParams]) => {
    const canvas = (mixTranscodeParams?.videoParams as Canvas | undefined) ?? DEFAULT_CANVAS;
    return fc
      .tuple(
        optionalRecord(
          {
            sdkAppId: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
            userId: token(32),
            userSig: text(4096),
            recordParams,
            storageParams: storageParams(site, [0, 1], [0, 1, 2, 3, 4]),
            mixLayoutParams: mixLayoutParams(canvas, site),
            resourceExpiredHour: fc.integer({ min: 6, max: 720 }),
            privateMapKey: text(4096),
            region: region(site, "CreateCloudRecording"),
            ...extras,
          },
          ["recordParams", "storageParams"],
        ),
        fc.constant(roomFields),
        fc.constant(mixTranscodeParams),
      )
      .map(([fields, rooms, transcodeParams]) => {
        const inputs: Props = { ...fields, ...rooms };
        if (transcodeParams !== undefined) inputs.mixTranscodeParams = transcodeParams;
        // aac output (VOD media types 2 and 4) needs an audio-only recording.
        const vod = (inputs.storageParams as Props).cloudVod as Props | undefined;
        const mediaType = (vod?.tencentVod as Props | undefined)?.mediaType;
        if (mediaType === 2 || mediaType === 4)
          inputs.recordParams = { ...(inputs.recordParams as Props), streamType: 1 };
        return inputs;
      });
  });
}

/** Valid WebRecording inputs for a site. */
export function webInputs(site: Site): fc.Arbitrary<Props> {
  return optionalRecord(
    {
      recordUrl: pageUrl,
      // Web-page recording stores to COS (vendor 0) or VOD as mp4 or hls only.
      storageParams: storageParams(site, [0], [0, 1]),
      sdkAppId: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
      maxDurationLimit: fc.integer({ min: 1800, max: 86400 }),
      webRecordVideoParams: optionalRecord({
        width: fc.integer({ min: 0, max: 1920 }),
        height: fc.integer({ min: 0, max: 1080 }),
        format: fc.constantFrom("hls", "mp4"),
        maxMediaFileDuration: fc.integer({ min: 1, max: 1440 }),
      }),
      recordId: text(31),
      publishCdnParams: fc.oneof(
        {
          arbitrary: fc.array(
            optionalRecord({ publishCdnUrl: rtmpUrl, isTencentCdn: fc.constantFrom(0, 1) }, ["publishCdnUrl"]),
            { maxLength: 3 },
          ),
          weight: 4,
        },
        { arbitrary: fc.array(fc.record({ publishCdnUrl: rtmpUrl }), { minLength: 10, maxLength: 10 }), weight: 1 },
      ),
      readyTimeout: fc.integer({ min: 0, max: 60 }),
      emulateMobileParams: optionalRecord({
        mobileDeviceType: fc.constantFrom(0, 1),
        screenOrientation: fc.constantFrom(0, 1),
      }),
      region: region(site, "StartWebRecord"),
      ...extras,
    },
    ["recordUrl", "storageParams"],
  );
}

export type Kind = "cloud" | "web";

/** Valid inputs of either resource on either site. */
export const anyValidInputs: fc.Arbitrary<{ kind: Kind; site: Site; inputs: Props }> = fc
  .tuple(fc.constantFrom<Kind>("cloud", "web"), fc.constantFrom(...SITES))
  .chain(([kind, site]) =>
    (kind === "cloud" ? cloudInputs(site) : webInputs(site)).map((inputs) => ({ kind, site, inputs })),
  );

// --- corruptions ---------------------------------------------------------------------------------------------

/** Breaks exactly one documented rule in a copy of valid inputs. */
export interface Corruption {
  kind: Kind;
  rule: "range" | "enum" | "type" | "charset" | "length" | "url" | "image-url" | "list-size" | "cross-field" | "site";
  /** The property the failure must name. */
  path: string;
  /** Mutates `inputs`; false when these inputs cannot host this corruption (the case is then skipped). */
  apply(inputs: Props, site: Site, choose: <T>(values: readonly T[]) => T): boolean;
}

function child(parent: Props, key: string, make: () => Props = () => ({})): Props {
  if (parent[key] === undefined) parent[key] = make();
  return parent[key] as Props;
}

function canvasOf(inputs: Props): Canvas {
  const video = (inputs.mixTranscodeParams as Props | undefined)?.videoParams as Canvas | undefined;
  return video ?? DEFAULT_CANVAS;
}

/** Both storage kinds at once: adds whichever of COS and VOD the inputs lack. */
function bothStorageKinds(kind: Kind): Corruption {
  return {
    kind,
    rule: "cross-field",
    path: "storageParams.cloudVod",
    apply(inputs) {
      const storage = inputs.storageParams as Props;
      if (storage.cloudStorage === undefined) {
        storage.cloudStorage = {
          vendor: 0,
          region: "ap-singapore",
          bucket: "b-1250000000",
          accessKey: "a",
          secretKey: "s",
        };
      } else {
        storage.cloudVod = {};
      }
      return true;
    },
  };
}

/** A field set to one of `values` (creating optional parents with valid minimal contents). */
function setting(
  kind: Kind,
  rule: Corruption["rule"],
  path: string,
  values: readonly unknown[],
  parentOf: (inputs: Props, site: Site) => Props | undefined,
): Corruption {
  const key = path.split(".").at(-1) as string;
  return {
    kind,
    rule,
    path,
    apply(inputs, site, choose) {
      const parent = parentOf(inputs, site);
      if (!parent) return false;
      parent[key] = choose(values);
      return true;
    },
  };
}

const top = (inputs: Props) => inputs;
const recordParamsOf = (inputs: Props) => inputs.recordParams as Props;
const layoutOf = (inputs: Props) => child(inputs, "mixLayoutParams", () => ({ mixLayoutMode: 3 }));
const cosOf = (inputs: Props) => (inputs.storageParams as Props).cloudStorage as Props | undefined;
const vodOf = (inputs: Props) => {
  const vod = (inputs.storageParams as Props).cloudVod as Props | undefined;
  return vod ? child(vod, "tencentVod") : undefined;
};

const numericRoomOnly = (inputs: Props) => (inputs.roomIdType === 0 ? undefined : inputs);
const stringRoomOnly = (inputs: Props) => (inputs.roomIdType === 0 ? inputs : undefined);

export const CLOUD_CORRUPTIONS: readonly Corruption[] = [
  setting("cloud", "range", "recordParams.maxIdleTime", [4, 0, 86401, -30], recordParamsOf),
  setting("cloud", "range", "resourceExpiredHour", [5, 721, 0], top),
  setting("cloud", "range", "sdkAppId", [0, -1, 1.5, Number.MAX_SAFE_INTEGER + 2], top),
  setting("cloud", "range", "mixTranscodeParams.videoParams.fps", [0, 61], (i) =>
    canvasOf(i) !== DEFAULT_CANVAS ? ((i.mixTranscodeParams as Props).videoParams as Props) : undefined,
  ),
  setting("cloud", "range", "mixTranscodeParams.audioParams.bitRate", [31999, 128001], (i) =>
    child(child(i, "mixTranscodeParams"), "audioParams", () => ({ sampleRate: 1, channel: 2, bitRate: 64000 })),
  ),
  setting("cloud", "range", "roomId", ["0", "4294967295", "99999999999"], numericRoomOnly),
  setting("cloud", "enum", "recordParams.recordMode", [0, 3, 2.5], recordParamsOf),
  setting("cloud", "enum", "recordParams.outputFormat", [5, -1], recordParamsOf),
  setting("cloud", "enum", "whenEnded", ["forever", "Keep", ""], top),
  setting("cloud", "enum", "mixLayoutParams.mixLayoutMode", [0, 5], layoutOf),
  setting("cloud", "enum", "storageParams.cloudStorage.vendor", [2, -1], cosOf),
  setting("cloud", "enum", "storageParams.cloudVod.tencentVod.mediaType", [5, 9], vodOf),
  setting("cloud", "type", "roomId", [3560, true, ["1"]], top),
  setting("cloud", "type", "recordParams.maxIdleTime", ["30", null, {}], recordParamsOf),
  setting("cloud", "type", "mixLayoutParams.pureAudioDisableLayout", ["true", 1], layoutOf),
  setting("cloud", "type", "userSig", [12345, { sig: "x" }], top),
  setting("cloud", "type", "storageParams.cloudStorage.fileNamePrefix", ["prefix", { a: "b" }], cosOf),
  setting("cloud", "charset", "userId", ["has space", "rob.ot", "rob/ot", "ロボット", "a\r\nb"], top),
  setting("cloud", "charset", "roomId", ["12a", "１２", " 12", "1e3"], numericRoomOnly),
  setting("cloud", "charset", "roomId", ["bad/room", "a\\b", "café", "tab\there"], stringRoomOnly),
  setting("cloud", "charset", "storageParams.cloudVod.tencentVod.userDefineRecordId", ["with space", "a.b"], vodOf),
  setting("cloud", "charset", "mixLayoutParams.backGroundColor", ["red", "#12345", "#GGGGGG", "000000"], layoutOf),
  setting("cloud", "length", "userId", ["u".repeat(33)], top),
  setting("cloud", "length", "privateMapKey", ["k".repeat(4097), "é".repeat(2049)], top),
  // 33 characters but 66 bytes: the API counts bytes.
  setting("cloud", "length", "mixLayoutParams.maxResolutionUserId", ["m".repeat(65), "é".repeat(33)], layoutOf),
  setting("cloud", "length", "storageParams.cloudStorage.bucket", ["b".repeat(129), ""], cosOf),
  setting("cloud", "length", "roomId", ["r".repeat(65), "é".repeat(33)], stringRoomOnly),
  setting(
    "cloud",
    "image-url",
    "mixLayoutParams.backgroundImageUrl",
    [
      "https://x.example/bg.gif",
      "https://x.example/bg",
      "javascript:alert(1)//.png",
      "file:///etc/passwd.png",
      "https://x.example/b g.png",
      "data:image/png;base64,AAAA.png",
      'https://x.example/a"b.png',
    ],
    layoutOf,
  ),
  setting(
    "cloud",
    "image-url",
    "mixLayoutParams.defaultSubBackgroundImage",
    ["ftp://x.example/a.png", "x.png"],
    layoutOf,
  ),
  setting(
    "cloud",
    "list-size",
    "storageParams.cloudStorage.fileNamePrefix",
    [Array.from({ length: 11 }, (_, i) => `p${i}`)],
    cosOf,
  ),
  setting(
    "cloud",
    "list-size",
    "mixLayoutParams.waterMarkList",
    [Array.from({ length: 26 }, () => ({ waterMarkType: 2, waterMarkTimestamp: { pos: 0 } }))],
    layoutOf,
  ),
  {
    kind: "cloud",
    rule: "list-size",
    path: "mixLayoutParams.mixLayoutList",
    apply(inputs) {
      const layout = layoutOf(inputs);
      layout.mixLayoutMode = 4;
      layout.mixLayoutList = Array.from({ length: 26 }, () => ({ top: 0, left: 0, width: 1, height: 1 }));
      return true;
    },
  },
  setting(
    "cloud",
    "list-size",
    "recordParams.subscribeStreamUserIds.unSubscribeAudioUserIds",
    [Array.from({ length: 33 }, (_, i) => `u${i}`)],
    (i) => child(recordParamsOf(i), "subscribeStreamUserIds"),
  ),
  {
    kind: "cloud",
    rule: "cross-field",
    path: "recordParams.subscribeStreamUserIds.unSubscribeAudioUserIds",
    apply(inputs) {
      const lists = child(recordParamsOf(inputs), "subscribeStreamUserIds");
      lists.subscribeAudioUserIds = ["teacher"];
      lists.unSubscribeAudioUserIds = ["guest"];
      return true;
    },
  },
  bothStorageKinds("cloud"),
  setting("cloud", "cross-field", "storageParams", [{}], top),
  {
    kind: "cloud",
    rule: "cross-field",
    path: "mixLayoutParams.mixLayoutList",
    apply(inputs, _site, choose) {
      const layout = layoutOf(inputs);
      if (choose([true, false])) {
        layout.mixLayoutMode = 4;
        delete layout.mixLayoutList;
      } else {
        layout.mixLayoutMode = choose([1, 2, 3]);
        layout.mixLayoutList = [{ top: 0, left: 0, width: 1, height: 1 }];
      }
      return true;
    },
  },
  {
    kind: "cloud",
    rule: "cross-field",
    path: "mixLayoutParams.mixLayoutList[0].width",
    apply(inputs) {
      const canvas = canvasOf(inputs);
      const layout = layoutOf(inputs);
      layout.mixLayoutMode = 4;
      // One pixel past the right edge, every coordinate within its own 0–1920 range.
      const left = canvas.width >= 1920 ? 10 : 0;
      layout.mixLayoutList = [{ top: 0, left, width: canvas.width - left + 1, height: 1 }];
      return true;
    },
  },
  {
    kind: "cloud",
    rule: "cross-field",
    path: "mixLayoutParams.waterMarkList[0].waterMarkImage.height",
    apply(inputs) {
      const canvas = canvasOf(inputs);
      const top = Math.max(0, canvas.height - 5);
      const box = { top, left: 0, width: 1, height: canvas.height - top + 1 };
      layoutOf(inputs).waterMarkList = [{ waterMarkImage: { waterMarkUrl: "https://x.example/logo.png", ...box } }];
      return true;
    },
  },
  {
    kind: "cloud",
    rule: "cross-field",
    path: "mixTranscodeParams.videoParams.width",
    apply(inputs) {
      // Each side within 1920 and no smaller than before (so every picture still fits), but more pixels than
      // 1920 × 1080.
      const height = Math.max(canvasOf(inputs).height, 1081);
      child(inputs, "mixTranscodeParams").videoParams = { width: 1920, height, fps: 15, bitRate: 1e6, gop: 2 };
      return true;
    },
  },
  {
    kind: "cloud",
    rule: "cross-field",
    path: "storageParams.cloudVod.tencentVod.mediaType",
    apply(inputs, _site, choose) {
      const vod = vodOf(inputs);
      if (!vod) return false;
      vod.mediaType = choose([2, 4]);
      recordParamsOf(inputs).streamType = choose([0, 2]);
      return true;
    },
  },
  {
    kind: "cloud",
    rule: "cross-field",
    path: "mixLayoutParams.waterMarkList[0].waterMarkChar",
    apply(inputs) {
      layoutOf(inputs).waterMarkList = [{ waterMarkType: 1 }];
      return true;
    },
  },
  {
    kind: "cloud",
    rule: "site",
    path: "mixLayoutParams.waterMarkList[0].waterMarkTimestamp.font",
    apply(inputs, site) {
      if (site !== "intl") return false;
      layoutOf(inputs).waterMarkList = [{ waterMarkType: 2, waterMarkTimestamp: { pos: 0, font: "Tencent" } }];
      return true;
    },
  },
  setting("cloud", "site", "storageParams.cloudStorage.endpointUrl", ["acct.r2.cloudflarestorage.com"], (i, site) =>
    site === "china" ? cosOf(i) : undefined,
  ),
  setting("cloud", "site", "region", ["ap-mumbai", "eu-frankfurt", "ap-singapore\r\nX-Evil: 1"], (i, site) =>
    site === "intl" ? i : undefined,
  ),
  setting("cloud", "site", "region", ["ap-singapore", "na-ashburn"], (i, site) => (site === "china" ? i : undefined)),
  setting("cloud", "type", "mixLayoutParams.backgroundColor", ["#000000"], layoutOf),
  setting("cloud", "type", "taskId", ["task-1"], top),
];

export const WEB_CORRUPTIONS: readonly Corruption[] = [
  setting(
    "web",
    "url",
    "recordUrl",
    [
      "javascript:alert(1)",
      "file:///etc/passwd",
      "ftp://x.example/",
      "data:text/html,<h1>hi</h1>",
      "https://a b.example/",
      "http://",
      "//example.com/page",
      "vbscript:msgbox(1)",
    ],
    top,
  ),
  setting(
    "web",
    "url",
    "publishCdnParams[0].publishCdnUrl",
    ["http://cdn.example/live/s", "https://cdn.example/live/s", "file:///tmp/x", "rtmp:// bad"],
    (i) => {
      const entry: Props = {};
      i.publishCdnParams = [entry];
      return entry;
    },
  ),
  setting(
    "web",
    "list-size",
    "publishCdnParams",
    [Array.from({ length: 11 }, () => ({ publishCdnUrl: "rtmp://cdn.example/live/s" }))],
    top,
  ),
  setting("web", "range", "maxDurationLimit", [1799, 86401, 0], top),
  setting("web", "range", "webRecordVideoParams.width", [1921, -1], (i) => child(i, "webRecordVideoParams")),
  setting("web", "range", "webRecordVideoParams.height", [1081], (i) => child(i, "webRecordVideoParams")),
  setting("web", "range", "readyTimeout", [61, -1], top),
  setting("web", "range", "webRecordVideoParams.maxMediaFileDuration", [0, 1441], (i) =>
    child(i, "webRecordVideoParams"),
  ),
  setting("web", "enum", "webRecordVideoParams.format", ["flv", "HLS"], (i) => child(i, "webRecordVideoParams")),
  setting("web", "enum", "emulateMobileParams.mobileDeviceType", [2], (i) => child(i, "emulateMobileParams")),
  setting("web", "type", "recordUrl", [42, null], top),
  setting("web", "type", "maxDurationLimit", ["3600"], top),
  setting("web", "length", "recordId", ["r".repeat(32), "é".repeat(16)], top),
  setting("web", "charset", "recordId", ["a\nb", "tab\tid", "nul\u0000"], top),
  setting("web", "cross-field", "storageParams.cloudStorage.vendor", [1], cosOf),
  setting("web", "cross-field", "storageParams.cloudVod.tencentVod.mediaType", [2, 3, 4], vodOf),
  bothStorageKinds("web"),
  setting("web", "site", "storageParams.cloudStorage.endpointUrl", ["acct.r2.cloudflarestorage.com"], (i, site) =>
    site === "china" ? cosOf(i) : undefined,
  ),
  setting("web", "site", "region", ["ap-beijing", "ap-mumbai"], (i, site) => (site === "intl" ? i : undefined)),
  setting("web", "type", "recordURL", ["https://example.com/"], top),
];

/** Valid inputs of a resource and one corruption of them (skipped with `fc.pre` where it does not apply). */
export function corruptedInputs(
  corruptions: readonly Corruption[],
): fc.Arbitrary<{ site: Site; inputs: Props; corruption: Corruption; choice: number }> {
  const kind = corruptions[0]?.kind ?? "cloud";
  return fc
    .tuple(fc.constantFrom(...SITES), fc.constantFrom(...corruptions), fc.nat())
    .chain(([site, corruption, choice]) =>
      (kind === "cloud" ? cloudInputs(site) : webInputs(site)).map((inputs) => ({ site, inputs, corruption, choice })),
    );
}
