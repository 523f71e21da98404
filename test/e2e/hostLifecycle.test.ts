// The full lifecycle through the real @pulumi/pulumi dynamic-provider host, driven over gRPC as the engine does,
// with the provider serialized from a program that uses an installed copy of the package.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TrtcClient } from "../../provider/client";
import { generateUserSig } from "../../provider/userSig";
import type { DynamicHost } from "../harness/dynamicHost";
import { Deployment, type DesiredResource } from "../harness/engine";
import type { Props } from "../harness/secrets";
import { emptyState, type ResourceOptions, type StackState } from "../harness/stackState";
import {
  CLOUD_TYPE,
  cloudArgs,
  hostConfig,
  PROJECT,
  prepareRecordings,
  type RecordingsFixture,
  SDK_APP_ID,
  SDK_SECRET_KEY,
  SECRET_ID,
  SECRET_KEY,
  startRecordingsHost,
  WEB_TYPE,
  webArgs,
} from "./recordingsFixture";

let fixture: RecordingsFixture;
let host: DynamicHost;
let providers: Record<string, string> = {};
let stacks = 0;

beforeAll(async () => {
  fixture = await prepareRecordings("host-lifecycle");
  ({ host, providers } = await startRecordingsHost(fixture, { config: hostConfig(fixture) }));
});

afterAll(async () => {
  await host?.close();
  await fixture?.cleanup();
});

beforeEach(() => {
  fixture.emulator.reset();
});

function desired(type: string, name: string, args: Props, options: Partial<ResourceOptions> = {}): DesiredResource {
  return { type, name, inputs: { ...args, __logicalName: name, __provider: providers[type] }, options };
}

/** One `pulumi up`: every resource registered at once, then the end-of-deployment deletes. */
async function up(state: StackState, resources: DesiredResource[]): Promise<Deployment> {
  const deployment = new Deployment({ state, host });
  await Promise.all(resources.map((r) => deployment.registerResource(r).catch(() => undefined)));
  await deployment.finish();
  return deployment;
}

const newStack = () => emptyState(PROJECT, `s${++stacks}`);
const tasks = () => fixture.emulator.tasks();
const running = () => tasks().filter((t) => t.running);
const requestIndex = (action: string, code = "OK") =>
  fixture.emulator.requests().findIndex((r) => r.action === action && r.code === code);

