// The TSDoc links of the request fields: every URL is one of the pages checked to document what it is attached to,
// and each field's first @see is the page of the request or data structure the field belongs to. Links had drifted
// (request fields pointing at the UserSig page, DescribeWebRecord and StopWebRecord swapped); this keeps them put.
// Page ids were matched to actions on the pages themselves: 46957 Modify, 46958 Describe, 46959 Delete, 46960 Create
// CloudRecording; 72065 Stop, 72066 Start, 72067 Describe WebRecord; 36760 the data types, one anchor per structure.

import { describe, expect, it } from "vitest";
import { documentedProperties, seeLinks, sourceText, urlsIn } from "./tsdoc";

const API = "https://www.tencentcloud.com/document/api/647";
const DATA_TYPES = `${API}/36760`;
const PAGE = {
  createCloudRecording: `${API}/46960`,
  modifyCloudRecording: `${API}/46957`,
  describeCloudRecording: `${API}/46958`,
  deleteCloudRecording: `${API}/46959`,
  startWebRecord: `${API}/72066`,
  describeWebRecord: `${API}/72067`,
  stopWebRecord: `${API}/72065`,
  /** RecorderKey exists on the China site only, so only its DescribeCloudRecording page documents it. */
  describeCloudRecordingChina: "https://cloud.tencent.com/document/api/647/73784",
  userSig: "https://www.tencentcloud.com/document/product/647/35166",
  /** The on-cloud recording feature page: rate limit and concurrency limit. */
  recordingFeature: "https://www.tencentcloud.com/document/product/647/45169",
} as const;

const STRUCTURES = [
  "RecordParams",
  "SubscribeStreamUserIds",
  "StorageParams",
  "CloudStorage",
  "CloudVod",
  "TencentVod",
  "MixTranscodeParams",
  "VideoParams",
  "AudioParams",
  "MixLayoutParams",
  "MixLayout",
  "WaterMark",
  "WaterMarkImage",
  "WaterMarkChar",
  "WaterMarkTimestamp",
  "WebRecordVideoParams",
  "McuPublishCdnParam",
  "EmulateMobileParams",
] as const;

const structure = (name: (typeof STRUCTURES)[number]) => `${DATA_TYPES}#${name}`;

const KNOWN_PAGES = new Set<string>([...Object.values(PAGE), DATA_TYPES, ...STRUCTURES.map(structure)]);

/** For each schema function: the pages a field's first @see may name (where the field is documented). */
const HOME: Record<string, string[]> = {
  subscribeStreamUserIdsSchema: [structure("SubscribeStreamUserIds")],
  recordParamsSchema: [structure("RecordParams")],
  cloudStorageSchema: [structure("CloudStorage")],
  tencentVodSchema: [structure("TencentVod")],
  cloudVodSchema: [structure("CloudVod")],
  storageParamsSchema: [structure("StorageParams")],
  videoParamsSchema: [structure("VideoParams")],
  audioParamsSchema: [structure("AudioParams")],
  mixTranscodeParamsSchema: [structure("MixTranscodeParams")],
  mixLayoutSchema: [structure("MixLayout")],
  waterMarkImageSchema: [structure("WaterMarkImage")],
  waterMarkCharSchema: [structure("WaterMarkChar")],
  waterMarkTimestampSchema: [structure("WaterMarkTimestamp")],
  waterMarkSchema: [structure("WaterMark")],
  mixLayoutParamsSchema: [structure("MixLayoutParams")],
  createCloudRecordingShape: [PAGE.createCloudRecording],
  modifyCloudRecordingSchema: [PAGE.modifyCloudRecording],
  describeCloudRecordingSchema: [PAGE.describeCloudRecording, PAGE.describeCloudRecordingChina],
  deleteCloudRecordingSchema: [PAGE.deleteCloudRecording],
  webRecordVideoParamsSchema: [structure("WebRecordVideoParams")],
  mcuPublishCdnParamSchema: [structure("McuPublishCdnParam")],
  emulateMobileParamsSchema: [structure("EmulateMobileParams")],
  startWebRecordShape: [PAGE.startWebRecord],
  describeWebRecordSchema: [PAGE.describeWebRecord],
  stopWebRecordSchema: [PAGE.stopWebRecord],
  // `region` is a common parameter, listed per action on the actions' own pages.
  resourceExtrasShape: [PAGE.createCloudRecording, PAGE.startWebRecord],
};

/** Resource inputs of the provider's own, not sent to the API: no API page documents them. */
const PROVIDER_ONLY_FIELDS = new Set(["whenEnded", "adoptTaskId", "endsAt"]);

