// Parameter rules: the emulator's own API description (emulator/apiModel.ts, apiRules.ts) decides, and the first
// problem comes back with the service's error code and the field's API name.

import { describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator";
import { call, cloudBody, SDK_APP_ID, useEmulator, webBody } from "./helpers";

let emulator: Emulator;

useEmulator((started) => {
  emulator = started;
});

async function create(body: Record<string, unknown>) {
  return call(emulator.url, "CreateCloudRecording", body);
}

describe("missing parameters", () => {
  it("names the documented MissingParameter sub-code", async () => {
    const { UserSig: _sig, ...noUserSig } = cloudBody();
    expect((await create(noUserSig)).code).toBe("MissingParameter.UserSig");
    const { StorageParams: _storage, ...noStorage } = cloudBody();
    expect((await create(noStorage)).code).toBe("MissingParameter.StorageParams");
    const noMode = await create(cloudBody({ RecordParams: { MaxIdleTime: 30 } }));
    expect(noMode.code).toBe("MissingParameter.RecordMode");
    expect(noMode.message).toBe("RecordParams.RecordMode is required.");
    const noBucket = await create(
      cloudBody({
        StorageParams: { CloudStorage: { Vendor: 0, Region: "ap-shanghai", AccessKey: "a", SecretKey: "s" } },
      }),
    );
    expect(noBucket.code).toBe("MissingParameter.Bucket");
    expect(noBucket.message).toBe("StorageParams.CloudStorage.Bucket is required.");
    const noStorageKind = await create(cloudBody({ StorageParams: {} }));
    expect(noStorageKind.code).toBe("MissingParameter.CloudStorage");
  });

  it("falls back to plain MissingParameter for undocumented fields", async () => {
    const answer = await create(
      cloudBody({ MixLayoutParams: { MixLayoutMode: 4, MixLayoutList: [{ Top: 0, Left: 0, Width: 100 }] } }),
    );
    expect(answer.code).toBe("MissingParameter");
    expect(answer.message).toBe("MixLayoutParams.MixLayoutList.0.Height is required.");
    expect((await call(emulator.url, "StopWebRecord", {})).code).toBe("MissingParameter");
    expect((await call(emulator.url, "DescribeWebRecord", { SdkAppId: SDK_APP_ID })).code).toBe("MissingParameter");
  });

  it("uses the management actions' documented sub-codes", async () => {
    expect((await call(emulator.url, "DeleteCloudRecording", { TaskId: "x".repeat(56) })).code).toBe(
      "MissingParameter.SdkAppId",
    );
    expect((await call(emulator.url, "ModifyCloudRecording", { SdkAppId: SDK_APP_ID })).code).toBe(
      "MissingParameter.TaskId",
    );
  });
});

describe("unknown parameters", () => {
  it("refuses fields the action does not have, at any depth", async () => {
    const top = await create(cloudBody({ Priority: 1 }));
    expect(top.code).toBe("UnknownParameter");
    expect(top.message).toContain("Priority");
    const nested = await create(cloudBody({ RecordParams: { RecordMode: 2, Loudness: 3 } }));
    expect(nested.code).toBe("UnknownParameter");
    expect(nested.message).toContain("RecordParams.Loudness");
  });

  it("is case-sensitive, as the real API is", async () => {
    const lower = await create({ ...cloudBody(), sdkAppId: SDK_APP_ID });
    expect(lower.code).toBe("UnknownParameter");
    expect(lower.message).toContain("sdkAppId");
    const nestedLower = await create(cloudBody({ RecordParams: { recordMode: 2 } }));
    expect(nestedLower.code).toBe("UnknownParameter");
    expect(nestedLower.message).toContain("RecordParams.recordMode");
    const wrongInside = await create({ ...cloudBody(), SdkAppID: SDK_APP_ID });
    expect(wrongInside.code).toBe("UnknownParameter");
    expect(wrongInside.message).toContain('did you mean "SdkAppId"');
  });

  it("knows which fields exist on which site", async () => {
    const font = await create(
      cloudBody({
        MixLayoutParams: {
          MixLayoutMode: 3,
          WaterMarkList: [{ WaterMarkType: 2, WaterMarkTimestamp: { Pos: 0, Font: "Tencent" } }],
        },
      }),
    );
    expect(font.code).toBe("UnknownParameter");
    expect(font.message).toContain("MixLayoutParams.WaterMarkList.0.WaterMarkTimestamp.Font");
  });
});

describe("values", () => {
  it("reports ranges and enumerations as InvalidParameter.OutOfRange (cloud) or InvalidParameterValue (web)", async () => {
    const idle = await create(cloudBody({ RecordParams: { RecordMode: 2, MaxIdleTime: 86401 } }));
    expect(idle.code).toBe("InvalidParameter.OutOfRange");
    expect(idle.message).toBe("RecordParams.MaxIdleTime must be between 5 and 86400, got 86401.");
    const mode = await create(cloudBody({ RecordParams: { RecordMode: 3 } }));
    expect(mode.code).toBe("InvalidParameter.OutOfRange");
    expect((await create(cloudBody({ ResourceExpiredHour: 5 }))).code).toBe("InvalidParameter.OutOfRange");
    const duration = await call(emulator.url, "StartWebRecord", webBody({ MaxDurationLimit: 100 }));
    expect(duration.code).toBe("InvalidParameterValue");
    expect(duration.message).toContain("MaxDurationLimit");
    // RecordId: "less than 32 bytes".
    const recordId = await call(emulator.url, "StartWebRecord", webBody({ RecordId: "r".repeat(32) }));
    expect(recordId.code).toBe("InvalidParameterValue");
  });

  it("reports wrong JSON types as InvalidParameter and undocumented forms as InvalidParameterValue", async () => {
    const type = await create(cloudBody({ SdkAppId: "1400188366" }));
    expect(type.code).toBe("InvalidParameter");
    expect(type.message).toMatch(/^SdkAppId /);
    // uint64 in the API description: no negative numbers, no fractions.
    const negative = await create(
      cloudBody({
        MixLayoutParams: {
          MixLayoutMode: 3,
          WaterMarkList: [{ WaterMarkType: 2, WaterMarkTimestamp: { Pos: 0, TimeZone: -5 } }],
        },
      }),
    );
    expect(negative.code).toBe("InvalidParameter");
    expect(negative.message).toContain("MixLayoutParams.WaterMarkList.0.WaterMarkTimestamp.TimeZone");
    expect((await create(cloudBody({ ResourceExpiredHour: 24.5 }))).code).toBe("InvalidParameter");
    const colour = await create(cloudBody({ MixLayoutParams: { MixLayoutMode: 3, BackGroundColor: "orange" } }));
    expect(colour.code).toBe("InvalidParameterValue");
    expect(colour.message).toContain("MixLayoutParams.BackGroundColor");
    const image = await create(
      cloudBody({ MixLayoutParams: { MixLayoutMode: 3, BackgroundImageUrl: "https://example.com/bg.gif" } }),
    );
    expect(image.code).toBe("InvalidParameterValue");
  });

  it("accepts what no source limits: an unsigned time zone, a template layout's ignored MixLayoutList, any RecordUrl string", async () => {
    expect(
      (
        await create(
          cloudBody({
            MixLayoutParams: {
              MixLayoutMode: 3,
              // Outside the 1280 × 720 canvas, but only used with MixLayoutMode 4.
              MixLayoutList: [{ Top: 0, Left: 0, Width: 1920, Height: 1920 }],
              WaterMarkList: [{ WaterMarkType: 2, WaterMarkTimestamp: { Pos: 0, TimeZone: 20 } }],
            },
          }),
        )
      ).code,
    ).toBe("OK");
    expect((await call(emulator.url, "StartWebRecord", webBody({ RecordUrl: "javascript:alert(1)" }))).code).toBe("OK");
  });

  it("applies the rules that combine fields", async () => {
    const both = await create(
      cloudBody({
        StorageParams: {
          ...(cloudBody().StorageParams as Record<string, unknown>),
          CloudVod: { TencentVod: {} },
        },
      }),
    );
    expect(both.code).toBe("InvalidParameter");
    expect(both.message).toContain("StorageParams.CloudVod");
    expect(both.message).toContain("CloudStorage");
    const outside = await create(
      cloudBody({
        MixLayoutParams: { MixLayoutMode: 4, MixLayoutList: [{ Top: 0, Left: 1000, Width: 400, Height: 100 }] },
      }),
    );
    expect(outside.code).toBe("InvalidParameter.OutOfRange");
    expect(outside.message).toMatch(/^MixLayoutParams\.MixLayoutList\.0\.Width /);
    const room = await create(cloudBody({ RoomId: "class-a" }));
    expect(room.code).toBe("InvalidParameterValue");
    expect(room.message).toContain("RoomIdType");
    expect((await create(cloudBody({ RoomId: "4294967295" }))).code).toBe("InvalidParameter.OutOfRange");
    expect((await create(cloudBody({ RoomId: "class-a", RoomIdType: 0 }))).code).toBe("OK");
  });

  it("accepts every field of a complete request", async () => {
    const answer = await create(
      cloudBody({
        RoomIdType: 1,
        RecordParams: {
          RecordMode: 2,
          MaxIdleTime: 30,
          StreamType: 0,
          SubscribeStreamUserIds: { SubscribeAudioUserIds: ["teacher"], UnSubscribeVideoUserIds: ["ta.*$"] },
          OutputFormat: 3,
          MaxMediaFileDuration: 60,
          MediaId: 0,
          FillType: 1,
          SubscribeAbility: 0,
        },
        MixTranscodeParams: {
          VideoParams: { Width: 1280, Height: 720, Fps: 15, BitRate: 1500000, Gop: 10 },
          AudioParams: { SampleRate: 1, Channel: 2, BitRate: 64000 },
        },
        MixLayoutParams: {
          MixLayoutMode: 4,
          MixLayoutList: [
            { Top: 0, Left: 0, Width: 960, Height: 720, UserId: "teacher", RenderMode: 1 },
            { Top: 0, Left: 960, Width: 320, Height: 180, ImageLayer: 1 },
          ],
          BackGroundColor: "#112233",
          WaterMarkList: [
            { WaterMarkType: 1, WaterMarkChar: { Top: 10, Left: 10, Width: 200, Height: 40, Chars: "Live" } },
          ],
        },
        ResourceExpiredHour: 24,
        PrivateMapKey: "eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS80oy0zLBwhWZiflZpXlQqeKU7MSC",
      }),
    );
    expect(answer.code).toBe("OK");
  });
});
