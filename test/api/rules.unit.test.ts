// The request rules follow the official sources only (provider/api/schemas/SOURCES.md). For every rule the audit
// changed, a value the old schema refused and the sources allow now passes (with a warning where it is a
// recommendation or an assumption), and a documented violation of the same field still fails at its path. The rules
// are exercised through the resource input schemas and the advisories, as `check` uses them.

import { describe, expect, it } from "vitest";
import { cloudRecordingAdvisories, webRecordingAdvisories } from "../../provider/api/schemas/advisories";
import { createCloudRecordingShape } from "../../provider/api/schemas/cloudRecording";
import { toCheckFailures, UNKNOWN } from "../../provider/api/schemas/issues";
import { startWebRecordShape } from "../../provider/api/schemas/webRecording";
import type { Site } from "../../provider/api/sites";
import { cloudRecordingArgsSchema, webRecordingArgsSchema } from "../../provider/recordings/inputs";
import { pick } from "../../provider/task/props";

type Props = Record<string, unknown>;

const COS = { vendor: 0, region: "ap-singapore", bucket: "rec-1250000000", accessKey: "AKIDkey", secretKey: "skey" };

const CLOUD_BASE: Props = {
  region: "ap-singapore",
  sdkAppId: 1400000000,
  roomId: "3560",
  userId: "recorder_3560",
  userSig: "sig",
  recordParams: { recordMode: 2 },
  storageParams: { cloudVod: { tencentVod: {} } },
};

const WEB_BASE: Props = {
  region: "ap-singapore",
  sdkAppId: 1400000000,
  recordUrl: "https://example.com/live",
  recordId: "web-page-1",
  storageParams: { cloudStorage: COS },
};

interface Verdict {
  /** Properties that fail check. */
  failures: string[];
  /** Properties warned about. */
  warnings: string[];
  reasons: string[];
}

function verdict(kind: "cloud" | "web", extra: Props, site: Site): Verdict {
  const inputs = { ...(kind === "cloud" ? CLOUD_BASE : WEB_BASE), ...extra };
  for (const [key, value] of Object.entries(inputs)) if (value === undefined) delete inputs[key];
  const schema = kind === "cloud" ? cloudRecordingArgsSchema(site) : webRecordingArgsSchema(site);
  const parsed = schema.safeParse(inputs);
  const failures = parsed.success ? [] : toCheckFailures(parsed.error.issues, inputs, schema);
  const advisories = (kind === "cloud" ? cloudRecordingAdvisories : webRecordingAdvisories)(
    // As the declarations call them: with the request's fields only.
    pick(inputs, Object.keys(kind === "cloud" ? createCloudRecordingShape() : startWebRecordShape())),
    site,
  );
  return {
    failures: failures.map((f) => f.property),
    warnings: advisories.map((a) => a.property),
    reasons: advisories.map((a) => `${a.property} ${a.reason}`),
  };
}

const cloud = (extra: Props, site: Site = "intl") => verdict("cloud", extra, site);
const web = (extra: Props, site: Site = "intl") => verdict("web", extra, site);

/** A valid request: no failure, and warnings at exactly `warned` (none by default). */
function passes(v: Verdict, warned: string[] = []) {
  expect(v.failures).toEqual([]);
  expect([...new Set(v.warnings)].sort()).toEqual([...warned].sort());
}

function fails(v: Verdict, property: string) {
  expect(v.failures).toEqual([property]);
}

const layout = (extra: Props) => ({ mixLayoutParams: { mixLayoutMode: 3, ...extra } });
const watermark = (mark: Props) => layout({ waterMarkList: [mark] });
const textMark = (box: Props) =>
  watermark({ waterMarkType: 1, waterMarkChar: { top: 0, left: 0, width: 10, height: 10, chars: "Live", ...box } });
const cos = (extra: Props) => ({ storageParams: { cloudStorage: { ...COS, ...extra } } });
const vod = (extra: Props) => ({ storageParams: { cloudVod: { tencentVod: extra } } });

describe("the valid base requests", () => {
  it("pass with no warning on either site", () => {
    passes(cloud({}));
    passes(cloud({ region: "ap-shanghai" }, "china"));
    passes(web({}));
    passes(web({}, "china"));
  });
});

