// Recording tasks, rooms and the time-based rules that end tasks, evaluated lazily against the virtual clock:
// every read first applies whatever became due since the last one, in deadline order.
// Lifecycle facts: https://www.tencentcloud.com/document/api/647/46960 (MaxIdleTime, ResourceExpiredHour, the robot
// UserId) and https://www.tencentcloud.com/document/api/647/72066 (MaxDurationLimit, RecordId).
// Rooms are told apart by SdkAppId, RoomIdType and RoomId: "the number 123 and the string 123 are two completely
// different rooms in TRTC" (https://web.sdk.qcloud.com/trtc/electron/doc/en-us/trtc_electron_sdk/TRTCParams.html).

import type { Canvas } from "./apiRules";
import type { VirtualClock } from "./clock";
import { DeadlineQueue } from "./deadlines";
import { type Publisher, recordingFiles, type StorageFile, vodFiles } from "./recordingFiles";
import type { CreateCloudRecordingBody } from "./requests";

/**
 * Why a task ended: `idle` (the room had no anchor for MaxIdleTime, or the admin route ended it), `deleted`
 * (DeleteCloudRecording), `stopped` (StopWebRecord), `interrupted` (a newer task took its robot UserId),
 * `max-duration` (a web recording reached MaxDurationLimit).
 */
export type EndReason = "idle" | "deleted" | "stopped" | "interrupted" | "max-duration";

export type { Publisher, StorageFile };

/** A room: SdkAppId, RoomIdType (0 string, 1 numeric) and RoomId. */
export interface RoomRef {
  sdkAppId: number;
  roomId: string;
  /** @defaultValue 1 (numeric), as CreateCloudRecording's RoomIdType */
  roomIdType?: number;
}

/**
 * Who publishes in a room nobody has told the emulator about: one anchor, `anchor`, with camera audio and video. An
 * emulator convention, not a service fact: rooms are occupied unless marked empty.
 */
export const DEFAULT_PUBLISHERS: readonly Publisher[] = Object.freeze([{ userId: "anchor" }]);

interface TaskBase {
  readonly taskId: string;
  readonly region: string;
  readonly sdkAppId: number;
  /** Virtual ms since the epoch. */
  readonly createdAt: number;
  /** The accepted request as sent (PascalCase), with later ModifyCloudRecording overwrites applied. */
  request: Record<string, unknown>;
  endedAt: number | null;
  endReason: EndReason | null;
  /** When the task ends by itself unless something changes first; null when nothing is pending. */
  deadline: number | null;
  /** Bumped whenever `deadline` changes, so that superseded queue entries are ignored. */
  deadlineVersion: number;
}

export interface CloudTask extends TaskBase {
  readonly kind: "cloud";
  readonly roomId: string;
  readonly roomIdType: number;
  readonly userId: string;
  readonly maxIdleMs: number;
  /** End of the ResourceExpiredHour window (virtual ms): later, Describe/Modify/Delete no longer find the task. */
  readonly manageableUntil: number;
  /** The mixed canvas fixed at creation, which every later layout must fit. */
  readonly canvas: Canvas;
  /** What DescribeCloudRecording lists as StorageFileList, by file name, in the order first written. */
  readonly files: Map<string, StorageFile>;
  /**
   * The files a VOD task uploads when it ends (callback 311), by file name, in the order first recorded. Never
   * listed in StorageFileList.
   */
  readonly vodFiles: Map<string, StorageFile>;
  readonly userSigValid: boolean | null;
  readonly userSigReason: string | null;
}

export interface WebTask extends TaskBase {
  readonly kind: "web";
  readonly recordId: string | null;
  readonly maxDurationMs: number;
}

export type Task = CloudTask | WebTask;

type NewTask<T extends Task> = Omit<T, "endedAt" | "endReason" | "deadline" | "deadlineVersion">;

/**
 * Told about each task's lifecycle (the emulator's recording callbacks). Called synchronously from inside the store,
 * possibly while it applies due deadlines: an observer must not call back into the store (its `now()` would re-enter
 * the deadline queue). `at` is the virtual time of the event, which for a deadline lies before the clock's now.
 */
export interface TaskObserver {
  /** A task was added. */
  started(task: Task, at: number): void;
  /** A running COS/S3 cloud task wrote a file for the first time (a new StorageFileList entry). */
  fileWritten(task: CloudTask, file: StorageFile, at: number): void;
  /** A task ended; every end goes through here. */
  ended(task: Task, reason: EndReason, at: number): void;
}

interface RoomState {
  publishers: readonly Publisher[];
  /** Since when the room has had no publisher; null while someone publishes. */
  emptySince: number | null;
}

