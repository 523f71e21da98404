// The provider's own client against the emulator: its answer schemas accept every answer, it reads the virtual
// clock from the Date header, and a dropped answer after the action ran is reported as ambiguous.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator";
import { TrtcClient } from "../../provider/client/client";
import { TrtcApiError } from "../../provider/errors";
import { CREDENTIALS, cloudBody, SDK_APP_ID, startTestEmulator, webBody } from "../emulator/helpers";

let emulator: Emulator;
let client: TrtcClient;

beforeAll(async () => {
  emulator = await startTestEmulator();
  client = new TrtcClient({
    credentials: CREDENTIALS,
    endpoint: emulator.url,
    maxRequestsPerSecond: 20,
    requestTimeoutMs: 5_000,
    deadlineMs: 10_000,
    retry: { maxAttempts: 1 },
  });
});

afterAll(async () => {
  await client.close();
  await emulator.close();
});

beforeEach(() => {
  emulator.reset();
});

async function failure(promise: Promise<unknown>): Promise<TrtcApiError> {
  try {
    await promise;
  } catch (error) {
    if (TrtcApiError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

describe("pulumi-trtc's TrtcClient", () => {
  it("runs a cloud recording's whole lifecycle", async () => {
    emulator.advanceClock(5000);
    const created = await client.call("CreateCloudRecording", "ap-singapore", cloudBody() as never);
    expect(created.serverTime).toBe(emulator.now());
    const taskId = created.response.TaskId;
    const described = await client.call("DescribeCloudRecording", "ap-singapore", {
      SdkAppId: SDK_APP_ID,
      TaskId: taskId,
    });
    expect(described.response.Status).toBe("InProgress");
    await client.call("ModifyCloudRecording", "ap-singapore", {
      SdkAppId: SDK_APP_ID,
      TaskId: taskId,
      MixLayoutParams: { MixLayoutMode: 2 },
      SubscribeStreamUserIds: {},
    });
    await client.call("DeleteCloudRecording", "ap-singapore", { SdkAppId: SDK_APP_ID, TaskId: taskId });
    const gone = await failure(
      client.call("DescribeCloudRecording", "ap-singapore", { SdkAppId: SDK_APP_ID, TaskId: taskId }),
    );
    expect(gone.errorClass).toBe("gone");
    expect(gone.serverTime).toBe(emulator.now());
  });

  it("runs a web recording's whole lifecycle", async () => {
    const started = await client.call("StartWebRecord", "ap-singapore", webBody({ RecordId: "rid-1" }) as never);
    const byRecord = await client.call("DescribeWebRecord", "ap-singapore", {
      SdkAppId: SDK_APP_ID,
      RecordId: "rid-1",
    });
    expect(byRecord.response).toMatchObject({ Status: 1, TaskId: started.response.TaskId });
    await client.call("StopWebRecord", "ap-singapore", { TaskId: started.response.TaskId });
    const gone = await failure(client.call("StopWebRecord", "ap-singapore", { TaskId: started.response.TaskId }));
    expect(gone.errorClass).toBe("gone");
  });

  it("sees commit-then-reset as an ambiguous failure, and the task exists", async () => {
    emulator.setFault({ action: "CreateCloudRecording", fault: "commit-then-reset" });
    const error = await failure(client.call("CreateCloudRecording", "ap-singapore", cloudBody() as never));
    expect(error.ambiguous).toBe(true);
    expect(emulator.tasks()).toMatchObject([{ running: true }]);
  });
});