describe("WaterMarkTimestamp.TimeZone: an unsigned integer (api.json uint64), the default 8", () => {
  const zone = (timeZone: unknown) => watermark({ waterMarkType: 2, waterMarkTimestamp: { pos: 0, timeZone } });
  const path = "mixLayoutParams.waterMarkList[0].waterMarkTimestamp.timeZone";

  it("passes 0–14 silently and larger values with a warning (the old schema refused 15 and above)", () => {
    passes(cloud(zone(0)));
    passes(cloud(zone(14)));
    passes(cloud(zone(15)), [path]);
    passes(cloud(zone(23)), [path]);
  });

  it("fails on a negative offset, which the old schema accepted, and on a fraction", () => {
    fails(cloud(zone(-5)), path);
    fails(cloud(zone(-12)), path);
    fails(cloud(zone(8.5)), path);
  });
});

describe("MixLayoutList: used with MixLayoutMode 4 only, otherwise ignored", () => {
  const picture = { top: 0, left: 0, width: 100, height: 100 };

  it("passes with a template mode, with a warning that it is ignored (the old schema refused it)", () => {
    for (const mode of [1, 2, 3]) {
      const v = cloud({ mixLayoutParams: { mixLayoutMode: mode, mixLayoutList: [picture] } });
      passes(v, ["mixLayoutParams.mixLayoutList"]);
      expect(v.reasons[0]).toContain("is ignored");
    }
  });

  it("is still required with mode 4, and its pictures must still fit the canvas", () => {
    fails(cloud({ mixLayoutParams: { mixLayoutMode: 4 } }), "mixLayoutParams.mixLayoutList");
    fails(
      cloud({ mixLayoutParams: { mixLayoutMode: 4, mixLayoutList: [{ ...picture, left: 300 }] } }),
      "mixLayoutParams.mixLayoutList[0].width",
    );
  });
});

describe("VideoParams.Gop and the canvas sides: no range is documented for Gop, sides are at most 1920", () => {
  const video = (extra: Props) => ({
    mixTranscodeParams: { videoParams: { width: 360, height: 640, fps: 15, bitRate: 550000, gop: 10, ...extra } },
  });

  it("passes a keyframe interval of 0 or above 60 s with a warning (the old schema refused them)", () => {
    passes(cloud(video({ gop: 0 })), ["mixTranscodeParams.videoParams.gop"]);
    passes(cloud(video({ gop: 120 })), ["mixTranscodeParams.videoParams.gop"]);
  });

  it("passes a 0 px side with a warning, and still fails a negative Gop, a side above 1920 or too many pixels", () => {
    passes(cloud(video({ width: 0 })), ["mixTranscodeParams.videoParams.width"]);
    fails(cloud(video({ gop: -1 })), "mixTranscodeParams.videoParams.gop");
    fails(cloud(video({ width: 1921 })), "mixTranscodeParams.videoParams.width");
    fails(cloud(video({ width: 1920, height: 1920 })), "mixTranscodeParams.videoParams.width");
  });
});

describe("MixLayout.ImageLayer: an unsigned integer with no documented maximum", () => {
  const picture = (imageLayer: number) => ({
    mixLayoutParams: { mixLayoutMode: 4, mixLayoutList: [{ top: 0, left: 0, width: 10, height: 10, imageLayer }] },
  });

  it("passes above 255 with a warning and fails below 0", () => {
    passes(cloud(picture(256)), ["mixLayoutParams.mixLayoutList[0].imageLayer"]);
    fails(cloud(picture(-1)), "mixLayoutParams.mixLayoutList[0].imageLayer");
  });
});

