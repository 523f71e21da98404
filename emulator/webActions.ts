// StartWebRecord, DescribeWebRecord and StopWebRecord.
// https://www.tencentcloud.com/document/api/647/72066, /72067 and /72065.

import { API_DEFAULTS } from "../provider/api/defaults";
import type { ActionContext, ActionResult } from "./actionContext";
import { ApiError } from "./apiError";
import { isTaskIdFormat, newTaskId } from "./taskId";
import type { WebTask } from "./tasks";
import { type ParsedRequest, required } from "./validation";

function checkTaskIdFormat(taskId: string): void {
  if (!isTaskIdFormat(taskId)) {
    throw new ApiError(
      "InvalidParameter.TaskId",
      `TaskId ${JSON.stringify(taskId.slice(0, 64))} is not a valid TaskId.`,
    );
  }
}

/** "The task does not exist or has stopped." */
function taskNotExist(what: string): ApiError {
  return new ApiError("FailedOperation.TaskNotExist", `The web recording task ${what} does not exist or has stopped.`);
}

function runningWebTask(context: ActionContext, taskId: string): WebTask | undefined {
  const task = context.store.get(taskId);
  return task?.kind === "web" && task.endedAt === null ? task : undefined;
}

export function startWebRecord(context: ActionContext, params: ParsedRequest<"StartWebRecord">): ActionResult {
  const { store, settings } = context;
  const now = store.now();
  const sdkAppId = required(params.sdkAppId, "SdkAppId");
  const recordId = params.recordId ?? null;
  // "If two or more starts carry the same RecordId only one task starts and the others fail with TaskExist."
  if (recordId !== null && store.runningRecord(sdkAppId, recordId)) {
    throw new ApiError(
      "FailedOperation.TaskExist",
      `A web recording task with RecordId ${recordId} is already running for SdkAppId ${sdkAppId}.`,
    );
  }
  if (store.runningCount() >= settings.maxConcurrentTasks) {
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
    maxDurationMs: (params.maxDurationLimit ?? API_DEFAULTS.webMaxDurationSeconds) * 1000,
  });
  return { TaskId: task.taskId };
}

/** By TaskId, or by SdkAppId + RecordId; the only documented Status is 1, recording. */
export function describeWebRecord(context: ActionContext, params: ParsedRequest<"DescribeWebRecord">): ActionResult {
  let task: WebTask | undefined;
  if (params.taskId !== undefined) {
    checkTaskIdFormat(params.taskId);
    task = runningWebTask(context, params.taskId);
    const otherApp = params.sdkAppId !== undefined && params.sdkAppId !== task?.sdkAppId;
    const otherRecord = params.recordId !== undefined && params.recordId !== task?.recordId;
    if (!task || otherApp || otherRecord) throw taskNotExist(params.taskId);
  } else {
    const sdkAppId = required(params.sdkAppId, "SdkAppId");
    const recordId = required(params.recordId, "RecordId");
    task = context.store.runningRecord(sdkAppId, recordId);
    if (!task) throw taskNotExist(`with RecordId ${recordId}`);
  }
  return { Status: 1, TaskId: task.taskId, RecordId: task.recordId ?? "" };
}

export function stopWebRecord(context: ActionContext, params: ParsedRequest<"StopWebRecord">): ActionResult {
  checkTaskIdFormat(params.taskId);
  const task = runningWebTask(context, params.taskId);
  if (!task) throw taskNotExist(params.taskId);
  context.store.end(task, "stopped");
  return {};
}
