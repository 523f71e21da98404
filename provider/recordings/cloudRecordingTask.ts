// A cloud (room) recording as a task: CreateCloudRecording starts a robot that joins the room and records it,
// DescribeCloudRecording reads it, ModifyCloudRecording changes its layout and subscriptions, DeleteCloudRecording
// stops it. https://www.tencentcloud.com/document/api/647/46960 and the pages it links.

import type { ActionRequests } from "../api/actions";
import { API_DEFAULTS } from "../api/defaults";
import type { ActionResponse } from "../api/responses";
import { cloudRecordingAdvisories } from "../api/schemas/advisories";
import { generateUserSig } from "../api/userSig";
import { toWire } from "../api/wire";
import type { TrtcClient } from "../client/client";
import { TrtcConfigError } from "../errors";
import type { Observed, Started, TaskAddress, TaskDeclaration } from "../task/declaration";
import { autoName } from "../task/names";
import { deepEqual, omit, type Props, pick } from "../task/props";
import { describeSources, type TrtcSettings } from "../task/settings";
import { startWithRetries } from "../task/startTask";
import { endsAtAdvisories, endsAtFailures, expiredHoursFor } from "./eventWindow";
import { type RecordingFileInputs, recordingFileLocations } from "./files";
import { loadSchemas } from "./schemas";

let apiFieldNames: string[] | undefined;
async function apiFields(): Promise<string[]> {
  apiFieldNames ??= Object.keys((await loadSchemas()).cloudRecording.createCloudRecordingShape());
  return apiFieldNames;
}

/** ResourceExpiredHour of a task starting now: the input, one derived from endsAt, or the service's default. */
function expiredHours(inputs: Props): number {
  return expiredHoursFor(inputs, Date.now()) ?? API_DEFAULTS.resourceExpiredHours;
}

export const cloudRecordingTask: TaskDeclaration = {
  type: "CloudRecording",
  noun: "Recording",
  startAction: "CreateCloudRecording",
  inputs: async (site) => (await loadSchemas()).inputs.cloudRecordingArgsSchema(site),
  fields: {
    outputs: ["taskId", "status", "startedAt", "manageableUntil", "storageFiles", "fileLocations"],
    // Only needed to join the room; never stored in outputs and never a reason to replace.
    startOnly: ["userSig", "privateMapKey"],
    // endsAt only sets the management window at the start; a later change calls no API (see eventWindow.ts).
    settings: ["whenEnded", "adoptTaskId", "endsAt"],
    inPlace: {
      // ModifyCloudRecording overwrites the layout; it cannot take it away, so removing it means a new task.
      mixLayoutParams: (_old, now) => now !== undefined,
      // Of the record parameters only the subscriptions can be modified.
      recordParams: (old, now) =>
        deepEqual(
          omit((old ?? {}) as Props, ["subscribeStreamUserIds"]),
          omit((now ?? {}) as Props, ["subscribeStreamUserIds"]),
        ),
    },
  },
  id: {
    // A repeated CreateCloudRecording with the same robot UserId makes the service replace the older task with the
    // newer, so the robot's UserId is the start's idempotency key.
    field: "userId",
    // Room in the name so a robot is recognisable in the room's member list.
    make: (name, inputs, seed) => autoName(["rec", name, String(inputs.roomId ?? "")], 32, seed),
    secretPaths: [
      ["userSig"],
      ["privateMapKey"],
      ["storageParams", "cloudStorage", "accessKey"],
      ["storageParams", "cloudStorage", "secretKey"],
    ],
  },
  extraFailures: (inputs, settings, olds) => [
    ...endsAtFailures("cloud", inputs, Date.now(), olds),
    ...(inputs.userSig === undefined && !settings.sdkSecretKey && inputs.adoptTaskId === undefined
      ? [
          {
            property: "userSig",
            reason: `is required unless the application's SDKSecretKey is configured (${describeSources("sdkSecretKey")}) so a UserSig can be minted`,
          },
        ]
      : []),
  ],
  // The API's advisories see the request's fields only: the provider's own settings (region, endsAt, ...) have theirs.
  advisories: async (inputs, site) => [
    ...endsAtAdvisories("cloud", inputs, Date.now()),
    ...cloudRecordingAdvisories(pick(inputs, await apiFields()), site),
  ],
  managedFor: {
    hours: expiredHours,
    parameter: "ResourceExpiredHour",
    endsBy: "it ends on its own once the room has had no anchor for MaxIdleTime seconds",
  },
  // Where the files land, from the documented naming rules (files.ts).
  derivedOutputs: (inputs, task) => ({
    fileLocations: recordingFileLocations(inputs as unknown as RecordingFileInputs, task),
  }),
  initialOutputs: { status: "Idle", storageFiles: [] },

  start: startRecording,
  describe: describeRecording,
  modify: modifyRecording,
  stop: stopRecording,
};

