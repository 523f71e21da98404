// The emulator's side of TRTC's recording callbacks: signed JSON POSTs to one URL, at the moments the docs name,
// retried as the service retries. Self-contained on purpose (the emulator imports nothing of the provider but
// provider/api): the signature is computed here independently of provider/callbacks, so each checks the other.
//
// Sources: https://www.tencentcloud.com/document/product/647/54914 ("Cloud Recording and Web Page Recording
// Webhooks": format, headers, Sign, retries, events 301-312 and 801-804) and
// https://www.tencentcloud.com/document/product/647/45169 ("On-Cloud Recording", Callbacks: 303-305 and 308 examples).
//
// Delivery, as documented: "If your server does not respond within 5 seconds ... it is deemed as a failed
// notification. If the initial notification fails, an immediate retry is performed. If the notification fails again,
// retry will be performed at an interval of 10 seconds until the message has been kept for 1 minute". The response
// expected is "HTTP STATUS CODE = 200"; the emulator treats any other status as a failure (an assumption: the docs
// name no other status). A redelivery sends the same body, CallbackTs included (an assumption: the docs define
// CallbackTs as the sending time but do not say whether retries renew it). Messages are sent independently, so
// their order is not guaranteed (the docs promise none either).
//
// Which events the emulator sends when (assumptions where marked; the docs list events, not sequences):
// - cloud task start: 301 Status 0; with COS/S3 storage also 303 Status 0 ("called back only when COS is chosen").
// - a cloud file first written (COS/S3, an .m3u8 file): 307 (its first TS segment), then 304 (the M3U8 uploaded).
//   Assumption: MP4 and AAC outputs have no such event (304 and 307 name M3U8 files only).
// - cloud task end: 302 with the LeaveCode of the end reason; then COS/S3: 305 Status 0 if any HLS file was written
//   (305 "indicates the event that the HLS file upload is complete"), 310 Status 0 listing the MP4/AAC files if any
//   (assumption: AAC files are reported by 310 like MP4, the docs name no other event for them); VOD: one 311 per
//   file, then 312 Status 0 ("The successful upload ... to video on demand will trigger an event 311 callback, and the
//   overall task is completed and an event 312 is called back").
// - web task start: 801 Status 1 "Success". End: 802 Status 1 "Success", or 804 Status 1 when MaxDurationLimit ended
//   it; then, for VOD storage, 311 per file and 312 ("Received 802 callback indicates the web page recording task is
//   completed. The actual recording file upload triggers callback 311. The entirety completion triggers callback
//   312"). Assumptions: 804 is not followed by 802; those 311/312 carry EventGroupId 3 and no RoomId/UserId; a web
//   recording stored in COS gets no file event (the docs name none).

import { createHash, createHmac } from "node:crypto";
import { Agent, request as undiciRequest } from "undici";
import { fileNameEncode, singleStreamStem, VOD_EXTENSIONS } from "./recordingFiles";
import type { EndReason } from "./tasks";

const CLOUD_GROUP = 3;
const WEB_GROUP = 8;

/** The documented delivery rules, in ms. */
export const CALLBACK_DELIVERY = { timeoutMs: 5_000, retryIntervalMs: 10_000, retentionMs: 60_000 } as const;

/** One POST: resolves with the HTTP status, rejects on a network error or when `signal` aborts. */
export type CallbackTransport = (request: {
  url: string;
  body: string;
  headers: Record<string, string>;
  signal: AbortSignal;
}) => Promise<{ status: number }>;

export interface CallbackSenderOptions {
  /** Where callbacks are POSTed (http or https). */
  url: string;
  /** The callback key: `Sign` = base64(HMAC-SHA256(key, body)). */
  key: string;
  /** The clock for EventTs, EventMsTs and CallbackTs (the emulator's virtual clock), ms. @defaultValue Date.now */
  now?: () => number;
  /** Sends one request; by default an undici pool the sender owns and `close()` closes. */
  transport?: CallbackTransport;
  /** @defaultValue 5000 (the documented response deadline) */
  timeoutMs?: number;
  /** Wait between retries after the immediate one. @defaultValue 10000 */
  retryIntervalMs?: number;
  /** No attempt starts once a message is this old (wall time). @defaultValue 60000 */
  retentionMs?: number;
  /** Messages being delivered at once, beyond which new ones are dropped (and logged as such). @defaultValue 10000 */
  maxPending?: number;
  /** Base of the fake VOD playback URLs in 311 (`<base>/<FileId>/<CacheFile>`). @defaultValue https://vod.emulator.invalid */
  vodUrlBase?: string;
  /** Told about each message once it is delivered, given up, dropped or cancelled. */
  onDelivery?: (record: DeliveryRecord) => void;
}

