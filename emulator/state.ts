// Everything the emulator remembers, and the operations tests and the admin routes perform on it.

import { CallbackSender, type DeliveryRecord } from "./callbacks";
import { VirtualClock } from "./clock";
import { FaultQueue, type FaultSpec } from "./faults";
import type { EmulatorSettings } from "./options";
import { RequestRateLimiter } from "./rateLimiter";
import { RequestLog, type RequestLogEntry } from "./requestLog";
import { DEFAULT_PUBLISHERS, type Publisher, type TaskObserver, TaskStore } from "./tasks";
import { type TaskView, taskView } from "./views";

/**
 * Who is in a room. `occupied: true` is the default anchor (`anchor`, camera audio and video), `false` nobody;
 * `publishers` says exactly who publishes what (an empty list is an empty room).
 */
export interface RoomState {
  sdkAppId: number;
  roomId: string;
  /** 0 string room, 1 numeric room, as CreateCloudRecording's RoomIdType. @defaultValue 1 */
  roomIdType?: number;
  occupied?: boolean;
  publishers?: Publisher[];
}

/** What can happen to a web recording's page (callback 803's Status 1, 2, 3). */
export type WebPageStatus = "refreshed" | "paused" | "resumed";
const WEB_PAGE_STATUSES = { refreshed: 1, paused: 2, resumed: 3 } as const;

export class EmulatorState {
  readonly settings: EmulatorSettings;
  readonly clock: VirtualClock;
  readonly store: TaskStore;
  readonly faults = new FaultQueue();
  readonly log = new RequestLog();
  readonly limiter: RequestRateLimiter | undefined;
  /** Sends the recording callbacks; undefined unless the emulator was given a callback URL. */
  readonly callbacks: CallbackSender | undefined;
  /** The virtual time of the event being called back, while the store tells one. */
  private eventAt: number | null = null;

  constructor(settings: EmulatorSettings) {
    this.settings = settings;
    this.clock = new VirtualClock(settings.realtime);
    this.callbacks = settings.callbacks && new CallbackSender({ ...settings.callbacks, now: () => this.eventTime() });
    this.store = new TaskStore(this.clock, this.callbacks && callbackObserver(this.callbacks, this));
    this.limiter = settings.rateLimit === false ? undefined : new RequestRateLimiter(settings.rateLimit);
  }

  /**
   * The callbacks' clock (EventTs, EventMsTs, CallbackTs): the time of the event being told, so that a task ended by
   * a deadline the clock jumped past is called back at its deadline; otherwise the raw virtual clock. Never
   * `store.now()`: the hooks run inside the store, while it applies deadlines.
   */
  private eventTime(): number {
    return this.eventAt ?? this.clock.now();
  }

  /** Runs a hook with the sender's clock at `at`. */
  atEventTime(at: number, hook: () => void): void {
    const outer = this.eventAt;
    this.eventAt = at;
    try {
      hook();
    } finally {
      this.eventAt = outer;
    }
  }

  /** What became of the last callbacks (up to 1000), oldest first; empty when callbacks are off. */
  callbackDeliveries(): DeliveryRecord[] {
    return this.callbacks?.deliveries() ?? [];
  }

  /** Stops sending callbacks: retries stop, requests under way are cancelled. */
  async close(): Promise<void> {
    await this.callbacks?.close();
  }

  /** Virtual time, ms since the epoch. */
  now(): number {
    return this.store.now();
  }

  /** Moves the virtual clock forward and returns the new time (ms); every time-based rule follows. */
  advanceClock(seconds: number): number {
    this.clock.advance(seconds);
    return this.store.now();
  }

  tasks(): TaskView[] {
    return this.store.all().map((task) => taskView(task, this.store));
  }

  task(taskId: string): TaskView | undefined {
    const task = this.store.get(taskId);
    return task && taskView(task, this.store);
  }

  requests(): RequestLogEntry[] {
    return this.log.list();
  }

