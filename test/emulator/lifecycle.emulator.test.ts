// Task lifecycle on the virtual clock: rooms emptying, idle and duration limits, the ResourceExpiredHour window,
// robot UserId interruption, full-overwrite Modify, RecordId de-duplication and the concurrency limit.

import { describe, expect, it } from "vitest";
import type { Emulator, TaskView } from "../../emulator";
import { call, cloudBody, createCloud, SDK_APP_ID, startTestEmulator, startWeb, useEmulator } from "./helpers";

let emulator: Emulator;

useEmulator((started) => {
  emulator = started;
});

function view(taskId: string): TaskView {
  const task = emulator.tasks().find((t) => t.taskId === taskId);
  if (!task) throw new Error(`no task ${taskId}`);
  return task;
}

async function describeCloud(taskId: string) {
  return call(emulator.url, "DescribeCloudRecording", { SdkAppId: SDK_APP_ID, TaskId: taskId });
}

/** ModifyCloudRecording of `taskId` in the test app, with `fields` (the rest of the request, or overrides). */
async function modifyCloud(taskId: string, fields: Record<string, unknown>) {
  return call(emulator.url, "ModifyCloudRecording", { SdkAppId: SDK_APP_ID, TaskId: taskId, ...fields });
}

async function describeWeb(body: Record<string, unknown>) {
  return call(emulator.url, "DescribeWebRecord", body);
}

describe("rooms and MaxIdleTime", () => {
  it("is InProgress while an anchor publishes and Idle while the room is empty", async () => {
    const taskId = await createCloud(emulator.url);
    expect((await describeCloud(taskId)).response.Status).toBe("InProgress");
    emulator.setRoomOccupied({ sdkAppId: SDK_APP_ID, roomId: "3560", occupied: false });
    expect((await describeCloud(taskId)).response.Status).toBe("Idle");
    emulator.setRoomOccupied(SDK_APP_ID, "3560", true);
    expect((await describeCloud(taskId)).response.Status).toBe("InProgress");
  });

  it("ends a task once its room has been empty for MaxIdleTime", async () => {
    const taskId = await createCloud(emulator.url, { RecordParams: { RecordMode: 2, MaxIdleTime: 60 } });
    emulator.advanceClock(3600);
    expect(view(taskId).running).toBe(true);
    emulator.setRoomOccupied(SDK_APP_ID, "3560", false);
    const emptiedAt = emulator.now();
    emulator.advanceClock(59);
    expect((await describeCloud(taskId)).code).toBe("OK");
    emulator.advanceClock(1);
    expect((await describeCloud(taskId)).code).toBe("ResourceNotFound");
    expect(view(taskId)).toMatchObject({
      running: false,
      status: "Exited",
      endReason: "idle",
      endedAt: new Date(emptiedAt + 60_000).toISOString(),
    });
  });

  it("restarts the idle countdown when an anchor comes back", async () => {
    const taskId = await createCloud(emulator.url, { RecordParams: { RecordMode: 2, MaxIdleTime: 60 } });
    emulator.setRoomOccupied(SDK_APP_ID, "3560", false);
    emulator.advanceClock(50);
    emulator.setRoomOccupied(SDK_APP_ID, "3560", true);
    emulator.advanceClock(600);
    emulator.setRoomOccupied(SDK_APP_ID, "3560", false);
    emulator.advanceClock(59);
    expect(view(taskId).running).toBe(true);
    emulator.advanceClock(1);
    expect(view(taskId).running).toBe(false);
  });

  it("counts idle time from the start for a task started in an empty room (default MaxIdleTime 30 s)", async () => {
    emulator.setRoomOccupied(SDK_APP_ID, "3560", false);
    emulator.advanceClock(1000);
    const taskId = await createCloud(emulator.url, { RecordParams: { RecordMode: 1 } });
    expect((await describeCloud(taskId)).response.Status).toBe("Idle");
    emulator.advanceClock(29);
    expect(view(taskId).running).toBe(true);
    emulator.advanceClock(1);
    expect(view(taskId)).toMatchObject({ running: false, endReason: "idle" });
  });

  it("only affects the room that emptied", async () => {
    const here = await createCloud(emulator.url);
    const there = await createCloud(emulator.url, { RoomId: "3561", UserId: "recorder_3561" });
    emulator.setRoomOccupied(SDK_APP_ID, "3560", false);
    emulator.advanceClock(600);
    expect(view(here).running).toBe(false);
    expect(view(there).running).toBe(true);
  });
});