describe("WaterMarkChar: no box range, length or colour format is documented", () => {
  const at = (key: string) => `mixLayoutParams.waterMarkList[0].waterMarkChar${key ? `.${key}` : ""}`;

  it("passes a box beyond 2560 px with warnings (the range and the canvas), where the old schema refused it", () => {
    passes(cloud(textMark({ top: 3000 })), [at("top"), at("")]);
    passes(cloud(textMark({ left: 300, width: 100 })), [at("")]);
  });

  it("passes long text, any font size and colour, an empty background and a newline, with warnings", () => {
    passes(cloud(textMark({ chars: "录".repeat(200) })), [at("chars")]);
    passes(cloud(textMark({ fontSize: 0 })), [at("fontSize")]);
    passes(cloud(textMark({ fontSize: 600 })), [at("fontSize")]);
    passes(cloud(textMark({ fontColor: "0xFFFFFF-and-more-text" })), [at("fontColor")]);
    // "If this parameter is empty, the background will be transparent (default)": no warning at all.
    passes(cloud(textMark({ backGroundColor: "" })));
    passes(cloud(textMark({ chars: "line one\nline two" })), [at("chars")]);
  });

  it("still fails a negative coordinate or a missing text, and an image watermark beyond its documented 2560 px", () => {
    fails(cloud(textMark({ top: -1 })), at("top"));
    fails(cloud(watermark({ waterMarkType: 1, waterMarkChar: { top: 0, left: 0, width: 1, height: 1 } })), at("chars"));
    const image = { waterMarkUrl: "https://x.example/logo.png", top: 2561, left: 0, width: 1, height: 1 };
    // (Past 2560 px it is past any canvas too, which fails at its height.)
    expect(cloud(watermark({ waterMarkImage: image })).failures).toContain(
      "mixLayoutParams.waterMarkList[0].waterMarkImage.top",
    );
  });
});

describe("RecordUrl and the CDN URLs: no length is documented", () => {
  const long = `https://example.com/${"a".repeat(3000)}`;

  it("passes a 3000-byte page or rtmp URL with a warning (the old schema refused above 2048 bytes)", () => {
    passes(web({ recordUrl: long }), ["recordUrl"]);
    passes(
      web({ publishCdnParams: [{ publishCdnUrl: `rtmp://cdn.example/live/${"s".repeat(3000)}`, isTencentCdn: 1 }] }),
      ["publishCdnParams[0].publishCdnUrl"],
    );
  });

  it("still fails what is no web page, or no rtmp address", () => {
    for (const recordUrl of [
      "javascript:alert(1)",
      "file:///etc/passwd",
      "https://a b.example/",
      "https://a\n.example/",
    ]) {
      fails(web({ recordUrl }), "recordUrl");
    }
    fails(
      web({ publishCdnParams: [{ publishCdnUrl: "https://cdn.example/live", isTencentCdn: 1 }] }),
      "publishCdnParams[0].publishCdnUrl",
    );
  });
});

describe("the robot UserId: at most 32 bytes of letters, digits and underscores is a recommendation", () => {
  it("passes other characters and longer ids with a warning (the old schema refused them)", () => {
    for (const userId of ["has space", "rob.ot", "ロボット", "u".repeat(33)]) {
      const v = cloud({ userId });
      passes(v, ["userId"]);
      expect(v.reasons.join()).toContain("recommends");
    }
  });

  it("still fails a UserId that is no string", () => {
    fails(cloud({ userId: 12345 }), "userId");
  });
});

describe("TencentVod.MediaType aac and hls+aac: documented as taking effect for audio-only recordings", () => {
  it("passes with audio and video, with a warning (the old schema refused it), and silently when audio-only", () => {
    const path = "storageParams.cloudVod.tencentVod.mediaType";
    passes(cloud({ ...vod({ mediaType: 2 }), recordParams: { recordMode: 2, streamType: 0 } }), [path]);
    passes(cloud({ ...vod({ mediaType: 4 }) }), [path]);
    passes(cloud({ ...vod({ mediaType: 2 }), recordParams: { recordMode: 2, streamType: 1 } }));
    fails(cloud(vod({ mediaType: 5 })), path);
  });

  it("for web recordings fails aac and hls+aac (only hls or mp4) and warns about hls+mp4 (both at once)", () => {
    const path = "storageParams.cloudVod.tencentVod.mediaType";
    fails(web(vod({ mediaType: 2 })), path);
    fails(web(vod({ mediaType: 4 })), path);
    passes(web(vod({ mediaType: 3 })), [path]);
    passes(web(vod({ mediaType: 1 })));
  });
});

