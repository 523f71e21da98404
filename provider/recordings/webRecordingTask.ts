// A web-page recording as a task: StartWebRecord records a page, DescribeWebRecord reads it, StopWebRecord stops it.
// There is no Modify action: every change to the page or its output replaces the task.
// https://www.tencentcloud.com/document/api/647/72066 and the pages it links.

import type { ActionRequests } from "../api/actions";
import type { ActionResponse } from "../api/responses";
import { webRecordingAdvisories } from "../api/schemas/advisories";
import { toWire } from "../api/wire";
import type { TrtcClient } from "../client/client";
import { isGone, TrtcApiError } from "../errors";
import type { Observed, Started, StartOptions, TaskAddress, TaskDeclaration } from "../task/declaration";
import { warn } from "../task/diagnostics";
import { autoName } from "../task/names";
import { type Props, pick } from "../task/props";
import type { TrtcSettings } from "../task/settings";
import { startWithRetries } from "../task/startTask";
import { endsAtAdvisories, endsAtFailures, webDurationFor } from "./eventWindow";
import { loadSchemas } from "./schemas";

let apiFieldNames: string[] | undefined;
async function apiFields(): Promise<string[]> {
  apiFieldNames ??= Object.keys((await loadSchemas()).webRecording.startWebRecordShape());
  return apiFieldNames;
}

export const webRecordingTask: TaskDeclaration = {
  type: "WebRecording",
  noun: "Web recording",
  startAction: "StartWebRecord",
  inputs: async (site) => (await loadSchemas()).inputs.webRecordingArgsSchema(site),
  fields: {
    outputs: ["taskId", "status", "startedAt"],
    settings: ["whenEnded", "adoptTaskId"],
  },
  id: {
    // A repeated StartWebRecord with the same RecordId is refused with FailedOperation.TaskExist while the first
    // runs, so the RecordId is the start's idempotency key.
    field: "recordId",
    // RecordId must be less than 32 bytes.
    make: (name, _inputs, seed) => autoName(["web", name], 31, seed),
    secretPaths: [
      ["storageParams", "cloudStorage", "accessKey"],
      ["storageParams", "cloudStorage", "secretKey"],
      // rtmp push addresses usually carry the stream key.
      ["publishCdnParams", "*", "publishCdnUrl"],
    ],
  },
  extraFailures: (inputs, _settings, olds) => endsAtFailures("web", inputs, Date.now(), olds),
  // The API's advisories see the request's fields only: the provider's own settings (region, endsAt, ...) have theirs.
  advisories: async (inputs, site) => [
    ...endsAtAdvisories("web", inputs, Date.now()),
    ...webRecordingAdvisories(pick(inputs, await apiFields()), site),
  ],
  initialOutputs: { status: "InProgress" },

  start: startRecording,
  describe: describeRecording,
  stop: stopRecording,
};

async function startRecording(
  client: TrtcClient,
  inputs: Props,
  _settings: TrtcSettings,
  { replacingSameId }: StartOptions,
): Promise<Started> {
  const maxDurationLimit = webDurationFor(inputs, Date.now());
  const request = toWire({
    ...pick(inputs, await apiFields()),
    ...(maxDurationLimit === undefined ? {} : { maxDurationLimit }),
  }) as ActionRequests["StartWebRecord"];
  const region = String(inputs.region);
  const recordId = String(inputs.recordId);
  const findByRecordId = async (): Promise<Started | undefined> => {
    const found = await client.call("DescribeWebRecord", region, {
      SdkAppId: Number(inputs.sdkAppId),
      RecordId: recordId,
    });
    return found.response.TaskId ? { taskId: found.response.TaskId, serverTime: found.serverTime } : undefined;
  };
  const start = async (): Promise<Started> => {
    const started = await client.call("StartWebRecord", region, request);
    return { taskId: started.response.TaskId, serverTime: started.serverTime };
  };
  const startOnceMore = async (taskExist: TrtcApiError): Promise<Started> => {
    try {
      return await start();
    } catch (again) {
      if (!TrtcApiError.isInstance(again) || again.code !== "FailedOperation.TaskExist") throw again;
      throw new TrtcApiError({
        code: again.code,
        action: "StartWebRecord",
        requestId: again.requestId,
        cause: taskExist,
        message: `RecordId "${recordId}" is refused (FailedOperation.TaskExist) though no running task holds it: the service may not reuse a RecordId after its task ended. Give this resource a new recordId (or leave recordId out and change its name)`,
      });
    }
  };
  return startWithRetries<Started>(client, {
    start,
    subject: `whether web recording RecordId "${recordId}" started`,
    remedy: `If it did, it ends after maxDurationLimit seconds; to adopt it instead, set recordId to "${recordId}" and run \`pulumi up\` again.`,
    // An earlier attempt (this run's, or a run that crashed after starting) holds the RecordId: take its task over.
    recover: async (error) => {
      if (error.code !== "FailedOperation.TaskExist") return undefined;
      if (replacingSameId) {
        throw new TrtcApiError({
          code: error.code,
          action: "StartWebRecord",
          requestId: error.requestId,
          cause: error,
          message: `RecordId "${recordId}" is still recording the task this resource replaces, with the old settings. The resource option deleteBeforeReplace: false makes the replacement start before the old task stops, and the service allows one task per RecordId. Remove that option (the provider then stops the old task first) or give the replacement a new recordId; nothing was stopped`,
        });
      }
      let found: Started | undefined;
      try {
        found = await findByRecordId();
      } catch (describeError) {
        // The holder ended between the two calls, or the service keeps a RecordId taken after its task ended (no
        // source says whether it does): one more start settles which.
        if (isGone(describeError)) return startOnceMore(error);
        const cause = TrtcApiError.isInstance(describeError) ? describeError : undefined;
        throw new TrtcApiError({
          code: cause?.code ?? "ClientError.NetworkError",
          action: "DescribeWebRecord",
          requestId: cause?.requestId,
          cause: describeError,
          message: `RecordId "${recordId}" is held by a running task (FailedOperation.TaskExist), but reading its TaskId failed: ${(cause?.apiMessage ?? String(describeError)).replace(/\.+$/, "")}. Run \`pulumi up\` again: the resource asks for the same RecordId and takes that task over`,
        });
      }
      if (!found) return startOnceMore(error);
      warn(
        `RecordId "${recordId}" was already recording as task ${found.taskId}; adopted it instead of starting another.`,
      );
      return { ...found, tookOver: true };
    },
    // The RecordId settles what the lost answers left open: a running task with it is ours.
    resolve: async () => {
      try {
        return (await findByRecordId()) ?? "none";
      } catch (error) {
        return isGone(error) ? "none" : undefined;
      }
    },
  });
}

async function describeRecording(client: TrtcClient, task: TaskAddress): Promise<Observed> {
  const described = await client.call("DescribeWebRecord", task.region, { TaskId: task.taskId });
  return { outputs: observed(described.response), serverTime: described.serverTime };
}

async function stopRecording(client: TrtcClient, task: TaskAddress): Promise<void> {
  await client.call("StopWebRecord", task.region, { TaskId: task.taskId });
}

function observed(response: ActionResponse<"DescribeWebRecord">): Props {
  // The only documented status is 1, recording in progress.
  const status = response.Status === 1 ? "InProgress" : `Status${response.Status}`;
  // A task read by id alone learns its RecordId here.
  return response.RecordId ? { status, recordId: response.RecordId } : { status };
}
