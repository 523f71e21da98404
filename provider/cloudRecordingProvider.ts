// The CloudRecording dynamic provider. This module's exports object is the provider itself: the resource class
// hands it to pulumi.dynamic.Resource, so `__provider` serializes to a require() of this file in the installed
// package, and the HTTP pool and rate limiter it uses are shared by every resource in the provider process.

import type * as pulumi from "@pulumi/pulumi";
import type { ActionResponse } from "./api/responses";
import {
  createCloudRecordingShape,
  type MixLayoutParams,
  type SubscribeStreamUserIds,
} from "./api/schemas/cloudRecording";
import { generateUserSig } from "./api/userSig";
import { toWire } from "./api/wire";
import type { TrtcClient } from "./client/client";
import { isGone, TrtcConfigError } from "./errors";
import { cloudRecordingArgsSchema } from "./recordings/inputs";
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
  isApiError,
  isoTime,
  isPast,
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
import { applyConfig, currentSettings, describeSources, type TrtcSettings } from "./task/settings";

/** Statuses this provider adds to the service's Idle / InProgress / Exited. */
export const UNMANAGEABLE = "unmanageable";

const OUTPUT_ONLY_KEYS = ["taskId", "status", "startedAt", "manageableUntil", "storageFiles"] as const;
// Only needed to join the room; never stored in outputs and never a reason to replace.
const JOIN_ONLY_KEYS = ["userSig", "privateMapKey"] as const;
// Provider settings that change nothing at the service.
const NO_API_KEYS = ["whenEnded", "adoptTaskId"] as const;
const IGNORED_KEYS: readonly string[] = [...JOIN_ONLY_KEYS, ...HIDDEN_KEYS];

// https://www.tencentcloud.com/document/api/647/46960: ResourceExpiredHour defaults to 72.
// A repeated CreateCloudRecording with the same robot UserId makes the service replace the older task with the newer.
const DEFAULT_RESOURCE_EXPIRED_HOUR = 72;

let apiFieldNames: string[] | undefined;
function apiFields(): string[] {
  apiFieldNames ??= Object.keys(createCloudRecordingShape());
  return apiFieldNames;
}

export async function configure(request: pulumi.dynamic.ConfigureRequest): Promise<void> {
  applyConfig((key) => request.config.get(key));
}

const CHECK_SPEC: CheckSpec = {
  schema: (settings) => cloudRecordingArgsSchema(settings.site),
  idField: "userId",
  // Room in the name so a robot is recognisable in the room's member list.
  makeId: (name, inputs, seed) => autoName(["rec", name, String(inputs.roomId ?? "")], 32, seed),
  secretPaths: [
    ["userSig"],
    ["privateMapKey"],
    ["storageParams", "cloudStorage", "accessKey"],
    ["storageParams", "cloudStorage", "secretKey"],
  ],
  startAction: "CreateCloudRecording",
  extraFailures: (inputs, settings) =>
    inputs.userSig === undefined && !settings.sdkSecretKey && inputs.adoptTaskId === undefined
      ? [
          {
            property: "userSig",
            reason: `is required unless the application's SDKSecretKey is configured (${describeSources("sdkSecretKey")}) so a UserSig can be minted`,
          },
        ]
      : [],
};

export async function check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
  return checkInputs(CHECK_SPEC, olds, news);
}

export async function diff(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
  const replaces: string[] = [];
  let inPlace = false;
  let settingsOnly = false;
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
  for (const key of keys) {
    if (IGNORED_KEYS.includes(key) || (OUTPUT_ONLY_KEYS as readonly string[]).includes(key)) continue;
    if (deepEqual(olds[key], news[key])) continue;
    if ((NO_API_KEYS as readonly string[]).includes(key)) {
      settingsOnly = true;
    } else if (key === "mixLayoutParams") {
      // ModifyCloudRecording overwrites the layout; it cannot take it away, so removing it means a new task.
      if (news[key] === undefined) replaces.push(key);
      else inPlace = true;
    } else if (key === "recordParams") {
      const { subscribeStreamUserIds: _old, ...oldRest } = (olds[key] ?? {}) as Props;
      const { subscribeStreamUserIds: _new, ...newRest } = (news[key] ?? {}) as Props;
      if (deepEqual(oldRest, newRest)) inPlace = true;
      else replaces.push(key);
    } else {
      replaces.push(key);
    }
  }
  if (replaces.length > 0 && news.adoptTaskId !== undefined) {
    throw new Error(
      `Changing ${replaces.join(", ")} replaces recording ${id}, but adoptTaskId is still set and would adopt the same task again. Remove adoptTaskId (it only applies when the resource is first created), then apply the change.`,
    );
  }
  return {
    changes: replaces.length > 0 || inPlace || settingsOnly,
    replaces,
    // A robot UserId cannot be in the room twice: a new task would interrupt the old one mid-replacement. A
    // generated UserId stays the same when only secrets changed (see freshId).
    deleteBeforeReplace:
      replaces.length > 0 && (news[AUTONAMED_KEY] === true ? freshId(CHECK_SPEC, news) : news.userId) === olds.userId,
  };
}