describe("ResourceExpiredHour", () => {
  it("stops Describe, Modify and Delete after the window, while the task keeps running", async () => {
    const taskId = await createCloud(emulator.url, { ResourceExpiredHour: 6 });
    emulator.advanceClock(6 * 3600 - 1);
    expect((await describeCloud(taskId)).code).toBe("OK");
    emulator.advanceClock(1);
    const described = await describeCloud(taskId);
    expect(described.code).toBe("ResourceNotFound");
    expect(described.message).toContain("ResourceExpiredHour");
    const modify = await modifyCloud(taskId, {
      MixLayoutParams: { MixLayoutMode: 1 },
    });
    expect(modify.code).toBe("ResourceNotFound");
    const deleted = await call(emulator.url, "DeleteCloudRecording", { SdkAppId: SDK_APP_ID, TaskId: taskId });
    expect(deleted.code).toBe("ResourceNotFound");
    expect(view(taskId)).toMatchObject({ running: true, status: "InProgress", endReason: null });

    emulator.setRoomOccupied(SDK_APP_ID, "3560", false);
    emulator.advanceClock(60);
    expect(view(taskId)).toMatchObject({ running: false, endReason: "idle" });
  });

  it("defaults to 72 hours", async () => {
    const taskId = await createCloud(emulator.url);
    expect(view(taskId).manageableUntil).toBe(new Date(emulator.now() + 72 * 3_600_000).toISOString());
    emulator.advanceClock(72 * 3600 - 1);
    expect((await describeCloud(taskId)).code).toBe("OK");
    emulator.advanceClock(1);
    expect((await describeCloud(taskId)).code).toBe("ResourceNotFound");
  });
});

describe("robot UserId", () => {
  it("interrupts the earlier task when a second one joins the room with the same robot UserId", async () => {
    const first = await createCloud(emulator.url);
    emulator.advanceClock(10);
    const second = await createCloud(emulator.url);
    expect(second).not.toBe(first);
    expect(view(first)).toMatchObject({ running: false, endReason: "interrupted" });
    expect(view(second)).toMatchObject({ running: true, status: "InProgress" });
    expect((await describeCloud(first)).code).toBe("ResourceNotFound");
    expect((await describeCloud(second)).code).toBe("OK");
  });

  it("lets the same robot UserId record other rooms, and other robots the same room", async () => {
    const a = await createCloud(emulator.url);
    const b = await createCloud(emulator.url, { RoomId: "3561" });
    const c = await createCloud(emulator.url, { UserId: "recorder_3560_b" });
    expect([a, b, c].map((id) => view(id).running)).toEqual([true, true, true]);
  });
});