/** What became of one callback message. Holds neither the key nor the signature. */
export interface DeliveryRecord {
  eventGroupId: number;
  eventType: number;
  taskId: string;
  /** `delivered` (HTTP 200), `gave-up` (retention over), `dropped` (too many pending), `cancelled` (closed). */
  outcome: "delivered" | "gave-up" | "dropped" | "cancelled";
  attempts: number;
  /** The last HTTP status received, if any. */
  lastStatus: number | null;
  /** The last network error or timeout, if any. */
  lastError: string | null;
  /** The body sent (JSON text). */
  body: string;
}

/** A file as DescribeCloudRecording lists it (StorageFileList), which is what the hooks take. */
export interface CallbackFile {
  /** The user recorded; "" for mixed recording. */
  UserId: string;
  FileName: string;
  TrackType: string;
  /** ms since the epoch. */
  BeginTimeStamp: number;
}

/** What the hooks read of a cloud task. */
export interface CloudTaskRef {
  taskId: string;
  sdkAppId: number;
  roomId: string;
  /** CreateCloudRecording's RoomIdType: 0 string room, 1 numeric room. @defaultValue 1 */
  roomIdType?: number;
  /** The recording robot's UserId. */
  userId: string;
  /** The accepted CreateCloudRecording request (API field names): StorageParams and RecordParams are read. */
  request: Record<string, unknown>;
}

/** What the hooks read of a web task. */
export interface WebTaskRef {
  taskId: string;
  sdkAppId: number;
  /** The accepted StartWebRecord request: StorageParams is read. */
  request: Record<string, unknown>;
  /** ms since the epoch; the start of the files reported in 311. */
  createdAt: number;
}

/** Why a task ended, as the emulator says it. Unknown reasons read as a stop through the API. */
export type TaskEndReason = EndReason | (string & {});

/** What every event names of its task. */
type TaskIds = Pick<CloudTaskRef, "taskId" | "sdkAppId">;
/** A cloud event's task: RoomId, RoomIdType and the robot UserId are sent when known. */
type CloudEventTask = TaskIds & Partial<CloudTaskRef>;

/** 302 LeaveCode per end reason: 0 stopped by the API, 99 no other user for MaxIdleTime, 101 the UserId re-entered. */
const LEAVE_CODES: Record<string, number> = { deleted: 0, stopped: 0, idle: 99, interrupted: 101 };

/** EventMessage of 803 per status, as the docs list them. */
const WEB_STATUS_MESSAGES = { 1: "PageRefresh", 2: "RecordPaused", 3: "RecordResume" } as const;

type Json = Record<string, unknown>;

interface Message {
  eventGroupId: number;
  eventType: number;
  taskId: string;
  sdkAppId: number;
  body: string;
}

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null;

const storageParamsOf = (request: Json): Json => (isObject(request.StorageParams) ? request.StorageParams : {});

function storageOf(request: Json): "cos" | "vod" {
  return isObject(storageParamsOf(request).CloudStorage) ? "cos" : "vod";
}

/** StorageParams.CloudVod.TencentVod, or {} when the request has none. */
function tencentVodOf(request: Json): Json {
  const storage = storageParamsOf(request);
  return isObject(storage.CloudVod) && isObject(storage.CloudVod.TencentVod) ? storage.CloudVod.TencentVod : {};
}

const extensionOf = (name: string) => name.slice(name.lastIndexOf(".") + 1).toLowerCase();

/** `main` / `aux` from a single-stream file name (`..._UserId_e_<MediaId>...`), `mix` for a mixed recording. */
function mediaIdOf(fileName: string, userId: string): "main" | "aux" | "mix" {
  const match = /_UserId_e_(main|aux)/.exec(fileName);
  if (match) return match[1] as "main" | "aux";
  return userId === "" ? "mix" : "main";
}

const TRACK_TYPES = ["audio_video", "audio", "video"] as const;

