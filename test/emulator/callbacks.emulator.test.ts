// The emulator's recording callbacks (options callbackUrl/callbackKey): each task lifecycle, driven through the API
// and the virtual clock, reaches a local receiver as the documented events, every one verified by provider/callbacks
// `handleCallback` with the key. Events of one moment are sent independently (their arrival order is not
// guaranteed), so each phase is checked as the set it produces, one phase after another.
// Events and sequences: https://www.tencentcloud.com/document/product/647/54914; what the emulator sends when is
// documented in emulator/callbacks.ts and emulator/README.md ("Callbacks").

import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator";
import { fileNameEncode } from "../../emulator/recordingFiles";
import {
  type CallbackRejection,
  handleCallback,
  type RecordingFile,
  readyFiles,
  type TrtcCallbackEvent,
} from "../../provider/callbacks";
import { call, createCloud, SDK_APP_ID, startTestEmulator, startWeb } from "./helpers";

const KEY = "EmulatorCallbackKey0123456789";

interface Received {
  event: TrtcCallbackEvent;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A receiver as users write one: raw body and headers through handleCallback, 200 only for a verified event. */
async function startReceiver(key: string) {
  const received: Received[] = [];
  const rejected: CallbackRejection[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const result = handleCallback(body, request.headers, key);
      if (result.ok) received.push({ event: result.event, headers: request.headers, body });
      else rejected.push(result);
      response.writeHead(result.ok ? 200 : result.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/trtc/callbacks?token=t0k`;
  const close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return { url, received, rejected, close };
}

let receiver: Awaited<ReturnType<typeof startReceiver>>;
let emulator: Emulator;

beforeAll(async () => {
  receiver = await startReceiver(KEY);
  emulator = await startTestEmulator({ callbackUrl: receiver.url, callbackKey: KEY });
});

afterAll(async () => {
  await emulator?.close();
  await receiver?.close();
});

/** How many of `receiver.received` the test has looked at. */
let seen = 0;

beforeEach(async () => {
  // Whatever an earlier test left under way lands before this test looks.
  await emulator.callbacksSettled();
  emulator.reset();
  receiver.received.length = 0;
  receiver.rejected.length = 0;
  seen = 0;
});

/** The events received since the last call, once every callback under way has been delivered. */
async function next(): Promise<TrtcCallbackEvent[]> {
  await emulator.callbacksSettled();
  expect(receiver.rejected).toEqual([]);
  const events = receiver.received.slice(seen).map((r) => r.event);
  seen = receiver.received.length;
  return events;
}

const typesOf = (events: TrtcCallbackEvent[]) => events.map((e) => e.eventType).sort((a, b) => a - b);
const only = <T extends TrtcCallbackEvent["type"]>(events: TrtcCallbackEvent[], type: T) =>
  events.filter((e): e is Extract<TrtcCallbackEvent, { type: T }> => e.type === type);
const names = (files: RecordingFile[]) => files.map((f) => f.fileName).sort();

const COS = {
  CloudStorage: {
    Vendor: 0,
    Region: "ap-singapore",
    Bucket: "recordings-1250000000",
    AccessKey: "AKIDstorage",
    SecretKey: "storage-secret",
  },
};
const vod = (mediaType: number) => ({ CloudVod: { TencentVod: { MediaType: mediaType } } });
const user = (id: string) => fileNameEncode(id);

describe("cloud recording to COS", () => {
  it("start 301+303 and 307+304 per HLS file; a new publisher's files; delete 302, 305, 310 over StorageFileList", async () => {
    const startedAt = emulator.now();
    const taskId = await createCloud(emulator.url, {
      RoomId: "4100",
      UserId: "robot_4100",
      RecordParams: { RecordMode: 1, MaxIdleTime: 60, OutputFormat: 1, AvMerge: 1 },
      StorageParams: COS,
    });
    const prefix = `${SDK_APP_ID}_4100_UserId_s_`;
    const anchorHls = `${prefix}${user("anchor")}_UserId_e_main_audiovideo.m3u8`;

    // The start: recorder and upload module, then the first HLS file of the default anchor (its MP4 has no event).
    const start = await next();
    expect(typesOf(start)).toEqual([301, 303, 304, 307]);
    for (const event of start) {
      expect(event).toMatchObject({ taskId, roomId: "4100", robotUserId: "robot_4100", sdkAppId: SDK_APP_ID });
      expect(event.eventTime).toBe(startedAt);
    }
    expect(only(start, "recorderStarted")[0]?.stage).toBe("started");
    expect(only(start, "fileInfo")[0]?.fileName).toBe(anchorHls);
    expect(only(start, "fileSlice")[0]?.file).toMatchObject({
      fileName: anchorHls,
      userId: "anchor",
      trackType: "audio_video",
      startTime: startedAt,
    });
    // The signed headers: the SdkAppId, and a Sign that handleCallback verified above.
    const first = receiver.received[0];
    expect(first?.headers.sdkappid).toBe(String(SDK_APP_ID));
    expect(first?.headers["content-type"]).toBe("application/json");
    expect(typeof first?.headers.sign).toBe("string");

    // A guest starts publishing ten minutes in: their HLS file is new, so it is called back.
    emulator.advanceClock(600);
    emulator.setRoomOccupied({
      sdkAppId: SDK_APP_ID,
      roomId: "4100",
      publishers: [{ userId: "anchor" }, { userId: "guest" }],
    });
    const joined = await next();
    expect(typesOf(joined)).toEqual([304, 307]);
    const guestHls = `${prefix}${user("guest")}_UserId_e_main_audiovideo.m3u8`;
    expect(only(joined, "fileSlice")[0]?.file).toMatchObject({
      fileName: guestHls,
      userId: "guest",
      startTime: startedAt + 600_000,
    });
    // Nothing for files already written: the same publishers again send nothing.
    emulator.setRoomOccupied({
      sdkAppId: SDK_APP_ID,
      roomId: "4100",
      publishers: [{ userId: "anchor" }, { userId: "guest" }],
    });
    expect(await next()).toEqual([]);

    // DeleteCloudRecording: stopped through the API, the HLS upload complete, the MP4 files listed.
    const listed = await call(emulator.url, "DescribeCloudRecording", { SdkAppId: SDK_APP_ID, TaskId: taskId });
    const storageFiles = listed.response.StorageFileList as Array<{ FileName: string; BeginTimeStamp: number }>;
    emulator.advanceClock(60);
    const deletedAt = emulator.now();
    expect((await call(emulator.url, "DeleteCloudRecording", { SdkAppId: SDK_APP_ID, TaskId: taskId })).code).toBe(
      "OK",
    );
    const end = await next();
    expect(typesOf(end)).toEqual([302, 305, 310]);
    expect(only(end, "recorderStopped")[0]).toMatchObject({ leaveCode: 0, leaveReason: "stoppedByApi" });
    expect(only(end, "uploadStopped")[0]).toMatchObject({ status: 0 });
    const mp4 = only(end, "mp4Stopped")[0];
    expect(mp4?.stage).toBe("filesReady");
    const mp4Files = storageFiles.filter((f) => f.FileName.endsWith(".mp4"));
    expect(mp4Files).toHaveLength(2);
    expect(names(mp4 ? readyFiles(mp4) : [])).toEqual(mp4Files.map((f) => f.FileName).sort());
    for (const file of mp4?.files ?? []) {
      const listedFile = mp4Files.find((f) => f.FileName === file.fileName);
      expect(file).toMatchObject({ mediaId: "main", startTime: listedFile?.BeginTimeStamp, endTime: deletedAt });
    }
    for (const event of end) expect(event.eventTime).toBe(deletedAt);
  });

  it("MP4 only (OutputFormat 3), mixed: 301+303, then at the end 302 and 310 without 305 (no HLS file)", async () => {
    const taskId = await createCloud(emulator.url, {
      RecordParams: { RecordMode: 2, MaxIdleTime: 60, OutputFormat: 3 },
      StorageParams: COS,
    });
    expect(typesOf(await next())).toEqual([301, 303]);
    await call(emulator.url, "DeleteCloudRecording", { SdkAppId: SDK_APP_ID, TaskId: taskId });
    const end = await next();
    expect(typesOf(end)).toEqual([302, 310]);
    expect(names(only(end, "mp4Stopped")[0]?.files ?? [])).toEqual([`${SDK_APP_ID}_3560.mp4`]);
    expect(only(end, "mp4Stopped")[0]?.files[0]).toMatchObject({ userId: null, mediaId: "mix" });
  });
});

describe("cloud recording to VOD", () => {
  it("mixed HLS+MP4: 301; an empty room ends it at its MaxIdleTime deadline: 302 idle, 311 per file with its URL, 312", async () => {
    const startedAt = emulator.now();
    const taskId = await createCloud(emulator.url, {
      RecordParams: { RecordMode: 2, MaxIdleTime: 60 },
      StorageParams: vod(3),
    });
    const start = await next();
    expect(typesOf(start)).toEqual([301]);
    expect(start[0]).toMatchObject({ taskId, stage: "started", eventTime: startedAt });

    emulator.setRoomOccupied(SDK_APP_ID, "3560", false);
    const emptiedAt = emulator.now();
    // The clock jumps well past the deadline: the events carry the time the task ended, not the time it was noticed.
    emulator.advanceClock(3600);
    expect(emulator.task(taskId)?.running).toBe(false);
    const end = await next();
    expect(typesOf(end)).toEqual([302, 311, 311, 312]);
    for (const event of end) expect(event.eventTime).toBe(emptiedAt + 60_000);
    expect(only(end, "recorderStopped")[0]).toMatchObject({ leaveCode: 99, leaveReason: "idle" });
    expect(only(end, "vodStopped")[0]?.stage).toBe("completed");
    const files = only(end, "vodCommitted").flatMap((e) => readyFiles(e));
    expect(names(files)).toEqual([`${SDK_APP_ID}_3560.m3u8`, `${SDK_APP_ID}_3560.mp4`]);
    for (const file of files) {
      expect(file).toMatchObject({ userId: null, mediaId: "mix", trackType: "audio_video", startTime: startedAt });
      expect(file.endTime).toBe(emptiedAt + 60_000);
      expect(file.vodUrl).toMatch(new RegExp(`^https://vod\\.emulator\\.invalid/\\d+/${file.fileName}$`));
      expect(file.vodFileId).toMatch(/^\d+$/);
    }
  });