describe("ModifyCloudRecording", () => {
  const customLayout = {
    MixLayoutMode: 4,
    BackGroundColor: "#336699",
    MixLayoutList: [
      { Top: 0, Left: 0, Width: 640, Height: 720, UserId: "teacher" },
      { Top: 0, Left: 640, Width: 640, Height: 720, UserId: "student" },
    ],
  };

  it("overwrites the layout and the subscription lists whole", async () => {
    const taskId = await createCloud(emulator.url, {
      MixLayoutParams: customLayout,
      RecordParams: {
        RecordMode: 2,
        MaxIdleTime: 45,
        SubscribeStreamUserIds: { SubscribeAudioUserIds: ["teacher"], UnSubscribeVideoUserIds: ["ta"] },
      },
    });
    const newLayout = { MixLayoutMode: 4, MixLayoutList: [{ Top: 0, Left: 0, Width: 1280, Height: 720 }] };
    const answer = await modifyCloud(taskId, {
      MixLayoutParams: newLayout,
      SubscribeStreamUserIds: { SubscribeVideoUserIds: ["teacher"] },
    });
    expect(answer.code).toBe("OK");
    expect(answer.response.TaskId).toBe(taskId);
    const request = view(taskId).request;
    expect(request.MixLayoutParams).toEqual(newLayout);
    expect(request.RecordParams).toEqual({
      RecordMode: 2,
      MaxIdleTime: 45,
      SubscribeStreamUserIds: { SubscribeVideoUserIds: ["teacher"] },
    });
  });

  it("rejects a layout outside the canvas fixed at creation", async () => {
    const taskId = await createCloud(emulator.url, { MixLayoutParams: customLayout });
    const answer = await modifyCloud(taskId, {
      MixLayoutParams: { MixLayoutMode: 4, MixLayoutList: [{ Top: 0, Left: 640, Width: 1280, Height: 720 }] },
    });
    expect(answer.code).toBe("InvalidParameter.OutOfRange");
    expect(answer.message).toMatch(/^MixLayoutParams\.MixLayoutList\.0\.Width .*1280px canvas width/);
    expect(view(taskId).request.MixLayoutParams).toEqual(customLayout);
  });

  it("uses the documented 360 × 640 canvas when the task was created without VideoParams", async () => {
    const taskId = await createCloud(emulator.url, { MixTranscodeParams: undefined });
    const tooWide = await modifyCloud(taskId, {
      MixLayoutParams: { MixLayoutMode: 4, MixLayoutList: [{ Top: 0, Left: 0, Width: 361, Height: 640 }] },
    });
    expect(tooWide.code).toBe("InvalidParameter.OutOfRange");
    const fits = await modifyCloud(taskId, {
      MixLayoutParams: { MixLayoutMode: 4, MixLayoutList: [{ Top: 0, Left: 0, Width: 360, Height: 640 }] },
    });
    expect(fits.code).toBe("OK");
  });

  it("does not find a task of another SdkAppId", async () => {
    const taskId = await createCloud(emulator.url);
    const answer = await modifyCloud(taskId, { SdkAppId: 1400000001 });
    expect(answer.code).toBe("ResourceNotFound");
  });
});

describe("DeleteCloudRecording", () => {
  it("ends the task, which is then gone", async () => {
    const taskId = await createCloud(emulator.url);
    emulator.advanceClock(90);
    const deleted = await call(emulator.url, "DeleteCloudRecording", { SdkAppId: SDK_APP_ID, TaskId: taskId });
    expect(deleted.code).toBe("OK");
    expect(view(taskId)).toMatchObject({
      running: false,
      endReason: "deleted",
      endedAt: new Date(emulator.now()).toISOString(),
    });
    expect((await call(emulator.url, "DeleteCloudRecording", { SdkAppId: SDK_APP_ID, TaskId: taskId })).code).toBe(
      "ResourceNotFound",
    );
  });
});

describe("rooms by RoomIdType", () => {
  it('keeps numeric room 123 and string room "123" apart: robots, anchors and idle time', async () => {
    const numeric = await createCloud(emulator.url, { RoomId: "123", UserId: "robot" });
    const text = await createCloud(emulator.url, { RoomId: "123", RoomIdType: 0, UserId: "robot" });
    expect([view(numeric), view(text)].map((t) => [t.running, t.roomIdType])).toEqual([
      [true, 1],
      [true, 0],
    ]);
    emulator.setRoomOccupied({ sdkAppId: SDK_APP_ID, roomId: "123", roomIdType: 0, occupied: false });
    expect((await describeCloud(text)).response.Status).toBe("Idle");
    expect((await describeCloud(numeric)).response.Status).toBe("InProgress");
    emulator.advanceClock(60);
    expect(view(text)).toMatchObject({ running: false, endReason: "idle" });
    expect(view(numeric).running).toBe(true);
  });

  it("reads a numeric room as the integer it is: 0123 is room 123", async () => {
    const first = await createCloud(emulator.url, { RoomId: "123", UserId: "robot" });
    await createCloud(emulator.url, { RoomId: "0123", UserId: "robot" });
    expect(view(first)).toMatchObject({ running: false, endReason: "interrupted" });
  });
});