/** The only fields the UserSig page documents. */
const USER_SIG_FIELDS = new Set(["userSig", "privateMapKey"]);

const FILES = [
  "provider/api/schemas/cloudRecording.ts",
  "provider/api/schemas/webRecording.ts",
  "provider/api/schemas/fields.ts",
  "provider/api/constants.ts",
  "provider/api/defaults.ts",
  "provider/recordings/inputs.ts",
];

const fields = FILES.flatMap((file) =>
  documentedProperties(file)
    .filter((p) => p.schemaField)
    .map((p) => ({ ...p, file, links: seeLinks(p.doc ?? "") })),
);

describe("TSDoc links of the API request fields", () => {
  it("finds the schema fields (the parser sees what the test checks)", () => {
    const names = new Set(fields.map((f) => `${f.fn}.${f.name}`));
    for (const expected of [
      "recordParamsSchema.maxIdleTime",
      "createCloudRecordingShape.userSig",
      "waterMarkCharSchema.fontSize",
      "startWebRecordShape.recordId",
      "stopWebRecordSchema.taskId",
      "resourceExtrasShape.region",
    ]) {
      expect(names).toContain(expected);
    }
    expect(fields.length).toBeGreaterThan(100);
  });

  it.each(FILES)("%s links only verified pages", (file) => {
    const unknown = urlsIn(sourceText(file)).filter(
      (url) => /tencent(cloud)?\.com|trtc\.io/.test(url) && !KNOWN_PAGES.has(url),
    );
    expect(unknown).toEqual([]);
  });

  it("links every API field, first to the page of the request or structure it belongs to", () => {
    const wrong = fields
      .filter((f) => !PROVIDER_ONLY_FIELDS.has(f.name))
      .filter((f) => {
        const home = HOME[f.fn];
        return home === undefined || f.links[0] === undefined || !home.includes(f.links[0]);
      })
      .map((f) => `${f.file}: ${f.fn}.${f.name} -> ${f.links[0] ?? "(no @see)"}`);
    expect(wrong).toEqual([]);
  });

  it("links the UserSig page from userSig and privateMapKey only", () => {
    const linking = fields.filter((f) => f.links.includes(PAGE.userSig)).map((f) => f.name);
    expect(new Set(linking)).toEqual(USER_SIG_FIELDS);
    // And nowhere else in the files: a declaration's or a line comment's link counts too.
    const mentions = FILES.map((file) => sourceText(file).split(PAGE.userSig).length - 1);
    expect(mentions.reduce((a, b) => a + b, 0)).toBe(linking.length);
  });

  it("gives each field that embeds a structure a link to that structure too", () => {
    const embeds: Record<string, (typeof STRUCTURES)[number]> = {
      "createCloudRecordingShape.recordParams": "RecordParams",
      "createCloudRecordingShape.storageParams": "StorageParams",
      "createCloudRecordingShape.mixTranscodeParams": "MixTranscodeParams",
      "createCloudRecordingShape.mixLayoutParams": "MixLayoutParams",
      "recordParamsSchema.subscribeStreamUserIds": "SubscribeStreamUserIds",
      "storageParamsSchema.cloudStorage": "CloudStorage",
      "storageParamsSchema.cloudVod": "CloudVod",
      "cloudVodSchema.tencentVod": "TencentVod",
      "mixTranscodeParamsSchema.videoParams": "VideoParams",
      "mixTranscodeParamsSchema.audioParams": "AudioParams",
      "mixLayoutParamsSchema.mixLayoutList": "MixLayout",
      "mixLayoutParamsSchema.waterMarkList": "WaterMark",
      "waterMarkSchema.waterMarkImage": "WaterMarkImage",
      "waterMarkSchema.waterMarkChar": "WaterMarkChar",
      "waterMarkSchema.waterMarkTimestamp": "WaterMarkTimestamp",
      "modifyCloudRecordingSchema.mixLayoutParams": "MixLayoutParams",
      "modifyCloudRecordingSchema.subscribeStreamUserIds": "SubscribeStreamUserIds",
      "startWebRecordShape.storageParams": "StorageParams",
      "startWebRecordShape.webRecordVideoParams": "WebRecordVideoParams",
      "startWebRecordShape.publishCdnParams": "McuPublishCdnParam",
      "startWebRecordShape.emulateMobileParams": "EmulateMobileParams",
    };
    const missing = Object.entries(embeds).filter(([key, name]) => {
      const field = fields.find((f) => `${f.fn}.${f.name}` === key);
      return !field?.links.includes(structure(name));
    });
    expect(missing).toEqual([]);
  });
});
