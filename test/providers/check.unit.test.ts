import { beforeEach, describe, expect, it, vi } from "vitest";
import { UNKNOWN } from "../../provider/api/schemas/issues";
import { TrtcClient } from "../../provider/client/client";
import * as cloud from "../../provider/cloudRecordingProvider";
import * as web from "../../provider/webRecordingProvider";
import { configureProviders } from "./configure";

type Props = Record<string, unknown>;

function configure(values: Record<string, string>): Promise<void> {
  return configureProviders(values);
}

const cos = { vendor: 0, region: "ap-singapore", bucket: "rec-1250000000", accessKey: "AKIDkey", secretKey: "skey" };
const cloudInputs = (extra: Props = {}): Props => ({
  __logicalName: "main",
  roomId: "3560",
  userSig: "sig",
  recordParams: { recordMode: 2 },
  storageParams: { cloudVod: { tencentVod: {} } },
  ...extra,
});
const webInputs = (extra: Props = {}): Props => ({
  __logicalName: "page",
  recordUrl: "https://example.com/live",
  storageParams: { cloudStorage: cos },
  ...extra,
});

async function cloudFailures(extra: Props, site = "intl") {
  await configure({
    "trtc:region": site === "intl" ? "ap-singapore" : "ap-shanghai",
    "trtc:sdkAppId": "1400000000",
    "trtc:site": site,
  });
  return (await cloud.check({}, cloudInputs(extra))).failures ?? [];
}

async function webFailures(extra: Props, site = "intl") {
  await configure({
    "trtc:region": site === "intl" ? "ap-singapore" : "ap-shanghai",
    "trtc:sdkAppId": "1400000000",
    "trtc:site": site,
  });
  return (await web.check({}, webInputs(extra))).failures ?? [];
}

const properties = (failures: Array<{ property: string }>) => failures.map((f) => f.property);