// File names: https://cloud.tencent.com/document/product/647/111748. UserIds and string rooms are base64 with
// "/" → "-" and "=" → "." ("teacher" → dGVhY2hlcg.., "student" → c3R1ZGVudA.., "presenter" → cHJlc2VudGVy).
describe("storage files", () => {
  const single = (user: string, rest: string) => `${SDK_APP_ID}_3560_UserId_s_${user}_UserId_e_${rest}`;
  const files = async (taskId: string) =>
    (await describeCloud(taskId)).response.StorageFileList as Array<{
      UserId: string;
      FileName: string;
      TrackType: string;
      BeginTimeStamp: number;
    }>;
  const names = async (taskId: string) => (await files(taskId)).map((f) => [f.UserId, f.FileName, f.TrackType]);

  it("names mixed-stream files after the SdkAppId and room, one per output format", async () => {
    const hls = await createCloud(emulator.url);
    const createdAt = emulator.now();
    emulator.advanceClock(30);
    expect(await files(hls)).toEqual([
      { UserId: "", FileName: `${SDK_APP_ID}_3560.m3u8`, TrackType: "audio_video", BeginTimeStamp: createdAt },
    ]);
    const both = await createCloud(emulator.url, { UserId: "r2", RecordParams: { RecordMode: 2, OutputFormat: 2 } });
    expect(await names(both)).toEqual([
      ["", `${SDK_APP_ID}_3560.m3u8`, "audio_video"],
      ["", `${SDK_APP_ID}_3560.aac`, "audio"],
    ]);
    const audio = await createCloud(emulator.url, {
      UserId: "r3",
      RecordParams: { RecordMode: 2, StreamType: 1, OutputFormat: 3 },
    });
    expect(await names(audio)).toEqual([["", `${SDK_APP_ID}_3560.mp4`, "audio"]]);
    const text = await createCloud(emulator.url, { RoomId: "class-a", RoomIdType: 0 });
    expect(await names(text)).toEqual([["", `${SDK_APP_ID}_Y2xhc3MtYQ...m3u8`, "audio_video"]]);
  });

  it("names single-stream files per user, stream and track", async () => {
    emulator.setRoomOccupied({
      sdkAppId: SDK_APP_ID,
      roomId: "3560",
      publishers: [
        { userId: "teacher" },
        { userId: "student", video: false },
        { userId: "presenter", screenShare: true },
      ],
    });
    const separate = await createCloud(emulator.url, { RecordParams: { RecordMode: 1, OutputFormat: 1 } });
    expect(await names(separate)).toEqual([
      ["teacher", single("dGVhY2hlcg..", "main_audio.m3u8"), "audio"],
      ["teacher", single("dGVhY2hlcg..", "main_video.m3u8"), "video"],
      ["teacher", single("dGVhY2hlcg..", "main.mp4"), "audio_video"],
      ["student", single("c3R1ZGVudA..", "main_audio.m3u8"), "audio"],
      ["student", single("c3R1ZGVudA..", "main.mp4"), "audio"],
      ["presenter", single("cHJlc2VudGVy", "main_audio.m3u8"), "audio"],
      ["presenter", single("cHJlc2VudGVy", "main_video.m3u8"), "video"],
      ["presenter", single("cHJlc2VudGVy", "main.mp4"), "audio_video"],
      ["presenter", single("cHJlc2VudGVy", "aux_video.m3u8"), "video"],
      ["presenter", single("cHJlc2VudGVy", "aux.mp4"), "video"],
    ]);
    const merged = await createCloud(emulator.url, {
      UserId: "r2",
      RecordParams: { RecordMode: 1, AvMerge: 1, MediaId: 1 },
    });
    expect((await names(merged)).map(([, name]) => name)).toEqual([
      single("dGVhY2hlcg..", "main_audiovideo.m3u8"),
      single("c3R1ZGVudA..", "main_audio.m3u8"),
      single("cHJlc2VudGVy", "main_audiovideo.m3u8"),
    ]);
    const aac = await createCloud(emulator.url, { UserId: "r3", RecordParams: { RecordMode: 1, OutputFormat: 4 } });
    expect((await names(aac)).map(([, name]) => name)).toEqual([
      single("dGVhY2hlcg..", "main.aac"),
      single("c3R1ZGVudA..", "main.aac"),
      single("cHJlc2VudGVy", "main.aac"),
    ]);
  });

  it("starts files when a subscribed user starts publishing, and follows the subscription lists", async () => {
    emulator.setRoomOccupied({ sdkAppId: SDK_APP_ID, roomId: "3560", publishers: [{ userId: "teacher" }] });
    const taskId = await createCloud(emulator.url, {
      RecordParams: {
        RecordMode: 1,
        AvMerge: 1,
        SubscribeStreamUserIds: { SubscribeAudioUserIds: ["teach.*$"], SubscribeVideoUserIds: ["teacher"] },
      },
    });
    emulator.advanceClock(20);
    emulator.setRoomOccupied({
      sdkAppId: SDK_APP_ID,
      roomId: "3560",
      publishers: [{ userId: "teacher" }, { userId: "student" }],
    });
    expect(await names(taskId)).toEqual([["teacher", single("dGVhY2hlcg..", "main_audiovideo.m3u8"), "audio_video"]]);
    emulator.advanceClock(10);
    const modified = await modifyCloud(taskId, {
      SubscribeStreamUserIds: { UnSubscribeVideoUserIds: ["teacher"] },
    });
    expect(modified.code).toBe("OK");
    const listed = await files(taskId);
    // The teacher's video is no longer subscribed: an audio-only file follows the merged one.
    expect(listed.map((f) => [f.FileName, f.BeginTimeStamp - (listed[0]?.BeginTimeStamp ?? 0)])).toEqual([
      [single("dGVhY2hlcg..", "main_audiovideo.m3u8"), 0],
      [single("dGVhY2hlcg..", "main_audio.m3u8"), 30_000],
      [single("c3R1ZGVudA..", "main_audiovideo.m3u8"), 30_000],
    ]);
  });

  it("lists nothing for VOD storage", async () => {
    const taskId = await createCloud(emulator.url, { StorageParams: { CloudVod: { TencentVod: {} } } });
    expect(await files(taskId)).toEqual([]);
  });
});

