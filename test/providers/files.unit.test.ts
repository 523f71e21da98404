// Where a recording's files land (provider/recordings/files.ts), checked against the examples the documentation
// gives. The naming rules are quoted from "Naming of recording files" on
// https://www.tencentcloud.com/document/product/647/45169 (and its Chinese version for <Index>); the URL forms from the
// COS and S3 pages named in each test.

import { describe, expect, it } from "vitest";
import {
  decodeFileNameId,
  encodeFileNameId,
  fillFilePattern,
  objectUrl,
  type RecordingFile,
  type RecordingFileInputs,
  type RecordingFileLocations,
  recordingFileLocations,
  roomIdInFileNames,
} from "../../provider/recordings/files";

const TASK = "-nHuqHlU7islZCDCjMne7HY2TJoU1NbbDkHjVoK-yqHu8ZWQndibQJtEhvB6ShqolkmNmnxz7AE.";
const COS = { vendor: 0, region: "ap-guangzhou", bucket: "examplebucket-1250000000" };
const ORIGIN = "https://examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com";

function inputs(recordParams: RecordingFileInputs["recordParams"], extra: Partial<RecordingFileInputs> = {}) {
  return {
    sdkAppId: 1400123456,
    roomId: "12345",
    recordParams,
    storageParams: { cloudStorage: COS },
    ...extra,
  } satisfies RecordingFileInputs;
}

function where(recordParams: RecordingFileInputs["recordParams"], extra: Partial<RecordingFileInputs> = {}) {
  return recordingFileLocations(inputs(recordParams, extra), { taskId: TASK });
}

const keys = (files: RecordingFile[]) => files.map((f) => f.key);
const names = (result: RecordingFileLocations) => keys(result.files).map((k) => k.slice(`${TASK}/`.length));

/** Every value reachable from `value`, so a test can say none is undefined. */
function leaves(value: unknown, path = "$"): Array<[string, unknown]> {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, `${path}[${i}]`));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, `${path}.${k}`));
  }
  return [[path, value]];
}

describe("ids in file names", () => {
  it("encodes a UserId as the documentation's example shows", () => {
    // "1400123456_12345__UserId_s_MTY4NjExOQ..__UserId_e_main_video_20330531094551825.ts" (45169, recording start
    // time): MTY4NjExOQ.. is Base64 "MTY4NjExOQ==" of 1686119 with "=" replaced by ".".
    expect(encodeFileNameId("1686119")).toBe("MTY4NjExOQ..");
    expect(decodeFileNameId("MTY4NjExOQ..")).toBe("1686119");
  });

  it('replaces "/" with "-" and "=" with ".", and keeps "+"', () => {
    // '<UserId> is encoded into Base64. In the result, "/" is replaced with "-" and "=" is replaced with "."'
    expect(Buffer.from("???").toString("base64")).toBe("Pz8/");
    expect(encodeFileNameId("???")).toBe("Pz8-");
    expect(Buffer.from(">>>").toString("base64")).toBe("Pj4+");
    expect(encodeFileNameId(">>>")).toBe("Pj4+");
    expect(encodeFileNameId("a")).toBe("YQ..");
    for (const id of ["???", ">>>", "a", "user_1-x", "会议室"]) expect(decodeFileNameId(encodeFileNameId(id))).toBe(id);
  });

  it("encodes a string room like a UserId and writes a numeric room as its number", () => {
    // 'If <RoomId> is a string, it will be encoded into Base64. In the result, "/" is replaced with "-" and "=" ...'
    expect(roomIdInFileNames("class?1", 0)).toBe("Y2xhc3M-MQ..");
    expect(roomIdInFileNames("12345", 1)).toBe("12345");
    expect(roomIdInFileNames("12345")).toBe("12345");
    // The example's numeric room 12345 appears as is: "1400123456_12345__UserId_s_...".
    expect(where({ recordMode: 2 }).baseName).toBe("1400123456_12345");
    expect(where({ recordMode: 2 }, { roomId: "class?1", roomIdType: 0 }).baseName).toBe("1400123456_Y2xhc3M-MQ..");
  });

  it("says so when it drops a numeric room's leading zeros (an assumption)", () => {
    const result = where({ recordMode: 2 }, { roomId: "007" });
    expect(result.baseName).toBe("1400123456_7");
    expect(result.note).toContain("Assumption: the numeric room 007 is written as 7");
  });
});