  it("single-stream, string room: one file per stream recorded (screen share included); interrupted: 302 LeaveCode 101", async () => {
    const room = { sdkAppId: SDK_APP_ID, roomId: "class-7", roomIdType: 0 };
    emulator.setRoomOccupied({
      ...room,
      publishers: [
        { userId: "teacher", screenShare: true },
        { userId: "student", video: false },
      ],
    });
    const body = {
      RoomId: "class-7",
      RoomIdType: 0,
      UserId: "robot_class7",
      RecordParams: { RecordMode: 1, MaxIdleTime: 60 },
      StorageParams: vod(0),
    };
    const taskId = await createCloud(emulator.url, body);
    const start = await next();
    expect(typesOf(start)).toEqual([301]);
    // A string room's RoomId stays a string on the wire.
    expect(start[0]?.raw.EventInfo).toMatchObject({ RoomId: "class-7" });
    // A later publisher is recorded too, and uploaded at the end.
    emulator.advanceClock(30);
    emulator.setRoomOccupied({
      ...room,
      publishers: [{ userId: "teacher", screenShare: true }, { userId: "student", video: false }, { userId: "late" }],
    });
    expect(await next()).toEqual([]);

    // The same robot UserId in the same room takes over: the first task is interrupted.
    const second = await createCloud(emulator.url, body);
    const takeover = await next();
    const ofFirst = takeover.filter((e) => "taskId" in e && e.taskId === taskId);
    const ofSecond = takeover.filter((e) => "taskId" in e && e.taskId === second);
    expect(typesOf(ofSecond)).toEqual([301]);
    expect(typesOf(ofFirst)).toEqual([302, 311, 311, 311, 311, 312]);
    expect(only(ofFirst, "recorderStopped")[0]).toMatchObject({ leaveCode: 101, leaveReason: "replaced" });
    const files = only(ofFirst, "vodCommitted").flatMap((e) => readyFiles(e));
    const prefix = `${SDK_APP_ID}_${fileNameEncode("class-7")}_UserId_s_`;
    expect(files.map((f) => [f.fileName, f.userId, f.mediaId, f.trackType]).sort()).toEqual(
      [
        [`${prefix}${user("late")}_UserId_e_main.mp4`, "late", "main", "audio_video"],
        [`${prefix}${user("student")}_UserId_e_main.mp4`, "student", "main", "audio"],
        [`${prefix}${user("teacher")}_UserId_e_aux.mp4`, "teacher", "aux", "video"],
        [`${prefix}${user("teacher")}_UserId_e_main.mp4`, "teacher", "main", "audio_video"],
      ].sort(),
    );
    const late = files.find((f) => f.userId === "late");
    expect(late?.startTime).toBe((files.find((f) => f.userId === "student")?.startTime ?? 0) + 30_000);
  });

