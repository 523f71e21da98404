// The CloudRecording corruptions: each breaks one documented rule (range, enum, type, charset, byte length, image
// URL, list size, a rule across fields, a site's rule) at the path the failure must name. Limits no source states
// (provider/api/schemas/SOURCES.md) are no corruptions: check only warns about them (test/api/rules.unit.test.ts).

import {
  bothStorageKinds,
  type Corruption,
  canvasOf,
  child,
  corrupt,
  cosOf,
  layoutOf,
  numericRoomOnly,
  recordParamsOf,
  setting,
  stringRoomOnly,
  top,
  vodOf,
} from "./corruptions";
import type { Props } from "./fields";
import { DEFAULT_CANVAS } from "./layout";

export const CLOUD_CORRUPTIONS: readonly Corruption[] = [
  setting("cloud", "range", "recordParams.maxIdleTime", [4, 0, 86401, -30], recordParamsOf),
  setting("cloud", "range", "resourceExpiredHour", [5, 721, 0], top),
  setting("cloud", "range", "sdkAppId", [-1, 1.5, Number.MAX_SAFE_INTEGER + 2], top),
  setting("cloud", "range", "mixTranscodeParams.videoParams.fps", [0, 61], (i) =>
    canvasOf(i) !== DEFAULT_CANVAS ? ((i.mixTranscodeParams as Props).videoParams as Props) : undefined,
  ),
  setting("cloud", "range", "mixTranscodeParams.audioParams.bitRate", [31999, 128001], (i) =>
    child(child(i, "mixTranscodeParams"), "audioParams", () => ({ sampleRate: 1, channel: 2, bitRate: 64000 })),
  ),
  setting("cloud", "range", "roomId", ["0", "4294967296", "99999999999"], numericRoomOnly),
  setting("cloud", "range", "mixTranscodeParams.videoParams.gop", [-1], (i) =>
    canvasOf(i) !== DEFAULT_CANVAS ? ((i.mixTranscodeParams as Props).videoParams as Props) : undefined,
  ),
  corrupt("cloud", "range", "mixLayoutParams.waterMarkList[0].waterMarkTimestamp.timeZone", (inputs, choose) => {
    // Unsigned in the API: the old schema accepted these.
    layoutOf(inputs).waterMarkList = [
      { waterMarkType: 2, waterMarkTimestamp: { pos: 0, timeZone: choose([-1, -5, -12]) } },
    ];
  }),
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
  setting("cloud", "charset", "roomId", ["12a", "１２", " 12", "1e3"], numericRoomOnly),
  setting("cloud", "charset", "roomId", ["bad/room", "a\\b", "café", "tab\there"], stringRoomOnly),
  setting("cloud", "charset", "storageParams.cloudVod.tencentVod.userDefineRecordId", ["with space", "a.b"], vodOf),
  setting("cloud", "charset", "mixLayoutParams.backGroundColor", ["red", "#12345", "#GGGGGG", "000000"], layoutOf),
  setting("cloud", "type", "userId", [12345, ["rec"]], top),
  // 33 characters but 66 bytes: the API counts bytes.
  setting("cloud", "length", "roomId", ["r".repeat(65), "é".repeat(33)], stringRoomOnly),
  setting("cloud", "length", "storageParams.cloudVod.tencentVod.userDefineRecordId", ["u".repeat(65)], vodOf),
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
    "mixLayoutParams.waterMarkList",
    [Array.from({ length: 26 }, () => ({ waterMarkType: 2, waterMarkTimestamp: { pos: 0 } }))],
    layoutOf,
  ),
  corrupt("cloud", "list-size", "mixLayoutParams.mixLayoutList", (inputs) => {
    const layout = layoutOf(inputs);
    layout.mixLayoutMode = 4;
    layout.mixLayoutList = Array.from({ length: 26 }, () => ({ top: 0, left: 0, width: 1, height: 1 }));
  }),
  setting(
    "cloud",
    "list-size",
    "recordParams.subscribeStreamUserIds.unSubscribeAudioUserIds",
    [Array.from({ length: 33 }, (_, i) => `u${i}`)],
    (i) => child(recordParamsOf(i), "subscribeStreamUserIds"),
  ),
  corrupt("cloud", "cross-field", "recordParams.subscribeStreamUserIds.unSubscribeAudioUserIds", (inputs) => {
    const lists = child(recordParamsOf(inputs), "subscribeStreamUserIds");
    lists.subscribeAudioUserIds = ["teacher"];
    lists.unSubscribeAudioUserIds = ["guest"];
  }),
  bothStorageKinds("cloud"),
  setting("cloud", "cross-field", "storageParams", [{}], top),
  corrupt("cloud", "cross-field", "mixLayoutParams.mixLayoutList", (inputs) => {
    // Required with mode 4. (With modes 1–3 it is ignored, which check only warns about.)
    const layout = layoutOf(inputs);
    layout.mixLayoutMode = 4;
    delete layout.mixLayoutList;
  }),
  corrupt("cloud", "cross-field", "mixLayoutParams.mixLayoutList[0].width", (inputs) => {
    const canvas = canvasOf(inputs);
    const layout = layoutOf(inputs);
    layout.mixLayoutMode = 4;
    // One pixel past the right edge, every coordinate within its own 0–1920 range.
    const left = canvas.width >= 1920 ? 10 : 0;
    layout.mixLayoutList = [{ top: 0, left, width: canvas.width - left + 1, height: 1 }];
  }),
  corrupt("cloud", "cross-field", "mixLayoutParams.waterMarkList[0].waterMarkImage.height", (inputs) => {
    const canvas = canvasOf(inputs);
    const top = Math.max(0, canvas.height - 5);
    const box = { top, left: 0, width: 1, height: canvas.height - top + 1 };
    layoutOf(inputs).waterMarkList = [{ waterMarkImage: { waterMarkUrl: "https://x.example/logo.png", ...box } }];
  }),
  corrupt("cloud", "cross-field", "mixTranscodeParams.videoParams.width", (inputs) => {
    // Each side within 1920 and no smaller than before (so every picture still fits), but more pixels than
    // 1920 × 1080.
    const height = Math.max(canvasOf(inputs).height, 1081);
    child(inputs, "mixTranscodeParams").videoParams = { width: 1920, height, fps: 15, bitRate: 1e6, gop: 2 };
  }),
  corrupt("cloud", "cross-field", "mixLayoutParams.waterMarkList[0].waterMarkChar", (inputs) => {
    layoutOf(inputs).waterMarkList = [{ waterMarkType: 1 }];
  }),
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