/**
 * The VOD files of a cloud task when the caller gives none: by the naming rules of
 * https://cloud.tencent.com/document/product/647/111748 (mixed `<SdkAppId>_<RoomId>.<ext>`, single-stream
 * `<SdkAppId>_<RoomId>_UserId_s_<UserId>_UserId_e_main.<ext>` per user named in the subscription allowlists), with
 * the extensions of TencentVod.MediaType (0 mp4, 1 hls, 2 aac, 3 hls+mp4, 4 hls+aac).
 */
export function defaultVodFiles(task: CloudTaskRef, beginAt: number): CallbackFile[] {
  const request = task.request;
  const record = isObject(request.RecordParams) ? request.RecordParams : {};
  const vod = tencentVodOf(request);
  const mediaType = typeof vod.MediaType === "number" ? vod.MediaType : 0;
  const extensions = VOD_EXTENSIONS[mediaType] ?? ["mp4"];
  const trackType = TRACK_TYPES[typeof record.StreamType === "number" ? record.StreamType : 0] ?? "audio_video";
  const room = (task.roomIdType ?? 1) === 0 ? fileNameEncode(task.roomId) : task.roomId;
  const prefix = `${task.sdkAppId}_${room}`;
  const stems: Array<{ stem: string; userId: string }> = [];
  if (record.RecordMode === 1) {
    const lists = isObject(record.SubscribeStreamUserIds) ? record.SubscribeStreamUserIds : {};
    const users = new Set<string>();
    for (const field of ["SubscribeVideoUserIds", "SubscribeAudioUserIds"]) {
      const list = lists[field];
      if (!Array.isArray(list)) continue;
      for (const user of list) if (typeof user === "string" && !user.endsWith(".*$")) users.add(user);
    }
    for (const user of users) stems.push({ stem: singleStreamStem(prefix, user, "main"), userId: user });
  } else {
    stems.push({ stem: prefix, userId: "" });
  }
  return stems.flatMap(({ stem, userId }) =>
    extensions.map((ext) => ({
      UserId: userId,
      FileName: `${stem}.${ext}`,
      TrackType: trackType,
      BeginTimeStamp: beginAt,
    })),
  );
}

function defaultTransport(): { transport: CallbackTransport; close: () => Promise<void> } {
  const agent = new Agent({ keepAliveTimeout: 10_000 });
  return {
    transport: async ({ url, body, headers, signal }) => {
      const response = await undiciRequest(url, { method: "POST", body, headers, signal, dispatcher: agent });
      await response.body.dump();
      return { status: response.statusCode };
    },
    close: () => agent.destroy(),
  };
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === "AbortError" || error.name === "TimeoutError") return "timeout";
    const code = (error as { code?: unknown }).code;
    return typeof code === "string" ? code : error.message;
  }
  return String(error);
}

/** Rejects once `signal` aborts. */
function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    signal.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")), { once: true });
  });
}

const MAX_RECORDS = 1000;

/**
 * Sends TRTC's recording callbacks for the emulator. Every hook returns at once: the requests go out after the
 * current turn of the event loop and are retried in the background, so the API answer never waits for them.
 */
export class CallbackSender {
  private readonly url: string;
  private readonly key: string;
  private readonly now: () => number;
  private readonly transport: CallbackTransport;
  private readonly closeTransport: () => Promise<void>;
  private readonly timeoutMs: number;
  private readonly retryIntervalMs: number;
  private readonly retentionMs: number;
  private readonly maxPending: number;
  private readonly vodUrlBase: string;
  private readonly onDelivery: ((record: DeliveryRecord) => void) | undefined;
  private readonly pending = new Set<Promise<void>>();
  private readonly waits = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  private readonly inFlight = new Set<AbortController>();
  private readonly records: DeliveryRecord[] = [];
  private closed = false;

  constructor(options: CallbackSenderOptions) {
    let parsed: URL;
    try {
      parsed = new URL(options.url);
    } catch {
      throw new TypeError(`callback url ${JSON.stringify(options.url)} is not a URL`);
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
      throw new TypeError(`callback url must be http or https, got ${parsed.protocol}`);
    }
    if (typeof options.key !== "string" || options.key === "") throw new TypeError("the callback key is required");
    this.url = options.url;
    this.key = options.key;
    this.now = options.now ?? Date.now;
    if (options.transport) {
      this.transport = options.transport;
      this.closeTransport = async () => {};
    } else {
      const own = defaultTransport();
      this.transport = own.transport;
      this.closeTransport = own.close;
    }
    this.timeoutMs = options.timeoutMs ?? CALLBACK_DELIVERY.timeoutMs;
    this.retryIntervalMs = options.retryIntervalMs ?? CALLBACK_DELIVERY.retryIntervalMs;
    this.retentionMs = options.retentionMs ?? CALLBACK_DELIVERY.retentionMs;
    this.maxPending = options.maxPending ?? 10_000;
    this.vodUrlBase = (options.vodUrlBase ?? "https://vod.emulator.invalid").replace(/\/+$/, "");
    this.onDelivery = options.onDelivery;
  }