export async function create(inputs: Props): Promise<pulumi.dynamic.CreateResult> {
  const settings = currentSettings();
  const client = clientFor(settings);
  const region = String(inputs.region);
  const sdkAppId = Number(inputs.sdkAppId);
  const adopt = inputs.adoptTaskId;
  if (typeof adopt === "string") return adoptTask(client, region, sdkAppId, adopt, inputs);

  const userSig = typeof inputs.userSig === "string" ? inputs.userSig : mintUserSig(settings, inputs);
  const request = toWire({ ...pick(inputs, apiFields()), userSig });
  const started = await startTask(client, region, request, inputs);
  const taskId = started.response.TaskId;
  const startedAt = started.serverTime ?? Date.now();
  const state = stateOf(inputs, {
    taskId,
    status: "Idle",
    startedAt: isoTime(startedAt),
    manageableUntil: manageableUntil(inputs, startedAt),
    storageFiles: [],
  });
  try {
    const described = await client.call("DescribeCloudRecording", region, { SdkAppId: sdkAppId, TaskId: taskId });
    return { id: taskId, outs: { ...state, ...observed(described.response) } };
  } catch (error) {
    throw new StartedButFailedError(
      taskId,
      // Destroy and refresh of the recorded resource need the provider, which the host only adds on success.
      { ...state, __provider: inputs.__provider },
      `Recording ${taskId} started, but reading its status failed: ${(error as Error).message} The task is kept in state; run \`pulumi refresh\` or \`pulumi up\` again.`,
    );
  }
}

export async function read(id: string, stored: Props): Promise<pulumi.dynamic.ReadResult> {
  const props = readTarget(id, stored);
  if (isFinished(props.status) && props.whenEnded === "keep") {
    return { id, props, inputs: inputsFromState(props, OUTPUT_ONLY_KEYS) };
  }
  const client = clientFor(currentSettings());
  try {
    const described = await client.call("DescribeCloudRecording", String(props.region), {
      SdkAppId: Number(props.sdkAppId),
      TaskId: id,
    });
    const state = stripUndefined({ ...props, ...observed(described.response) });
    return { id, props: state, inputs: inputsFromState(state, OUTPUT_ONLY_KEYS) };
  } catch (error) {
    if (!isGone(error)) throw error;
    const past = isPast(props.manageableUntil, isApiError(error) ? error.serverTime : undefined);
    const why = past
      ? `is past its ResourceExpiredHour window (${String(props.manageableUntil)}) and can no longer be managed; it may still run until it idles out`
      : "has ended";
    if (props.whenEnded === "keep") {
      warn(`Recording ${id} ${why}; it stays in state (whenEnded: "keep").`);
      const state = { ...props, status: past ? UNMANAGEABLE : ENDED };
      return { id, props: state, inputs: inputsFromState(state, OUTPUT_ONLY_KEYS) };
    }
    warn(`Recording ${id} ${why}; it is dropped from state and the next \`pulumi up\` starts a new one.`);
    return {};
  }
}

export async function update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
  const observedState: Props = pick(olds, OUTPUT_ONLY_KEYS);
  const oldSubscriptions = (olds.recordParams as Props | undefined)?.subscribeStreamUserIds;
  const newSubscriptions = (news.recordParams as Props | undefined)?.subscribeStreamUserIds;
  const layoutChanged = !deepEqual(olds.mixLayoutParams, news.mixLayoutParams);
  const subscriptionsChanged = !deepEqual(oldSubscriptions, newSubscriptions);
  if ((layoutChanged || subscriptionsChanged) && !isFinished(olds.status)) {
    const client = clientFor(currentSettings());
    try {
      // ModifyCloudRecording overwrites both objects whole rather than merging, so both are sent complete;
      // no subscriptions means the default, everyone.
      await client.call("ModifyCloudRecording", String(news.region), {
        SdkAppId: Number(news.sdkAppId),
        TaskId: id,
        ...(news.mixLayoutParams === undefined
          ? {}
          : { MixLayoutParams: toWire(news.mixLayoutParams as MixLayoutParams) }),
        SubscribeStreamUserIds: toWire((newSubscriptions ?? {}) as SubscribeStreamUserIds),
      });
    } catch (error) {
      if (!isGone(error)) throw error;
      const past = isPast(olds.manageableUntil, isApiError(error) ? error.serverTime : undefined);
      const why = past
        ? `is past its ResourceExpiredHour window (${String(olds.manageableUntil)}), so it can no longer be changed; it keeps recording until it idles out`
        : "has ended, so it cannot be changed in place";
      if (news.whenEnded !== "keep") {
        throw new Error(
          `Recording ${id} ${why}. Run \`pulumi refresh\` (or \`pulumi up --refresh\`) to drop it, then \`pulumi up\` to start a new one. (${(error as Error).message})`,
        );
      }
      warn(`Recording ${id} ${why}; the new layout is only recorded in state (whenEnded: "keep").`);
      observedState.status = past ? UNMANAGEABLE : ENDED;
    }
  }
  return { outs: stateOf(news, observedState) };
}