describe("string lengths no source states", () => {
  it("pass with a warning, where the old schema refused them", () => {
    passes(cloud({ userSig: "s".repeat(5000) }), ["userSig"]);
    passes(cloud({ privateMapKey: "k".repeat(5000) }), ["privateMapKey"]);
    passes(cloud(cos({ bucket: "b".repeat(200) })), ["storageParams.cloudStorage.bucket"]);
    passes(cloud(cos({ secretKey: "s".repeat(300) })), ["storageParams.cloudStorage.secretKey"]);
    passes(cloud(cos({ fileNamePrefix: ["p".repeat(100)] })), ["storageParams.cloudStorage.fileNamePrefix[0]"]);
    passes(cloud(cos({ fileNamePrefix: Array.from({ length: 11 }, (_, i) => `p${i}`) })), [
      "storageParams.cloudStorage.fileNamePrefix",
    ]);
    passes(cloud(vod({ sessionContext: "c".repeat(1001) })), ["storageParams.cloudVod.tencentVod.sessionContext"]);
    passes(cloud(layout({ maxResolutionUserId: "m".repeat(65) })), ["mixLayoutParams.maxResolutionUserId"]);
    passes(
      cloud({ recordParams: { recordMode: 2, subscribeStreamUserIds: { subscribeAudioUserIds: ["u".repeat(65)] } } }),
      ["recordParams.subscribeStreamUserIds.subscribeAudioUserIds[0]"],
    );
    passes(cloud(layout({ backgroundImageUrl: `https://x.example/${"a".repeat(3000)}.png` })), [
      "mixLayoutParams.backgroundImageUrl",
    ]);
  });

  it("still fail where a limit is documented: RecordId under 32 bytes, UserDefineRecordId 64, 32 subscriptions", () => {
    fails(web({ recordId: "r".repeat(32) }), "recordId");
    fails(web({ recordId: "é".repeat(16) }), "recordId");
    fails(cloud(vod({ userDefineRecordId: "u".repeat(65) })), "storageParams.cloudVod.tencentVod.userDefineRecordId");
    fails(
      cloud({
        recordParams: {
          recordMode: 2,
          subscribeStreamUserIds: { subscribeAudioUserIds: Array.from({ length: 33 }, (_, i) => `u${i}`) },
        },
      }),
      "recordParams.subscribeStreamUserIds.subscribeAudioUserIds",
    );
  });

  it("and documented character sets still fail", () => {
    fails(cloud(cos({ fileNamePrefix: ["a.b"] })), "storageParams.cloudStorage.fileNamePrefix[0]");
    fails(cloud(vod({ userDefineRecordId: "with space" })), "storageParams.cloudVod.tencentVod.userDefineRecordId");
    fails(cloud(layout({ backgroundImageUrl: "https://x.example/bg.gif" })), "mixLayoutParams.backgroundImageUrl");
    fails(cloud(layout({ backGroundColor: "red" })), "mixLayoutParams.backGroundColor");
  });
});

describe("control characters and empty values: nothing documents them either way", () => {
  it("pass with a warning", () => {
    passes(cloud(cos({ bucket: "rec\n-1250000000" })), ["storageParams.cloudStorage.bucket"]);
    passes(cloud({ userSig: "sig\r\n" }), ["userSig"]);
    passes(web({ recordId: "a\tb" }), ["recordId"]);
    passes(cloud(cos({ bucket: "" })), ["storageParams.cloudStorage.bucket"]);
    passes(cloud({ userId: "" }), ["userId"]);
  });

  it("but a provider setting keeps the provider's own rule: the region travels in a header", () => {
    fails(cloud({ region: "ap-singapore\r\nX-Injected: 1" }), "region");
    fails(web({ adoptTaskId: "task\n1" }), "adoptTaskId");
    // The API's advisories never look at provider settings: endsAt's own checks (eventWindow.ts) judge it.
    passes(cloud({ endsAt: "2026-12-24T18:00:00Z\t" }));
  });
});

