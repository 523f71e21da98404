// The WebRecording dynamic provider; like the CloudRecording one, this module's exports object is the provider.
// There is no Modify action for web recordings: every change to the page or its output replaces the task.

import type * as pulumi from "@pulumi/pulumi";
import type { ActionResponse } from "./api/responses";
import { startWebRecordShape } from "./api/schemas/webRecording";
import { toWire } from "./api/wire";
import type { TrtcClient } from "./client/client";
import { isGone, TrtcApiError } from "./errors";
import { webRecordingArgsSchema } from "./recordings/inputs";
import {
  AUTONAMED_KEY,
  autoName,
  type CheckSpec,
  checkInputs,
  clientFor,
  deepEqual,
  ENDED,
  freshId,
  HIDDEN_KEYS,
  inputsFromState,
  isoTime,
  keptByReplacement,
  noteTakenOver,
  omit,
  type Props,
  pick,
  readTarget,
  StartedButFailedError,
  startWithRetries,
  stripUndefined,
  warn,
} from "./task/lifecycle";
import { applyConfig, currentSettings } from "./task/settings";

const OUTPUT_ONLY_KEYS = ["taskId", "status", "startedAt"] as const;
const NO_API_KEYS = ["whenEnded", "adoptTaskId"] as const;
const IGNORED_KEYS = HIDDEN_KEYS;
// A repeated StartWebRecord with the same RecordId is refused with FailedOperation.TaskExist while the first runs
// (https://www.tencentcloud.com/document/api/647/72066), so lost answers are retried with it.

let apiFieldNames: string[] | undefined;
function apiFields(): string[] {
  apiFieldNames ??= Object.keys(startWebRecordShape());
  return apiFieldNames;
}

export async function configure(request: pulumi.dynamic.ConfigureRequest): Promise<void> {
  applyConfig((key) => request.config.get(key));
}

const CHECK_SPEC: CheckSpec = {
  schema: (settings) => webRecordingArgsSchema(settings.site),
  idField: "recordId",
  // RecordId must be less than 32 bytes.
  makeId: (name, _inputs, seed) => autoName(["web", name], 31, seed),
  secretPaths: [
    ["storageParams", "cloudStorage", "accessKey"],
    ["storageParams", "cloudStorage", "secretKey"],
    // rtmp push addresses usually carry the stream key.
    ["publishCdnParams", "*", "publishCdnUrl"],
  ],
  startAction: "StartWebRecord",
};

export async function check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
  return checkInputs(CHECK_SPEC, olds, news);
}

// RecordIds of tasks this process's diff found changed and to be replaced under the same RecordId. Their
// replacement must not take the old task over: it records the old page or settings. The engine only creates such a
// replacement before deleting the old task when the resource option deleteBeforeReplace: false overrides this diff.
const replacedWithSameRecordId = new Set<string>();

export async function diff(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
  const replaces: string[] = [];
  let settingsOnly = false;
  for (const key of new Set([...Object.keys(olds), ...Object.keys(news)])) {
    if (IGNORED_KEYS.includes(key) || (OUTPUT_ONLY_KEYS as readonly string[]).includes(key)) continue;
    if (deepEqual(olds[key], news[key])) continue;
    if ((NO_API_KEYS as readonly string[]).includes(key)) settingsOnly = true;
    else replaces.push(key);
  }
  if (replaces.length > 0 && news.adoptTaskId !== undefined) {
    throw new Error(
      `Changing ${replaces.join(", ")} replaces web recording ${id}, but adoptTaskId is still set and would adopt the same task again. Remove adoptTaskId (it only applies when the resource is first created), then apply the change.`,
    );
  }
  // Only a replacement asks what its RecordId would be (hashing the inputs is not free across a large preview).
  const keepsRecordId =
    replaces.length > 0 && (news[AUTONAMED_KEY] === true ? freshId(CHECK_SPEC, news) : news.recordId) === olds.recordId;
  if (keepsRecordId) replacedWithSameRecordId.add(String(olds.recordId));
  return {
    changes: replaces.length > 0 || settingsOnly,
    replaces,
    // A RecordId is taken while its task runs: a new start with the same one would hit FailedOperation.TaskExist.
    // A generated RecordId stays the same when only secrets changed (see freshId).
    deleteBeforeReplace: keepsRecordId,
  };
}

export async function create(inputs: Props): Promise<pulumi.dynamic.CreateResult> {
  const client = clientFor(currentSettings());
  const region = String(inputs.region);
  const sdkAppId = Number(inputs.sdkAppId);
  let taskId: string;
  let startedAt: number;
  if (typeof inputs.adoptTaskId === "string") {
    taskId = inputs.adoptTaskId;
    startedAt = Date.now();
    noteTakenOver(taskId);
  } else {
    const started = await startTask(client, region, sdkAppId, inputs);
    taskId = started.taskId;
    startedAt = started.serverTime ?? Date.now();
  }
  const state = stateOf(inputs, { taskId, status: "InProgress", startedAt: isoTime(startedAt) });
  try {
    const described = await client.call("DescribeWebRecord", region, { TaskId: taskId });
    return { id: taskId, outs: { ...state, status: statusName(described.response) } };
  } catch (error) {
    if (typeof inputs.adoptTaskId === "string") {
      throw new Error(
        `Cannot adopt web recording ${taskId}: ${isGone(error) ? "no running task with that TaskId" : "it could not be read"} in ${region}. (${(error as Error).message})`,
      );
    }
    throw new StartedButFailedError(
      taskId,
      // Destroy and refresh of the recorded resource need the provider, which the host only adds on success.
      { ...state, __provider: inputs.__provider },
      `Web recording ${taskId} started, but reading its status failed: ${(error as Error).message} The task is kept in state; run \`pulumi refresh\` or \`pulumi up\` again.`,
    );
  }
}

