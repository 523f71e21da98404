// Everything the emulator remembers, and the operations tests and the admin routes perform on it.

import { VirtualClock } from "./clock";
import { FaultQueue, type FaultSpec } from "./faults";
import type { EmulatorSettings } from "./options";
import { RequestRateLimiter } from "./rateLimiter";
import { RequestLog, type RequestLogEntry } from "./requestLog";
import { DEFAULT_PUBLISHERS, type Publisher, TaskStore } from "./tasks";
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

export class EmulatorState {
  readonly settings: EmulatorSettings;
  readonly clock: VirtualClock;
  readonly store: TaskStore;
  readonly faults = new FaultQueue();
  readonly log = new RequestLog();
  readonly limiter: RequestRateLimiter | undefined;

  constructor(settings: EmulatorSettings) {
    this.settings = settings;
    this.clock = new VirtualClock(settings.realtime);
    this.store = new TaskStore(this.clock);
    this.limiter = settings.rateLimit === false ? undefined : new RequestRateLimiter(settings.rateLimit);
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

  /** Forgets tasks, rooms, requests, faults and rate-limit windows; the clock keeps its time. */
  reset(): void {
    this.store.clear();
    this.log.clear();
    this.faults.clear();
    this.limiter?.reset();
  }
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
