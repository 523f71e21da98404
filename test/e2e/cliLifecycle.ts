// Shared by the lifecycle tests that run the real Pulumi CLI (lifecycle.*.cli.test.ts): the recordings fixture
// program's config, what the emulator runs against what state holds, the engine's step order per resource, an
// emulator whose accepted key pair can be rotated, and the `pulumi` processes this test process started.

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { expect } from "vitest";
import type { Emulator, EmulatorOptions } from "../../emulator";
import { generateUserSig } from "../../provider/api/userSig";
import { TrtcClient } from "../../provider/client/client";
import type { StackConfig } from "../../pulumi-cli";
import type { StateResource } from "../../pulumi-cli/localStack";
import {
  CLOUD_TYPE,
  type CliStack,
  openCliStack,
  SDK_APP_ID,
  SDK_SECRET_KEY,
  SECRET_ID,
  SECRET_KEY,
  WEB_TYPE,
} from "../cli/cliStack";
import { useEmulator } from "../emulator/helpers";

export const PROGRAM = "test/fixtures/programs/recordings";
/** The fixture's Pulumi.yaml name: its config keys are `trtc-recordings:...`. */
export const PROJECT = "trtc-recordings";
export const STACK = "test";
/** Room and robot UserId of a task the tests start outside Pulumi, to adopt. */
export const ADOPTED_ROOM = "777";
export const ADOPTED_ROBOT = "manual_robot";

export interface RecordingSpec {
  kind: "cloud" | "web";
  name: string;
  args: Record<string, unknown>;
  options?: Record<string, unknown>;
  /** TaskId to read with the class's static `get` (args are then its state). */
  get?: string;
}

/** The stack config that makes the fixture program declare `specs`. */
export function recordings(specs: RecordingSpec[]): StackConfig {
  return { [`${PROJECT}:recordings`]: JSON.stringify(specs) };
}

export function cloudArgs(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    roomId: "3560",
    recordParams: { recordMode: 2, maxIdleTime: 60 },
    mixLayoutParams: { mixLayoutMode: 3 },
    storageParams: { cloudVod: { tencentVod: { expireTime: 0 } } },
    ...extra,
  };
}

export function webArgs(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    recordUrl: "https://example.com/board",
    storageParams: { cloudVod: { tencentVod: { mediaType: 1 } } },
    webRecordVideoParams: { width: 1280, height: 720, format: "hls" },
    ...extra,
  };
}

/**
 * A CloudRecording named `name` with `cloudArgs(extra)` (the defaults, `extra` over them) and resource `options`.
 * `extra` may itself come from `cloudArgs`: the defaults under it change nothing.
 */
export const cloud = (name: string, extra: Record<string, unknown> = {}, options?: Record<string, unknown>) =>
  spec("cloud", name, cloudArgs(extra), options);

/** A WebRecording named `name` with `webArgs(extra)` and resource `options`, like `cloud`. */
export const web = (name: string, extra: Record<string, unknown> = {}, options?: Record<string, unknown>) =>
  spec("web", name, webArgs(extra), options);

function spec(
  kind: RecordingSpec["kind"],
  name: string,
  args: Record<string, unknown>,
  options: Record<string, unknown> | undefined,
): RecordingSpec {
  return { kind, name, args, ...(options ? { options } : {}) };
}

export function urnOf(kind: "cloud" | "web", name: string): string {
  return `urn:pulumi:${STACK}::${PROJECT}::${kind === "cloud" ? CLOUD_TYPE : WEB_TYPE}::${name}`;
}

export const nameOf = (resource: { urn: string }): string => resource.urn.split("::").at(-1) ?? "";

/** Opens a stack of the fixture program declaring `specs`. */
export function openRecordings(specs: RecordingSpec[], options: { emulator?: Emulator; config?: StackConfig } = {}) {
  return openCliStack({
    program: PROGRAM,
    project: PROJECT,
    stack: STACK,
    ...(options.emulator ? { sharedEmulator: options.emulator } : {}),
    config: { ...recordings(specs), ...options.config },
  });
}

/** Opens a stack of `specs` on `emulator`, runs `body`, and always removes the stack (the emulator's next reset forgets its tasks). */
export async function withStack(
  emulator: Emulator,
  specs: RecordingSpec[],
  body: (stack: CliStack) => Promise<void>,
  config: StackConfig = {},
): Promise<void> {
  const stack = await openRecordings(specs, { emulator, config });
  try {
    await body(stack);
  } finally {
    await stack.cleanup();
  }
}

/** A lifecycle test file's emulator and stacks on it (`useLifecycleStacks`). */
export interface LifecycleStacks {
  /** The file's emulator; throws before it has started (inside a test or hook it has). */
  readonly emulator: Emulator;
  /** `withStack` on the file's emulator. */
  withStack(specs: RecordingSpec[], body: (stack: CliStack) => Promise<void>, config?: StackConfig): Promise<void>;
}

/** Starts this file's lifecycle emulator (before all tests, reset before each); returns it and stacks on it. */
export function useLifecycleStacks(): LifecycleStacks {
  let current: Emulator | undefined;
  useEmulator((started) => {
    current = started;
  }, LIFECYCLE_EMULATOR);
  const started = (): Emulator => {
    if (!current) throw new Error("the lifecycle emulator has not started");
    return current;
  };
  return {
    get emulator() {
      return started();
    },
    withStack: (specs, body, config = {}) => withStack(started(), specs, body, config),
  };
}