  // ---- The task lifecycle: what the emulator calls. ----

  /** A cloud task was created: 301, and 303 for COS/S3 storage. */
  cloudTaskStarted(task: CloudTaskRef): void {
    this.guard(() => {
      this.recorderStarted(task);
      if (storageOf(task.request) === "cos") this.uploadStarted(task);
    });
  }

  /** A cloud task wrote a file for the first time (COS/S3): 307 then 304 for an M3U8 file; nothing otherwise. */
  cloudFileStarted(task: CloudTaskRef, file: CallbackFile): void {
    this.guard(() => {
      if (storageOf(task.request) !== "cos" || extensionOf(file.FileName) !== "m3u8") return;
      this.fileSlice(task, file);
      this.fileInfo(task, file.FileName);
    });
  }

  /**
   * A cloud task ended: 302, then for COS/S3 305 (HLS files) and 310 (MP4/AAC files) over `files` (its
   * StorageFileList), for VOD 311 per file and 312. For VOD, `files` are the files uploaded; when omitted, the
   * names `defaultVodFiles` gives.
   */
  cloudTaskEnded(task: CloudTaskRef, reason: TaskEndReason, files?: readonly CallbackFile[]): void {
    this.guard(() => {
      const endedAt = this.now();
      this.recorderStopped(task, LEAVE_CODES[reason] ?? 0);
      if (storageOf(task.request) === "cos") {
        const written = files ?? [];
        if (written.some((f) => extensionOf(f.FileName) === "m3u8")) this.uploadStopped(task, 0);
        const media = written.filter((f) => ["mp4", "aac"].includes(extensionOf(f.FileName)));
        if (media.length > 0) this.mp4Stopped(task, media, endedAt);
        return;
      }
      for (const file of files ?? defaultVodFiles(task, endedAt)) this.vodCommitted(task, file, endedAt);
      this.vodStopped(task);
    });
  }

  /** A web task was created: 801 Status 1. */
  webTaskStarted(task: WebTaskRef): void {
    this.guard(() => this.webRecorderStarted(task));
  }

  /**
   * A web task ended: 804 (MaxDurationLimit) or 802 (anything else), then for VOD 311 per file and 312. The VOD file
   * is one per task, named `<SdkAppId>_<hash of the TaskId>` with the extension of TencentVod.MediaType (0 mp4,
   * 1 hls): an assumption, the docs give no naming rule for page recordings.
   */
  webTaskEnded(task: WebTaskRef, reason: TaskEndReason): void {
    this.guard(() => {
      const endedAt = this.now();
      if (reason === "max-duration") this.webResourceLimited(task, 1, "Over time limit");
      else this.webRecorderStopped(task);
      if (storageOf(task.request) !== "vod") return;
      const extension = tencentVodOf(task.request).MediaType === 1 ? "m3u8" : "mp4";
      const stem = `${task.sdkAppId}_${createHash("sha256").update(task.taskId).digest("hex").slice(0, 16)}`;
      const ref = { taskId: task.taskId, sdkAppId: task.sdkAppId };
      const file = {
        UserId: "",
        FileName: `${stem}.${extension}`,
        TrackType: "audio_video",
        BeginTimeStamp: task.createdAt,
      };
      this.vodCommitted(ref, file, endedAt, "main");
      this.vodStopped(ref);
    });
  }

  /** A web task's page was refreshed (1), its recording paused (2) or resumed (3): 803. */
  webStatus(task: TaskIds, status: 1 | 2 | 3): void {
    this.guard(() => this.emitWeb(task, 803, status, WEB_STATUS_MESSAGES[status]));
  }

  // ---- One event each, for tests and fault scenarios. ----

  recorderStarted(task: CloudTaskRef, status = 0): void {
    this.emitCloud(task, 301, { Status: status });
  }