// Ended tasks stay listed in the admin view up to this many (the oldest are forgotten), so that benchmarks
// starting and stopping tasks for hours do not grow without bound. The API treats a forgotten task like an ended one.
const MAX_ENDED_KEPT = 20_000;

/** A numeric room is a 32-bit integer, so "0123" and "123" name the same room; a string room is its text. */
function roomKey(room: RoomRef): string {
  const type = room.roomIdType ?? 1;
  const id = type === 1 && /^\d+$/.test(room.roomId) ? String(Number(room.roomId)) : room.roomId;
  return `${room.sdkAppId}\n${type}\n${id}`;
}

const robotKey = (room: RoomRef, userId: string) => `${roomKey(room)}\n${userId}`;
const recordKey = (sdkAppId: number, recordId: string) => `${sdkAppId}\n${recordId}`;

export class TaskStore {
  private readonly clock: VirtualClock;
  private readonly byId = new Map<string, Task>();
  private readonly running = new Set<Task>();
  private readonly robots = new Map<string, CloudTask>();
  private readonly roomTasks = new Map<string, Set<CloudTask>>();
  private readonly recordIds = new Map<string, WebTask>();
  /** Every RecordId a task was ever started with, per SdkAppId (for recordIdReuse "never"). */
  private readonly usedRecordIds = new Set<string>();
  /** Rooms the emulator was told about; every other room has DEFAULT_PUBLISHERS. */
  private readonly rooms = new Map<string, RoomState>();
  private readonly deadlines = new DeadlineQueue<Task>();
  private ended: Task[] = [];
  private readonly observer: TaskObserver | undefined;

  constructor(clock: VirtualClock, observer?: TaskObserver) {
    this.clock = clock;
    this.observer = observer;
  }

  /** The virtual time, after applying every rule that became due by then. */
  now(): number {
    const now = this.clock.now();
    this.deadlines.popDue(now, (task, at, version) => {
      if (task.endedAt === null && version === task.deadlineVersion) {
        this.finish(task, task.kind === "cloud" ? "idle" : "max-duration", at);
      }
    });
    return now;
  }

  get(taskId: string): Task | undefined {
    this.now();
    return this.byId.get(taskId);
  }

  /** Every known task, running or ended, oldest first. */
  all(): Task[] {
    this.now();
    return [...this.byId.values()];
  }

  /** Running tasks, of one kind or both. */
  runningCount(kind?: Task["kind"]): number {
    this.now();
    if (kind === undefined) return this.running.size;
    let count = 0;
    for (const task of this.running) if (task.kind === kind) count++;
    return count;
  }

  /** The running cloud task whose robot uses this UserId in this room. */
  runningRobot(room: RoomRef, userId: string): CloudTask | undefined {
    this.now();
    return this.robots.get(robotKey(room, userId));
  }

  /** The running web task holding this RecordId. */
  runningRecord(sdkAppId: number, recordId: string): WebTask | undefined {
    this.now();
    return this.recordIds.get(recordKey(sdkAppId, recordId));
  }

  /** Whether a web task was ever started with this RecordId for this SdkAppId. */
  recordIdUsed(sdkAppId: number, recordId: string): boolean {
    return this.usedRecordIds.has(recordKey(sdkAppId, recordId));
  }

  addCloud(init: NewTask<CloudTask>): CloudTask {
    const task: CloudTask = { ...init, endedAt: null, endReason: null, deadline: null, deadlineVersion: 0 };
    this.register(task);
    this.robots.set(robotKey(task, task.userId), task);
    const key = roomKey(task);
    let inRoom = this.roomTasks.get(key);
    if (!inRoom) {
      inRoom = new Set();
      this.roomTasks.set(key, inRoom);
    }
    inRoom.add(task);
    // Before its first files, so that the start is told first.
    this.observer?.started(task, task.createdAt);
    const emptySince = this.rooms.get(key)?.emptySince ?? null;
    if (emptySince !== null) this.schedule(task, Math.max(emptySince, task.createdAt) + task.maxIdleMs);
    this.recordFiles(task);
    return task;
  }

  addWeb(init: NewTask<WebTask>): WebTask {
    const task: WebTask = { ...init, endedAt: null, endReason: null, deadline: null, deadlineVersion: 0 };
    this.register(task);
    if (task.recordId !== null) {
      this.recordIds.set(recordKey(task.sdkAppId, task.recordId), task);
      this.usedRecordIds.add(recordKey(task.sdkAppId, task.recordId));
    }
    this.schedule(task, task.createdAt + task.maxDurationMs);
    this.observer?.started(task, task.createdAt);
    return task;
  }