describe("web recordings", () => {
  it("ends at MaxDurationLimit (default 86400 s)", async () => {
    const short = await startWeb(emulator.url, { MaxDurationLimit: 1800 });
    const long = await startWeb(emulator.url);
    emulator.advanceClock(1799);
    expect((await describeWeb({ TaskId: short })).code).toBe("OK");
    emulator.advanceClock(1);
    expect((await describeWeb({ TaskId: short })).code).toBe("FailedOperation.TaskNotExist");
    expect(view(short)).toMatchObject({ running: false, endReason: "max-duration" });
    emulator.advanceClock(86400 - 1800 - 1);
    expect(view(long).running).toBe(true);
    emulator.advanceClock(1);
    expect(view(long)).toMatchObject({ running: false, endReason: "max-duration" });
  });

  it("keeps a RecordId taken while its task runs, per SdkAppId", async () => {
    const first = await startWeb(emulator.url, { RecordId: "lesson-1" });
    expect((await call(emulator.url, "StartWebRecord", { ...webOverrides("lesson-1") })).code).toBe(
      "FailedOperation.TaskExist",
    );
    expect((await call(emulator.url, "StartWebRecord", { ...webOverrides("lesson-1", 1400000001) })).code).toBe("OK");
    expect((await call(emulator.url, "StopWebRecord", { TaskId: first })).code).toBe("OK");
    expect(view(first)).toMatchObject({ running: false, endReason: "stopped", recordId: "lesson-1" });
    const again = await call(emulator.url, "StartWebRecord", { ...webOverrides("lesson-1") });
    expect(again.code).toBe("OK");
    expect(again.response.TaskId).not.toBe(first);
  });

  it("describes by TaskId or by SdkAppId and RecordId, and only matching pairs", async () => {
    const taskId = await startWeb(emulator.url, { RecordId: "lesson-2" });
    expect((await describeWeb({ TaskId: taskId })).response).toMatchObject({
      Status: 1,
      TaskId: taskId,
      RecordId: "lesson-2",
    });
    expect((await describeWeb({ SdkAppId: SDK_APP_ID, RecordId: "lesson-2" })).response.TaskId).toBe(taskId);
    expect((await describeWeb({ SdkAppId: 1400000001, RecordId: "lesson-2" })).code).toBe(
      "FailedOperation.TaskNotExist",
    );
    expect((await describeWeb({ TaskId: taskId, SdkAppId: 1400000001 })).code).toBe("FailedOperation.TaskNotExist");
  });

  it("treats any TaskId it did not issue for a web task as a task that does not exist (no format rule)", async () => {
    const cloudTask = await createCloud(emulator.url);
    expect((await describeWeb({ TaskId: cloudTask })).code).toBe("FailedOperation.TaskNotExist");
    // The docs' own examples use TaskIds such as "xx": InvalidParameter.TaskId has no documented trigger.
    expect((await describeWeb({ TaskId: "xx" })).code).toBe("FailedOperation.TaskNotExist");
    expect((await call(emulator.url, "StopWebRecord", { TaskId: "has spaces in it".repeat(4) })).code).toBe(
      "FailedOperation.TaskNotExist",
    );
  });
});

