// TRTC's recording callbacks as typed events. Sources:
// - "Cloud Recording and Web Page Recording Webhooks", https://www.tencentcloud.com/document/product/647/54914
//   (also https://trtc.io/document/54914): event groups 3 and 8, event types 301–312 and 801–804, their payloads,
//   the `Sign` header, the retry rules;
// - "On-Cloud Recording", https://www.tencentcloud.com/document/product/647/45169 ("Callbacks"): the same cloud
//   recording events with an example for each, and event 308 (upload error), which the first page leaves out.
// The two pages disagree in places; each disagreement is resolved below in a comment that says so. Fields the pages
// do not document are kept in `raw`, never dropped.

import { createHash } from "node:crypto";

/** EventGroupId of cloud recording events: "fixed at 3 for cloud recording". */
export const CLOUD_RECORDING_EVENT_GROUP = 3;
/** EventGroupId of web page recording events (the examples of 801–804 carry 8). */
export const WEB_RECORDING_EVENT_GROUP = 8;

/** EventType values of event group 3, with the names the docs give them (EVENT_TYPE_CLOUD_RECORDING_*). */
export const CloudRecordingEventType = {
  /** EVENT_TYPE_CLOUD_RECORDING_RECORDER_START: the recording module started (or failed to). */
  RecorderStart: 301,
  /** EVENT_TYPE_CLOUD_RECORDING_RECORDER_STOP: the recording module left the room. */
  RecorderStop: 302,
  /** EVENT_TYPE_CLOUD_RECORDING_UPLOAD_START: the upload module started (COS storage only). */
  UploadStart: 303,
  /** EVENT_TYPE_CLOUD_RECORDING_FILE_INFO: the first M3U8 file was generated and uploaded (COS, API recording). */
  FileInfo: 304,
  /** EVENT_TYPE_CLOUD_RECORDING_UPLOAD_STOP: the HLS files are uploaded (COS storage only). */
  UploadStop: 305,
  /** EVENT_TYPE_CLOUD_RECORDING_FAILOVER: the task moved to another machine. */
  Failover: 306,
  /** EVENT_TYPE_CLOUD_RECORDING_FILE_SLICE: an M3U8 file began (its first TS segment; COS, API recording). */
  FileSlice: 307,
  /** EVENT_TYPE_CLOUD_RECORDING_UPLOAD_ERROR: the storage service refused an upload (listed on /45169 only). */
  UploadError: 308,
  /** EVENT_TYPE_CLOUD_RECORDING_DOWNLOAD_IMAGE_ERROR: an image (background, watermark) could not be downloaded. */
  DownloadImageError: 309,
  /** EVENT_TYPE_CLOUD_RECORDING_MP4_STOP: an MP4 task ended; its files are in COS (one event per task, or more). */
  Mp4Stop: 310,
  /** EVENT_TYPE_CLOUD_RECORDING_VOD_COMMIT: one recorded file was uploaded to VOD. */
  VodCommit: 311,
  /** EVENT_TYPE_CLOUD_RECORDING_VOD_STOP: the VOD upload task ended: no further file follows. */
  VodStop: 312,
} as const;

/** EventType values of event group 8 (EVENT_TYPE_WEB_RECORDER_*). */
export const WebRecordingEventType = {
  /** EVENT_TYPE_WEB_RECORDER_START: the page recording module started, failed, or restarted. */
  RecorderStart: 801,
  /** EVENT_TYPE_WEB_RECORDER_STOP: the page recording module exited. */
  RecorderStop: 802,
  /** EVENT_TYPE_WEB_RECORDER_STATUS_UPDATE: the page was refreshed, or recording paused or resumed. */
  StatusUpdate: 803,
  /** EVENT_TYPE_WEB_RECORDER_RESOURCE_LIMIT: the task hit its duration or resolution limit and ended. */
  ResourceLimit: 804,
} as const;

