// What a task kind declares to become a resource: its inputs and how each field changes, how its id is generated,
// and how to start, describe, modify and stop it. The generic task provider (taskProvider.ts) does the rest: every
// Pulumi operation, the adoption of a running task, partial failures, ended tasks and the management window.

import type { z } from "zod";
import type { ActionName } from "../api/actions";
import type { CheckFailure } from "../api/schemas/issues";
import type { Site } from "../api/sites";
import type { TrtcClient } from "../client/client";
import type { Props } from "./props";
import type { TrtcSettings } from "./settings";

/** Where a task lives: what describe, modify and stop address it by. */
export interface TaskAddress {
  region: string;
  sdkAppId: number;
  taskId: string;
}

/** A task as describe saw it. */
export interface Observed {
  /** Output fields to store, e.g. `{ status, storageFiles }`. */
  outputs: Props;
  /** The service's clock when it answered, if it said. */
  serverTime?: number | undefined;
}

export interface Started {
  taskId: string;
  serverTime?: number | undefined;
  /** Hours of the management window the start asked for, when not `managedFor.hours(inputs)` (derived from endsAt). */
  managedForHours?: number | undefined;
  /** The start found the task already running under its id (an earlier, interrupted run's) and took it over. */
  tookOver?: boolean;
}

export interface StartOptions {
  /** This start replaces a task of the same resource under the same id, which diff asked to stop first. */
  replacingSameId: boolean;
}

export interface TaskDeclaration {
  /** The resource type token's last part, e.g. "CloudRecording". */
  type: string;
  /** How messages name one task: "Recording", "Web recording". */
  noun: string;
  /** The action that starts the task: a region input must be one it is offered in. */
  startAction: ActionName;
  /** The resource's inputs for a site: the start request's fields plus provider settings (loaded on first use). */
  inputs: (site: Site) => Promise<z.ZodType>;

  /** Which inputs do what when they change. Inputs not named here replace the task. */
  fields: {
    /** Outputs only: never compared. */
    outputs: readonly string[];
    /** Only sent when starting (join credentials): never compared, never stored. */
    startOnly?: readonly string[];
    /** Provider settings: a change updates state and calls no API. */
    settings: readonly string[];
    /** Inputs that `modify` changes in place when the predicate says the change allows it. */
    inPlace?: Readonly<Record<string, (old: unknown, now: unknown) => boolean>>;
  };

  /**
   * The identifier that makes starts idempotent, generated when the program gives none. The service allows one task
   * per id, so a replacement that keeps it stops the old task first.
   */
  id: {
    field: string;
    /** Generates it from readable parts of the name and inputs and a hash of `seed`. */
    make: (name: string, inputs: Props, seed: string) => string;
    /** Inputs that may hold secrets: only their presence goes into the seed. `*` matches every array element. */
    secretPaths: readonly (readonly string[])[];
  };

  /**
   * Failures beyond the schema's, e.g. a credential that must come from the input or the settings. `olds` are the
   * previous inputs (empty for a new resource, and when the engine re-checks a replacement).
   */
  extraFailures?: (inputs: Props, settings: TrtcSettings, olds: Props) => CheckFailure[];
  /**
   * Warnings `check` shows at preview and never fails on: recommendations, rules no Tencent source states (a valid
   * request refused at preview would stop a recording as surely as an invalid one accepted), settings that work
   * against each other. Each reason says which it is.
   */
  advisories?: (inputs: Props, site: Site) => Promise<CheckFailure[]>;

  /**
   * How long after its start the service lets the task be managed (CreateCloudRecording's ResourceExpiredHour):
   * afterwards describe, modify and stop answer as if it had ended, though it may run on. Absent: for its lifetime.
   */
  managedFor?: {
    hours: (inputs: Props) => number;
    /** The parameter that sets it, for messages. */
    parameter: string;
    /** How a task past the window ends, for messages. */
    endsBy: string;
  };

  /** Outputs computed from the inputs and the task's address alone (no API call): stored at create, adopt and read. */
  derivedOutputs?: (inputs: Props, task: TaskAddress) => Props;
  /** Outputs a just-started task has before its first describe (e.g. `{ status: "Idle", storageFiles: [] }`). */
  initialOutputs: Props;
  /** Starts the task, settling lost answers with its idempotency key (see startTask.ts). */
  start: (client: TrtcClient, inputs: Props, settings: TrtcSettings, options: StartOptions) => Promise<Started>;
  describe: (client: TrtcClient, task: TaskAddress) => Promise<Observed>;
  /** Applies in-place changes. Absent: every change that is not a setting replaces the task. */
  modify?: (client: TrtcClient, task: TaskAddress, news: Props) => Promise<void>;
  /** Stops the task; a task already gone is the caller's to ignore. */
  stop: (client: TrtcClient, task: TaskAddress) => Promise<void>;
}
