// StartWebRecord, DescribeWebRecord and StopWebRecord.
// https://www.tencentcloud.com/document/api/647/72066, /72067 and /72065.
// A TaskId is opaque: the emulator knows the ones it issued and treats any other string as a task that does not
// exist, rather than inventing a format rule for InvalidParameter.TaskId (which no source describes; it can be
// injected, faults.ts).

import type { ActionContext, ActionResult } from "./actionContext";
import { ApiError } from "./apiError";
import type { ActionRequests } from "./requests";
import { newTaskId } from "./taskId";
import type { WebTask } from "./tasks";

/** "The run does not exist or is stopped." */
function taskNotExist(what: string): ApiError {
  return new ApiError("FailedOperation.TaskNotExist", `The web recording task ${what} does not exist or has stopped.`);
}

function runningWebTask(context: ActionContext, taskId: string): WebTask | undefined {
  const task = context.store.get(taskId);
  return task?.kind === "web" && task.endedAt === null ? task : undefined;
}

export function startWebRecord(context: ActionContext, params: ActionRequests["StartWebRecord"]): ActionResult {
  const { store, settings } = context;
  const now = store.now();
  const sdkAppId = params.SdkAppId;
  if (settings.sdkAppIds && !settings.sdkAppIds.has(sdkAppId)) {
    throw new ApiError(
      "FailedOperation.SdkAppIdNotUnderAppId",
      `No resource belonging to SdkAppId ${sdkAppId} under this account.`,
    );
  }
  const recordId = params.RecordId ?? null;
  // "if carrying RecordId initiates start recording requests more than twice, only one task will start up, and the
  // second will report error FailedOperation.TaskExist". Whether the RecordId is free again once the task ends is
  // not stated: `recordIdReuse`.
  const taken =
    recordId !== null &&
    (settings.recordIdReuse === "never"
      ? store.recordIdUsed(sdkAppId, recordId)
      : store.runningRecord(sdkAppId, recordId) !== undefined);
  if (taken) {
    throw new ApiError(
      "FailedOperation.TaskExist",
      `A web recording task with RecordId ${recordId} already exists for SdkAppId ${sdkAppId}.`,
    );
  }
  const pool = settings.webConcurrency === "separate" ? store.runningCount("web") : store.runningCount();
  if (pool >= settings.maxConcurrentTasks) {
    throw new ApiError(
      "ResourceInsufficient.RequestRejection",
      `The limit of ${settings.maxConcurrentTasks} concurrent recording tasks is reached.`,
    );
  }
  const task = store.addWeb({
    kind: "web",
    taskId: newTaskId("web"),
    region: context.region,
    sdkAppId,
    recordId,
    createdAt: now,
    request: context.body,
    maxDurationMs: (params.MaxDurationLimit ?? settings.webMaxDurationSeconds) * 1000,
  });
  return { TaskId: task.taskId };
}

/** By TaskId, or by SdkAppId + RecordId; the only documented Status is 1, recording. */
export function describeWebRecord(context: ActionContext, params: ActionRequests["DescribeWebRecord"]): ActionResult {
  let task: WebTask | undefined;
  if (params.TaskId !== undefined) {
    task = runningWebTask(context, params.TaskId);
    const otherApp = params.SdkAppId !== undefined && params.SdkAppId !== task?.sdkAppId;
    const otherRecord = params.RecordId !== undefined && params.RecordId !== task?.recordId;
    if (!task || otherApp || otherRecord) throw taskNotExist(params.TaskId);
  } else {
    // Validation guarantees SdkAppId and RecordId here.
    const sdkAppId = params.SdkAppId ?? 0;
    const recordId = params.RecordId ?? "";
    task = context.store.runningRecord(sdkAppId, recordId);
    if (!task) throw taskNotExist(`with RecordId ${recordId}`);
  }
  return { Status: 1, TaskId: task.taskId, RecordId: task.recordId ?? "" };
}

export function stopWebRecord(context: ActionContext, params: ActionRequests["StopWebRecord"]): ActionResult {
  const task = runningWebTask(context, params.TaskId);
  if (!task) throw taskNotExist(params.TaskId);
  context.store.end(task, "stopped");
  return {};
}