describe("the key prefix", () => {
  it("puts fileNamePrefix before the TaskId", () => {
    // CloudStorage.FileNamePrefix: 'if the value of this parameter is ["prefix1", "prefix2"], the recording file
    // xxx.m3u8 will be saved as prefix1/prefix2/TaskId/xxx.m3u8' (36760#CloudStorage).
    const result = recordingFileLocations(
      inputs(
        { recordMode: 2 },
        { storageParams: { cloudStorage: { ...COS, fileNamePrefix: ["prefix1", "prefix2"] } } },
      ),
      { taskId: "TaskId" },
    );
    expect(result.keyPrefix).toBe("prefix1/prefix2/TaskId/");
    expect(result.files[0]?.key).toBe("prefix1/prefix2/TaskId/1400123456_12345.m3u8");
    expect(result.urlPrefix).toBe(`${ORIGIN}/prefix1/prefix2/TaskId/`);
  });

  it("is <TaskId>/ without fileNamePrefix", () => {
    // "<Prefix>: The filename prefix. If this is not specified, the filename will not have a prefix."
    expect(where({ recordMode: 2 }).keyPrefix).toBe(`${TASK}/`);
  });
});

describe("mixed-stream names", () => {
  it("HLS: <Prefix>/<TaskId>/<SdkAppId>_<RoomId>.m3u8 and <Prefix>/<TaskId>/<SdkAppId>_<RoomId>_<UTC>.ts", () => {
    const result = where({ recordMode: 2, outputFormat: 0 });
    expect(names(result)).toEqual(["1400123456_12345.m3u8", "1400123456_12345_<UTC>.ts"]);
    const [playlist, segment] = result.files;
    expect(playlist).toMatchObject({
      kind: "playlist",
      format: "hls",
      pattern: false,
      when: "always",
      documented: true,
    });
    expect(playlist?.url).toBe(`${ORIGIN}/${TASK}/1400123456_12345.m3u8`);
    expect(segment).toMatchObject({ kind: "segment", pattern: true, url: null });
  });

  it("HLS is the default output format", () => {
    // OutputFormat: "0: (Default) Output file in HLS format" (36760#RecordParams).
    expect(names(where({ recordMode: 2 }))).toEqual(names(where({ recordMode: 2, outputFormat: 0 })));
  });

  it("MP4: <Prefix>/<TaskId>/<SdkAppId>_<RoomId>_<Index>.mp4, without _<Index> unless split", () => {
    // "<Index>: 如果没有触发mp4切片逻辑（大小超过2GB或时长超过24小时）则无该字段，否则为切片的索引号，从1开始递增"
    // (no <Index> unless the file was split; otherwise the part number from 1).
    const result = where({ recordMode: 2, outputFormat: 3 });
    expect(names(result)).toEqual(["1400123456_12345.mp4", "1400123456_12345_<Index>.mp4"]);
    expect(result.files.map((f) => f.when)).toEqual(["notSplit", "split"]);
    expect(result.files[0]?.url).toBe(`${ORIGIN}/${TASK}/1400123456_12345.mp4`);
    expect(fillFilePattern(result.files[1]?.key ?? "", { index: 2 })).toBe(`${TASK}/1400123456_12345_2.mp4`);
    expect(result.files.every((f) => f.documented)).toBe(true);
  });

  it("HLS+MP4 lists both", () => {
    expect(names(where({ recordMode: 2, outputFormat: 1 }))).toEqual([
      "1400123456_12345.m3u8",
      "1400123456_12345_<UTC>.ts",
      "1400123456_12345.mp4",
      "1400123456_12345_<Index>.mp4",
    ]);
  });

  it("AAC is named like MP4 with .aac, marked as an assumption", () => {
    for (const outputFormat of [2, 4]) {
      const result = where({ recordMode: 2, streamType: 1, outputFormat });
      const aac = result.files.filter((f) => f.format === "aac");
      expect(keys(aac)).toEqual([`${TASK}/1400123456_12345.aac`, `${TASK}/1400123456_12345_<Index>.aac`]);
      expect(aac.every((f) => !f.documented)).toBe(true);
      expect(result.note).toContain("Assumption: AAC files are named like MP4 files");
    }
    expect(where({ recordMode: 2, outputFormat: 2 }).files.map((f) => f.format)).toEqual(["hls", "hls", "aac", "aac"]);
  });

  it("mp4-only and aac-only list no HLS, as an assumption", () => {
    for (const outputFormat of [3, 4]) {
      const result = where({ recordMode: 2, outputFormat });
      expect(result.files.some((f) => f.format === "hls")).toBe(false);
      expect(result.note).toContain("Assumption: with mp4-only or aac-only output no HLS files are listed");
    }
  });

  it("a recovered file gets the ha<n>_ prefix", () => {
    // "if the scheme is used for the first time, the recovered file is named <Prefix>/<TaskId>/ha1_<SdkAppId>_<RoomId>.m3u8"
    const playlist = where({ recordMode: 2 }).files[0]?.key ?? "";
    expect(fillFilePattern(playlist, { recovery: 1 })).toBe(`${TASK}/ha1_1400123456_12345.m3u8`);
    expect(where({ recordMode: 2 }).note).toContain("ha1_, ha2_ or ha3_");
  });
});