  recorderStopped(task: CloudTaskRef, leaveCode = 0): void {
    this.emitCloud(task, 302, { LeaveCode: leaveCode });
  }

  uploadStarted(task: CloudTaskRef, status = 0): void {
    this.emitCloud(task, 303, { Status: status });
  }

  fileInfo(task: CloudTaskRef, m3u8FileName: string): void {
    this.emitCloud(task, 304, { FileList: m3u8FileName });
  }

  uploadStopped(task: CloudTaskRef, status = 0): void {
    this.emitCloud(task, 305, { Status: status });
  }

  failover(task: CloudTaskRef): void {
    this.emitCloud(task, 306, { Status: 0 });
  }

  fileSlice(task: CloudTaskRef, file: CallbackFile): void {
    this.emitCloud(task, 307, {
      FileName: file.FileName,
      UserId: file.UserId,
      TrackType: file.TrackType,
      BeginTimeStamp: file.BeginTimeStamp,
    });
  }

  uploadError(task: CloudTaskRef, code: string, message: string): void {
    this.emitCloud(task, 308, { Code: code, Message: message });
  }

  imageDownloadError(task: CloudTaskRef, url: string): void {
    this.emitCloud(task, 309, { Url: url });
  }

  mp4Stopped(task: CloudTaskRef, files: readonly CallbackFile[], endedAt = this.now(), status = 0): void {
    this.emitCloud(task, 310, {
      Status: status,
      FileList: files.map((f) => f.FileName),
      FileMessage: files.map((f) => ({
        FileName: f.FileName,
        UserId: f.UserId,
        TrackType: f.TrackType,
        MediaId: mediaIdOf(f.FileName, f.UserId),
        StartTimeStamp: f.BeginTimeStamp,
        EndTimeStamp: endedAt,
      })),
    });
  }

  /** 311 for one file uploaded to VOD, with a FileId and playback URL derived from the TaskId and file name. */
  vodCommitted(
    task: CloudEventTask,
    file: CallbackFile,
    endedAt = this.now(),
    mediaId: "main" | "aux" | "mix" = mediaIdOf(file.FileName, file.UserId),
  ): void {
    const digest = createHash("sha256").update(`${task.taskId}\n${file.FileName}`).digest("hex");
    // VOD FileIds are long decimal strings (e.g. 5285890784246869930); this one is only shaped like them.
    const fileId = BigInt(`0x${digest.slice(0, 15)}`).toString();
    this.emitCloud(task, 311, {
      Status: 0,
      TencentVod: {
        UserId: file.UserId,
        TrackType: file.TrackType,
        MediaId: mediaId,
        FileId: fileId,
        VideoUrl: `${this.vodUrlBase}/${fileId}/${encodeURIComponent(file.FileName)}`,
        CacheFile: file.FileName,
        StartTimeStamp: file.BeginTimeStamp,
        EndTimeStamp: endedAt,
      },
    });
  }

  vodStopped(task: CloudEventTask, status = 0): void {
    this.emitCloud(task, 312, { Status: status });
  }

  webRecorderStarted(task: TaskIds, status = 1, message = "Success"): void {
    this.emitWeb(task, 801, status, message);
  }

  webRecorderStopped(task: TaskIds): void {
    this.emitWeb(task, 802, 1, "Success");
  }

  webResourceLimited(task: TaskIds, status: 1 | 2, message: string): void {
    this.emitWeb(task, 804, status, message);
  }

  // ---- Delivery. ----

  /** What became of the last messages (up to 1000), oldest first. */
  deliveries(): DeliveryRecord[] {
    return [...this.records];
  }

  /** Messages still being delivered. */
  pendingCount(): number {
    return this.pending.size;
  }

