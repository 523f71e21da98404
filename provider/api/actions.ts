// The catalogue of the seven TRTC recording actions this package calls: their names, the API version, which of them
// start a task, and the request type of each. Regions per site are in regions.ts, answers in responses.ts.

import type {
  CreateCloudRecordingRequest,
  DeleteCloudRecordingRequest,
  DescribeCloudRecordingRequest,
  ModifyCloudRecordingRequest,
} from "./schemas/cloudRecording";
import type { DescribeWebRecordRequest, StartWebRecordRequest, StopWebRecordRequest } from "./schemas/webRecording";
import type { Wire } from "./wire";

export const ACTIONS = [
  "CreateCloudRecording",
  "DescribeCloudRecording",
  "ModifyCloudRecording",
  "DeleteCloudRecording",
  "StartWebRecord",
  "DescribeWebRecord",
  "StopWebRecord",
] as const;

export type ActionName = (typeof ACTIONS)[number];

export function isActionName(value: string): value is ActionName {
  return (ACTIONS as readonly string[]).includes(value);
}

/** The TRTC API version every action is called with. */
export const API_VERSION = "2019-07-22";

/**
 * Actions that start a task. An answer lost after such a request was sent may mean a task is running, so the
 * client never repeats them on its own; the resource layer recovers with the action's own idempotency key.
 */
export const STARTING_ACTIONS: ReadonlySet<ActionName> = new Set(["CreateCloudRecording", "StartWebRecord"]);

export interface ActionRequests {
  CreateCloudRecording: Wire<CreateCloudRecordingRequest>;
  DescribeCloudRecording: Wire<DescribeCloudRecordingRequest>;
  ModifyCloudRecording: Wire<ModifyCloudRecordingRequest>;
  DeleteCloudRecording: Wire<DeleteCloudRecordingRequest>;
  StartWebRecord: Wire<StartWebRecordRequest>;
  DescribeWebRecord: Wire<DescribeWebRecordRequest>;
  StopWebRecord: Wire<StopWebRecordRequest>;
}