function webOverrides(recordId: string, sdkAppId = SDK_APP_ID): Record<string, unknown> {
  return {
    SdkAppId: sdkAppId,
    RecordUrl: "https://example.com/lesson",
    RecordId: recordId,
    StorageParams: { CloudVod: { TencentVod: {} } },
  };
}

describe("concurrency limit", () => {
  it("refuses starts beyond maxConcurrentTasks, cloud and web counted together", async () => {
    const limited = await startTestEmulator({ maxConcurrentTasks: 3 });
    try {
      const a = await createCloud(limited.url, { UserId: "robot_a" });
      await createCloud(limited.url, { UserId: "robot_b" });
      await startWeb(limited.url);
      expect((await call(limited.url, "CreateCloudRecording", cloudBody({ UserId: "robot_c" }))).code).toBe(
        "FailedOperation.RestrictedConcurrency",
      );
      expect((await call(limited.url, "StartWebRecord", webOverrides("x"))).code).toBe(
        "ResourceInsufficient.RequestRejection",
      );
      // Taking over a robot UserId replaces a task rather than adding one.
      expect((await call(limited.url, "CreateCloudRecording", cloudBody({ UserId: "robot_a" }))).code).toBe("OK");
      expect(limited.tasks().find((t) => t.taskId === a)?.endReason).toBe("interrupted");
      limited.setRoomOccupied(SDK_APP_ID, "3560", false);
      limited.advanceClock(3600);
      expect((await call(limited.url, "CreateCloudRecording", cloudBody({ UserId: "robot_c" }))).code).toBe("OK");
    } finally {
      await limited.close();
    }
  });
});

describe("virtual clock", () => {
  it("stands still unless advanced, and never goes back", () => {
    const start = emulator.now();
    expect(emulator.now()).toBe(start);
    emulator.advanceClock(1.5);
    expect(emulator.now()).toBe(start + 1500);
    expect(() => emulator.advanceClock(-1)).toThrow(RangeError);
  });

  it("follows wall time in realtime mode", async () => {
    const realtime = await startTestEmulator({ realtime: true });
    try {
      const start = realtime.now();
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(realtime.now() - start).toBeGreaterThanOrEqual(10);
      realtime.advanceClock(60);
      expect(realtime.now() - start).toBeGreaterThanOrEqual(60_000);
    } finally {
      await realtime.close();
    }
  });
});