/**
 * Where an event puts its recording, so that a receiver can tell "stopped" from "files ready":
 * - `started`: the recorder runs (301 Status 0, 801 Status 1);
 * - `recording`: media is being written (304, 307);
 * - `stopped`: the recorder left (302, 802, 804). Files may still be uploading: this is not "files ready";
 * - `filesReady`: the files this event names are in storage (305 with Status 0 or 2, 310 and 311 with Status 0);
 * - `filesDelayed`: the task ended but at least one file is still on the recording server or in backup storage; a
 *   later event reports it (305 Status 1, whose report is 305 Status 2; 310/311 Status 1);
 * - `completed`: the VOD upload task is over; no further file follows (312 Status 0);
 * - `failed`: the recorder or upload failed (301/303 Status 1, 310/311 Status 2, 312 Status 1, 801 Status 2 or 5);
 * - `error`: a problem the task survives (308, 309);
 * - `info`: anything else (303 Status 0, 306, 801 Status 3 or 4, 803, unknown events).
 */
export type CallbackStage =
  | "started"
  | "recording"
  | "stopped"
  | "filesReady"
  | "filesDelayed"
  | "completed"
  | "failed"
  | "error"
  | "info";

/** "audio", "video" or "audio_video", as the docs write TrackType. */
export type TrackType = "audio" | "video" | "audio_video";
/** "main" (camera), "aux" (screen sharing) or "mix" (mixed recording), as the docs write MediaId. */
export type MediaId = "main" | "aux" | "mix";

/** A recorded file an event names. */
export interface RecordingFile {
  /**
   * For COS/S3 storage the object name under `<prefix>/<TaskId>/` (FileName, FileList); for VOD the name of the
   * file before upload (CacheFile).
   */
  fileName: string;
  /** The user whose stream the file holds; null in mixed recording (the docs send an empty string). */
  userId: string | null;
  trackType: TrackType | null;
  mediaId: MediaId | null;
  /** ms since the epoch (StartTimeStamp, or BeginTimeStamp). */
  startTime: number | null;
  /** ms since the epoch (EndTimeStamp). */
  endTime: number | null;
  /** VOD only: the file's id in VOD (FileId). */
  vodFileId?: string;
  /** VOD only: its playback URL (VideoUrl). */
  vodUrl?: string;
}

/** What every event carries. */
interface EventBase {
  eventGroupId: number;
  eventType: number;
  stage: CallbackStage;
  /** When TRTC sent the request (CallbackTs), ms since the epoch. */
  callbackTs: number | null;
  /** When the event happened: EventMsTs, else EventTs × 1000 (the docs recommend EventMsTs). */
  eventTime: number | null;
  /** The application, from the `SdkAppId` header when the request had one. */
  sdkAppId: number | null;
  /**
   * The same for every delivery of one event. TRTC retries a callback that got no 200 within 5 seconds for up to a
   * minute, so an event can arrive twice (the first answer may have been lost): keep the keys you processed. It is
   * derived from EventGroupId, EventType and EventInfo, not CallbackTs, which the docs define as the sending time.
   */
  deliveryKey: string;
  /** The whole body as parsed, for fields this module does not model. */
  raw: Record<string, unknown>;
}

/** The fields of cloud recording events (group 3). 311 and 312 also follow web page recordings stored in VOD. */
interface CloudEventBase extends EventBase {
  eventGroupId: typeof CLOUD_RECORDING_EVENT_GROUP;
  taskId: string;
  /** RoomId, as a string whether the room id is a string or a number. Null when absent. */
  roomId: string | null;
  /** UserId of EventInfo: the recording robot's user id. */
  robotUserId: string | null;
}

/** The 302 LeaveCode values the docs list, named. */
export type LeaveReason =
  /** 0: the recording was stopped through the API. */
  | "stoppedByApi"
  /** 1: you removed the robot from the room. */
  | "removedByYou"
  /** 2: you dismissed the room. */
  | "roomDismissedByYou"
  /** 3: the server removed the robot. */
  | "removedByServer"
  /** 4: the server dismissed the room. */
  | "roomDismissedByServer"
  /** 99: no other user's stream for longer than the idle time (MaxIdleTime). */
  | "idle"
  /** 100: the room timed out. */
  | "roomTimeout"
  /** 101: the same user id entered the same room again, and the robot left. */
  | "replaced"
  | "unknown";

