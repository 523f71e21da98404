// Starting the emulator in-process: the same operations as the admin routes, as methods.

import type { DeliveryRecord } from "./callbacks";
import type { FaultSpec } from "./faults";
import { type EmulatorOptions, resolveSettings } from "./options";
import type { RequestLogEntry } from "./requestLog";
import { EmulatorServer } from "./server";
import { EmulatorState, type RoomState, type WebPageStatus } from "./state";
import type { TaskView } from "./views";

export interface Emulator {
  /** Base URL, e.g. `http://127.0.0.1:40123`: the provider's `trtc:endpoint`. */
  readonly url: string;
  readonly port: number;
  /** Stops listening and drops open connections; stops sending callbacks (those under way are cancelled). */
  close(): Promise<void>;
  /** Moves the virtual clock forward; MaxIdleTime, MaxDurationLimit and ResourceExpiredHour follow. */
  advanceClock(seconds: number): void;
  /** Virtual time, ms since the epoch (what the Date header says). */
  now(): number;
  /** Every task, running or ended, oldest first. */
  tasks(): TaskView[];
  task(taskId: string): TaskView | undefined;
  requests(): RequestLogEntry[];
  /** Fails the next `times` matching requests in the given way. */
  setFault(fault: FaultSpec): void;
  clearFaults(): void;
  /** The faults still pending, with the uses left. */
  faults(): FaultSpec[];
  /**
   * Marks a room occupied (an anchor publishes: tasks `InProgress`) or empty (`Idle`, ending after MaxIdleTime), or
   * says who publishes in it (`publishers`: the StorageFileList of its recordings follows). Rooms are numeric unless
   * `roomIdType: 0`: numeric room 123 and string room "123" are different rooms.
   */
  setRoomOccupied(room: RoomState): void;
  setRoomOccupied(sdkAppId: number, roomId: string, occupied: boolean): void;
  /** Ends a running task as an empty room would; undefined for an unknown TaskId. */
  endTask(taskId: string): TaskView | undefined;
  /**
   * Tells that a running web task's page was refreshed, or its recording paused or resumed: sends callback 803 (the
   * emulator models no page). Undefined when the TaskId is unknown; throws when it is not a running web task.
   */
  webPageStatus(taskId: string, status: WebPageStatus): TaskView | undefined;
  /**
   * Forgets tasks, rooms, requests, faults and rate-limit windows; the clock keeps its time. Sends no callback (the
   * tasks forgotten do not end) and keeps the callback deliveries.
   */
  reset(): void;
  /**
   * What became of the last recording callbacks (up to 1000), oldest first: event, TaskId, outcome, attempts and the
   * body sent (never the key or the signature). Empty unless started with `callbackUrl`.
   */
  callbackDeliveries(): DeliveryRecord[];
  /** Resolves once no callback is being delivered (each delivered, given up or cancelled). */
  callbacksSettled(): Promise<void>;
  /** Switches the one API key pair accepted, as when a key is rotated and the old one revoked. */
  acceptOnly(secretId: string, secretKey: string): void;
}

function baseUrl(host: string, port: number): string {
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  const settings = resolveSettings(options);
  const state = new EmulatorState(settings);
  const server = new EmulatorServer(state);
  let address: Awaited<ReturnType<EmulatorServer["listen"]>>;
  try {
    address = await server.listen(settings.host, settings.port);
  } catch (error) {
    await state.close();
    throw error;
  }
  let closed: Promise<void> | undefined;
  return {
    url: baseUrl(settings.host, address.port),
    port: address.port,
    close: () => {
      closed ??= server.close().then(() => state.close());
      return closed;
    },
    advanceClock: (seconds) => {
      state.advanceClock(seconds);
    },
    now: () => state.now(),
    tasks: () => state.tasks(),
    task: (taskId) => state.task(taskId),
    requests: () => state.requests(),
    setFault: (fault) => state.setFault(fault),
    clearFaults: () => state.clearFaults(),
    faults: () => state.faults.list(),
    setRoomOccupied: (room: RoomState | number, roomId?: string, occupied?: boolean) => {
      state.setRoomOccupied(
        typeof room === "number" ? { sdkAppId: room, roomId: roomId ?? "", occupied: occupied ?? true } : room,
      );
    },
    endTask: (taskId) => state.endTask(taskId),
    webPageStatus: (taskId, status) => state.webPageStatus(taskId, status),
    reset: () => state.reset(),
    callbackDeliveries: () => state.callbackDeliveries(),
    callbacksSettled: async () => {
      await state.callbacks?.idle();
    },
    acceptOnly: (secretId, secretKey) => {
      settings.secretId = secretId;
      settings.secretKey = secretKey;
    },
  };
}
