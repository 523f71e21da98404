// Recording tasks, rooms and the time-based rules that end tasks, evaluated lazily against the virtual clock:
// every read first applies whatever became due since the last one, in deadline order.
// Lifecycle facts: https://www.tencentcloud.com/document/api/647/46960 (MaxIdleTime, ResourceExpiredHour, the robot
// UserId) and https://www.tencentcloud.com/document/api/647/72066 (MaxDurationLimit, RecordId).

import type { Canvas } from "../provider/api/schemas/cloudRecording";
import type { VirtualClock } from "./clock";
import { DeadlineQueue } from "./deadlines";

/**
 * Why a task ended: `idle` (the room had no anchor for MaxIdleTime, or the admin route ended it), `deleted`
 * (DeleteCloudRecording), `stopped` (StopWebRecord), `interrupted` (a newer task took its robot UserId),
 * `max-duration` (a web recording reached MaxDurationLimit).
 */
export type EndReason = "idle" | "deleted" | "stopped" | "interrupted" | "max-duration";

/** An entry of DescribeCloudRecording's StorageFileList. */
export interface StorageFile {
  UserId: string;
  FileName: string;
  TrackType: string;
  /** ms since the epoch, as in the docs' example. */
  BeginTimeStamp: number;
}

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
  readonly userId: string;
  readonly maxIdleMs: number;
  /** End of the ResourceExpiredHour window (virtual ms): later, Describe/Modify/Delete no longer find the task. */
  readonly manageableUntil: number;
  /** The mixed canvas fixed at creation, which every later layout must fit. */
  readonly canvas: Canvas;
  /** What DescribeCloudRecording lists as StorageFileList. */
  readonly storageFiles: readonly StorageFile[];
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

// Ended tasks stay listed in the admin view up to this many (the oldest are forgotten), so that benchmarks
// starting and stopping tasks for hours do not grow without bound. The API treats a forgotten task like an ended one.
const MAX_ENDED_KEPT = 20_000;

const roomKey = (sdkAppId: number, roomId: string) => `${sdkAppId}\n${roomId}`;
const robotKey = (sdkAppId: number, roomId: string, userId: string) => `${sdkAppId}\n${roomId}\n${userId}`;
const recordKey = (sdkAppId: number, recordId: string) => `${sdkAppId}\n${recordId}`;

export class TaskStore {
  private readonly clock: VirtualClock;
  private readonly byId = new Map<string, Task>();
  private readonly running = new Set<Task>();
  private readonly robots = new Map<string, CloudTask>();
  private readonly roomTasks = new Map<string, Set<CloudTask>>();
  private readonly recordIds = new Map<string, WebTask>();
  /** Rooms marked empty, with the virtual time since when; every other room is occupied. */
  private readonly emptyRooms = new Map<string, number>();
  private readonly deadlines = new DeadlineQueue<Task>();
  private ended: Task[] = [];

  constructor(clock: VirtualClock) {
    this.clock = clock;
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

  runningCount(): number {
    this.now();
    return this.running.size;
  }

  /** The running cloud task whose robot uses this UserId in this room. */
  runningRobot(sdkAppId: number, roomId: string, userId: string): CloudTask | undefined {
    this.now();
    return this.robots.get(robotKey(sdkAppId, roomId, userId));
  }

  /** The running web task holding this RecordId. */
  runningRecord(sdkAppId: number, recordId: string): WebTask | undefined {
    this.now();
    return this.recordIds.get(recordKey(sdkAppId, recordId));
  }

  addCloud(init: NewTask<CloudTask>): CloudTask {
    const task: CloudTask = { ...init, endedAt: null, endReason: null, deadline: null, deadlineVersion: 0 };
    this.register(task);
    this.robots.set(robotKey(task.sdkAppId, task.roomId, task.userId), task);
    const key = roomKey(task.sdkAppId, task.roomId);
    let inRoom = this.roomTasks.get(key);
    if (!inRoom) {
      inRoom = new Set();
      this.roomTasks.set(key, inRoom);
    }
    inRoom.add(task);
    const emptySince = this.emptyRooms.get(key);
    if (emptySince !== undefined) this.schedule(task, Math.max(emptySince, task.createdAt) + task.maxIdleMs);
    return task;
  }

  addWeb(init: NewTask<WebTask>): WebTask {
    const task: WebTask = { ...init, endedAt: null, endReason: null, deadline: null, deadlineVersion: 0 };
    this.register(task);
    if (task.recordId !== null) this.recordIds.set(recordKey(task.sdkAppId, task.recordId), task);
    this.schedule(task, task.createdAt + task.maxDurationMs);
    return task;
  }

  /** Ends a running task now; ended tasks stay as they are. */
  end(task: Task, reason: EndReason): void {
    const now = this.now();
    if (task.endedAt === null) this.finish(task, reason, now);
  }

  /**
   * What DescribeCloudRecording reports: `InProgress` while an anchor publishes, `Idle` while the room is empty;
   * `Exited` (for the admin view) once the task has ended. Web tasks read `InProgress` while they run.
   */
  statusOf(task: Task): "Idle" | "InProgress" | "Exited" {
    this.now();
    if (task.endedAt !== null) return "Exited";
    if (task.kind === "web") return "InProgress";
    return this.isRoomOccupied(task.sdkAppId, task.roomId) ? "InProgress" : "Idle";
  }

  isRoomOccupied(sdkAppId: number, roomId: string): boolean {
    return !this.emptyRooms.has(roomKey(sdkAppId, roomId));
  }

  /**
   * An occupied room has an anchor publishing. Once it is empty, each of its tasks ends after its MaxIdleTime;
   * an anchor coming back cancels that, and the countdown restarts from zero the next time the room empties.
   */
  setRoomOccupied(sdkAppId: number, roomId: string, occupied: boolean): void {
    const now = this.now();
    const key = roomKey(sdkAppId, roomId);
    const wasOccupied = !this.emptyRooms.has(key);
    if (occupied === wasOccupied) return;
    if (occupied) this.emptyRooms.delete(key);
    else this.emptyRooms.set(key, now);
    for (const task of this.roomTasks.get(key) ?? []) {
      this.schedule(task, occupied ? null : Math.max(now, task.createdAt) + task.maxIdleMs);
    }
  }

  /** Forgets every task and room (the clock keeps its time). */
  clear(): void {
    this.byId.clear();
    this.running.clear();
    this.robots.clear();
    this.roomTasks.clear();
    this.recordIds.clear();
    this.emptyRooms.clear();
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
      const robot = robotKey(task.sdkAppId, task.roomId, task.userId);
      if (this.robots.get(robot) === task) this.robots.delete(robot);
      const key = roomKey(task.sdkAppId, task.roomId);
      const inRoom = this.roomTasks.get(key);
      inRoom?.delete(task);
      if (inRoom?.size === 0) this.roomTasks.delete(key);
    } else if (task.recordId !== null) {
      const record = recordKey(task.sdkAppId, task.recordId);
      if (this.recordIds.get(record) === task) this.recordIds.delete(record);
    }
    this.ended.push(task);
    if (this.ended.length >= 2 * MAX_ENDED_KEPT) {
      const forgotten = this.ended.slice(0, this.ended.length - MAX_ENDED_KEPT);
      this.ended = this.ended.slice(-MAX_ENDED_KEPT);
      for (const old of forgotten) this.byId.delete(old.taskId);
    }
  }
}
