// The official Tencent Cloud Node SDK drives the emulator through all seven actions: if the SDK's own signing,
// headers and envelope parsing work against it, the emulator speaks the real protocol.

import { Client } from "tencentcloud-sdk-nodejs/tencentcloud/services/trtc/v20190722/trtc_client";
import { describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator";
import { CREDENTIALS, cloudBody, SDK_APP_ID, useEmulator, webBody } from "./helpers";

let emulator: Emulator;

function sdkClient(region: string, credential: { secretId: string; secretKey: string } = CREDENTIALS): Client {
  return new Client({
    credential,
    region,
    profile: { httpProfile: { endpoint: new URL(emulator.url).host, protocol: "http://" }, language: "en-US" },
  });
}

/** The API error code the SDK threw, or "OK". */
async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "OK";
  } catch (error) {
    return String((error as { code?: string }).code);
  }
}

useEmulator((started) => {
  emulator = started;
});

describe("cloud recording through the official SDK", () => {
  it("creates, describes, modifies and deletes a task", async () => {
    const client = sdkClient("ap-singapore");
    const created = await client.CreateCloudRecording(cloudBody() as never);
    expect(created.TaskId).toMatch(/^[A-Za-z0-9+\-_.]{48,}$/);
    expect(created.RequestId).toMatch(/^[0-9a-f-]{36}$/);

    const described = await client.DescribeCloudRecording({ SdkAppId: SDK_APP_ID, TaskId: created.TaskId as string });
    expect(described.Status).toBe("InProgress");
    // Mixed-stream HLS: <SdkAppId>_<RoomId>.m3u8 (https://cloud.tencent.com/document/product/647/111748).
    expect(described.StorageFileList).toEqual([
      { UserId: "", FileName: `${SDK_APP_ID}_3560.m3u8`, TrackType: "audio_video", BeginTimeStamp: emulator.now() },
    ]);

    const modified = await client.ModifyCloudRecording({
      SdkAppId: SDK_APP_ID,
      TaskId: created.TaskId as string,
      MixLayoutParams: { MixLayoutMode: 1, MaxResolutionUserId: "teacher" },
      SubscribeStreamUserIds: { SubscribeVideoUserIds: ["teacher", "student_1"] },
    });
    expect(modified.TaskId).toBe(created.TaskId);

    const deleted = await client.DeleteCloudRecording({ SdkAppId: SDK_APP_ID, TaskId: created.TaskId as string });
    expect(deleted.TaskId).toBe(created.TaskId);
    expect(
      await codeOf(client.DescribeCloudRecording({ SdkAppId: SDK_APP_ID, TaskId: created.TaskId as string })),
    ).toBe("ResourceNotFound");
  });

  it("lists no files for VOD storage", async () => {
    const client = sdkClient("ap-guangzhou");
    const { TaskId } = await client.CreateCloudRecording(
      cloudBody({ StorageParams: { CloudVod: { TencentVod: { ExpireTime: 0 } } } }) as never,
    );
    const described = await client.DescribeCloudRecording({ SdkAppId: SDK_APP_ID, TaskId: TaskId as string });
    expect(described.StorageFileList).toEqual([]);
  });

  it("returns the documented parameter errors", async () => {
    const client = sdkClient("ap-singapore");
    const body = cloudBody();
    const { RecordParams: _omitted, ...noRecordParams } = body;
    expect(await codeOf(client.CreateCloudRecording(noRecordParams as never))).toBe("MissingParameter.RecordParams");
    expect(await codeOf(client.CreateCloudRecording(cloudBody({ UserId: undefined }) as never))).toBe(
      "MissingParameter.UserId",
    );
    expect(
      await codeOf(
        client.CreateCloudRecording(cloudBody({ RecordParams: { RecordMode: 2, MaxIdleTime: 1 } }) as never),
      ),
    ).toBe("InvalidParameter.OutOfRange");
    expect(await codeOf(client.CreateCloudRecording(cloudBody({ Colour: "red" }) as never))).toBe("UnknownParameter");
    expect(await codeOf(client.DescribeCloudRecording({ SdkAppId: SDK_APP_ID } as never))).toBe(
      "MissingParameter.TaskId",
    );
    expect(await codeOf(client.DeleteCloudRecording({ SdkAppId: SDK_APP_ID, TaskId: "no-such-task" }))).toBe(
      "ResourceNotFound",
    );
  });

  it("refuses a region the action is not offered in", async () => {
    expect(await codeOf(sdkClient("ap-tokyo").CreateCloudRecording(cloudBody() as never))).toBe("UnsupportedRegion");
    // ap-mumbai manages tasks on the international site, but CreateCloudRecording is not offered there.
    expect(await codeOf(sdkClient("ap-mumbai").CreateCloudRecording(cloudBody() as never))).toBe("UnsupportedRegion");
    expect(
      await codeOf(sdkClient("ap-mumbai").DescribeCloudRecording({ SdkAppId: SDK_APP_ID, TaskId: "x".repeat(56) })),
    ).toBe("ResourceNotFound");
  });
});

describe("web recording through the official SDK", () => {
  it("starts, describes (by TaskId and by RecordId) and stops a task", async () => {
    const client = sdkClient("ap-singapore");
    const started = await client.StartWebRecord(webBody({ RecordId: "class_42" }) as never);
    expect(started.TaskId).toMatch(/^[A-Za-z0-9+\-_.]{48,}$/);

    const byTask = await client.DescribeWebRecord({ TaskId: started.TaskId });
    expect(byTask).toMatchObject({ Status: 1, TaskId: started.TaskId, RecordId: "class_42" });
    const byRecord = await client.DescribeWebRecord({ SdkAppId: SDK_APP_ID, RecordId: "class_42" });
    expect(byRecord).toMatchObject({ Status: 1, TaskId: started.TaskId, RecordId: "class_42" });

    expect(await codeOf(client.StartWebRecord(webBody({ RecordId: "class_42" }) as never))).toBe(
      "FailedOperation.TaskExist",
    );

    const stopped = await client.StopWebRecord({ TaskId: started.TaskId as string });
    expect(stopped.RequestId).toBeTruthy();
    expect(await codeOf(client.DescribeWebRecord({ TaskId: started.TaskId }))).toBe("FailedOperation.TaskNotExist");
    expect(await codeOf(client.StopWebRecord({ TaskId: started.TaskId as string }))).toBe(
      "FailedOperation.TaskNotExist",
    );
    // A TaskId is opaque: one the service never issued is a task that does not exist.
    expect(await codeOf(client.StopWebRecord({ TaskId: "not a task id" }))).toBe("FailedOperation.TaskNotExist");
  });

  it("offers web recording in ap-singapore only on the international site", async () => {
    expect(await codeOf(sdkClient("ap-beijing").StartWebRecord(webBody() as never))).toBe("UnsupportedRegion");
  });
});

describe("authentication through the official SDK", () => {
  it("rejects a wrong SecretKey and an unknown SecretId", async () => {
    const wrongKey = sdkClient("ap-singapore", { secretId: CREDENTIALS.secretId, secretKey: "not-the-key" });
    expect(await codeOf(wrongKey.DescribeWebRecord({ TaskId: "x".repeat(56) }))).toBe("AuthFailure.SignatureFailure");
    const unknownId = sdkClient("ap-singapore", { secretId: "AKIDunknown", secretKey: CREDENTIALS.secretKey });
    expect(await codeOf(unknownId.DescribeWebRecord({ TaskId: "x".repeat(56) }))).toBe("AuthFailure.SecretIdNotFound");
  });
});
