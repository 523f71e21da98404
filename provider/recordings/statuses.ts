// The `status` output of each resource, as constants a program can compare against.

import { ENDED, UNMANAGEABLE } from "../task/statuses";

/** `CloudRecording.status`: the service's DescribeCloudRecording `Status`, or what the provider recorded. */
export const CloudRecordingStatus = {
  /** The robot is in the room, waiting for anchors to record. */
  Idle: "Idle",
  InProgress: "InProgress",
  /** Stopping. */
  Exited: "Exited",
  /** Ended by itself and kept in state (`whenEnded: "keep"`). */
  Ended: ENDED,
  /** Past `manageableUntil`: the service no longer answers for it, though it may still run. */
  Unmanageable: UNMANAGEABLE,
} as const;

/**
 * `WebRecording.status`: the service's DescribeWebRecord `Status` (1, the only documented value, is `InProgress`;
 * another is shown as `Status<n>`), or what the provider recorded.
 */
export const WebRecordingStatus = {
  InProgress: "InProgress",
  /** Ended by itself and kept in state (`whenEnded: "keep"`). */
  Ended: ENDED,
} as const;
