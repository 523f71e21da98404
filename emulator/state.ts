// Everything the emulator remembers, and the operations tests and the admin routes perform on it.

import { VirtualClock } from "./clock";
import { FaultQueue, type FaultSpec } from "./faults";
import type { EmulatorSettings } from "./options";
import { RequestRateLimiter } from "./rateLimiter";
import { RequestLog, type RequestLogEntry } from "./requestLog";
import { TaskStore } from "./tasks";
import { type TaskView, taskView } from "./views";

export interface RoomState {
  sdkAppId: number;
  roomId: string;
  occupied: boolean;
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
    if (typeof room.occupied !== "boolean") throw new TypeError("occupied must be true or false");
    this.store.setRoomOccupied(room.sdkAppId, room.roomId, room.occupied);
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