describe("single-stream names", () => {
  const base = "1400123456_12345__UserId_s_<UserId>__UserId_e_";

  it("HLS: <SdkAppId>_<RoomId>__UserId_s_<UserId>__UserId_e_<MediaId>_<Type>.m3u8 and ..._<UTC>.ts per stream", () => {
    const result = where({ recordMode: 1 });
    expect(names(result)).toEqual([
      `${base}main_audio.m3u8`,
      `${base}main_audio_<UTC>.ts`,
      `${base}main_video.m3u8`,
      `${base}main_video_<UTC>.ts`,
      `${base}aux_audio.m3u8`,
      `${base}aux_audio_<UTC>.ts`,
      `${base}aux_video.m3u8`,
      `${base}aux_video_<UTC>.ts`,
    ]);
    expect(result.files.every((f) => f.pattern && f.url === null && f.documented)).toBe(true);
    expect(result.placeholders.map((p) => p.name)).toEqual(["<UserId>", "<UTC>"]);
  });

  it("fills to the documentation's example segment name", () => {
    // "#EXTINF:12.074 1400123456_12345__UserId_s_MTY4NjExOQ..__UserId_e_main_video_20330531094551825.ts"
    const segment = where({ recordMode: 1 }).files.find((f) => f.key.endsWith("main_video_<UTC>.ts"));
    const key = fillFilePattern(segment?.key ?? "", { userId: "1686119", utc: "20330531094551825" });
    expect(key).toBe(`${TASK}/1400123456_12345__UserId_s_MTY4NjExOQ..__UserId_e_main_video_20330531094551825.ts`);
    expect(objectUrl(COS, key)).toBe(
      `${ORIGIN}/${TASK}/1400123456_12345__UserId_s_MTY4NjExOQ..__UserId_e_main_video_20330531094551825.ts`,
    );
  });

  it("narrows MediaId and Type to what mediaId and streamType record", () => {
    // MediaId "0: main and auxiliary (default); 1: main; 2: auxiliary"; StreamType "0 audio and video, 1 audio only,
    // 2 video only" (36760#RecordParams).
    expect(names(where({ recordMode: 1, mediaId: 1, streamType: 1 }))).toEqual([
      `${base}main_audio.m3u8`,
      `${base}main_audio_<UTC>.ts`,
    ]);
    expect(names(where({ recordMode: 1, mediaId: 2, streamType: 2 }))).toEqual([
      `${base}aux_video.m3u8`,
      `${base}aux_video_<UTC>.ts`,
    ]);
  });

  it("MP4: <SdkAppId>_<RoomId>__UserId_s_<UserId>__UserId_e_<MediaId>_<Index>.mp4, without _<Index> unless split", () => {
    const result = where({ recordMode: 1, outputFormat: 3, mediaId: 1 });
    expect(names(result)).toEqual([`${base}main.mp4`, `${base}main_<Index>.mp4`]);
    expect(fillFilePattern(result.files[0]?.key ?? "", { userId: "1686119" })).toBe(
      `${TASK}/1400123456_12345__UserId_s_MTY4NjExOQ..__UserId_e_main.mp4`,
    );
  });

  it("merged audio and video (avMerge 1) keep a <Type> placeholder, marked undocumented", () => {
    // AvMerge: "1: merge a user's audio and video into one ts" names no Type for the merged file.
    const result = where({ recordMode: 1, avMerge: 1, mediaId: 1 });
    expect(names(result)).toEqual([`${base}main_<Type>.m3u8`, `${base}main_<Type>_<UTC>.ts`]);
    expect(result.files.every((f) => !f.documented)).toBe(true);
    expect(result.placeholders.map((p) => p.name)).toContain("<Type>");
    expect(result.note).toContain("Assumption: merged audio/video files (avMerge 1)");
  });

  it("names the <UserId> encoding in its placeholders", () => {
    const userId = where({ recordMode: 1 }).placeholders.find((p) => p.name === "<UserId>");
    expect(userId?.meaning).toContain('Base64-encoded with "/" replaced by "-" and "=" by "."');
  });
});

