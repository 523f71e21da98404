// The behaviours no source settles (emulator/README.md, "Assumptions"): each switch, under its default and its other
// answer, and the account's SdkAppIds.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator, EmulatorOptions } from "../../emulator";
import { resolveSettings } from "../../emulator/options";
import { CREDENTIALS, call, cloudBody, createCloud, SDK_APP_ID, startTestEmulator, startWeb, webBody } from "./helpers";

/** An emulator with `options` for the tests of one describe block. */
function withEmulator(options: Partial<EmulatorOptions>): () => Emulator {
  let emulator: Emulator | undefined;
  beforeAll(async () => {
    emulator = await startTestEmulator(options);
  });
  afterAll(async () => {
    await emulator?.close();
  });
  return () => {
    if (!emulator) throw new Error("emulator not started");
    emulator.reset();
    return emulator;
  };
}

const describeCloud = (emulator: Emulator, taskId: string) =>
  call(emulator.url, "DescribeCloudRecording", { SdkAppId: SDK_APP_ID, TaskId: taskId });

describe("defaults", () => {
  const emulator = withEmulator({});

  it("answers ResourceNotFound for ended, expired and unknown tasks alike, and forgets an ended task at once", async () => {
    const e = emulator();
    const ended = await createCloud(e.url);
    expect((await call(e.url, "DeleteCloudRecording", { SdkAppId: SDK_APP_ID, TaskId: ended })).code).toBe("OK");
    expect((await describeCloud(e, ended)).code).toBe("ResourceNotFound");
    const expired = await createCloud(e.url, { ResourceExpiredHour: 6, UserId: "r2" });
    e.advanceClock(6 * 3600);
    expect((await describeCloud(e, expired)).code).toBe("ResourceNotFound");
    expect((await describeCloud(e, "never-issued")).code).toBe("ResourceNotFound");
  });

  it("frees a RecordId once its task ends, keeps an omitted Modify object, and shares the concurrency pool", async () => {
    const e = emulator();
    const first = await startWeb(e.url, { RecordId: "again" });
    await call(e.url, "StopWebRecord", { TaskId: first });
    expect((await call(e.url, "StartWebRecord", webBody({ RecordId: "again" }))).code).toBe("OK");
    const layout = { MixLayoutMode: 1 };
    const taskId = await createCloud(e.url, { MixLayoutParams: layout });
    const modified = await call(e.url, "ModifyCloudRecording", {
      SdkAppId: SDK_APP_ID,
      TaskId: taskId,
      SubscribeStreamUserIds: { SubscribeAudioUserIds: ["a"] },
    });
    expect(modified.code).toBe("OK");
    expect(e.task(taskId)?.request.MixLayoutParams).toEqual(layout);
    const defaults = resolveSettings(CREDENTIALS);
    expect([defaults.webConcurrency, defaults.webMaxDurationSeconds, defaults.exitedSeconds]).toEqual([
      "shared",
      86400,
      0,
    ]);
  });
});

describe("webMaxDurationSeconds: 36000 (older international SDK descriptions)", () => {
  const emulator = withEmulator({ webMaxDurationSeconds: 36000 });

  it("bounds MaxDurationLimit at 36000 and ends an unbounded task after 36000 s", async () => {
    const e = emulator();
    expect((await call(e.url, "StartWebRecord", webBody({ MaxDurationLimit: 36001 }))).code).toBe(
      "InvalidParameterValue",
    );
    const taskId = await startWeb(e.url);
    e.advanceClock(35999);
    expect(e.task(taskId)?.running).toBe(true);
    e.advanceClock(1);
    expect(e.task(taskId)).toMatchObject({ running: false, endReason: "max-duration" });
  });
});

describe("endedTaskError, expiredTaskError and exitedSeconds", () => {
  const emulator = withEmulator({
    endedTaskError: "FailedOperation",
    expiredTaskError: "InternalError.CRInternalError",
    exitedSeconds: 30,
  });

  it("answers Exited for a while after the end, then the configured code; unknown tasks stay ResourceNotFound", async () => {
    const e = emulator();
    const taskId = await createCloud(e.url);
    await call(e.url, "DeleteCloudRecording", { SdkAppId: SDK_APP_ID, TaskId: taskId });
    expect((await describeCloud(e, taskId)).response.Status).toBe("Exited");
    const stopAgain = await call(e.url, "DeleteCloudRecording", { SdkAppId: SDK_APP_ID, TaskId: taskId });
    expect(stopAgain.code).toBe("FailedOperation");
    e.advanceClock(30);
    const ended = await describeCloud(e, taskId);
    expect(ended.code).toBe("FailedOperation");
    expect(ended.message).toContain("has ended");
    expect((await describeCloud(e, "never-issued")).code).toBe("ResourceNotFound");

    const expired = await createCloud(e.url, { ResourceExpiredHour: 6, UserId: "r2" });
    e.advanceClock(6 * 3600);
    expect((await describeCloud(e, expired)).code).toBe("InternalError.CRInternalError");
  });
});