  /** Resolves once no message is pending (every one delivered, given up or cancelled). */
  async idle(): Promise<void> {
    // A new message may be queued while waiting; loop until none is left.
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Stops retrying, aborts requests under way (their messages are `cancelled`), closes the sender's connections. */
  async close(): Promise<void> {
    this.closed = true;
    for (const wait of this.waits) {
      clearTimeout(wait.timer);
      wait.resolve();
    }
    this.waits.clear();
    for (const controller of this.inFlight) controller.abort();
    await this.idle();
    await this.closeTransport();
  }

  /** A hook never fails the API request it is called from. */
  private guard(run: () => void): void {
    try {
      run();
    } catch (error) {
      this.record({
        eventGroupId: 0,
        eventType: 0,
        taskId: "",
        outcome: "dropped",
        attempts: 0,
        lastStatus: null,
        lastError: `hook failed: ${describeError(error)}`,
        body: "",
      });
    }
  }

  private emitCloud(task: CloudEventTask, type: number, payload: Json) {
    const at = this.now();
    const info: Json = {};
    // RoomId has "the room ID type on the client side": a number for a numeric room, a string for a string room.
    if (task.roomId !== undefined) {
      const numeric = (task.roomIdType ?? 1) !== 0 && /^\d{1,10}$/.test(task.roomId);
      info.RoomId = numeric ? Number(task.roomId) : task.roomId;
    }
    info.EventTs = Math.floor(at / 1000);
    info.EventMsTs = at;
    if (task.userId !== undefined) info.UserId = task.userId;
    info.TaskId = task.taskId;
    info.Payload = payload;
    this.enqueue(CLOUD_GROUP, type, task.taskId, task.sdkAppId, info, at);
  }

  private emitWeb(task: TaskIds, type: number, status: number, message: string) {
    const at = this.now();
    const info = { EventMsTs: at, TaskId: task.taskId, Payload: { Status: status, EventMessage: message } };
    this.enqueue(WEB_GROUP, type, task.taskId, task.sdkAppId, info, at);
  }

  private enqueue(group: number, type: number, taskId: string, sdkAppId: number, info: Json, at: number): void {
    const body = JSON.stringify({ EventGroupId: group, EventType: type, CallbackTs: at, EventInfo: info });
    const message: Message = { eventGroupId: group, eventType: type, taskId, sdkAppId, body };
    if (this.closed || this.pending.size >= this.maxPending) {
      this.finish(message, this.closed ? "cancelled" : "dropped", 0, null, null);
      return;
    }
    const delivery = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.deliver(message))
      .finally(() => this.pending.delete(delivery));
    this.pending.add(delivery);
  }

  private async deliver(message: Message): Promise<void> {
    const headers = {
      "content-type": "application/json",
      sign: createHmac("sha256", this.key).update(message.body).digest("base64"),
      sdkappid: String(message.sdkAppId),
    };
    const createdAt = Date.now();
    let attempts = 0;
    let lastStatus: number | null = null;
    let lastError: string | null = null;
    while (!this.closed) {
      attempts++;
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), this.timeoutMs);
      this.inFlight.add(controller);
      try {
        // Raced against the signal, so a transport that ignores it still times out and close() never waits on it.
        const { status } = await Promise.race([
          this.transport({ url: this.url, body: message.body, headers, signal: controller.signal }),
          aborted(controller.signal),
        ]);
        lastStatus = status;
        lastError = null;
        if (status === 200) {
          this.finish(message, "delivered", attempts, lastStatus, null);
          return;
        }
      } catch (error) {
        lastError = controller.signal.aborted && !this.closed ? "timeout" : describeError(error);
      } finally {
        clearTimeout(timer);
        this.inFlight.delete(controller);
      }
      if (this.closed) break;
      // The first failure is retried at once, later ones every retryIntervalMs, while the message is young enough.
      const delay = attempts === 1 ? 0 : this.retryIntervalMs;
      if (Date.now() + delay - createdAt >= this.retentionMs) {
        this.finish(message, "gave-up", attempts, lastStatus, lastError);
        return;
      }
      if (delay > 0) await this.wait(delay);
    }
    this.finish(message, "cancelled", attempts, lastStatus, lastError);
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.waits.delete(entry);
          resolve();
        }, ms),
        resolve,
      };
      this.waits.add(entry);
    });
  }

  private finish(
    message: Message,
    outcome: DeliveryRecord["outcome"],
    attempts: number,
    lastStatus: number | null,
    lastError: string | null,
  ): void {
    this.record({
      eventGroupId: message.eventGroupId,
      eventType: message.eventType,
      taskId: message.taskId,
      outcome,
      attempts,
      lastStatus,
      lastError,
      body: message.body,
    });
  }

  private record(record: DeliveryRecord): void {
    this.records.push(record);
    if (this.records.length > MAX_RECORDS) this.records.splice(0, this.records.length - MAX_RECORDS);
    try {
      this.onDelivery?.(record);
    } catch {
      // An observer's failure is not the sender's.
    }
  }
}