describe("object URLs", () => {
  it("COS: https://<BucketName-APPID>.cos.<Region>.myqcloud.com/<ObjectKey>", () => {
    // "in an object's access address examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/folder/picture.jpg, the
    // object key is folder/picture.jpg" (https://www.tencentcloud.com/document/product/436/13324).
    expect(objectUrl(COS, "folder/picture.jpg")).toBe(`${ORIGIN}/folder/picture.jpg`);
  });

  it("gives no URL for a key with a . or .. segment, which every URL parser would resolve away", () => {
    expect(objectUrl(COS, "./1_4167347640.m3u8")).toBeNull();
    expect(objectUrl(COS, "prefix/../task/1.m3u8")).toBeNull();
    expect(objectUrl(COS, "prefix/.hidden/1.m3u8")).toBe(`${ORIGIN}/prefix/.hidden/1.m3u8`);
  });

  it("S3: https://bucket-name.s3.region-code.amazonaws.com/key-name", () => {
    // "In this example, my-bucket is the bucket name, US West (Oregon) is the Region, and puppy.png is the key name:
    // https://my-bucket.s3.us-west-2.amazonaws.com/puppy.png" (S3 VirtualHosting page).
    const s3 = { vendor: 1, region: "us-west-2", bucket: "my-bucket" };
    expect(objectUrl(s3, "puppy.png")).toBe("https://my-bucket.s3.us-west-2.amazonaws.com/puppy.png");
    // The China partition: https://bucket-name.s3.region-code.amazonaws.com.cn.
    expect(objectUrl({ ...s3, region: "cn-north-1" }, "puppy.png")).toBe(
      "https://my-bucket.s3.cn-north-1.amazonaws.com.cn/puppy.png",
    );
  });

  it("percent-encodes each key segment: a Base64 '+' becomes %2B, '/' stays a separator", () => {
    expect(objectUrl(COS, "a/Pj4+.m3u8")).toBe(`${ORIGIN}/a/Pj4%2B.m3u8`);
    const result = where({ recordMode: 2 }, { roomId: ">>>", roomIdType: 0 });
    expect(result.files[0]?.url).toBe(`${ORIGIN}/${TASK}/1400123456_Pj4%2B.m3u8`);
  });

  it("is null where the bucket and region do not make it known, and the note says why", () => {
    const cases: Array<[RecordingFileInputs["storageParams"]["cloudStorage"], string]> = [
      [{ vendor: 1, region: "auto", bucket: "rec", endpointUrl: "acct.r2.cloudflarestorage.com" }, "S3-compatible"],
      [{ vendor: 1, region: "us-east-1", bucket: "my.dotted.bucket" }, "dotted S3 bucket"],
      [{ vendor: 0, region: "ap-guangzhou", bucket: "no-appid" }, "not in the form COS addresses"],
      [{ vendor: 0, region: "Ap Guangzhou", bucket: "examplebucket-1250000000" }, "not in the form COS addresses"],
      [{ vendor: 1, region: "us-east-1", bucket: "Upper_Case" }, "not in the form S3 addresses"],
    ];
    for (const [cloudStorage, why] of cases) {
      const result = where({ recordMode: 2 }, { storageParams: { cloudStorage } });
      expect(result.urlPrefix).toBeNull();
      expect(result.files.every((f) => f.url === null)).toBe(true);
      expect(result.note).toContain(why);
      expect(result.files[0]?.key).toBe(`${TASK}/1400123456_12345.m3u8`);
    }
  });

  it("S3 storage gives the same keys as COS", () => {
    const s3 = where(
      { recordMode: 1 },
      { storageParams: { cloudStorage: { vendor: 1, region: "us-east-1", bucket: "rec" } } },
    );
    expect(s3.storage).toBe("s3");
    expect(keys(s3.files)).toEqual(keys(where({ recordMode: 1 }).files));
    expect(s3.urlPrefix).toBe(`https://rec.s3.us-east-1.amazonaws.com/${TASK}/`);
  });
});