describe("check", () => {
  beforeEach(async () => {
    await configure({ "trtc:region": "ap-singapore", "trtc:sdkAppId": "1400000000" });
  });

  it("accepts minimal inputs, fills region and sdkAppId from config and generates a robot UserId", async () => {
    const result = await cloud.check({}, cloudInputs());
    expect(result.failures).toEqual([]);
    expect(result.inputs).toMatchObject({ region: "ap-singapore", sdkAppId: 1400000000, __autoNamed: true });
    const userId = String(result.inputs?.userId);
    expect(userId).toMatch(/^rec-main-3560-[A-Za-z0-9]{6}$/);
    expect(Buffer.byteLength(userId)).toBeLessThanOrEqual(32);
  });

  it("keeps a generated id across updates and generates a fresh one when the engine re-checks for a replacement", async () => {
    const first = (await cloud.check({}, cloudInputs())).inputs as Props;
    const update = (await cloud.check(first, cloudInputs({ mixLayoutParams: { mixLayoutMode: 3 } }))).inputs as Props;
    expect(update.userId).toBe(first.userId);
    const replacement = (await cloud.check({}, cloudInputs({ roomId: "3561" }))).inputs as Props;
    expect(replacement.userId).not.toBe(first.userId);
    const webFirst = (await web.check({}, webInputs())).inputs as Props;
    expect(String(webFirst.recordId)).toMatch(/^web-page-[A-Za-z0-9]{6}$/);
    expect((await web.check(webFirst, webInputs())).inputs?.recordId).toBe(webFirst.recordId);
  });

  it("generates the same id for the same stack, name and inputs, so preview shows the id up uses", async () => {
    const stack = { __stack: "events/townhall" };
    const once = (await cloud.check({}, cloudInputs(stack))).inputs as Props;
    const again = (await cloud.check({}, cloudInputs(stack))).inputs as Props;
    expect(again.userId).toBe(once.userId);
    const otherStack = (await cloud.check({}, cloudInputs({ __stack: "events/standup" }))).inputs as Props;
    expect(otherStack.userId).not.toBe(once.userId);
    const otherName = (await cloud.check({}, cloudInputs({ ...stack, __logicalName: "other" }))).inputs as Props;
    expect(otherName.userId).not.toBe(once.userId);
    // Key order in the program does not matter.
    const reordered = Object.fromEntries(Object.entries(cloudInputs(stack)).reverse());
    expect(((await cloud.check({}, reordered)).inputs as Props).userId).toBe(once.userId);
  });

  it("seeds generated ids with whether secrets are set, never with their values", async () => {
    const withKeys = (accessKey: string, secretKey: string) =>
      webInputs({ storageParams: { cloudStorage: { ...cos, accessKey, secretKey } } });
    const first = (await web.check({}, withKeys("AKIDone", "secret-one"))).inputs as Props;
    const rotated = (await web.check({}, withKeys("AKIDtwo", "secret-two"))).inputs as Props;
    expect(rotated.recordId).toBe(first.recordId);
    const sig = (await cloud.check({}, cloudInputs({ userSig: "sig-a" }))).inputs as Props;
    expect(((await cloud.check({}, cloudInputs({ userSig: "sig-b" }))).inputs as Props).userId).toBe(sig.userId);
  });

  it("leaves a generated id unknown while an input it derives from is unknown", async () => {
    const result = (await web.check({}, webInputs({ recordUrl: UNKNOWN }))).inputs as Props;
    expect(result.recordId).toBe(UNKNOWN);
  });

  it("keeps a pinned id and marks it as not generated", async () => {
    const result = await cloud.check({}, cloudInputs({ userId: "recorder_3560" }));
    expect(result.inputs).toMatchObject({ userId: "recorder_3560", __autoNamed: false });
  });

  it("reports each invalid field with its path and a reason a person can act on", async () => {
    const failures = await cloudFailures({
      recordParams: { recordMode: 3, maxIdleTime: 3 },
      resourceExpiredHour: 1000,
      mixLayoutParams: { mixLayoutMode: 3, backgroundColor: "#000000" },
    });
    expect(failures).toEqual(
      expect.arrayContaining([
        { property: "recordParams.recordMode", reason: "must be one of 1 (single-stream), 2 (mixed)" },
        { property: "recordParams.maxIdleTime", reason: "must be between 5 and 86400 seconds" },
        { property: "resourceExpiredHour", reason: "must be between 6 and 720 hours" },
        {
          property: "mixLayoutParams.backgroundColor",
          reason: 'is not a known field; did you mean "backGroundColor"?',
        },
      ]),
    );
  });

  it("reports missing required fields", async () => {
    await configure({});
    const result = await cloud.check({}, { __logicalName: "x", roomId: "1" });
    expect(properties(result.failures ?? [])).toEqual(
      expect.arrayContaining(["recordParams", "storageParams", "sdkAppId", "region", "userSig"]),
    );
    expect(result.failures?.find((f) => f.property === "region")?.reason).toContain("trtc:region");
  });

  it("requires every VideoParams and AudioParams field when the object is given", async () => {
    const failures = await cloudFailures({
      mixTranscodeParams: { videoParams: { width: 1280, height: 720, fps: 15, bitRate: 1500000 }, audioParams: {} },
    });
    expect(properties(failures)).toEqual(
      expect.arrayContaining([
        "mixTranscodeParams.videoParams.gop",
        "mixTranscodeParams.audioParams.sampleRate",
        "mixTranscodeParams.audioParams.channel",
        "mixTranscodeParams.audioParams.bitRate",
      ]),
    );
  });

  it("keeps custom pictures and watermarks inside the canvas", async () => {
    const failures = await cloudFailures({
      mixTranscodeParams: { videoParams: { width: 1280, height: 720, fps: 15, bitRate: 1500000, gop: 2 } },
      mixLayoutParams: {
        mixLayoutMode: 4,
        mixLayoutList: [
          { top: 0, left: 0, width: 640, height: 720 },
          { top: 0, left: 1000, width: 640, height: 360 },
        ],
        waterMarkList: [
          { waterMarkImage: { waterMarkUrl: "https://x.example/logo.png", top: 700, left: 0, width: 10, height: 40 } },
        ],
      },
    });
    expect(failures).toEqual([
      {
        property: "mixLayoutParams.mixLayoutList[1].width",
        reason: "the picture extends past the 1280px canvas width (left 1000 + width 640)",
      },
      {
        property: "mixLayoutParams.waterMarkList[0].waterMarkImage.height",
        reason: "the watermark extends past the 720px canvas height (top 700 + height 40)",
      },
    ]);
    expect(properties(await cloudFailures({ mixLayoutParams: { mixLayoutMode: 4 } }))).toEqual([
      "mixLayoutParams.mixLayoutList",
    ]);
  });

  it("keeps allow and block lists apart", async () => {
    const failures = await cloudFailures({
      recordParams: {
        recordMode: 1,
        subscribeStreamUserIds: { subscribeAudioUserIds: ["a"], unSubscribeAudioUserIds: ["b"] },
      },
    });
    expect(properties(failures)).toEqual(["recordParams.subscribeStreamUserIds.unSubscribeAudioUserIds"]);
  });

  it("requires exactly one storage kind", async () => {
    expect(properties(await cloudFailures({ storageParams: {} }))).toEqual(["storageParams"]);
    expect(properties(await cloudFailures({ storageParams: { cloudVod: {}, cloudStorage: cos } }))).toEqual([
      "storageParams.cloudVod",
    ]);
  });

  it("allows only COS or VOD storage, in mp4 or hls, for web recordings", async () => {
    expect(properties(await webFailures({ storageParams: { cloudStorage: { ...cos, vendor: 1 } } }))).toEqual([
      "storageParams.cloudStorage.vendor",
    ]);
    expect(properties(await webFailures({ storageParams: { cloudVod: { tencentVod: { mediaType: 2 } } } }))).toEqual([
      "storageParams.cloudVod.tencentVod.mediaType",
    ]);
  });

  it("checks the region per site and per action", async () => {
    expect(await webFailures({ region: "ap-beijing" })).toEqual([
      {
        property: "region",
        reason: 'StartWebRecord on the international site is offered in ap-singapore, not "ap-beijing"',
      },
    ]);
    expect(await webFailures({ region: "ap-beijing" }, "china")).toEqual([]);
    expect(properties(await cloudFailures({ region: "ap-singapore" }, "china"))).toEqual(["region"]);
    expect(properties(await cloudFailures({ region: "ap-singapore\r\nX-Injected: 1" }))).toContain("region");
  });

  it("enforces RecordId, URL and room id rules", async () => {
    expect(properties(await webFailures({ recordId: "r".repeat(32) }))).toEqual(["recordId"]);
    expect(await webFailures({ recordId: "r".repeat(31) })).toEqual([]);
    // The robot UserId's 32 bytes of letters, digits and underscores are a recommendation: a warning, no failure.
    expect(await cloudFailures({ userId: "has space" })).toEqual([]);
    expect(await cloudFailures({ userId: "u".repeat(33) })).toEqual([]);
    expect(properties(await cloudFailures({ userId: 3560 }))).toEqual(["userId"]);
    for (const recordUrl of ["javascript:alert(1)", "file:///etc/passwd", "ftp://x.example/", "https://a b.example/"]) {
      expect(properties(await webFailures({ recordUrl }))).toEqual(["recordUrl"]);
    }
    for (const image of [
      "https://x.example/bg",
      "https://x.example/bg.gif",
      "https://x.example/b g.png",
      "data:image/png",
    ]) {
      expect(
        properties(await cloudFailures({ mixLayoutParams: { mixLayoutMode: 3, backgroundImageUrl: image } })),
      ).toEqual(["mixLayoutParams.backgroundImageUrl"]);
    }
    expect(
      await cloudFailures({
        mixLayoutParams: { mixLayoutMode: 3, backgroundImageUrl: "https://x.example/a/bg.JPG?v=1" },
      }),
    ).toEqual([]);
    expect(properties(await cloudFailures({ roomId: "0" }))).toEqual(["roomId"]);
    expect(properties(await cloudFailures({ roomId: "4294967296" }))).toEqual(["roomId"]);
    expect(await cloudFailures({ roomId: "class 7-A", roomIdType: 0 })).toEqual([]);
    expect(properties(await cloudFailures({ roomId: "bad/room", roomIdType: 0 }))).toEqual(["roomId"]);
  });

  it("reports cross-field failures together with failures of other fields' shapes, in one preview", async () => {
    // A rule across fields (the room id against roomIdType, one storage kind, boxes inside the canvas) still runs
    // when another field has the wrong type: the user sees every problem at once, not one round per kind.
    expect(
      properties(await cloudFailures({ roomId: "bad/room", roomIdType: 0, recordParams: { recordMode: "mixed" } })),
    ).toEqual(["recordParams.recordMode", "roomId"]);
    expect(properties(await cloudFailures({ storageParams: {}, maxMediaFileDuration: "long" }))).toEqual([
      "maxMediaFileDuration",
      "storageParams",
    ]);
    expect(
      properties(await webFailures({ storageParams: { cloudStorage: { ...cos, vendor: 1 } }, maxDurationLimit: "1h" })),
    ).toEqual(["maxDurationLimit", "storageParams.cloudStorage.vendor"]);
    // A rule that reads a field which failed its own check is skipped: its value is not what the rule expects.
    expect(properties(await cloudFailures({ roomId: "bad/room", roomIdType: "string" }))).toEqual(["roomIdType"]);
    expect(properties(await cloudFailures({ storageParams: { cloudVod: 1, cloudStorage: cos } }))).toEqual([
      "storageParams.cloudVod",
    ]);
  });

  it("rejects fields of the other site", async () => {
    const chinaOnly = {
      mixLayoutParams: {
        mixLayoutMode: 3,
        waterMarkList: [{ waterMarkType: 2, waterMarkTimestamp: { pos: 0, font: "Tencent" } }],
      },
    };
    expect(properties(await cloudFailures(chinaOnly))).toEqual([
      "mixLayoutParams.waterMarkList[0].waterMarkTimestamp.font",
    ]);
    expect(await cloudFailures({ ...chinaOnly, region: "ap-shanghai" }, "china")).toEqual([]);
  });

  it("rejects strings and lists past a documented limit only", async () => {
    const failures = await cloudFailures({
      recordParams: {
        recordMode: 2,
        subscribeStreamUserIds: { subscribeVideoUserIds: Array.from({ length: 33 }, (_, i) => `u${i}`) },
      },
      storageParams: { cloudVod: { tencentVod: { userDefineRecordId: "u".repeat(65) } } },
    });
    expect(properties(failures)).toEqual([
      "recordParams.subscribeStreamUserIds.subscribeVideoUserIds",
      "storageParams.cloudVod.tencentVod.userDefineRecordId",
    ]);
    // No source limits these: check passes them (and warns).
    expect(
      await cloudFailures({
        storageParams: { cloudStorage: { ...cos, fileNamePrefix: Array.from({ length: 11 }, (_, i) => `p${i}`) } },
        privateMapKey: "k".repeat(5000),
      }),
    ).toEqual([]);
  });

  it("shows advisories as warnings at preview and never fails on them", async () => {
    const warn = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const result = await cloud.check(
        {},
        cloudInputs({
          userId: "robot with spaces",
          mixLayoutParams: {
            mixLayoutMode: 3,
            mixLayoutList: [{ top: 0, left: 0, width: 100, height: 100 }],
            waterMarkList: [{ waterMarkType: 2, waterMarkTimestamp: { pos: 0, timeZone: 20 } }],
          },
        }),
      );
      expect(result.failures).toEqual([]);
      const warnings = warn.mock.calls.map((c) => String(c[0]));
      for (const property of [
        "userId",
        "mixLayoutParams.mixLayoutList",
        "mixLayoutParams.waterMarkList[0].waterMarkTimestamp.timeZone",
      ]) {
        expect(
          warnings.some((w) => w.startsWith("warning: ") && w.includes(`CloudRecording "main": ${property} `)),
        ).toBe(true);
      }
      warn.mockClear();
      const webResult = await web.check(
        {},
        webInputs({ publishCdnParams: [{ publishCdnUrl: "rtmp://cdn.example/live/s" }], recordId: "a\tb" }),
      );
      expect(webResult.failures).toEqual([]);
      const webWarnings = warn.mock.calls.map((c) => String(c[0]));
      expect(webWarnings.some((w) => w.includes('WebRecording "page": publishCdnParams[0].isTencentCdn '))).toBe(true);
      expect(webWarnings.some((w) => w.includes('WebRecording "page": recordId contains control characters'))).toBe(
        true,
      );
      // A documented rule is still a failure, not a warning.
      warn.mockClear();
      const broken = await cloud.check(
        {},
        cloudInputs({
          mixLayoutParams: {
            mixLayoutMode: 3,
            waterMarkList: [{ waterMarkType: 2, waterMarkTimestamp: { pos: 0, timeZone: -5 } }],
          },
        }),
      );
      expect(properties(broken.failures ?? [])).toEqual([
        "mixLayoutParams.waterMarkList[0].waterMarkTimestamp.timeZone",
      ]);
    } finally {
      warn.mockRestore();
    }
  });

  it("needs a UserSig unless the SDKSecretKey is configured", async () => {
    const withoutSig = cloudInputs({ userSig: undefined });
    expect(properties((await cloud.check({}, withoutSig)).failures ?? [])).toEqual(["userSig"]);
    await configure({ "trtc:region": "ap-singapore", "trtc:sdkAppId": "1400000000", "trtc:sdkSecretKey": "appkey" });
    expect((await cloud.check({}, withoutSig)).failures).toEqual([]);
  });

  it("lets values that are unknown at preview time pass", async () => {
    const result = await cloud.check(
      {},
      cloudInputs({
        roomId: UNKNOWN,
        storageParams: UNKNOWN,
        mixLayoutParams: { mixLayoutMode: 4, mixLayoutList: [{ top: 0, left: 0, width: UNKNOWN, height: 10 }] },
      }),
    );
    expect(result.failures).toEqual([]);
    expect(result.inputs?.userId).toBe(UNKNOWN);
  });

  it("warns once at preview when a stack declares more recordings for one SdkAppId than run at once by default", async () => {
    const warn = vi.spyOn(console, "error").mockImplementation(() => {});
    for (let i = 0; i < 102; i++) {
      await cloud.check({}, cloudInputs({ __stack: "big/event", __logicalName: `room${i}`, sdkAppId: 1400000777 }));
    }
    const warnings = warn.mock.calls.map((c) => String(c[0])).filter((m) => m.includes("RestrictedConcurrency"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/more than 100 recordings for SdkAppId 1400000777/);
    warn.mockRestore();
  });

  it("never calls the API and needs no credentials", async () => {
    const call = vi.spyOn(TrtcClient.prototype, "call");
    await configure({ "trtc:region": "ap-singapore", "trtc:sdkAppId": "1", "trtc:endpoint": "http://127.0.0.1:9" });
    await cloud.check({}, cloudInputs());
    await web.check({}, webInputs());
    await cloud.diff("t", { ...cloudInputs(), taskId: "t" }, cloudInputs({ roomId: "9" }));
    expect(call).not.toHaveBeenCalled();
    call.mockRestore();
  });
});