  it("a room nobody published in uploads nothing: 301, then 302 and 312 without 311", async () => {
    emulator.setRoomOccupied(SDK_APP_ID, "3562", false);
    const taskId = await createCloud(emulator.url, {
      RoomId: "3562",
      RecordParams: { RecordMode: 2, MaxIdleTime: 30 },
      StorageParams: vod(0),
    });
    expect(typesOf(await next())).toEqual([301]);
    emulator.advanceClock(30);
    expect(emulator.task(taskId)?.endReason).toBe("idle");
    expect(typesOf(await next())).toEqual([302, 312]);
  });
});

describe("web page recording", () => {
  it("VOD: 801 at the start; StopWebRecord: 802, then the page's one file (311) and 312", async () => {
    const startedAt = emulator.now();
    const taskId = await startWeb(emulator.url, { StorageParams: vod(0) });
    const start = await next();
    expect(typesOf(start)).toEqual([801]);
    expect(start[0]).toMatchObject({ eventGroupId: 8, taskId, stage: "started", sdkAppId: SDK_APP_ID });
    emulator.advanceClock(120);
    expect((await call(emulator.url, "StopWebRecord", { TaskId: taskId })).code).toBe("OK");
    const end = await next();
    expect(typesOf(end)).toEqual([311, 312, 802]);
    expect(only(end, "webRecorderStopped")[0]?.stage).toBe("stopped");
    const files = only(end, "vodCommitted").flatMap((e) => readyFiles(e));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ startTime: startedAt, endTime: startedAt + 120_000 });
    expect(files[0]?.fileName).toMatch(new RegExp(`^${SDK_APP_ID}_[0-9a-f]{16}\\.mp4$`));
    for (const event of end) expect(event).toMatchObject({ taskId, sdkAppId: SDK_APP_ID });
  });

  it("MaxDurationLimit ends it with 804 (no 802) at the limit, then 311 and 312", async () => {
    const startedAt = emulator.now();
    const taskId = await startWeb(emulator.url, { StorageParams: vod(1), MaxDurationLimit: 1800 });
    expect(typesOf(await next())).toEqual([801]);
    emulator.advanceClock(7200);
    expect(emulator.task(taskId)?.endReason).toBe("max-duration");
    const end = await next();
    expect(typesOf(end)).toEqual([311, 312, 804]);
    for (const event of end) expect(event.eventTime).toBe(startedAt + 1_800_000);
    expect(only(end, "webResourceLimited")[0]?.stage).toBe("stopped");
    expect(names(only(end, "vodCommitted").flatMap((e) => readyFiles(e)))).toEqual([expect.stringMatching(/\.m3u8$/)]);
  });

  it("a page refreshed, paused or resumed (told through the admin route or the API): 803 with its status", async () => {
    const taskId = await startWeb(emulator.url);
    expect(typesOf(await next())).toEqual([801]);
    const posted = await fetch(`${emulator.url}/_emulator/tasks/${taskId}/page`, {
      method: "POST",
      body: JSON.stringify({ status: "paused" }),
    });
    expect(posted.status).toBe(200);
    emulator.webPageStatus(taskId, "resumed");
    emulator.webPageStatus(taskId, "refreshed");
    const updates = only(await next(), "webStatusUpdated");
    expect(updates.map((e) => [e.taskId, e.update])).toEqual([
      [taskId, "paused"],
      [taskId, "resumed"],
      [taskId, "pageRefreshed"],
    ]);
    const cloudTask = await createCloud(emulator.url, { StorageParams: vod(0) });
    expect(() => emulator.webPageStatus(cloudTask, "paused")).toThrow(/not a running web recording/);
    const bad = await fetch(`${emulator.url}/_emulator/tasks/${taskId}/page`, {
      method: "POST",
      body: JSON.stringify({ status: "sleeping" }),
    });
    expect(bad.status).toBe(400);
    expect(emulator.webPageStatus("no-such-task", "paused")).toBeUndefined();
  });

  it("COS: 801, then only 802", async () => {
    const taskId = await startWeb(emulator.url, { StorageParams: COS });
    expect(typesOf(await next())).toEqual([801]);
    await call(emulator.url, "StopWebRecord", { TaskId: taskId });
    expect(typesOf(await next())).toEqual([802]);
  });
});