describe("VOD and no storage", () => {
  it("VOD: files arrive by callback, no names in advance", () => {
    const result = recordingFileLocations(
      { ...inputs({ recordMode: 2 }), storageParams: { cloudVod: { tencentVod: {} } } },
      { taskId: TASK },
    );
    expect(result).toMatchObject({ storage: "vod", delivery: "callback", files: [], keyPrefix: null, urlPrefix: null });
    expect(result.note).toContain("callback 311 (EVENT_TYPE_CLOUD_RECORDING_VOD_COMMIT)");
    expect(result.note).toContain("https://www.tencentcloud.com/document/product/647/54914");
  });

  it("no storage at all: says so instead of throwing", () => {
    const result = recordingFileLocations({ ...inputs({ recordMode: 2 }), storageParams: {} }, { taskId: TASK });
    expect(result).toMatchObject({ storage: "none", delivery: "none", files: [] });
  });
});

describe("what is not known yet", () => {
  it("keeps <TaskId> and <SdkAppId> as placeholders, with no URLs", () => {
    const result = recordingFileLocations(
      { roomId: "12345", recordParams: { recordMode: 2 }, storageParams: { cloudStorage: COS } },
      { taskId: "" },
    );
    expect(result.keyPrefix).toBe("<TaskId>/");
    expect(result.baseName).toBe("<SdkAppId>_12345");
    expect(result.urlPrefix).toBeNull();
    expect(result.files.every((f) => f.pattern && f.url === null)).toBe(true);
    expect(result.placeholders.map((p) => p.name)).toEqual(["<TaskId>", "<SdkAppId>", "<UTC>"]);
  });

  it("takes the SDKAppID from the task when the inputs have none", () => {
    const result = recordingFileLocations(
      { roomId: "12345", recordParams: { recordMode: 2 }, storageParams: { cloudStorage: COS } },
      { taskId: TASK, sdkAppId: 1400000001 },
    );
    expect(result.baseName).toBe("1400000001_12345");
  });

  it("warns when a filled key could pass the COS limit of 850 bytes", () => {
    const long = Array.from({ length: 10 }, (_, i) => `${i}`.padEnd(64, "p"));
    // Ten 64-byte prefix segments and a 64-byte string room (88 characters once encoded): about 900 bytes.
    const result = where(
      { recordMode: 1 },
      { roomId: "r".repeat(64), roomIdType: 0, storageParams: { cloudStorage: { ...COS, fileNamePrefix: long } } },
    );
    expect(result.note).toContain("longer than the 850 bytes COS allows");
    expect(where({ recordMode: 1 }).note).not.toContain("850 bytes");
  });
});

describe("Pulumi-safe output", () => {
  it("never copies the storage keys", () => {
    const cloudStorage = { ...COS, accessKey: "AKIDsecretAccess", secretKey: "secretKeyValue" };
    const text = JSON.stringify(where({ recordMode: 1, outputFormat: 1 }, { storageParams: { cloudStorage } }));
    expect(text).not.toContain("AKIDsecretAccess");
    expect(text).not.toContain("secretKeyValue");
  });

  it("never holds undefined and survives a JSON round trip unchanged", () => {
    const results = [
      where({ recordMode: 1, outputFormat: 1, avMerge: 1 }),
      where(
        { recordMode: 2, outputFormat: 2 },
        { storageParams: { cloudStorage: { vendor: 1, region: "x", bucket: "y" } } },
      ),
      recordingFileLocations({ ...inputs({ recordMode: 2 }), storageParams: { cloudVod: {} } }, { taskId: TASK }),
      recordingFileLocations(
        { roomId: "1", recordParams: { recordMode: 3 }, storageParams: { cloudStorage: COS } },
        {
          taskId: "",
        },
      ),
    ];
    for (const result of results) {
      expect(leaves(result).filter(([, v]) => v === undefined)).toEqual([]);
      expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    }
  });
});