export async function read(id: string, stored: Props): Promise<pulumi.dynamic.ReadResult> {
  const props = readTarget(id, stored);
  if (props.status === ENDED && props.whenEnded === "keep") {
    return { id, props, inputs: inputsFromState(props, OUTPUT_ONLY_KEYS) };
  }
  const client = clientFor(currentSettings());
  try {
    const described = await client.call("DescribeWebRecord", String(props.region), { TaskId: id });
    const recordId = props.recordId ?? described.response.RecordId ?? undefined;
    const state = stripUndefined({ ...props, recordId, status: statusName(described.response) });
    return { id, props: state, inputs: inputsFromState(state, OUTPUT_ONLY_KEYS) };
  } catch (error) {
    if (!isGone(error)) throw error;
    if (props.whenEnded === "keep") {
      warn(`Web recording ${id} has ended; it stays in state (whenEnded: "keep").`);
      const state = { ...props, status: ENDED };
      return { id, props: state, inputs: inputsFromState(state, OUTPUT_ONLY_KEYS) };
    }
    warn(`Web recording ${id} has ended; it is dropped from state and the next \`pulumi up\` starts a new one.`);
    return {};
  }
}

/** Only provider settings change in place (diff replaces everything else); no API call is needed. */
export async function update(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
  return { outs: stateOf(news, pick(olds, OUTPUT_ONLY_KEYS)) };
}

async function deleteRecording(id: string, props: Props): Promise<void> {
  if (props.status === ENDED || keptByReplacement(id, "Web recording")) return;
  const client = clientFor(currentSettings());
  try {
    await client.call("StopWebRecord", String(props.region), { TaskId: id });
  } catch (error) {
    // FailedOperation.TaskNotExist: "does not exist or has stopped", which is what delete wanted.
    if (!isGone(error)) throw error;
  }
}

export { deleteRecording as delete };

function statusName(response: ActionResponse<"DescribeWebRecord">): string {
  // The only documented status is 1, recording in progress.
  return response.Status === 1 ? "InProgress" : `Status${response.Status}`;
}

function stateOf(inputs: Props, observedState: Props): Props {
  return stripUndefined({ ...omit(inputs, ["__provider"]), ...observedState });
}

function startTask(client: TrtcClient, region: string, sdkAppId: number, inputs: Props) {
  const request = toWire(pick(inputs, apiFields()));
  const recordId = String(inputs.recordId);
  const findByRecordId = async () => {
    const found = await client.call("DescribeWebRecord", region, { SdkAppId: sdkAppId, RecordId: recordId });
    return found.response.TaskId ? { taskId: found.response.TaskId, serverTime: found.serverTime } : undefined;
  };
  return startWithRetries({
    start: async () => {
      const started = await client.call("StartWebRecord", region, request as never);
      return { taskId: started.response.TaskId, serverTime: started.serverTime };
    },
    subject: `whether web recording RecordId "${recordId}" started`,
    remedy: `If it did, it ends after maxDurationLimit seconds; to adopt it instead, set recordId to "${recordId}" and run \`pulumi up\` again.`,
    // An earlier attempt (this run's, or a run that crashed after starting) holds the RecordId: take its task over.
    recover: async (error) => {
      if (error.code !== "FailedOperation.TaskExist") return undefined;
      if (replacedWithSameRecordId.has(recordId)) {
        throw new TrtcApiError({
          code: error.code,
          action: "StartWebRecord",
          requestId: error.requestId,
          cause: error,
          message: `RecordId "${recordId}" is still recording the task this resource replaces, with the old settings. The resource option deleteBeforeReplace: false makes the replacement start before the old task stops, and the service allows one task per RecordId. Remove that option (the provider then stops the old task first) or give the replacement a new recordId; nothing was stopped`,
        });
      }
      let found: Awaited<ReturnType<typeof findByRecordId>>;
      try {
        found = await findByRecordId();
      } catch (describeError) {
        const cause = TrtcApiError.isInstance(describeError) ? describeError : undefined;
        throw new TrtcApiError({
          code: cause?.code ?? "ClientError.NetworkError",
          action: "DescribeWebRecord",
          requestId: cause?.requestId,
          cause: describeError,
          message: `RecordId "${recordId}" is held by a running task (FailedOperation.TaskExist), but reading its TaskId failed: ${cause?.apiMessage ?? String(describeError)}. Run \`pulumi up\` again: the resource asks for the same RecordId and takes that task over`,
        });
      }
      if (!found) return undefined;
      noteTakenOver(found.taskId);
      warn(
        `RecordId "${recordId}" was already recording as task ${found.taskId}; adopted it instead of starting another.`,
      );
      return found;
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