const LEAVE_REASONS: Record<number, LeaveReason> = {
  0: "stoppedByApi",
  1: "removedByYou",
  2: "roomDismissedByYou",
  3: "removedByServer",
  4: "roomDismissedByServer",
  99: "idle",
  100: "roomTimeout",
  101: "replaced",
};

export interface RecorderStartedEvent extends CloudEventBase {
  type: "recorderStarted";
  eventType: 301;
  /** 0 started, 1 failed to start. */
  status: number;
}

export interface RecorderStoppedEvent extends CloudEventBase {
  type: "recorderStopped";
  eventType: 302;
  leaveCode: number;
  leaveReason: LeaveReason;
}

export interface UploadStartedEvent extends CloudEventBase {
  type: "uploadStarted";
  eventType: 303;
  /** 0 started, 1 failed to start. */
  status: number;
}

export interface FileInfoEvent extends CloudEventBase {
  type: "fileInfo";
  eventType: 304;
  /** The M3U8 file generated (Payload.FileList, a string). */
  fileName: string | null;
  files: RecordingFile[];
}

export interface UploadStoppedEvent extends CloudEventBase {
  type: "uploadStopped";
  eventType: 305;
  /**
   * 0 every file uploaded; 1 ended, but at least one file is still on the server or in backup storage; 2 those
   * files have now been uploaded. Read from Payload.Status, or Payload.LeaveCode: /54914 names the field LeaveCode,
   * the example on /45169 sends Status with the same values.
   */
  status: number;
}

export interface FailoverEvent extends CloudEventBase {
  type: "failover";
  eventType: 306;
  /** 0: the migration is complete. */
  status: number;
}

export interface FileSliceEvent extends CloudEventBase {
  type: "fileSlice";
  eventType: 307;
  /** The M3U8 file begun, with the recorded user, track type and start time (the recording's start). */
  file: RecordingFile;
  files: RecordingFile[];
}

export interface UploadErrorEvent extends CloudEventBase {
  type: "uploadError";
  eventType: 308;
  /** The storage service's error code and message. */
  code: string | null;
  message: string | null;
}

export interface ImageDownloadErrorEvent extends CloudEventBase {
  type: "imageDownloadError";
  eventType: 309;
  url: string | null;
}

export interface Mp4StoppedEvent extends CloudEventBase {
  type: "mp4Stopped";
  eventType: 310;
  /** 0 every file uploaded; 1 at least one file still on the server or in backup storage; 2 the task failed. */
  status: number;
  /** FileMessage entries, or FileList names when FileMessage is absent. */
  files: RecordingFile[];
}

export interface VodCommittedEvent extends CloudEventBase {
  type: "vodCommitted";
  eventType: 311;
  /** 0 uploaded to VOD; 1 still on the server or in backup storage; 2 the upload failed. */
  status: number;
  /** The file (Payload.TencentVod); null only if the payload names none. */
  file: RecordingFile | null;
  files: RecordingFile[];
  /** Errmsg, when Status is not 0. */
  errorMessage: string | null;
}

export interface VodStoppedEvent extends CloudEventBase {
  type: "vodStopped";
  eventType: 312;
  /** 0 the VOD task ended normally, 1 it ended in error. */
  status: number;
}

export type CloudRecordingEvent =
  | RecorderStartedEvent
  | RecorderStoppedEvent
  | UploadStartedEvent
  | FileInfoEvent
  | UploadStoppedEvent
  | FailoverEvent
  | FileSliceEvent
  | UploadErrorEvent
  | ImageDownloadErrorEvent
  | Mp4StoppedEvent
  | VodCommittedEvent
  | VodStoppedEvent;

/** The fields of web page recording events (group 8): no room or user, a status and its message. */
interface WebEventBase extends EventBase {
  eventGroupId: typeof WEB_RECORDING_EVENT_GROUP;
  taskId: string;
  status: number;
  /** EventMessage (in Payload in the examples; the field table lists it beside Payload, so both are read). */
  message: string | null;
}