/** State by resource name (our two types only). */
export async function stateByName(stack: CliStack): Promise<Record<string, StateResource>> {
  return Object.fromEntries((await stack.resources()).map((r) => [nameOf(r), r]));
}

/**
 * The invariant of every lifecycle case: each recording in state points at a running task, and nothing else runs
 * (no orphan, no duplicate, nothing stopped under state's feet). Read resources (`external`) are left out of state's
 * side unless `alsoRunning` names their tasks.
 */
export async function expectOneTaskPerResource(stack: CliStack, alsoRunning: string[] = []): Promise<void> {
  // Read resources are not managed; a replaced resource whose `up` failed before deleting it stays in state marked
  // `delete: true`, for the next `up` to delete.
  const managed = (await stack.resources()).filter(
    (r) => !(r as { external?: boolean }).external && !(r as { delete?: boolean }).delete,
  );
  const stateIds = managed.map((r) => r.id).sort();
  const runningIds = stack
    .running()
    .map((t) => t.taskId)
    .sort();
  expect(new Set(stateIds).size, "two resources share one task").toBe(stateIds.length);
  expect(runningIds, describeMismatch(stack, managed)).toEqual([...stateIds, ...alsoRunning].sort());
}

function describeMismatch(stack: CliStack, managed: StateResource[]): string {
  const state = managed.map((r) => `${nameOf(r)}=${r.id}`).join(", ");
  const tasks = stack.emulator
    .tasks()
    .map((t) => `${t.taskId} ${t.userId ?? t.recordId} ${t.running ? "running" : t.endReason}`)
    .join("; ");
  return `state: ${state} | emulator: ${tasks}`;
}

/** Collects the engine's steps per resource name, in the order they began (resourcePreEvent). */
export function stepRecorder(): { onEvent: (event: EngineEvent) => void; steps: Record<string, string[]> } {
  const steps: Record<string, string[]> = {};
  return {
    steps,
    onEvent: (event) => {
      const meta = event.resourcePreEvent?.metadata;
      if (!meta || (meta.type !== CLOUD_TYPE && meta.type !== WEB_TYPE)) return;
      const name = meta.urn.split("::").at(-1) ?? "";
      steps[name] ??= [];
      steps[name].push(meta.op);
    },
  };
}

export const CREATE_BEFORE_DELETE = ["create-replacement", "replace", "delete-replaced"];
export const DELETE_BEFORE_REPLACE = ["delete-replaced", "replace", "create-replacement"];

/** The emulator of the lifecycle files: the test key pair, at the service's rate limit (see useEmulator). */
export const LIFECYCLE_EMULATOR: Partial<EmulatorOptions> = {
  secretId: SECRET_ID,
  secretKey: SECRET_KEY,
  sdkSecretKey: SDK_SECRET_KEY,
  rateLimit: 20,
};

/** Starts tasks outside Pulumi (as a console or another tool would), for adoption and reading by id. */
export function outsideClient(emulator: Emulator) {
  const client = new TrtcClient({
    credentials: { secretId: SECRET_ID, secretKey: SECRET_KEY },
    endpoint: emulator.url,
    maxRequestsPerSecond: 20,
    requestTimeoutMs: 5000,
    deadlineMs: 10000,
  });
  return {
    startCloud: async (roomId: string, userId: string): Promise<string> => {
      const started = await client.call("CreateCloudRecording", "ap-singapore", {
        SdkAppId: SDK_APP_ID,
        RoomId: roomId,
        UserId: userId,
        UserSig: generateUserSig({ sdkAppId: SDK_APP_ID, sdkSecretKey: SDK_SECRET_KEY, userId }),
        RecordParams: { RecordMode: 2 },
        StorageParams: { CloudVod: { TencentVod: {} } },
      });
      return started.response.TaskId;
    },
    startWeb: async (recordUrl: string, recordId: string): Promise<string> => {
      const started = await client.call("StartWebRecord", "ap-singapore", {
        SdkAppId: SDK_APP_ID,
        RecordUrl: recordUrl,
        RecordId: recordId,
        StorageParams: { CloudVod: { TencentVod: {} } },
      });
      return started.response.TaskId;
    },
  };
}

/** Child processes of `pid` (`ps --ppid`), with their command names. */
export function childProcesses(pid: number): Array<{ pid: number; command: string }> {
  let listing: string;
  try {
    listing = execFileSync("ps", ["--ppid", String(pid), "-o", "pid=,comm="], { encoding: "utf8" });
  } catch {
    return []; // ps exits 1 when there is none
  }
  return listing
    .split("\n")
    .map((line) => line.trim().match(/^(\d+)\s+(.+)$/))
    .filter((m): m is RegExpMatchArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), command: m[2] ?? "" }));
}

/** Every process below `pid`: its children, theirs, and so on. */
export function descendants(pid: number): number[] {
  return childProcesses(pid).flatMap((child) => [child.pid, ...descendants(child.pid)]);
}

/** Whether `pid` is a live process (a zombie, killed and not yet reaped, counts as gone). */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the parenthesized command name: state first.
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}
