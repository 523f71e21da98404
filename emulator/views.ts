// The admin view of a task: what tests and demos read from GET /_emulator/tasks and `emulator.tasks()`.

import { redactFields } from "../provider/api/secretFields";
import type { EndReason, Task, TaskStore } from "./tasks";

export interface TaskView {
  kind: "cloud" | "web";
  taskId: string;
  running: boolean;
  /** `InProgress` or `Idle` while running (as DescribeCloudRecording says), `Exited` once ended. */
  status: string;
  region: string;
  sdkAppId: number;
  roomId: string | null;
  /** 0 string room, 1 numeric room (cloud tasks). */
  roomIdType: number | null;
  userId: string | null;
  recordId: string | null;
  /** Whether the robot's UserSig verifies (null when the emulator has no SDKSecretKey, and for web tasks). */
  userSigValid: boolean | null;
  userSigReason: string | null;
  /** The last accepted request for the task, secrets masked. */
  request: Record<string, unknown>;
  createdAt: string;
  endedAt: string | null;
  endReason: EndReason | null;
  /** End of the ResourceExpiredHour window (cloud tasks). */
  manageableUntil: string | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function taskView(task: Task, store: TaskStore): TaskView {
  const cloud = task.kind === "cloud" ? task : undefined;
  return {
    kind: task.kind,
    taskId: task.taskId,
    running: task.endedAt === null,
    status: store.statusOf(task),
    region: task.region,
    sdkAppId: task.sdkAppId,
    roomId: cloud?.roomId ?? null,
    roomIdType: cloud?.roomIdType ?? null,
    userId: cloud?.userId ?? null,
    recordId: task.kind === "web" ? task.recordId : null,
    userSigValid: cloud?.userSigValid ?? null,
    userSigReason: cloud?.userSigReason ?? null,
    request: redactFields(task.request),
    createdAt: new Date(task.createdAt).toISOString(),
    endedAt: iso(task.endedAt),
    endReason: task.endReason,
    manageableUntil: iso(cloud?.manageableUntil ?? null),
  };
}