  setFault(spec: FaultSpec): void {
    this.faults.add(spec);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  setRoomOccupied(room: RoomState): void {
    if (!Number.isSafeInteger(room.sdkAppId) || room.sdkAppId < 1) {
      throw new TypeError("sdkAppId must be a positive integer");
    }
    if (typeof room.roomId !== "string" || room.roomId === "") {
      throw new TypeError("roomId must be a non-empty string");
    }
    const roomIdType = room.roomIdType ?? 1;
    if (roomIdType !== 0 && roomIdType !== 1) throw new TypeError("roomIdType must be 0 (string) or 1 (numeric)");
    let publishers: readonly Publisher[];
    if (room.publishers !== undefined) {
      if (!Array.isArray(room.publishers) || !room.publishers.every(isPublisher)) {
        throw new TypeError(
          "publishers must be a list of { userId, audio?, video?, screenShare? } with a non-empty userId and booleans",
        );
      }
      if (room.occupied !== undefined && room.occupied !== room.publishers.length > 0) {
        throw new TypeError("occupied contradicts publishers: a room is occupied when someone publishes");
      }
      publishers = room.publishers;
    } else {
      if (typeof room.occupied !== "boolean")
        throw new TypeError("occupied must be true or false (or give publishers)");
      publishers = room.occupied ? DEFAULT_PUBLISHERS : [];
    }
    this.store.setPublishers({ sdkAppId: room.sdkAppId, roomId: room.roomId, roomIdType }, publishers);
  }

  /** Ends a running task as an empty room would; undefined when the TaskId is unknown. */
  endTask(taskId: string): TaskView | undefined {
    const task = this.store.get(taskId);
    if (!task) return undefined;
    this.store.end(task, "idle");
    return taskView(task, this.store);
  }

  /**
   * A running web task's page was refreshed, or its recording paused or resumed: the emulator models none of these,
   * so a test says when one happens and the 803 callback goes out (nothing else changes). Undefined when the TaskId
   * is unknown; an error when it is not a running web task.
   */
  webPageStatus(taskId: string, status: WebPageStatus): TaskView | undefined {
    const task = this.store.get(taskId);
    if (!task) return undefined;
    const view = taskView(task, this.store);
    if (task.kind !== "web" || !view.running) throw new Error(`task ${taskId} is not a running web recording`);
    this.callbacks?.webStatus(task, WEB_PAGE_STATUSES[status]);
    return view;
  }

  /** Forgets tasks, rooms, requests, faults and rate-limit windows; the clock keeps its time. */
  reset(): void {
    this.store.clear();
    this.log.clear();
    this.faults.clear();
    this.limiter?.reset();
  }
}

/**
 * The store's lifecycle told to the callback sender. The task objects are what the hooks read: TaskId, SdkAppId,
 * RoomId, RoomIdType, the robot UserId, the request as sent (PascalCase) and, for web tasks, createdAt.
 */
function callbackObserver(sender: CallbackSender, state: EmulatorState): TaskObserver {
  return {
    started: (task, at) =>
      state.atEventTime(at, () =>
        task.kind === "cloud" ? sender.cloudTaskStarted(task) : sender.webTaskStarted(task),
      ),
    fileWritten: (task, file, at) => state.atEventTime(at, () => sender.cloudFileStarted(task, file)),
    ended: (task, reason, at) =>
      state.atEventTime(at, () => {
        if (task.kind === "web") sender.webTaskEnded(task, reason);
        // COS: the StorageFileList; VOD: the files recorded, named as the emulator names them (never omitted for
        // defaultVodFiles, so that a room nobody published in uploads nothing). Only one of the two maps fills.
        else sender.cloudTaskEnded(task, reason, [...task.files.values(), ...task.vodFiles.values()]);
      }),
  };
}

function isPublisher(value: unknown): value is Publisher {
  if (!value || typeof value !== "object") return false;
  const p = value as Record<string, unknown>;
  const flag = (key: string) => p[key] === undefined || typeof p[key] === "boolean";
  const known = Object.keys(p).every((key) => ["userId", "audio", "video", "screenShare"].includes(key));
  return (
    known && typeof p.userId === "string" && p.userId !== "" && flag("audio") && flag("video") && flag("screenShare")
  );
}