async function deleteRecording(id: string, props: Props): Promise<void> {
  if (keptByReplacement(id, "Recording")) return;
  if (props.status === UNMANAGEABLE) {
    warn(
      `Recording ${id} is past its ResourceExpiredHour window (${String(props.manageableUntil)}) and cannot be stopped through the API; it ends on its own once the room has had no anchor for MaxIdleTime seconds.`,
    );
  }
  if (isFinished(props.status)) return;
  const client = clientFor(currentSettings());
  try {
    await client.call("DeleteCloudRecording", String(props.region), { SdkAppId: Number(props.sdkAppId), TaskId: id });
  } catch (error) {
    if (!isApiError(error)) throw error;
    const past = isPast(props.manageableUntil, error.serverTime);
    if (past && !error.code.startsWith("AuthFailure")) {
      warn(
        `Recording ${id} is past its ResourceExpiredHour window (${String(props.manageableUntil)}), so it cannot be stopped through the API; it ends on its own once the room has had no anchor for MaxIdleTime seconds. (${error.code})`,
      );
      return;
    }
    // Already ended: what delete wanted.
    if (isGone(error)) return;
    throw error;
  }
}

export { deleteRecording as delete };

function isFinished(status: unknown): boolean {
  return status === ENDED || status === UNMANAGEABLE;
}

function observed(response: ActionResponse<"DescribeCloudRecording">): Props {
  return {
    status: response.Status,
    storageFiles: (response.StorageFileList ?? []).map((file) => ({
      userId: file.UserId ?? "",
      fileName: file.FileName,
      trackType: file.TrackType ?? "",
      beginTimeStamp: file.BeginTimeStamp ?? 0,
    })),
  };
}

function stateOf(inputs: Props, observedState: Props): Props {
  return stripUndefined({ ...omit(inputs, [...JOIN_ONLY_KEYS, "__provider"]), ...observedState });
}

function manageableUntil(inputs: Props, startedAt: number): string {
  const hours =
    typeof inputs.resourceExpiredHour === "number" ? inputs.resourceExpiredHour : DEFAULT_RESOURCE_EXPIRED_HOUR;
  return new Date(startedAt + hours * 3_600_000).toISOString();
}

function mintUserSig(settings: TrtcSettings, inputs: Props): string {
  if (!settings.sdkSecretKey) {
    throw new TrtcConfigError(
      `userSig is not set and no SDKSecretKey is configured to mint one: set userSig or ${describeSources("sdkSecretKey")}.`,
    );
  }
  const hours =
    typeof inputs.resourceExpiredHour === "number" ? inputs.resourceExpiredHour : DEFAULT_RESOURCE_EXPIRED_HOUR;
  // Valid for the whole window in which the task is managed, in case the robot has to rejoin.
  return generateUserSig({
    sdkAppId: Number(inputs.sdkAppId),
    sdkSecretKey: settings.sdkSecretKey,
    userId: String(inputs.userId),
    expireSeconds: hours * 3600,
  });
}

function startTask(client: TrtcClient, region: string, request: Props, inputs: Props) {
  const robot = String(inputs.userId);
  return startWithRetries({
    start: () => client.call("CreateCloudRecording", region, request as never),
    subject: `whether recording robot "${robot}" joined room ${String(inputs.roomId)}`,
    remedy: `If it did, it stops once the room has had no anchor for MaxIdleTime seconds; to replace it at once, set userId to "${robot}" and run \`pulumi up\` again.`,
  });
}

async function adoptTask(client: TrtcClient, region: string, sdkAppId: number, taskId: string, inputs: Props) {
  let described: Awaited<ReturnType<typeof client.call<"DescribeCloudRecording">>>;
  try {
    described = await client.call("DescribeCloudRecording", region, { SdkAppId: sdkAppId, TaskId: taskId });
  } catch (error) {
    if (isGone(error)) {
      throw new Error(
        `Cannot adopt recording ${taskId}: no running task with that TaskId for SdkAppId ${sdkAppId} in ${region}. (${(error as Error).message})`,
      );
    }
    throw error;
  }
  const adoptedAt = described.serverTime ?? Date.now();
  noteTakenOver(taskId);
  return {
    id: taskId,
    outs: stateOf(inputs, {
      taskId,
      startedAt: isoTime(adoptedAt),
      manageableUntil: manageableUntil(inputs, adoptedAt),
      ...observed(described.response),
    }),
  };
}