  /** Ends a running task now; ended tasks stay as they are. */
  end(task: Task, reason: EndReason): void {
    const now = this.now();
    if (task.endedAt === null) this.finish(task, reason, now);
  }

  /**
   * What DescribeCloudRecording reports: `InProgress` while an anchor publishes, `Idle` while the room is empty;
   * `Exited` once the task has ended. Web tasks read `InProgress` while they run.
   */
  statusOf(task: Task): "Idle" | "InProgress" | "Exited" {
    this.now();
    if (task.endedAt !== null) return "Exited";
    if (task.kind === "web") return "InProgress";
    return this.publishers(task).length > 0 ? "InProgress" : "Idle";
  }

  /** Who publishes in a room now. */
  publishers(room: RoomRef): readonly Publisher[] {
    return this.rooms.get(roomKey(room))?.publishers ?? DEFAULT_PUBLISHERS;
  }

  /**
   * Sets who publishes in a room. Once nobody does, each of its tasks ends after its MaxIdleTime; an anchor coming
   * back cancels that, and the countdown restarts from zero the next time the room empties. Running tasks start
   * files for the streams they subscribe to.
   */
  setPublishers(room: RoomRef, publishers: readonly Publisher[]): void {
    const now = this.now();
    const key = roomKey(room);
    const before = this.rooms.get(key);
    const wasOccupied = (before?.publishers ?? DEFAULT_PUBLISHERS).length > 0;
    const occupied = publishers.length > 0;
    const emptySince = occupied ? null : wasOccupied ? now : (before?.emptySince ?? now);
    this.rooms.set(key, { publishers: [...publishers], emptySince });
    for (const task of this.roomTasks.get(key) ?? []) {
      if (occupied !== wasOccupied) {
        this.schedule(task, occupied ? null : Math.max(now, task.createdAt) + task.maxIdleMs);
      }
      this.recordFiles(task);
    }
  }

  /**
   * Adds the files a running cloud task writes for the streams it now subscribes to: StorageFileList entries for
   * COS/S3 storage, the files uploaded at the end for VOD.
   */
  recordFiles(task: CloudTask): void {
    const now = this.now();
    if (task.endedAt !== null) return;
    const request = task.request as unknown as CreateCloudRecordingBody;
    const subscriptions = request.RecordParams.SubscribeStreamUserIds;
    const publishers = this.publishers(task);
    for (const file of recordingFiles(request, subscriptions, publishers)) {
      if (task.files.has(file.FileName)) continue;
      const written = { ...file, BeginTimeStamp: now };
      task.files.set(file.FileName, written);
      this.observer?.fileWritten(task, written, now);
    }
    for (const file of vodFiles(request, subscriptions, publishers)) {
      if (!task.vodFiles.has(file.FileName)) task.vodFiles.set(file.FileName, { ...file, BeginTimeStamp: now });
    }
  }

  /** Forgets every task and room (the clock keeps its time). */
  clear(): void {
    this.byId.clear();
    this.running.clear();
    this.robots.clear();
    this.roomTasks.clear();
    this.recordIds.clear();
    this.usedRecordIds.clear();
    this.rooms.clear();
    this.deadlines.clear();
    this.ended = [];
  }

  private register(task: Task): void {
    this.byId.set(task.taskId, task);
    this.running.add(task);
  }

  private schedule(task: Task, at: number | null): void {
    task.deadline = at;
    task.deadlineVersion++;
    if (at !== null) this.deadlines.push(at, task, task.deadlineVersion);
  }

  private finish(task: Task, reason: EndReason, at: number): void {
    task.endedAt = at;
    task.endReason = reason;
    task.deadline = null;
    task.deadlineVersion++;
    this.running.delete(task);
    if (task.kind === "cloud") {
      const robot = robotKey(task, task.userId);
      if (this.robots.get(robot) === task) this.robots.delete(robot);
      const key = roomKey(task);
      const inRoom = this.roomTasks.get(key);
      inRoom?.delete(task);
      if (inRoom?.size === 0) this.roomTasks.delete(key);
    } else if (task.recordId !== null) {
      const record = recordKey(task.sdkAppId, task.recordId);
      if (this.recordIds.get(record) === task) this.recordIds.delete(record);
    }
    this.ended.push(task);
    this.observer?.ended(task, reason, at);
    if (this.ended.length >= 2 * MAX_ENDED_KEPT) {
      const forgotten = this.ended.slice(0, this.ended.length - MAX_ENDED_KEPT);
      this.ended = this.ended.slice(-MAX_ENDED_KEPT);
      for (const old of forgotten) this.byId.delete(old.taskId);
    }
  }
}
