// The emulator's CallbackSender against a local receiver built with provider/callbacks: the events of each task
// lifecycle arrive signed (the receiver verifies them with the key), and delivery follows the documented rules:
// an immediate retry, then one every interval, until the message is too old; never blocking the caller.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  CALLBACK_DELIVERY,
  type CallbackFile,
  CallbackSender,
  type CallbackSenderOptions,
  type CloudTaskRef,
  defaultVodFiles,
  type WebTaskRef,
} from "../../emulator/callbacks";
import { callbackSignature, createCallbackHandler, type TrtcCallbackEvent } from "../../provider/callbacks";

const KEY = "SenderKey0123456789abcdef";
const NOW = Date.parse("2026-03-01T10:00:00Z");

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function serve(listener: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server: Server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/callbacks`;
}

/** A receiver as users write it: every accepted event in arrival order. */
async function receiver(options: { key?: string } = {}) {
  const events: TrtcCallbackEvent[] = [];
  const rejected: string[] = [];
  const url = await serve(
    createCallbackHandler({
      key: options.key ?? KEY,
      onEvent: (event) => void events.push(event),
      onRejected: (rejection) => void rejected.push(rejection.reason),
    }),
  );
  return { url, events, rejected };
}

function sender(url: string, options: Partial<CallbackSenderOptions> = {}): CallbackSender {
  let clock = NOW;
  const created = new CallbackSender({ url, key: KEY, now: () => clock++, ...options });
  closers.push(() => created.close());
  return created;
}

const cloudTask = (request: Record<string, unknown>, extra: Partial<CloudTaskRef> = {}): CloudTaskRef => ({
  taskId: "-gCTFWtU7t7DUlo7A8Isw***sdOEycyX4CnzhIm4RAQ..",
  sdkAppId: 1400000000,
  roomId: "3560",
  userId: "rec-robot",
  request,
  ...extra,
});

const VOD = { CloudVod: { TencentVod: { MediaType: 0 } } };
const COS = {
  CloudStorage: { Vendor: 0, Region: "ap-singapore", Bucket: "rec-1250000000", AccessKey: "a", SecretKey: "s" },
};
const types = (events: TrtcCallbackEvent[]) => events.map((e) => e.eventType).sort();

describe("the lifecycle hooks, received and verified by provider/callbacks", () => {
  it("a mixed cloud recording to VOD: 301, then 302, 311 with the file's VOD URL, 312", async () => {
    const { url, events, rejected } = await receiver();
    const send = sender(url);
    const task = cloudTask({ RecordParams: { RecordMode: 2 }, StorageParams: VOD });
    send.cloudTaskStarted(task);
    await send.idle();
    expect(types(events)).toEqual([301]);
    send.cloudTaskEnded(task, "deleted");
    await send.idle();
    expect(rejected).toEqual([]);
    expect(types(events)).toEqual([301, 302, 311, 312]);
    const byType = new Map(events.map((e) => [e.eventType, e]));
    expect(byType.get(301)).toMatchObject({
      stage: "started",
      taskId: task.taskId,
      roomId: "3560",
      robotUserId: "rec-robot",
    });
    expect(byType.get(301)?.sdkAppId).toBe(1400000000);
    // A numeric room's RoomId is a number on the wire.
    expect(byType.get(301)?.raw.EventInfo).toMatchObject({ RoomId: 3560 });
    expect(byType.get(302)).toMatchObject({ stage: "stopped", leaveReason: "stoppedByApi" });
    expect(byType.get(312)).toMatchObject({ stage: "completed" });
    const committed = byType.get(311);
    expect(committed).toMatchObject({ type: "vodCommitted", stage: "filesReady" });
    const file = committed?.type === "vodCommitted" ? committed.file : null;
    expect(file).toMatchObject({ fileName: "1400000000_3560.mp4", mediaId: "mix", userId: null });
    expect(file?.vodUrl).toMatch(/^https:\/\/vod\.emulator\.invalid\/\d+\/1400000000_3560\.mp4$/);
    expect(send.deliveries().every((d) => d.outcome === "delivered" && d.attempts === 1)).toBe(true);
  });

  it("single-stream to VOD, string room, HLS+MP4: one 311 per user and format; RoomId stays a string", async () => {
    const { url, events } = await receiver();
    const send = sender(url);
    const task = cloudTask(
      {
        RecordParams: { RecordMode: 1, SubscribeStreamUserIds: { SubscribeVideoUserIds: ["teacher", "guest.*$"] } },
        StorageParams: { CloudVod: { TencentVod: { MediaType: 3 } } },
      },
      { roomId: "class-7", roomIdType: 0 },
    );
    send.cloudTaskEnded(task, "idle");
    await send.idle();
    const files = events.flatMap((e) => (e.type === "vodCommitted" && e.file ? [e.file.fileName] : [])).sort();
    const room = Buffer.from("class-7").toString("base64").replace(/=/g, ".");
    const user = Buffer.from("teacher").toString("base64").replace(/=/g, ".");
    expect(files).toEqual([
      `1400000000_${room}_UserId_s_${user}_UserId_e_main.m3u8`,
      `1400000000_${room}_UserId_s_${user}_UserId_e_main.mp4`,
    ]);
    expect(events.find((e) => e.eventType === 302)).toMatchObject({ leaveReason: "idle", roomId: "class-7" });
    expect(events[0]?.raw.EventInfo).toMatchObject({ RoomId: "class-7" });
  });

  it("COS, HLS+MP4: 301 and 303 at start, 307 and 304 for the M3U8 file, 302, 305 and 310 listing the MP4 at the end", async () => {
    const { url, events } = await receiver();
    const send = sender(url);
    const task = cloudTask({ RecordParams: { RecordMode: 2, OutputFormat: 1 }, StorageParams: COS });
    const files: CallbackFile[] = [
      { UserId: "", FileName: "1400000000_3560.m3u8", TrackType: "audio_video", BeginTimeStamp: NOW },
      { UserId: "", FileName: "1400000000_3560.mp4", TrackType: "audio_video", BeginTimeStamp: NOW },
    ];
    send.cloudTaskStarted(task);
    for (const file of files) send.cloudFileStarted(task, file);
    await send.idle();
    expect(types(events)).toEqual([301, 303, 304, 307]);
    const slice = events.find((e) => e.type === "fileSlice");
    expect(slice?.type === "fileSlice" && slice.file).toMatchObject({
      fileName: "1400000000_3560.m3u8",
      startTime: NOW,
    });
    send.cloudTaskEnded(task, "interrupted", files);
    await send.idle();
    expect(types(events)).toEqual([301, 302, 303, 304, 305, 307, 310]);
    expect(events.find((e) => e.eventType === 302)).toMatchObject({ leaveReason: "replaced" });
    expect(events.find((e) => e.eventType === 305)).toMatchObject({ stage: "filesReady" });
    const mp4 = events.find((e) => e.type === "mp4Stopped");
    expect(mp4?.stage).toBe("filesReady");
    expect(mp4?.type === "mp4Stopped" && mp4.files).toMatchObject([
      { fileName: "1400000000_3560.mp4", mediaId: "mix", trackType: "audio_video", startTime: NOW },
    ]);
  });

  it("COS, single-stream AAC: no 305 (no HLS file), 310 with the user's file and MediaId", async () => {
    const { url, events } = await receiver();
    const send = sender(url);
    const task = cloudTask({ RecordParams: { RecordMode: 1, OutputFormat: 4 }, StorageParams: COS });
    const name = "1400000000_3560_UserId_s_dGVhY2hlcg.._UserId_e_aux.aac";
    send.cloudFileStarted(task, { UserId: "teacher", FileName: name, TrackType: "audio", BeginTimeStamp: NOW });
    send.cloudTaskEnded(task, "deleted", [
      { UserId: "teacher", FileName: name, TrackType: "audio", BeginTimeStamp: NOW },
    ]);
    await send.idle();
    expect(types(events)).toEqual([302, 310]);
    const mp4 = events.find((e) => e.type === "mp4Stopped");
    expect(mp4?.type === "mp4Stopped" && mp4.files[0]).toMatchObject({
      fileName: name,
      userId: "teacher",
      mediaId: "aux",
    });
  });

  it("a web recording to VOD: 801; 803 on a status change; 804 at MaxDurationLimit, then 311 and 312", async () => {
    const { url, events } = await receiver();
    const send = sender(url);
    const task: WebTaskRef = {
      taskId: "web-task-1",
      sdkAppId: 1400000000,
      createdAt: NOW - 1000,
      request: { StorageParams: { CloudVod: { TencentVod: { MediaType: 1 } } } },
    };
    send.webTaskStarted(task);
    send.webStatus(task, 2);
    await send.idle();
    expect(events.map((e) => [e.type, e.stage])).toEqual(
      expect.arrayContaining([
        ["webRecorderStarted", "started"],
        ["webStatusUpdated", "info"],
      ]),
    );
    expect(events.find((e) => e.type === "webStatusUpdated")).toMatchObject({
      update: "paused",
      message: "RecordPaused",
    });
    send.webTaskEnded(task, "max-duration");
    await send.idle();
    expect(types(events)).toEqual([311, 312, 801, 803, 804]);
    expect(events.find((e) => e.eventType === 804)).toMatchObject({ stage: "stopped", limit: "maxDuration" });
    const committed = events.find((e) => e.type === "vodCommitted");
    expect(committed?.type === "vodCommitted" && committed.file).toMatchObject({
      startTime: NOW - 1000,
      trackType: "audio_video",
    });
    expect(committed?.type === "vodCommitted" && committed.file?.fileName).toMatch(/^1400000000_[0-9a-f]{16}\.m3u8$/);
  });

  it("a web recording stopped through the API sends 802; stored in COS, no file event follows", async () => {
    const { url, events } = await receiver();
    const send = sender(url);
    send.webTaskEnded({ taskId: "w2", sdkAppId: 1, createdAt: NOW, request: { StorageParams: COS } }, "stopped");
    await send.idle();
    expect(events.map((e) => e.type)).toEqual(["webRecorderStopped"]);
  });

  it("the one-event methods send what the docs show: 306, 308, 309", async () => {
    const { url, events } = await receiver();
    const send = sender(url);
    const task = cloudTask({ StorageParams: COS });
    send.failover(task);
    send.uploadError(task, "InvalidParameter", "AccessKey invalid");
    send.imageDownloadError(task, "https://example.com/bg.png");
    await send.idle();
    expect(events.find((e) => e.eventType === 306)).toMatchObject({ type: "failover", status: 0 });
    expect(events.find((e) => e.eventType === 308)).toMatchObject({
      code: "InvalidParameter",
      message: "AccessKey invalid",
    });
    expect(events.find((e) => e.eventType === 309)).toMatchObject({ url: "https://example.com/bg.png" });
  });
});

describe("defaultVodFiles", () => {
  it("names a mixed recording's file by the naming rules, with the TencentVod.MediaType extensions", () => {
    const task = cloudTask({
      RecordParams: { RecordMode: 2, StreamType: 1 },
      StorageParams: { CloudVod: { TencentVod: { MediaType: 4 } } },
    });
    expect(defaultVodFiles(task, NOW)).toEqual([
      { UserId: "", FileName: "1400000000_3560.m3u8", TrackType: "audio", BeginTimeStamp: NOW },
      { UserId: "", FileName: "1400000000_3560.aac", TrackType: "audio", BeginTimeStamp: NOW },
    ]);
  });
});

/** A receiver answering each request with the next status of `statuses` (the last one repeats), recording arrivals. */
async function scripted(statuses: Array<number | "hang">) {
  const arrivals: Array<{ at: number; body: string; sign: string }> = [];
  const url = await serve((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      arrivals.push({ at: Date.now(), body, sign: String(req.headers.sign) });
      const status = statuses[Math.min(arrivals.length - 1, statuses.length - 1)] ?? 200;
      if (status === "hang") return;
      res.writeHead(status, { "content-type": "application/json" });
      res.end('{"code":0}');
    });
  });
  return { url, arrivals };
}

const task = cloudTask({ StorageParams: VOD });

describe("delivery", () => {
  it("documents the service's rules: a 5 s deadline, 10 s between retries, one minute in all", () => {
    expect(CALLBACK_DELIVERY).toEqual({ timeoutMs: 5000, retryIntervalMs: 10000, retentionMs: 60000 });
  });

  it("retries a 5xx at once, then after the interval, and stops at the first 200; every attempt sends the same signed body", async () => {
    const { url, arrivals } = await scripted([503, 500, 200]);
    const send = sender(url, { retryIntervalMs: 300 });
    send.recorderStarted(task);
    await send.idle();
    expect(arrivals).toHaveLength(3);
    const [first, second, third] = arrivals as [(typeof arrivals)[0], (typeof arrivals)[0], (typeof arrivals)[0]];
    expect(second.at - first.at).toBeLessThan(250);
    expect(third.at - second.at).toBeGreaterThanOrEqual(280);
    expect(new Set(arrivals.map((a) => a.body)).size).toBe(1);
    expect(new Set(arrivals.map((a) => a.sign))).toEqual(new Set([callbackSignature(first.body, KEY)]));
    expect(send.deliveries()).toMatchObject([{ outcome: "delivered", attempts: 3, lastStatus: 200, lastError: null }]);
  });

  it("retries a request the receiver does not answer within the deadline", async () => {
    const { url, arrivals } = await scripted(["hang", 200]);
    const send = sender(url, { timeoutMs: 200 });
    send.recorderStarted(task);
    await send.idle();
    expect(arrivals).toHaveLength(2);
    expect(arrivals[1]?.at ?? 0).toBeGreaterThanOrEqual((arrivals[0]?.at ?? 0) + 180);
    expect(send.deliveries()).toMatchObject([{ outcome: "delivered", attempts: 2 }]);
  });

  it("gives up once the message is older than the retention, never starting an attempt after it", async () => {
    const { url, arrivals } = await scripted([500]);
    const send = sender(url, { retryIntervalMs: 100, retentionMs: 550 });
    const start = Date.now();
    send.recorderStarted(task);
    await send.idle();
    const [record] = send.deliveries();
    expect(record).toMatchObject({ outcome: "gave-up", lastStatus: 500 });
    // At 0 ms, at once, then about every 100 ms while the next one would start before 550 ms: about 7 in all.
    expect(record?.attempts).toBe(arrivals.length);
    expect(arrivals.length).toBeGreaterThanOrEqual(4);
    expect(arrivals.length).toBeLessThanOrEqual(7);
    // Arrival lags an attempt's start by the request's own time, hence the slack.
    for (const arrival of arrivals) expect(arrival.at - start).toBeLessThan(550 + 100);
    // The one after the last would have started past the retention: given up, not cut short.
    expect((arrivals.at(-1)?.at ?? 0) + 100 - start).toBeGreaterThanOrEqual(450);
  });

  it("treats any status but 200 as a failure (an assumption: the docs ask for 200), e.g. 204", async () => {
    const { url } = await scripted([204]);
    const send = sender(url, { retryIntervalMs: 50, retentionMs: 200 });
    send.recorderStarted(task);
    await send.idle();
    expect(send.deliveries()[0]).toMatchObject({ outcome: "gave-up", lastStatus: 204 });
  });

  it("is refused by a receiver with another key (401) and retries until it gives up", async () => {
    const { url, events, rejected } = await receiver({ key: "SomeOtherKey" });
    const send = sender(url, { retryIntervalMs: 50, retentionMs: 200 });
    send.recorderStarted(task);
    await send.idle();
    expect(events).toEqual([]);
    expect(rejected.every((r) => r === "bad-signature")).toBe(true);
    expect(rejected.length).toBeGreaterThanOrEqual(2);
    expect(send.deliveries()[0]).toMatchObject({ outcome: "gave-up", lastStatus: 401 });
  });

  it("records a network error by its code, and never the key or the signature", async () => {
    const { url } = await scripted([200]);
    await closers.pop()?.();
    const send = sender(url, { retryIntervalMs: 50, retentionMs: 150 });
    send.recorderStarted(task);
    await send.idle();
    const [record] = send.deliveries();
    expect(record).toMatchObject({ outcome: "gave-up", lastStatus: null, lastError: "ECONNREFUSED" });
    const text = JSON.stringify(send.deliveries());
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(callbackSignature(record?.body ?? "", KEY));
  });

  it("never blocks the caller: a hook returns before any request starts, even when the transport never answers", async () => {
    let started = 0;
    const send = sender("http://127.0.0.1:9/unused", {
      transport: () => {
        started++;
        return new Promise(() => {});
      },
      timeoutMs: 60_000,
    });
    const before = performance.now();
    for (let i = 0; i < 200; i++) send.cloudTaskEnded(task, "deleted");
    expect(performance.now() - before).toBeLessThan(500);
    expect(started).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toBe(600);
    expect(send.pendingCount()).toBe(600);
  });

  it("close() ends pending retries and requests at once: their messages are cancelled", async () => {
    const { url } = await scripted([500, 500, "hang"]);
    const send = sender(url, { retryIntervalMs: 30_000 });
    send.recorderStarted(task);
    const hanging = await scripted(["hang"]);
    const other = sender(hanging.url, { timeoutMs: 30_000 });
    other.recorderStarted(task);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const before = Date.now();
    await Promise.all([send.close(), other.close()]);
    expect(Date.now() - before).toBeLessThan(1000);
    expect(send.deliveries()).toMatchObject([{ outcome: "cancelled", attempts: 2, lastStatus: 500 }]);
    expect(other.deliveries()).toMatchObject([{ outcome: "cancelled", attempts: 1 }]);
    // After close, hooks still return and their messages are recorded as cancelled.
    send.recorderStopped(task);
    expect(send.deliveries().at(-1)).toMatchObject({ eventType: 302, outcome: "cancelled", attempts: 0 });
  });

  it("drops messages beyond maxPending instead of growing without bound", async () => {
    const send = sender("http://127.0.0.1:9/unused", { transport: () => new Promise(() => {}), maxPending: 2 });
    send.cloudTaskEnded(task, "deleted");
    expect(send.pendingCount()).toBe(2);
    expect(send.deliveries()).toMatchObject([{ eventType: 312, outcome: "dropped" }]);
  });

  it("refuses a non-http URL or an empty key", () => {
    expect(() => new CallbackSender({ url: "ftp://x", key: KEY })).toThrow(TypeError);
    expect(() => new CallbackSender({ url: "not a url", key: KEY })).toThrow(TypeError);
    expect(() => new CallbackSender({ url: "http://127.0.0.1:1", key: "" })).toThrow(TypeError);
  });
});
