// CreateCloudRecording, DescribeCloudRecording, ModifyCloudRecording and DeleteCloudRecording.
// https://www.tencentcloud.com/document/api/647/46960, /46958, /46957 and /46959.

import { API_DEFAULTS } from "../provider/api/defaults";
import { verifyUserSig } from "../provider/api/userSig";
import type { ActionContext, ActionResult } from "./actionContext";
import { ApiError } from "./apiError";
import { canvasOf, layoutIssues } from "./apiRules";
import { describeCode } from "./errorCodes";
import type { ActionRequests } from "./requests";
import { newTaskId } from "./taskId";
import type { CloudTask } from "./tasks";
import { apiPath } from "./validation";

const HOUR_MS = 3_600_000;

/**
 * A SdkAppId outside the account's applications (when the emulator knows them): InvalidParameter.SdkAppId, which
 * Create, Describe and Delete document ("`SdkAppId` is incorrect"). Modify does not document it; its unknown task is
 * ResourceNotFound like any other.
 */
function checkSdkAppId(context: ActionContext, sdkAppId: number): void {
  const owned = context.settings.sdkAppIds;
  if (owned && !owned.has(sdkAppId)) {
    throw new ApiError("InvalidParameter.SdkAppId", `SdkAppId ${sdkAppId} is not an application of this account.`);
  }
}

export function createCloudRecording(
  context: ActionContext,
  params: ActionRequests["CreateCloudRecording"],
): ActionResult {
  const { store, settings } = context;
  const now = store.now();
  checkSdkAppId(context, params.SdkAppId);
  const room = { sdkAppId: params.SdkAppId, roomId: params.RoomId, roomIdType: params.RoomIdType ?? 1 };
  // "If two tasks in one room use the same robot UserId, the earlier task is interrupted" (CN docs, UserId).
  const interrupted = store.runningRobot(room, params.UserId);
  const pool = settings.webConcurrency === "separate" ? store.runningCount("cloud") : store.runningCount();
  if (pool - (interrupted ? 1 : 0) >= settings.maxConcurrentTasks) {
    throw new ApiError(
      "FailedOperation.RestrictedConcurrency",
      `The limit of ${settings.maxConcurrentTasks} concurrent recording tasks is reached.`,
    );
  }
  if (interrupted) store.end(interrupted, "interrupted");
  // The robot joins after the answer, so a bad UserSig never fails the call itself.
  const check = settings.sdkSecretKey
    ? verifyUserSig(params.UserSig, {
        sdkAppId: params.SdkAppId,
        sdkSecretKey: settings.sdkSecretKey,
        userId: params.UserId,
        now: Math.floor(now / 1000),
      })
    : undefined;
  const taskId = newTaskId("cloud");
  store.addCloud({
    kind: "cloud",
    taskId,
    region: context.region,
    ...room,
    userId: params.UserId,
    createdAt: now,
    request: context.body,
    maxIdleMs: (params.RecordParams.MaxIdleTime ?? API_DEFAULTS.maxIdleTimeSeconds) * 1000,
    manageableUntil: now + (params.ResourceExpiredHour ?? API_DEFAULTS.resourceExpiredHours) * HOUR_MS,
    canvas: canvasOf(params.MixTranscodeParams),
    files: new Map(),
    vodFiles: new Map(),
    userSigValid: check ? check.valid : null,
    userSigReason: check && !check.valid ? check.reason : null,
  });
  return { TaskId: taskId };
}

/**
 * The task Describe/Modify/Delete may still manage. An unknown TaskId is ResourceNotFound ("The resource does not
 * exist"); an ended task and one past its ResourceExpiredHour window answer the codes the emulator is told to
 * (`endedTaskError`, `expiredTaskError`: no source says which, README "Assumptions").
 */
function manageableTask(
  context: ActionContext,
  sdkAppId: number,
  taskId: string,
  options: { exiting?: boolean } = {},
): CloudTask {
  const { store, settings } = context;
  const now = store.now();
  const task = store.get(taskId);
  if (task?.kind !== "cloud" || task.sdkAppId !== sdkAppId) {
    throw new ApiError("ResourceNotFound", `The recording task ${taskId} of SdkAppId ${sdkAppId} does not exist.`);
  }
  if (task.endedAt !== null) {
    if (options.exiting && now < task.endedAt + settings.exitedSeconds * 1000) return task;
    throw new ApiError(
      settings.endedTaskError,
      `${describeCode(settings.endedTaskError)} The recording task ${taskId} of SdkAppId ${sdkAppId} has ended.`,
    );
  }
  if (now >= task.manageableUntil) {
    const hours = (task.manageableUntil - task.createdAt) / HOUR_MS;
    throw new ApiError(
      settings.expiredTaskError,
      `${describeCode(settings.expiredTaskError)} The recording task ${taskId} is beyond its ResourceExpiredHour window (${hours} h after its start, until ${new Date(task.manageableUntil).toISOString()}): it can no longer be queried, modified or stopped, but it keeps recording until the room has had no anchor for MaxIdleTime seconds.`,
    );
  }
  return task;
}

export function describeCloudRecording(
  context: ActionContext,
  params: ActionRequests["DescribeCloudRecording"],
): ActionResult {
  checkSdkAppId(context, params.SdkAppId);
  const task = manageableTask(context, params.SdkAppId, params.TaskId, { exiting: true });
  return {
    TaskId: task.taskId,
    Status: context.store.statusOf(task),
    StorageFileList: [...task.files.values()],
    ...(params.RecorderKey === undefined ? {} : { RecorderKey: params.RecorderKey }),
  };
}

/**
 * Full-overwrite semantics: each object given replaces the task's whole object, never merges into it. An object not
 * given is kept, or cleared with `modifyOmitted: "clear"` (README "Assumptions").
 */
export function modifyCloudRecording(
  context: ActionContext,
  params: ActionRequests["ModifyCloudRecording"],
): ActionResult {
  const task = manageableTask(context, params.SdkAppId, params.TaskId);
  // The canvas was fixed by MixTranscodeParams at creation; a new layout must still fit it.
  const issue = layoutIssues("ModifyCloudRecording", params.MixLayoutParams, task.canvas)[0];
  if (issue) throw new ApiError(issue.code, `${apiPath(issue.path)} ${issue.message}`);
  const clear = context.settings.modifyOmitted === "clear";
  const { MixLayoutParams: layout, ...request } = task.request;
  const recordParams = { ...(request.RecordParams as Record<string, unknown>) };
  const next: Record<string, unknown> = { ...request, RecordParams: recordParams };
  const newLayout = params.MixLayoutParams ?? (clear ? undefined : layout);
  if (newLayout !== undefined) next.MixLayoutParams = newLayout;
  if (params.SubscribeStreamUserIds !== undefined) recordParams.SubscribeStreamUserIds = params.SubscribeStreamUserIds;
  else if (clear) delete recordParams.SubscribeStreamUserIds;
  task.request = next;
  context.store.recordFiles(task);
  return { TaskId: task.taskId };
}

/** Stops the task; it is gone for every later call (uploads finishing afterwards are not modelled). */
export function deleteCloudRecording(
  context: ActionContext,
  params: ActionRequests["DeleteCloudRecording"],
): ActionResult {
  checkSdkAppId(context, params.SdkAppId);
  const task = manageableTask(context, params.SdkAppId, params.TaskId);
  context.store.end(task, "deleted");
  return { TaskId: task.taskId };
}