describe("delivery, reset and the admin route", () => {
  it("reset sends nothing for the tasks it forgets", async () => {
    await createCloud(emulator.url, { StorageParams: vod(0) });
    await startWeb(emulator.url);
    expect(typesOf(await next())).toEqual([301, 801]);
    emulator.reset();
    emulator.advanceClock(86_400 * 2);
    expect(await next()).toEqual([]);
  });

  it("GET /_emulator/callbacks lists what became of each callback: its body, never the key or the signature", async () => {
    const taskId = await createCloud(emulator.url, { StorageParams: vod(0) });
    await next();
    const response = await fetch(`${emulator.url}/_emulator/callbacks`);
    expect(response.status).toBe(200);
    const text = await response.text();
    const json = JSON.parse(text) as { enabled: boolean; pending: number; deliveries: Array<Record<string, unknown>> };
    expect(json.enabled).toBe(true);
    expect(json.pending).toBe(0);
    const mine = json.deliveries.filter((d) => d.taskId === taskId);
    expect(mine).toEqual([
      {
        eventGroupId: 3,
        eventType: 301,
        taskId,
        outcome: "delivered",
        attempts: 1,
        lastStatus: 200,
        lastError: null,
        body: expect.any(String),
      },
    ]);
    const delivered = receiver.received.find((r) => r.event.eventType === 301 && r.body === mine[0]?.body);
    expect(delivered).toBeDefined();
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(String(delivered?.headers.sign));
    expect(emulator.callbackDeliveries().filter((d) => d.taskId === taskId)).toEqual(mine);
  });

  it("without a callback URL the route says so and nothing is sent", async () => {
    const quiet = await startTestEmulator();
    try {
      await createCloud(quiet.url);
      const json = (await (await fetch(`${quiet.url}/_emulator/callbacks`)).json()) as Record<string, unknown>;
      expect(json).toEqual({ enabled: false, pending: 0, deliveries: [] });
      await quiet.callbacksSettled();
      expect(quiet.callbackDeliveries()).toEqual([]);
    } finally {
      await quiet.close();
    }
  });

  it("a receiver that never answers delays no API call, and close() cancels the callbacks under way", async () => {
    const hanging = createServer(() => {
      // Never answers.
    });
    await new Promise<void>((resolve) => hanging.listen(0, "127.0.0.1", resolve));
    const slow = await startTestEmulator({
      callbackUrl: `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/`,
      callbackKey: KEY,
    });
    try {
      const began = Date.now();
      const taskId = await createCloud(slow.url, { StorageParams: vod(0) });
      await call(slow.url, "DeleteCloudRecording", { SdkAppId: SDK_APP_ID, TaskId: taskId });
      expect(Date.now() - began).toBeLessThan(2_000);
      const closing = Date.now();
      await slow.close();
      expect(Date.now() - closing).toBeLessThan(2_000);
      const outcomes = slow.callbackDeliveries().map((d) => [d.eventType, d.outcome]);
      expect(outcomes.sort()).toEqual([
        [301, "cancelled"],
        [302, "cancelled"],
        [311, "cancelled"],
        [312, "cancelled"],
      ]);
    } finally {
      await slow.close();
      hanging.closeAllConnections();
      await new Promise((resolve) => hanging.close(resolve));
    }
  });

  it("refuses a callback URL without a key (and the reverse), and a URL that is not http(s)", async () => {
    await expect(startTestEmulator({ callbackUrl: receiver.url })).rejects.toThrow(
      "callbackUrl and callbackKey go together",
    );
    await expect(startTestEmulator({ callbackKey: KEY })).rejects.toThrow("callbackUrl and callbackKey go together");
    await expect(startTestEmulator({ callbackUrl: "ftp://127.0.0.1/x", callbackKey: KEY })).rejects.toThrow(
      "callbackUrl must be an http or https URL, got ftp",
    );
    await expect(startTestEmulator({ callbackUrl: "/relative", callbackKey: KEY })).rejects.toThrow(
      "callbackUrl must be an absolute http(s) URL",
    );
    await expect(startTestEmulator({ callbackUrl: receiver.url, callbackKey: "" })).rejects.toThrow(
      "callbackKey must be a non-empty string",
    );
  });
});