export interface WebRecorderStartedEvent extends WebEventBase {
  type: "webRecorderStarted";
  eventType: 801;
  /**
   * 1 started; 2 failed to start; 3 exited abnormally while recording and 4 migrated (both handled by the service,
   * "customers do not need to take any action"); 5 ended in error, no further retry.
   */
  status: number;
}

export interface WebRecorderStoppedEvent extends WebEventBase {
  type: "webRecorderStopped";
  eventType: 802;
  /** 1: ended normally. The files follow: 311 per file uploaded (VOD), then 312. */
  status: number;
}

export interface WebStatusUpdatedEvent extends WebEventBase {
  type: "webStatusUpdated";
  eventType: 803;
  /** 1 page refreshed, 2 recording paused, 3 recording resumed. */
  status: number;
  update: "pageRefreshed" | "paused" | "resumed" | "unknown";
}

export interface WebResourceLimitedEvent extends WebEventBase {
  type: "webResourceLimited";
  eventType: 804;
  /** 1 the maximum duration (MaxDurationLimit) was reached; 2 a video on the page exceeded 1920 × 1080. */
  status: number;
  limit: "maxDuration" | "resolution" | "unknown";
}

export type WebRecordingEvent =
  | WebRecorderStartedEvent
  | WebRecorderStoppedEvent
  | WebStatusUpdatedEvent
  | WebResourceLimitedEvent;

/**
 * An event this module does not model: another group (room and media events, groups 1 and 2, are signed the same
 * way), or a type added after these docs. Answer it with 200 like the others, or TRTC retries it for a minute.
 */
export interface UnknownCallbackEvent extends EventBase {
  type: "unknown";
  taskId: string | null;
}

export type TrtcCallbackEvent = CloudRecordingEvent | WebRecordingEvent | UnknownCallbackEvent;