describe("recordIdReuse: never", () => {
  const emulator = withEmulator({ recordIdReuse: "never" });

  it("keeps a RecordId taken after its task ends, per SdkAppId", async () => {
    const e = emulator();
    const first = await startWeb(e.url, { RecordId: "once" });
    await call(e.url, "StopWebRecord", { TaskId: first });
    expect((await call(e.url, "StartWebRecord", webBody({ RecordId: "once" }))).code).toBe("FailedOperation.TaskExist");
    // Not running, so DescribeWebRecord does not find it: a client cannot take it over.
    const described = await call(e.url, "DescribeWebRecord", { SdkAppId: SDK_APP_ID, RecordId: "once" });
    expect(described.code).toBe("FailedOperation.TaskNotExist");
    expect((await call(e.url, "StartWebRecord", webBody({ RecordId: "once", SdkAppId: 1400000001 }))).code).toBe("OK");
  });
});

describe("modifyOmitted: clear", () => {
  const emulator = withEmulator({ modifyOmitted: "clear" });

  it("clears the object ModifyCloudRecording is not given", async () => {
    const e = emulator();
    const taskId = await createCloud(e.url, {
      RecordParams: { RecordMode: 2, SubscribeStreamUserIds: { SubscribeAudioUserIds: ["a"] } },
    });
    const modified = await call(e.url, "ModifyCloudRecording", {
      SdkAppId: SDK_APP_ID,
      TaskId: taskId,
      MixLayoutParams: { MixLayoutMode: 2 },
    });
    expect(modified.code).toBe("OK");
    expect(e.task(taskId)?.request).toMatchObject({
      MixLayoutParams: { MixLayoutMode: 2 },
      RecordParams: { RecordMode: 2 },
    });
    expect(e.task(taskId)?.request.RecordParams).toEqual({ RecordMode: 2 });
    await call(e.url, "ModifyCloudRecording", {
      SdkAppId: SDK_APP_ID,
      TaskId: taskId,
      SubscribeStreamUserIds: { SubscribeVideoUserIds: ["b"] },
    });
    expect(e.task(taskId)?.request.MixLayoutParams).toBeUndefined();
  });
});

describe("webConcurrency", () => {
  const shared = withEmulator({ maxConcurrentTasks: 1 });
  const separate = withEmulator({ maxConcurrentTasks: 1, webConcurrency: "separate" });

  it("shared: a running cloud recording fills the pool for web recordings too", async () => {
    const e = shared();
    await createCloud(e.url);
    expect((await call(e.url, "StartWebRecord", webBody())).code).toBe("ResourceInsufficient.RequestRejection");
  });

  it("separate: each kind has a pool of the configured size", async () => {
    const e = separate();
    await createCloud(e.url);
    await startWeb(e.url);
    expect((await call(e.url, "StartWebRecord", webBody({ RecordId: "second" }))).code).toBe(
      "ResourceInsufficient.RequestRejection",
    );
    expect((await call(e.url, "CreateCloudRecording", cloudBody({ UserId: "second" }))).code).toBe(
      "FailedOperation.RestrictedConcurrency",
    );
  });
});

describe("sdkAppIds: the account's applications", () => {
  const emulator = withEmulator({ sdkAppIds: [SDK_APP_ID] });

  it("refuses another SdkAppId with the codes the actions document", async () => {
    const e = emulator();
    const other = 1400000001;
    expect((await call(e.url, "CreateCloudRecording", cloudBody({ SdkAppId: other }))).code).toBe(
      "InvalidParameter.SdkAppId",
    );
    expect((await call(e.url, "DescribeCloudRecording", { SdkAppId: other, TaskId: "t" })).code).toBe(
      "InvalidParameter.SdkAppId",
    );
    expect((await call(e.url, "DeleteCloudRecording", { SdkAppId: other, TaskId: "t" })).code).toBe(
      "InvalidParameter.SdkAppId",
    );
    expect((await call(e.url, "StartWebRecord", webBody({ SdkAppId: other }))).code).toBe(
      "FailedOperation.SdkAppIdNotUnderAppId",
    );
    expect((await call(e.url, "CreateCloudRecording", cloudBody())).code).toBe("OK");
  });
});

describe("option checks", () => {
  it("refuses values outside each switch's answers", () => {
    const bad: Array<Partial<EmulatorOptions>> = [
      { webMaxDurationSeconds: 7200 as never },
      { recordIdReuse: "sometimes" as never },
      { modifyOmitted: "merge" as never },
      { webConcurrency: "both" as never },
      { endedTaskError: "not a code" },
      { exitedSeconds: -1 },
      { sdkAppIds: [0] },
    ];
    for (const options of bad) expect(() => resolveSettings({ ...CREDENTIALS, ...options })).toThrow(TypeError);
  });
});