async function startRecording(client: TrtcClient, inputs: Props, settings: TrtcSettings): Promise<Started> {
  const hours = expiredHours(inputs);
  const userSig = typeof inputs.userSig === "string" ? inputs.userSig : mintUserSig(settings, inputs, hours);
  const request = toWire({
    ...pick(inputs, await apiFields()),
    userSig,
    ...(inputs.endsAt === undefined ? {} : { resourceExpiredHour: hours }),
  }) as ActionRequests["CreateCloudRecording"];
  const robot = String(inputs.userId);
  return startWithRetries(client, {
    start: async () => {
      const started = await client.call("CreateCloudRecording", String(inputs.region), request);
      return { taskId: started.response.TaskId, serverTime: started.serverTime, managedForHours: hours };
    },
    subject: `whether recording robot "${robot}" joined room ${String(inputs.roomId)}`,
    remedy: `If it did, it stops once the room has had no anchor for MaxIdleTime seconds; to replace it at once, set userId to "${robot}" and run \`pulumi up\` again.`,
  });
}

async function describeRecording(client: TrtcClient, task: TaskAddress): Promise<Observed> {
  const described = await client.call("DescribeCloudRecording", task.region, {
    SdkAppId: task.sdkAppId,
    TaskId: task.taskId,
  });
  return { outputs: observed(described.response), serverTime: described.serverTime };
}

async function modifyRecording(client: TrtcClient, task: TaskAddress, news: Props): Promise<void> {
  // ModifyCloudRecording overwrites both objects whole rather than merging, so both are sent complete; no
  // subscriptions means the default, everyone.
  const subscriptions = (news.recordParams as Props | undefined)?.subscribeStreamUserIds ?? {};
  await client.call("ModifyCloudRecording", task.region, {
    SdkAppId: task.sdkAppId,
    TaskId: task.taskId,
    ...(news.mixLayoutParams === undefined ? {} : { MixLayoutParams: toWire(news.mixLayoutParams as Props) }),
    SubscribeStreamUserIds: toWire(subscriptions as Props),
  } as ActionRequests["ModifyCloudRecording"]);
}

async function stopRecording(client: TrtcClient, task: TaskAddress): Promise<void> {
  await client.call("DeleteCloudRecording", task.region, { SdkAppId: task.sdkAppId, TaskId: task.taskId });
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

function mintUserSig(settings: TrtcSettings, inputs: Props, hours: number): string {
  if (!settings.sdkSecretKey) {
    throw new TrtcConfigError(
      `userSig is not set and no SDKSecretKey is configured to mint one: set userSig or ${describeSources("sdkSecretKey")}.`,
    );
  }
  // Valid for the whole window in which the task is managed, in case the robot has to rejoin.
  return generateUserSig({
    sdkAppId: Number(inputs.sdkAppId),
    sdkSecretKey: settings.sdkSecretKey,
    userId: String(inputs.userId),
    expireSeconds: hours * 3600,
  });
}