describe("through the real dynamic-provider host", () => {
  it("runs configure, check, create, diff, update, read and delete for a CloudRecording", async () => {
    const news = desired(CLOUD_TYPE, "room", cloudArgs()).inputs;
    const checked = await host.check(CLOUD_TYPE, "room", {}, news);
    expect(checked.failures).toEqual([]);
    expect(String(checked.inputs.userId)).toMatch(/^rec-room-3560-/);

    const created = await host.create(CLOUD_TYPE, "room", checked.inputs);
    expect(created.properties).toMatchObject({ taskId: created.id, status: "InProgress", roomId: "3560" });
    expect(created.properties.__provider).toBe(providers[CLOUD_TYPE]);
    expect(fixture.emulator.task(created.id)).toMatchObject({ running: true, userSigValid: true });

    expect(
      (await host.diff(CLOUD_TYPE, "room", created.id, created.properties, checked.inputs, checked.inputs)).changes,
    ).toBe("none");
    const layout = { mixLayoutMode: 1, maxResolutionUserId: "teacher", backGroundColor: "#202020" };
    const changed = await host.check(CLOUD_TYPE, "room", checked.inputs, { ...news, mixLayoutParams: layout });
    expect(changed.inputs.userId).toBe(checked.inputs.userId);
    const diff = await host.diff(CLOUD_TYPE, "room", created.id, created.properties, changed.inputs, checked.inputs);
    expect(diff).toEqual({ changes: "some", replaces: [], deleteBeforeReplace: false });

    const updated = await host.update(
      CLOUD_TYPE,
      "room",
      created.id,
      created.properties,
      changed.inputs,
      checked.inputs,
    );
    expect(updated.properties).toMatchObject({ taskId: created.id, mixLayoutParams: layout });
    expect(fixture.emulator.task(created.id)?.request).toMatchObject({
      MixLayoutParams: { MixLayoutMode: 1, MaxResolutionUserId: "teacher", BackGroundColor: "#202020" },
    });

    const read = await host.read(CLOUD_TYPE, "room", created.id, updated.properties, changed.inputs);
    expect(read.id).toBe(created.id);
    expect(read.properties).toMatchObject({ status: "InProgress" });
    const refreshed = await host.diff(
      CLOUD_TYPE,
      "room",
      read.id,
      read.properties,
      read.inputs ?? {},
      read.inputs ?? {},
    );
    expect(refreshed.changes).toBe("none");

    await host.delete(CLOUD_TYPE, "room", created.id, read.properties, read.inputs ?? {});
    expect(fixture.emulator.task(created.id)).toMatchObject({ running: false, endReason: "deleted" });
  });

  it("runs the same lifecycle for a WebRecording, whose only in-place changes are its own settings", async () => {
    const news = desired(WEB_TYPE, "page", webArgs()).inputs;
    const checked = await host.check(WEB_TYPE, "page", {}, news);
    expect(checked.failures).toEqual([]);
    const created = await host.create(WEB_TYPE, "page", checked.inputs);
    expect(created.properties).toMatchObject({
      taskId: created.id,
      status: "InProgress",
      recordId: checked.inputs.recordId,
    });
    const kept = await host.check(WEB_TYPE, "page", checked.inputs, { ...news, whenEnded: "keep" });
    expect(await host.diff(WEB_TYPE, "page", created.id, created.properties, kept.inputs, checked.inputs)).toEqual({
      changes: "some",
      replaces: [],
      deleteBeforeReplace: false,
    });
    const updated = await host.update(WEB_TYPE, "page", created.id, created.properties, kept.inputs, checked.inputs);
    expect(updated.properties).toMatchObject({ taskId: created.id, whenEnded: "keep", status: "InProgress" });
    const moved = await host.check(WEB_TYPE, "page", checked.inputs, {
      ...news,
      recordUrl: "https://example.com/other",
    });
    expect(
      (await host.diff(WEB_TYPE, "page", created.id, updated.properties, moved.inputs, kept.inputs)).replaces,
    ).toEqual(["recordUrl"]);
    const read = await host.read(WEB_TYPE, "page", created.id, updated.properties, kept.inputs);
    expect(read.properties).toMatchObject({ status: "InProgress" });
    await host.delete(WEB_TYPE, "page", created.id, read.properties, read.inputs ?? {});
    expect(fixture.emulator.task(created.id)).toMatchObject({ running: false, endReason: "stopped" });
  });

  it("replaces create-before-delete with a fresh robot, and delete-before-replace when the robot UserId is pinned", async () => {
    const state = newStack();
    const first = await up(state, [desired(CLOUD_TYPE, "auto", cloudArgs())]);
    const oldTask = running()[0];
    const second = await up(first.state, [desired(CLOUD_TYPE, "auto", cloudArgs({ roomId: "3561" }))]);
    expect(second.errors).toEqual([]);
    expect(second.steps.find((s) => s.op === "replace")).toMatchObject({
      replaces: ["roomId"],
      deleteBeforeReplace: false,
    });
    const [newTask] = running();
    expect(newTask?.userId).not.toBe(oldTask?.userId);
    expect(requestIndex("CreateCloudRecording", "OK")).toBeLessThan(requestIndex("DeleteCloudRecording"));
    const creates = fixture.emulator.requests().filter((r) => r.action === "CreateCloudRecording");
    expect(creates).toHaveLength(2);
    expect(fixture.emulator.requests().findLastIndex((r) => r.action === "CreateCloudRecording")).toBeLessThan(
      requestIndex("DeleteCloudRecording"),
    );

    fixture.emulator.reset();
    const pinned = await up(newStack(), [desired(CLOUD_TYPE, "pinned", cloudArgs({ userId: "recorder_3560" }))]);
    const replaced = await up(pinned.state, [
      desired(CLOUD_TYPE, "pinned", cloudArgs({ userId: "recorder_3560", roomId: "3562" })),
    ]);
    expect(replaced.steps.find((s) => s.op === "replace")).toMatchObject({ deleteBeforeReplace: true });
    const actions = fixture.emulator
      .requests()
      .map((r) => r.action)
      .filter((a) => a !== "DescribeCloudRecording");
    expect(actions).toEqual(["CreateCloudRecording", "DeleteCloudRecording", "CreateCloudRecording"]);
    expect(running().map((t) => [t.userId, t.roomId])).toEqual([["recorder_3560", "3562"]]);
    expect(tasks().filter((t) => t.endReason === "interrupted")).toEqual([]);
  });

  it("refreshes a recording that ended by itself per whenEnded", async () => {
    const program = [
      desired(CLOUD_TYPE, "recreated", cloudArgs()),
      desired(CLOUD_TYPE, "kept", cloudArgs({ roomId: "4000", whenEnded: "keep" })),
      desired(WEB_TYPE, "keptPage", webArgs({ whenEnded: "keep" })),
    ];
    const deployed = await up(newStack(), program);
    for (const task of running()) fixture.emulator.endTask(task.taskId);

    const refresh = new Deployment({ state: deployed.state, host });
    await refresh.refresh();
    const byName = (name: string) => refresh.state.resources.find((r) => r.name === name);
    expect(byName("recreated")).toBeUndefined();
    expect(byName("kept")?.outputs).toMatchObject({ status: "ended" });
    expect(byName("keptPage")?.outputs).toMatchObject({ status: "ended" });

    const next = await up(refresh.state, program);
    const ops = Object.fromEntries(next.steps.map((s) => [s.urn.split("::").at(-1), s.op]));
    expect(ops).toEqual({ recreated: "create", kept: "same", keptPage: "same" });
    expect(running()).toHaveLength(1);

    const before = fixture.emulator.requests().length;
    const destroy = new Deployment({ state: next.state, host });
    await destroy.destroy();
    expect(destroy.errors).toEqual([]);
    expect(destroy.state.resources.filter((r) => r.custom)).toEqual([]);
    const calls = fixture.emulator
      .requests()
      .slice(before)
      .map((r) => r.action);
    expect(calls).toEqual(["DeleteCloudRecording"]);
    expect(running()).toEqual([]);
  });

  it("destroys recordings that already ended without an error", async () => {
    const deployed = await up(newStack(), [
      desired(CLOUD_TYPE, "gone", cloudArgs()),
      desired(WEB_TYPE, "gonePage", webArgs()),
    ]);
    for (const task of running()) fixture.emulator.endTask(task.taskId);
    const destroy = new Deployment({ state: deployed.state, host });
    await destroy.destroy();
    expect(destroy.errors).toEqual([]);
    expect(
      fixture.emulator
        .requests()
        .slice(-2)
        .map((r) => [r.action, r.code])
        .sort(),
    ).toEqual([
      ["DeleteCloudRecording", "ResourceNotFound"],
      ["StopWebRecord", "FailedOperation.TaskNotExist"],
    ]);
  });

  it("adopts a running task instead of starting a second one", async () => {
    const client = new TrtcClient({
      credentials: { secretId: SECRET_ID, secretKey: SECRET_KEY },
      endpoint: fixture.emulator.url,
      maxRequestsPerSecond: 20,
      requestTimeoutMs: 5000,
      deadlineMs: 10000,
    });
    const started = await client.call("CreateCloudRecording", "ap-singapore", {
      SdkAppId: SDK_APP_ID,
      RoomId: "777",
      UserId: "manual_robot",
      UserSig: generateUserSig({ sdkAppId: SDK_APP_ID, sdkSecretKey: SDK_SECRET_KEY, userId: "manual_robot" }),
      RecordParams: { RecordMode: 2 },
      StorageParams: { CloudVod: {} },
    });
    const taskId = started.response.TaskId;
    const deployed = await up(newStack(), [
      desired(CLOUD_TYPE, "adopted", cloudArgs({ roomId: "777", userId: "manual_robot", adoptTaskId: taskId })),
    ]);
    expect(deployed.errors).toEqual([]);
    expect(deployed.state.resources.find((r) => r.name === "adopted")?.id).toBe(taskId);
    expect(fixture.emulator.requests().filter((r) => r.action === "CreateCloudRecording")).toHaveLength(1);
    expect(running().map((t) => t.taskId)).toEqual([taskId]);
  });

  it("leaves exactly one running task after starts whose answers were lost", async () => {
    fixture.emulator.setFault({ action: "CreateCloudRecording", fault: "commit-then-reset", times: 1 });
    fixture.emulator.setFault({ action: "StartWebRecord", fault: "commit-then-reset", times: 1 });
    const deployed = await up(newStack(), [
      desired(CLOUD_TYPE, "lost", cloudArgs()),
      desired(WEB_TYPE, "lostPage", webArgs()),
    ]);
    expect(deployed.errors).toEqual([]);
    const ids = deployed.state.resources
      .filter((r) => r.custom)
      .map((r) => r.id)
      .sort();
    expect(
      running()
        .map((t) => t.taskId)
        .sort(),
    ).toEqual(ids);
    expect(
      tasks()
        .filter((t) => t.kind === "cloud")
        .map((t) => t.endReason),
    ).toEqual(["interrupted", null]);
    expect(tasks().filter((t) => t.kind === "web")).toHaveLength(1);
  });

  it("creates 100 recordings at once under the 20 requests/second limit with no failure", async () => {
    const resources = Array.from({ length: 100 }, (_, i) =>
      i % 2 === 0
        ? desired(CLOUD_TYPE, `cloud${i}`, cloudArgs({ roomId: String(10_000 + i) }))
        : desired(WEB_TYPE, `web${i}`, webArgs({ recordUrl: `https://example.com/page/${i}` })),
    );
    const deployed = await up(newStack(), resources);
    expect(deployed.errors).toEqual([]);
    expect(deployed.steps.filter((s) => s.op === "create")).toHaveLength(100);
    expect(running()).toHaveLength(100);
    const perSecond = new Map<string, number>();
    for (const r of fixture.emulator.requests()) {
      const key = `${r.action}@${r.at}`;
      perSecond.set(key, (perSecond.get(key) ?? 0) + 1);
    }
    expect(fixture.emulator.requests().filter((r) => r.code !== "OK")).toEqual([]);

    const destroy = new Deployment({ state: deployed.state, host });
    await destroy.destroy();
    expect(destroy.errors).toEqual([]);
    expect(running()).toEqual([]);
  });
});