/** Why a body is not a callback event. */
export class CallbackParseError extends Error {
  override readonly name = "CallbackParseError";
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A number, or a string of digits: the docs' examples send EventTs both ways ("EventTs": "1622186275"). */
function numberOf(value: unknown): number | null {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return null;
}

/** A non-empty string, or a number as text (RoomId is a number for a numeric room); null otherwise. */
function textOf(value: unknown): string | null {
  if (typeof value === "string") return value === "" ? null : value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return null;
}

function trackTypeOf(value: unknown): TrackType | null {
  return value === "audio" || value === "video" || value === "audio_video" ? value : null;
}

function mediaIdOf(value: unknown): MediaId | null {
  return value === "main" || value === "aux" || value === "mix" ? value : null;
}

/**
 * A missing Status reads as success (0 for group 3, 1 for group 8). Assumption: the only documented payload without
 * Status is the older example of a successful 311 ("录制开始的时间的获取", the Chinese /45169), which also puts the file
 * fields directly in Payload; see `vodFileOf`.
 */
function statusOf(payload: Json, success: number): number {
  return numberOf(payload.Status) ?? success;
}

function fileOf(entry: Json, fileName: string | null): RecordingFile | null {
  if (fileName === null) return null;
  const file: RecordingFile = {
    fileName,
    userId: textOf(entry.UserId),
    trackType: trackTypeOf(entry.TrackType),
    mediaId: mediaIdOf(entry.MediaId),
    startTime: numberOf(entry.StartTimeStamp) ?? numberOf(entry.BeginTimeStamp),
    endTime: numberOf(entry.EndTimeStamp),
  };
  const fileId = textOf(entry.FileId);
  const url = textOf(entry.VideoUrl);
  if (fileId !== null) file.vodFileId = fileId;
  if (url !== null) file.vodUrl = url;
  return file;
}

/** The 311 file: Payload.TencentVod (both English pages), or the fields directly in Payload (the older example). */
function vodFileOf(payload: Json): RecordingFile | null {
  const entry = isObject(payload.TencentVod) ? payload.TencentVod : payload;
  return fileOf(entry, textOf(entry.CacheFile) ?? textOf(entry.FileId));
}

function mp4FilesOf(payload: Json): RecordingFile[] {
  if (Array.isArray(payload.FileMessage)) {
    return payload.FileMessage.filter(isObject)
      .map((entry) => fileOf(entry, textOf(entry.FileName)))
      .filter((file): file is RecordingFile => file !== null);
  }
  const names = Array.isArray(payload.FileList) ? payload.FileList : [];
  return names.map((name) => fileOf({}, textOf(name))).filter((file): file is RecordingFile => file !== null);
}

function deliveryKeyOf(group: number, type: number, info: unknown): string {
  const digest = createHash("sha256")
    .update(JSON.stringify(info) ?? "")
    .digest("hex");
  return `${group}-${type}-${digest.slice(0, 32)}`;
}

const uploadOutcome = (status: number): CallbackStage =>
  status === 0 || status === 2 ? "filesReady" : status === 1 ? "filesDelayed" : "failed";

const fileOutcome = (status: number): CallbackStage =>
  status === 0 ? "filesReady" : status === 1 ? "filesDelayed" : "failed";

function cloudEvent(type: number, base: Omit<CloudEventBase, "stage">, payload: Json): CloudRecordingEvent | null {
  switch (type) {
    case 301: {
      const status = statusOf(payload, 0);
      return { ...base, type: "recorderStarted", eventType: 301, stage: status === 0 ? "started" : "failed", status };
    }
    case 302: {
      const leaveCode = numberOf(payload.LeaveCode) ?? 0;
      const leaveReason = LEAVE_REASONS[leaveCode] ?? "unknown";
      return { ...base, type: "recorderStopped", eventType: 302, stage: "stopped", leaveCode, leaveReason };
    }
    case 303: {
      const status = statusOf(payload, 0);
      return { ...base, type: "uploadStarted", eventType: 303, stage: status === 0 ? "info" : "failed", status };
    }
    case 304: {
      const fileName = textOf(payload.FileList);
      const file = fileOf({}, fileName);
      return { ...base, type: "fileInfo", eventType: 304, stage: "recording", fileName, files: file ? [file] : [] };
    }
    case 305: {
      const status = numberOf(payload.Status) ?? numberOf(payload.LeaveCode) ?? 0;
      return { ...base, type: "uploadStopped", eventType: 305, stage: uploadOutcome(status), status };
    }
    case 306:
      return { ...base, type: "failover", eventType: 306, stage: "info", status: statusOf(payload, 0) };
    case 307: {
      const file = fileOf(payload, textOf(payload.FileName)) ?? {
        fileName: "",
        userId: null,
        trackType: null,
        mediaId: null,
        startTime: null,
        endTime: null,
      };
      return {
        ...base,
        type: "fileSlice",
        eventType: 307,
        stage: "recording",
        file,
        files: file.fileName ? [file] : [],
      };
    }
    case 308:
      return {
        ...base,
        type: "uploadError",
        eventType: 308,
        stage: "error",
        code: textOf(payload.Code),
        message: textOf(payload.Message),
      };
    case 309:
      return {
        ...base,
        type: "imageDownloadError",
        eventType: 309,
        stage: "error",
        url: textOf(payload.Url),
      };
    case 310: {
      const status = statusOf(payload, 0);
      return {
        ...base,
        type: "mp4Stopped",
        eventType: 310,
        stage: fileOutcome(status),
        status,
        files: mp4FilesOf(payload),
      };
    }
    case 311: {
      const status = statusOf(payload, 0);
      const file = vodFileOf(payload);
      return {
        ...base,
        type: "vodCommitted",
        eventType: 311,
        stage: fileOutcome(status),
        status,
        file,
        files: file && status === 0 ? [file] : [],
        errorMessage: textOf(payload.Errmsg),
      };
    }
    case 312: {
      const status = statusOf(payload, 0);
      return { ...base, type: "vodStopped", eventType: 312, stage: status === 0 ? "completed" : "failed", status };
    }
    default:
      return null;
  }
}

function webEvent(type: number, base: Omit<WebEventBase, "stage" | "status">, payload: Json): WebRecordingEvent | null {
  const status = statusOf(payload, 1);
  switch (type) {
    case 801: {
      const stage: CallbackStage = status === 1 ? "started" : status === 2 || status === 5 ? "failed" : "info";
      return { ...base, type: "webRecorderStarted", eventType: 801, stage, status };
    }
    case 802:
      return { ...base, type: "webRecorderStopped", eventType: 802, stage: "stopped", status };
    case 803: {
      const update = status === 1 ? "pageRefreshed" : status === 2 ? "paused" : status === 3 ? "resumed" : "unknown";
      return { ...base, type: "webStatusUpdated", eventType: 803, stage: "info", status, update };
    }
    case 804: {
      const limit = status === 1 ? "maxDuration" : status === 2 ? "resolution" : "unknown";
      return { ...base, type: "webResourceLimited", eventType: 804, stage: "stopped", status, limit };
    }
    default:
      return null;
  }
}

/**
 * Parses a callback body (already verified) into a typed event. Throws `CallbackParseError` when the body is not
 * an event at all: not JSON, not an object, EventGroupId or EventType not integers, EventInfo not an object, or a
 * recording event without TaskId. Unknown groups and types become `type: "unknown"`, not errors.
 */
export function parseCallbackEvent(body: string | Uint8Array, sdkAppId: number | null = null): TrtcCallbackEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof body === "string" ? body : Buffer.from(body).toString("utf8"));
  } catch {
    throw new CallbackParseError("the body is not JSON");
  }
  if (!isObject(parsed)) throw new CallbackParseError("the body is not a JSON object");
  const group = numberOf(parsed.EventGroupId);
  const type = numberOf(parsed.EventType);
  if (group === null || !Number.isInteger(group)) throw new CallbackParseError("EventGroupId is not an integer");
  if (type === null || !Number.isInteger(type)) throw new CallbackParseError("EventType is not an integer");
  const info = parsed.EventInfo;
  if (!isObject(info)) throw new CallbackParseError("EventInfo is not an object");
  const payload = isObject(info.Payload) ? info.Payload : {};
  const eventMs = numberOf(info.EventMsTs);
  const eventS = numberOf(info.EventTs);
  const common = {
    eventGroupId: group,
    eventType: type,
    callbackTs: numberOf(parsed.CallbackTs),
    eventTime: eventMs ?? (eventS === null ? null : eventS * 1000),
    sdkAppId,
    deliveryKey: deliveryKeyOf(group, type, info),
    raw: parsed,
  };
  const taskId = textOf(info.TaskId);
  const recordingGroup = group === CLOUD_RECORDING_EVENT_GROUP || group === WEB_RECORDING_EVENT_GROUP;
  if (recordingGroup && taskId === null) throw new CallbackParseError("EventInfo.TaskId is missing");
  let event: TrtcCallbackEvent | null = null;
  if (group === CLOUD_RECORDING_EVENT_GROUP && taskId !== null) {
    event = cloudEvent(
      type,
      {
        ...common,
        eventGroupId: CLOUD_RECORDING_EVENT_GROUP,
        taskId,
        roomId: textOf(info.RoomId),
        robotUserId: textOf(info.UserId),
      },
      payload,
    );
  } else if (group === WEB_RECORDING_EVENT_GROUP && taskId !== null) {
    const message = textOf(payload.EventMessage) ?? textOf(info.EventMessage);
    event = webEvent(type, { ...common, eventGroupId: WEB_RECORDING_EVENT_GROUP, taskId, message }, payload);
  }
  return event ?? { ...common, type: "unknown", stage: "info", taskId };
}

/** The files an event says are in storage now: those of `filesReady` events; none for every other stage. */
export function readyFiles(event: TrtcCallbackEvent): RecordingFile[] {
  if (event.stage !== "filesReady") return [];
  return "files" in event ? event.files : [];
}
