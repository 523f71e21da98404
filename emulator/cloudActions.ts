// CreateCloudRecording, DescribeCloudRecording, ModifyCloudRecording and DeleteCloudRecording.
// https://www.tencentcloud.com/document/api/647/46960, /46958, /46957 and /46959.

import { API_DEFAULTS } from "../provider/api/defaults";
import { canvasOf, layoutIssues } from "../provider/api/schemas/cloudRecording";
import { verifyUserSig } from "../provider/api/userSig";
import type { ActionContext, ActionResult } from "./actionContext";
import { ApiError } from "./apiError";
import { newTaskId } from "./taskId";
import type { CloudTask, StorageFile } from "./tasks";
import { fieldMessage, type ParsedRequest, required } from "./validation";

const HOUR_MS = 3_600_000;

const TRACK_TYPES = ["audio_video", "audio", "video"] as const;

/**
 * One plausible file per recording for COS/S3 storage. Files uploaded to VOD are never listed: "StorageFileList
 * does not contain them, use the recording callbacks" (https://www.tencentcloud.com/document/api/647/46958).
 */
function storageFilesOf(
  params: ParsedRequest<"CreateCloudRecording">,
  taskId: string,
  createdAt: number,
): StorageFile[] {
  if (!params.storageParams.cloudStorage) return [];
  const format = params.recordParams.outputFormat;
  const extension = format === 3 ? "mp4" : format === 4 ? "aac" : "m3u8";
  return [
    {
      UserId: "",
      FileName: `${taskId}.${extension}`,
      TrackType: TRACK_TYPES[params.recordParams.streamType ?? 0],
      BeginTimeStamp: createdAt,
    },
  ];
}

export function createCloudRecording(
  context: ActionContext,
  params: ParsedRequest<"CreateCloudRecording">,
): ActionResult {
  const { store, settings } = context;
  const now = store.now();
  const sdkAppId = required(params.sdkAppId, "SdkAppId");
  const userId = required(params.userId, "UserId");
  const userSig = required(params.userSig, "UserSig");
  // "If two tasks in one room use the same robot UserId, the earlier task is interrupted" (CN docs, UserId).
  const interrupted = store.runningRobot(sdkAppId, params.roomId, userId);
  if (store.runningCount() - (interrupted ? 1 : 0) >= settings.maxConcurrentTasks) {
    throw new ApiError(
      "FailedOperation.RestrictedConcurrency",
      `The limit of ${settings.maxConcurrentTasks} concurrent recording tasks is reached.`,
    );
  }
  if (interrupted) store.end(interrupted, "interrupted");
  // The robot joins after the answer, so a bad UserSig never fails the call itself.
  const check = settings.sdkSecretKey
    ? verifyUserSig(userSig, { sdkAppId, sdkSecretKey: settings.sdkSecretKey, userId, now: Math.floor(now / 1000) })
    : undefined;
  const taskId = newTaskId("cloud");
  store.addCloud({
    kind: "cloud",
    taskId,
    region: context.region,
    sdkAppId,
    roomId: params.roomId,
    userId,
    createdAt: now,
    request: context.body,
    maxIdleMs: (params.recordParams.maxIdleTime ?? API_DEFAULTS.maxIdleTimeSeconds) * 1000,
    manageableUntil: now + (params.resourceExpiredHour ?? API_DEFAULTS.resourceExpiredHours) * HOUR_MS,
    canvas: canvasOf(params.mixTranscodeParams),
    storageFiles: storageFilesOf(params, taskId, now),
    userSigValid: check ? check.valid : null,
    userSigReason: check && !check.valid ? check.reason : null,
  });
  return { TaskId: taskId };
}

/** The running task that Describe/Modify/Delete may still manage, or the service's ResourceNotFound. */
function manageableTask(context: ActionContext, sdkAppId: number, taskId: string): CloudTask {
  const { store } = context;
  const now = store.now();
  const task = store.get(taskId);
  if (task?.kind !== "cloud" || task.sdkAppId !== sdkAppId || task.endedAt !== null) {
    throw new ApiError(
      "ResourceNotFound",
      `The recording task ${taskId} of SdkAppId ${sdkAppId} does not exist or has ended.`,
    );
  }
  if (now >= task.manageableUntil) {
    const hours = (task.manageableUntil - task.createdAt) / HOUR_MS;
    throw new ApiError(
      "ResourceNotFound",
      `The recording task ${taskId} is beyond its ResourceExpiredHour window (${hours} h after its start, until ${new Date(task.manageableUntil).toISOString()}): it can no longer be queried, modified or stopped, but it keeps recording until the room has had no anchor for MaxIdleTime seconds.`,
    );
  }
  return task;
}

export function describeCloudRecording(
  context: ActionContext,
  params: ParsedRequest<"DescribeCloudRecording">,
): ActionResult {
  const task = manageableTask(context, params.sdkAppId, params.taskId);
  return {
    TaskId: task.taskId,
    Status: context.store.statusOf(task),
    StorageFileList: task.storageFiles,
    ...(params.recorderKey === undefined ? {} : { RecorderKey: params.recorderKey }),
  };
}

/** Full-overwrite semantics: each object given replaces the task's whole object, never merges into it. */
export function modifyCloudRecording(
  context: ActionContext,
  params: ParsedRequest<"ModifyCloudRecording">,
): ActionResult {
  const task = manageableTask(context, params.sdkAppId, params.taskId);
  if (params.mixLayoutParams) {
    // The canvas was fixed by MixTranscodeParams at creation; a new layout must still fit it.
    const issue = layoutIssues(params.mixLayoutParams, task.canvas)[0];
    if (issue) {
      throw new ApiError(
        issue.apiCode ?? "InvalidParameter",
        fieldMessage(["mixLayoutParams", ...issue.path], issue.message),
      );
    }
  }
  const request = { ...task.request };
  if (context.body.MixLayoutParams !== undefined) request.MixLayoutParams = context.body.MixLayoutParams;
  if (context.body.SubscribeStreamUserIds !== undefined) {
    const recordParams = (request.RecordParams ?? {}) as Record<string, unknown>;
    request.RecordParams = { ...recordParams, SubscribeStreamUserIds: context.body.SubscribeStreamUserIds };
  }
  task.request = request;
  return { TaskId: task.taskId };
}

/** Stops the task; it is gone for every later call (uploads finishing afterwards are not modelled). */
export function deleteCloudRecording(
  context: ActionContext,
  params: ParsedRequest<"DeleteCloudRecording">,
): ActionResult {
  const task = manageableTask(context, params.sdkAppId, params.taskId);
  context.store.end(task, "deleted");
  return { TaskId: task.taskId };
}
