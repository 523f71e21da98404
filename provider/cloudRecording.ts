// The CloudRecording resource: a TRTC cloud (room) recording task, started on create and stopped on destroy.

import * as pulumi from "@pulumi/pulumi";
import * as cloudRecordingProvider from "./cloudRecordingProvider";
import type { RecordingFileLocations } from "./recordings/files";
import type { CloudRecordingInputs } from "./recordings/inputs";
import { type ArgsOf, protectStorageKeys, secretIfSet, taskResourceProps } from "./recordings/programInputs";

/**
 * Inputs of a CloudRecording: every request field of CreateCloudRecording, named as in the API with the first
 * letter lower-cased (`RecordParams.MaxIdleTime` is `recordParams.maxIdleTime`), plus `region`, `whenEnded` and
 * `adoptTaskId`. See https://www.tencentcloud.com/document/api/647/46960.
 */
export type CloudRecordingArgs = ArgsOf<CloudRecordingInputs>;

/** A file the recording has written so far (DescribeCloudRecording `StorageFileList`; VOD uploads are not listed). */
export interface StorageFile {
  /** User recorded in this file; empty for a mixed recording. */
  userId: string;
  /** Index file name, e.g. `xxx.m3u8`. */
  fileName: string;
  /** `video`, `audio` or `audio_video`; empty when unknown. */
  trackType: string;
  /** Start of the file, Unix milliseconds. */
  beginTimeStamp: number;
}

/**
 * A TRTC cloud recording: a robot joins the room and records it to COS/S3 or VOD. `pulumi up` starts it
 * (CreateCloudRecording), refresh reads it back, a change of layout or subscriptions is applied in place
 * (ModifyCloudRecording), other changes replace it, and destroy stops it (DeleteCloudRecording). The robot's UserId
 * (generated when not given) makes the start idempotent. https://www.tencentcloud.com/document/api/647/46960
 *
 * @example
 * ```ts
 * import { CloudRecording, MixLayoutMode, RecordMode } from "pulumi-trtc";
 *
 * // Region and sdkAppId come from `trtc:region` / `trtc:sdkAppId`; with `trtc:sdkSecretKey` set, the robot's
 * // UserSig is minted for it.
 * const recording = new CloudRecording("keynote", {
 *   roomId: "3560",
 *   recordParams: { recordMode: RecordMode.Mixed, maxIdleTime: 300 },
 *   storageParams: { cloudVod: { tencentVod: {} } },
 *   mixLayoutParams: { mixLayoutMode: MixLayoutMode.NineGrid },
 * });
 * export const taskId = recording.taskId;
 * ```
 */
const OUTPUTS = [
  "taskId",
  "status",
  "region",
  "startedAt",
  "sdkAppId",
  "roomId",
  "userId",
  "manageableUntil",
  "storageFiles",
  "fileLocations",
] as const;

export class CloudRecording extends pulumi.dynamic.Resource {
  /** TaskId of the recording task (also the resource id). */
  declare readonly taskId: pulumi.Output<string>;
  /** `Idle` (robot waiting for anchors), `InProgress`, `Exited` (stopping), `ended` (ended by itself; `whenEnded: "keep"`) or `unmanageable` (past `manageableUntil`). */
  declare readonly status: pulumi.Output<string>;
  /** Region the task is managed in. */
  declare readonly region: pulumi.Output<string>;
  /** When the task started (ISO 8601, the service's clock). */
  declare readonly startedAt: pulumi.Output<string>;
  /** SDKAppID of the recorded room. */
  declare readonly sdkAppId: pulumi.Output<number>;
  /** Recorded room. */
  declare readonly roomId: pulumi.Output<string>;
  /** UserId of the recording robot (generated when not given). */
  declare readonly userId: pulumi.Output<string>;
  /** End of the ResourceExpiredHour window (ISO 8601): after it the task can no longer be queried, changed or stopped, but keeps recording until it idles out. */
  declare readonly manageableUntil: pulumi.Output<string>;
  /** Files written so far, as of the last create or refresh. */
  declare readonly storageFiles: pulumi.Output<StorageFile[]>;
  /**
   * Where the files land: the task's object-key prefix, file names (patterns with `<UserId>` for single-stream),
   * object URLs where known; for VOD, that files arrive by callback. Computed from the inputs by
   * `recordingFileLocations`, which code outside Pulumi can call too.
   */
  declare readonly fileLocations: pulumi.Output<RecordingFileLocations>;

  /**
   * Reads an existing task by its TaskId into this program, without managing it: Pulumi never stops a recording it
   * only read. `region` and `sdkAppId` default to the provider's config, as for a new resource; pass them in
   * `state` otherwise. Same as `new CloudRecording(name, state, { id })`.
   */
  static get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    state: Partial<CloudRecordingArgs> = {},
    opts?: pulumi.CustomResourceOptions,
  ): CloudRecording {
    return new CloudRecording(name, state as CloudRecordingArgs, { ...opts, id });
  }

  constructor(name: string, args: CloudRecordingArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      cloudRecordingProvider,
      name,
      {
        ...args,
        userSig: secretIfSet(args.userSig),
        privateMapKey: secretIfSet(args.privateMapKey),
        storageParams: protectStorageKeys(args.storageParams),
        ...taskResourceProps(name, args, OUTPUTS),
      },
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["userSig", "privateMapKey"] }),
      "trtc",
      "CloudRecording",
    );
  }
}
