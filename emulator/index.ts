// A local TRTC recording API for tests, demos and offline stacks: `startEmulator`, or the `trtc-emulator` command.

export type { DeliveryRecord } from "./callbacks";
export type { FaultKind, FaultSpec } from "./faults";
export type { EmulatorOptions } from "./options";
export type { Publisher, StorageFile } from "./recordingFiles";
export type { RequestLogEntry } from "./requestLog";
export { type Emulator, startEmulator } from "./start";
export type { RoomState, WebPageStatus } from "./state";
export type { EndReason } from "./tasks";
export type { TaskView } from "./views";
