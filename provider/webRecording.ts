// The WebRecording resource: a TRTC web-page recording task, started on create and stopped on destroy.

import * as pulumi from "@pulumi/pulumi";
import type { WebRecordingInputs } from "./recordings/inputs";
import { type ArgsOf, protectStorageKeys, taskResourceProps } from "./recordings/programInputs";
import * as webRecordingProvider from "./webRecordingProvider";

/**
 * Inputs of a WebRecording: every request field of StartWebRecord, named as in the API with the first letter
 * lower-cased, plus `region`, `whenEnded` and `adoptTaskId`. See https://www.tencentcloud.com/document/api/647/72066.
 */
export type WebRecordingArgs = ArgsOf<WebRecordingInputs>;

/**
 * A TRTC web-page recording: the service opens a page and records what it shows. `pulumi up` starts it
 * (StartWebRecord), refresh reads it back (DescribeWebRecord), destroy stops it (StopWebRecord). There is no API to
 * change a running one, so any change other than `whenEnded` and `adoptTaskId` replaces it. The RecordId (generated
 * when not given) makes the start idempotent. https://www.tencentcloud.com/document/api/647/72066
 *
 * @example
 * ```ts
 * import { WebRecording } from "pulumi-trtc";
 *
 * const board = new WebRecording("whiteboard", {
 *   recordUrl: "https://example.com/board?room=3560",
 *   storageParams: { cloudVod: { tencentVod: {} } },
 *   maxDurationLimit: 7200,
 * });
 * export const boardTask = board.taskId;
 * ```
 */
const OUTPUTS = ["taskId", "status", "region", "startedAt", "recordId"] as const;

export class WebRecording extends pulumi.dynamic.Resource {
  /** TaskId of the web-recording task (also the resource id). */
  declare readonly taskId: pulumi.Output<string>;
  /** `InProgress`, or `ended` (ended by itself; `whenEnded: "keep"`). */
  declare readonly status: pulumi.Output<string>;
  /** Region the task is managed in. */
  declare readonly region: pulumi.Output<string>;
  /** When the task started (ISO 8601, the service's clock). */
  declare readonly startedAt: pulumi.Output<string>;
  /** The de-duplication key the task was started with (generated when not given). */
  declare readonly recordId: pulumi.Output<string>;

  /**
   * Reads an existing task by its TaskId into this program, without managing it: Pulumi never stops a recording it
   * only read. `region` and `sdkAppId` default to the provider's config, as for a new resource; pass them in
   * `state` otherwise. Same as `new WebRecording(name, state, { id })`.
   */
  static get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    state: Partial<WebRecordingArgs> = {},
    opts?: pulumi.CustomResourceOptions,
  ): WebRecording {
    return new WebRecording(name, state as WebRecordingArgs, { ...opts, id });
  }

  constructor(name: string, args: WebRecordingArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      webRecordingProvider,
      name,
      {
        ...args,
        storageParams: protectStorageKeys(args.storageParams),
        ...taskResourceProps(name, args, OUTPUTS),
      },
      opts,
      "trtc",
      "WebRecording",
    );
  }
}