describe("SdkAppId: uint64 for cloud recordings, int64 for web recordings", () => {
  it("passes 0 with a warning (no console issues it) and fails what the type refuses", () => {
    passes(cloud({ sdkAppId: 0 }), ["sdkAppId"]);
    fails(cloud({ sdkAppId: -1 }), "sdkAppId");
    fails(cloud({ sdkAppId: 1.5 }), "sdkAppId");
    passes(web({ sdkAppId: -1 }), ["sdkAppId"]);
    fails(web({ sdkAppId: "1400000000" }), "sdkAppId");
  });
});

describe("numeric RoomId: a 32-bit integer room, 1–4294967294 or 1–4294967295 depending on the page", () => {
  it("passes 4294967295 with a warning (the old schema refused it) and fails 0 and 4294967296", () => {
    passes(cloud({ roomId: "4294967295" }), ["roomId"]);
    fails(cloud({ roomId: "0" }), "roomId");
    fails(cloud({ roomId: "4294967296" }), "roomId");
    passes(cloud({ roomId: "class 7-A", roomIdType: 0 }));
    fails(cloud({ roomId: "bad/room", roomIdType: 0 }), "roomId");
  });
});

describe("documented recommendations and ignored settings are warned about", () => {
  it("IsTencentCdn: set it explicitly; the China site relays to third-party CDNs only once support enables it", () => {
    passes(web({ publishCdnParams: [{ publishCdnUrl: "rtmp://cdn.example/live/s" }] }), [
      "publishCdnParams[0].isTencentCdn",
    ]);
    passes(web({ publishCdnParams: [{ publishCdnUrl: "rtmp://cdn.example/live/s", isTencentCdn: 0 }] }));
    passes(
      web(
        { region: "ap-beijing", publishCdnParams: [{ publishCdnUrl: "rtmp://cdn.example/live/s", isTencentCdn: 0 }] },
        "china",
      ),
      ["publishCdnParams[0].isTencentCdn"],
    );
  });

  it("MaxDurationLimit above 36000 s on the international site, where older pages end there", () => {
    passes(web({ maxDurationLimit: 50000 }), ["maxDurationLimit"]);
    passes(web({ region: "ap-beijing", maxDurationLimit: 50000 }, "china"));
    fails(web({ maxDurationLimit: 86401 }), "maxDurationLimit");
  });

  it("mixing parameters in single-stream mode, OutputFormat with VOD, AvMerge in mixed mode", () => {
    passes(cloud({ recordParams: { recordMode: 1 }, ...layout({}) }), ["mixLayoutParams"]);
    passes(cloud({ recordParams: { recordMode: 2, outputFormat: 3 } }), ["recordParams.outputFormat"]);
    passes(cloud({ recordParams: { recordMode: 2, avMerge: 1 } }), ["recordParams.avMerge"]);
  });

  it("SubscribeAbility without an audio allowlist, EndpointUrl with COS", () => {
    passes(cloud({ recordParams: { recordMode: 2, subscribeAbility: 1 } }), ["recordParams.subscribeAbility"]);
    passes(
      cloud({
        recordParams: {
          recordMode: 2,
          subscribeAbility: 1,
          subscribeStreamUserIds: { subscribeAudioUserIds: ["host"] },
        },
      }),
    );
    passes(cloud(cos({ endpointUrl: "acct.r2.cloudflarestorage.com" })), ["storageParams.cloudStorage.endpointUrl"]);
  });
});

describe("advisories", () => {
  it("say nothing about values unknown at preview", () => {
    passes(cloud({ userId: UNKNOWN }));
    const v = cloud({
      mixLayoutParams: { mixLayoutMode: UNKNOWN, mixLayoutList: [{ top: 0, left: 0, width: 1, height: 1 }] },
    });
    expect(v.warnings).toEqual([]);
  });

  it("never repeat a value, which may be a secret", () => {
    const secret = "SECRET-VALUE-0123456789";
    const v = cloud({
      userSig: `${secret}\n${"x".repeat(5000)}`,
      ...cos({ secretKey: `${secret}\t${"y".repeat(300)}`, accessKey: "" }),
    });
    expect(v.failures).toEqual([]);
    expect(v.reasons.length).toBeGreaterThan(3);
    for (const reason of v.reasons) expect(reason).not.toContain(secret);
  });
});
