// Every provider method against the emulator, called directly (the host-level tests drive the same code over gRPC).
import TLSSigAPIv2 from "tls-sig-api-v2";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Emulator } from "../../emulator";
import * as userSigModule from "../../provider/api/userSig";
import { TrtcClient } from "../../provider/client/client";
import * as cloud from "../../provider/cloudRecordingProvider";
import { StartedButFailedError, TrtcApiError } from "../../provider/errors";
import * as web from "../../provider/webRecordingProvider";
import { useEmulator } from "../emulator/helpers";
import { checked, configureProviders, emulatorValues } from "./configure";

type Props = Record<string, unknown>;

const SECRET_ID = "AKIDlifecycle0000000000000000000";
const SECRET_KEY = "lifecycle-secret-key-0000000000";
const SDK_SECRET_KEY = "lifecycle-sdk-secret-key";
const SDK_APP_ID = 1400000000;

let emulator: Emulator;

function configure(extra: Record<string, string> = {}): Promise<void> {
  const keys = { secretId: SECRET_ID, secretKey: SECRET_KEY, sdkSecretKey: SDK_SECRET_KEY, sdkAppId: SDK_APP_ID };
  return configureProviders(emulatorValues(emulator.url, keys, extra));
}

const cos = {
  vendor: 0,
  region: "ap-singapore",
  bucket: "rec-1250000000",
  accessKey: "AKIDstorage",
  secretKey: "storage-secret",
};

const cloudNews = (extra: Props = {}): Props => ({
  __logicalName: "room",
  roomId: "3560",
  recordParams: { recordMode: 2, maxIdleTime: 60 },
  storageParams: { cloudStorage: cos },
  mixLayoutParams: { mixLayoutMode: 3 },
  ...extra,
});
const webNews = (extra: Props = {}): Props => ({
  __logicalName: "page",
  recordUrl: "https://example.com/board",
  storageParams: { cloudVod: { tencentVod: { mediaType: 0 } } },
  ...extra,
});

function hasUndefined(value: unknown): boolean {
  if (value === undefined) return true;
  if (Array.isArray(value)) return value.some(hasUndefined);
  if (value && typeof value === "object") return Object.values(value).some(hasUndefined);
  return false;
}

const running = (filter: (t: ReturnType<Emulator["tasks"]>[number]) => boolean) =>
  emulator.tasks().filter((t) => t.running && filter(t));
const calls = (action: string) => emulator.requests().filter((r) => r.action === action);

useEmulator(
  (started) => {
    emulator = started;
  },
  // The service's own 20 requests/second limit, as in production.
  { secretId: SECRET_ID, secretKey: SECRET_KEY, sdkSecretKey: SDK_SECRET_KEY, rateLimit: 20 },
);
beforeEach(async () => {
  await configure();
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe("CloudRecording provider", () => {
  it("creates a task with full outputs, no undefined, and a minted UserSig the official library agrees with", async () => {
    const mint = vi.spyOn(userSigModule, "generateUserSig");
    const inputs = await checked(cloud, cloudNews());
    const { id, outs } = await cloud.create(inputs);
    expect(id).toMatch(/^[A-Za-z0-9+\-._]{20,}$/);
    expect(outs).toMatchObject({
      taskId: id,
      status: "InProgress",
      region: "ap-singapore",
      sdkAppId: SDK_APP_ID,
      roomId: "3560",
      userId: inputs.userId,
      storageFiles: [expect.objectContaining({ fileName: expect.any(String) })],
    });
    expect(Date.parse(String(outs?.manageableUntil)) - Date.parse(String(outs?.startedAt))).toBe(72 * 3_600_000);
    expect(hasUndefined(outs)).toBe(false);
    expect(outs).not.toHaveProperty("userSig");

    const task = emulator.task(id);
    expect(task).toMatchObject({ running: true, userId: inputs.userId, userSigValid: true });
    const minted = String(mint.mock.results[0]?.value);
    const issuedAt = userSigModule.decodeUserSig(minted)?.time ?? 0;
    vi.spyOn(Date, "now").mockReturnValue(issuedAt * 1000);
    const official = new TLSSigAPIv2.Api(SDK_APP_ID, SDK_SECRET_KEY).genUserSig(String(inputs.userId), 72 * 3600);
    expect(userSigModule.decodeUserSig(minted)).toEqual(userSigModule.decodeUserSig(official));
  });

  it("changes the layout and subscriptions in place, sending both objects whole", async () => {
    const inputs = await checked(cloud, cloudNews());
    const { id, outs } = await cloud.create(inputs);
    const layout = { mixLayoutMode: 4, mixLayoutList: [{ top: 0, left: 0, width: 180, height: 320, userId: "a" }] };
    const news = await checked(
      cloud,
      cloudNews({
        mixLayoutParams: layout,
        recordParams: { recordMode: 2, maxIdleTime: 60, subscribeStreamUserIds: { subscribeAudioUserIds: ["a"] } },
      }),
      inputs,
    );
    expect(await cloud.diff(id, outs as Props, news)).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    const { outs: updated } = await cloud.update(id, outs as Props, news);
    expect(updated).toMatchObject({ taskId: id, status: "InProgress", mixLayoutParams: layout });
    expect(emulator.task(id)?.request).toMatchObject({
      MixLayoutParams: { MixLayoutMode: 4, MixLayoutList: [{ Top: 0, Left: 0, Width: 180, Height: 320, UserId: "a" }] },
      RecordParams: { SubscribeStreamUserIds: { SubscribeAudioUserIds: ["a"] } },
    });
    expect(calls("ModifyCloudRecording")).toHaveLength(1);
  });

  it("decides what replaces, what updates in place and what needs no API call", async () => {
    const inputs = await checked(cloud, cloudNews());
    const outs = { ...inputs, taskId: "t", status: "InProgress" };
    const diff = async (extra: Props) => cloud.diff("t", outs, await checked(cloud, cloudNews(extra), inputs));
    expect(await diff({})).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    expect(await diff({ userSig: "another-sig", privateMapKey: "another-key" })).toMatchObject({ changes: false });
    expect(await diff({ whenEnded: "keep" })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(await diff({ roomId: "3561" })).toEqual({ changes: true, replaces: ["roomId"], deleteBeforeReplace: false });
    expect(await diff({ recordParams: { recordMode: 2, maxIdleTime: 61 } })).toMatchObject({
      replaces: ["recordParams"],
    });
    expect(await diff({ mixLayoutParams: undefined })).toMatchObject({ replaces: ["mixLayoutParams"] });
    // A generated robot UserId that the replacement would get again (only a secret changed) cannot be in the
    // room twice: the old task stops first.
    expect(await diff({ storageParams: { cloudStorage: { ...cos, secretKey: "rotated" } } })).toMatchObject({
      replaces: ["storageParams"],
      deleteBeforeReplace: true,
    });

    const pinned = await checked(cloud, cloudNews({ userId: "recorder_3560" }));
    const pinnedOuts = { ...pinned, taskId: "t" };
    const pinnedDiff = await cloud.diff(
      "t",
      pinnedOuts,
      await checked(cloud, cloudNews({ userId: "recorder_3560", roomId: "9" }), pinned),
    );
    expect(pinnedDiff).toEqual({ changes: true, replaces: ["roomId"], deleteBeforeReplace: true });

    await expect(
      cloud.diff("t", outs, await checked(cloud, cloudNews({ roomId: "9", adoptTaskId: "t" }), inputs)),
    ).rejects.toThrow(/Remove adoptTaskId/);
  });

  it("reads status back and hands inputs back so that a refresh causes no diff", async () => {
    const inputs = await checked(cloud, cloudNews());
    const { id, outs } = await cloud.create(inputs);
    const read = await cloud.read(id, outs as Props);
    expect(read.id).toBe(id);
    expect(read.props).toMatchObject({ status: "InProgress" });
    const again = await checked(cloud, { ...(read.inputs as Props), __logicalName: "room" }, read.inputs as Props);
    expect(await cloud.diff(id, read.props as Props, again)).toMatchObject({ changes: false });
  });

  it("reports an ended task gone by default, or keeps it as ended with no diff and a no-op destroy", async () => {
    const inputs = await checked(cloud, cloudNews());
    const { id, outs } = await cloud.create(inputs);
    emulator.setRoomOccupied(SDK_APP_ID, "3560", false);
    emulator.advanceClock(61);
    expect(emulator.task(id)).toMatchObject({ running: false, endReason: "idle" });
    expect(await cloud.read(id, outs as Props)).toEqual({});

    const kept = await checked(cloud, cloudNews({ whenEnded: "keep", roomId: "77" }));
    const created = await cloud.create(kept);
    emulator.endTask(created.id);
    const warn = vi.spyOn(console, "error").mockImplementation(() => {});
    const read = await cloud.read(created.id, created.outs as Props);
    expect(read).toMatchObject({ id: created.id, props: { status: "ended" } });
    expect(warn.mock.calls.join("\n")).toContain("stays in state");
    const news = await checked(cloud, { ...(read.inputs as Props), __logicalName: "room" }, read.inputs as Props);
    expect(await cloud.diff(created.id, read.props as Props, news)).toMatchObject({ changes: false });
    expect(await cloud.read(created.id, read.props as Props)).toMatchObject({ props: { status: "ended" } });
    const before = emulator.requests().length;
    await cloud.delete(created.id, read.props as Props);
    expect(emulator.requests().length).toBe(before);
  });

  it("stops the task on delete, and deleting again or after the task ended is success", async () => {
    const inputs = await checked(cloud, cloudNews());
    const { id, outs } = await cloud.create(inputs);
    await cloud.delete(id, outs as Props);
    expect(emulator.task(id)).toMatchObject({ running: false, endReason: "deleted" });
    await cloud.delete(id, outs as Props);
    expect(calls("DeleteCloudRecording").map((r) => r.code)).toEqual(["OK", "ResourceNotFound"]);
  });

  it("after manageableUntil, delete succeeds with a warning that the task can only end on its own", async () => {
    const inputs = await checked(cloud, cloudNews({ resourceExpiredHour: 6 }));
    const { id, outs } = await cloud.create(inputs);
    emulator.advanceClock(7 * 3600);
    const warn = vi.spyOn(console, "error").mockImplementation(() => {});
    await cloud.delete(id, outs as Props);
    expect(warn.mock.calls.join("\n")).toMatch(/past its ResourceExpiredHour window .* ends on its own/);
    expect(emulator.task(id)?.running).toBe(true);
  });

  it("adopts a running task instead of starting one, and refuses to adopt one that is not running", async () => {
    const client = new TrtcClient({
      credentials: { secretId: SECRET_ID, secretKey: SECRET_KEY },
      endpoint: emulator.url,
    });
    const started = await client.call("CreateCloudRecording", "ap-singapore", {
      SdkAppId: SDK_APP_ID,
      RoomId: "500",
      UserId: "legacy_robot",
      UserSig: userSigModule.generateUserSig({
        sdkAppId: SDK_APP_ID,
        sdkSecretKey: SDK_SECRET_KEY,
        userId: "legacy_robot",
      }),
      RecordParams: { RecordMode: 2 },
      StorageParams: { CloudVod: {} },
    });
    const taskId = started.response.TaskId;
    const inputs = await checked(cloud, cloudNews({ roomId: "500", userId: "legacy_robot", adoptTaskId: taskId }));
    const { id, outs } = await cloud.create(inputs);
    expect(id).toBe(taskId);
    expect(outs).toMatchObject({ taskId, status: "InProgress" });
    expect(calls("CreateCloudRecording")).toHaveLength(1);
    await expect(cloud.create({ ...inputs, adoptTaskId: "x".repeat(48) })).rejects.toThrow(/Cannot adopt recording/);
  });

  it("retries a start whose answer was lost with the same robot, leaving exactly one task running", async () => {
    emulator.setFault({ action: "CreateCloudRecording", fault: "commit-then-reset", times: 2 });
    vi.spyOn(console, "error").mockImplementation(() => {});
    const inputs = await checked(cloud, cloudNews());
    const { id } = await cloud.create(inputs);
    const robot = emulator.tasks().filter((t) => t.userId === inputs.userId);
    expect(robot).toHaveLength(3);
    expect(running((t) => t.userId === inputs.userId).map((t) => t.taskId)).toEqual([id]);
    expect(robot.filter((t) => !t.running).map((t) => t.endReason)).toEqual(["interrupted", "interrupted"]);
  });

  it("keeps a started task in state when the follow-up read fails", async () => {
    emulator.setFault({ action: "DescribeCloudRecording", fault: "internal-error", times: 50 });
    const inputs = await checked(cloud, cloudNews());
    const error = await cloud.create(inputs).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartedButFailedError);
    const started = error as StartedButFailedError;
    expect(emulator.task(started.id)?.running).toBe(true);
    expect(started.properties).toMatchObject({ taskId: started.id });
    expect(hasUndefined(started.properties)).toBe(false);
  });

  it("keeps credentials, UserSigs and storage keys out of errors", async () => {
    await configure({ "trtc:secretKey": "wrong-secret-key-value" });
    const inputs = await checked(cloud, cloudNews({ userSig: "user-sig-that-must-not-leak" }));
    const error = (await cloud.create(inputs).catch((e: unknown) => e)) as TrtcApiError;
    expect(TrtcApiError.isInstance(error)).toBe(true);
    expect(error.code).toBe("AuthFailure.SignatureFailure");
    for (const secret of ["wrong-secret-key-value", "user-sig-that-must-not-leak", "storage-secret", SDK_SECRET_KEY]) {
      expect(error.message).not.toContain(secret);
      expect(JSON.stringify(error)).not.toContain(secret);
    }
  });
});

describe("WebRecording provider", () => {
  it("creates, reads and stops a task", async () => {
    const inputs = await checked(web, webNews());
    const { id, outs } = await web.create(inputs);
    expect(outs).toMatchObject({ taskId: id, status: "InProgress", recordId: inputs.recordId, region: "ap-singapore" });
    expect(hasUndefined(outs)).toBe(false);
    expect((await web.read(id, outs as Props)).props).toMatchObject({ status: "InProgress" });
    await web.delete(id, outs as Props);
    expect(emulator.task(id)).toMatchObject({ running: false, endReason: "stopped" });
    await web.delete(id, outs as Props);
  });

  it("replaces on every change except its own settings, delete-before-replace for a pinned RecordId", async () => {
    const inputs = await checked(web, webNews());
    const outs = { ...inputs, taskId: "t" };
    expect(
      await web.diff("t", outs, await checked(web, webNews({ recordUrl: "https://example.com/b" }), inputs)),
    ).toEqual({
      changes: true,
      replaces: ["recordUrl"],
      deleteBeforeReplace: false,
    });
    expect(await web.diff("t", outs, await checked(web, webNews({ whenEnded: "keep" }), inputs))).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    const pinned = await checked(web, webNews({ recordId: "town-hall" }));
    expect(
      await web.diff(
        "t",
        { ...pinned, taskId: "t" },
        await checked(web, webNews({ recordId: "town-hall", maxDurationLimit: 3600 }), pinned),
      ),
    ).toMatchObject({ deleteBeforeReplace: true });
    const { outs: updated } = await web.update("t", outs, await checked(web, webNews({ whenEnded: "keep" }), inputs));
    expect(updated).toMatchObject({ taskId: "t", whenEnded: "keep" });
  });

  it("after a lost answer, retries with the same RecordId and adopts the task it started", async () => {
    emulator.setFault({ action: "StartWebRecord", fault: "commit-then-reset", times: 1 });
    const warn = vi.spyOn(console, "error").mockImplementation(() => {});
    const inputs = await checked(web, webNews());
    const { id } = await web.create(inputs);
    expect(running((t) => t.recordId === inputs.recordId).map((t) => t.taskId)).toEqual([id]);
    expect(emulator.tasks()).toHaveLength(1);
    expect(warn.mock.calls.join("\n")).toContain("adopted it");
    expect(calls("StartWebRecord").map((r) => [r.code, r.fault])).toEqual([
      ["OK", "commit-then-reset"],
      ["FailedOperation.TaskExist", null],
    ]);
  });

  it("treats an ended web task per whenEnded, and adopts a running one by TaskId", async () => {
    const inputs = await checked(web, webNews());
    const { id, outs } = await web.create(inputs);
    emulator.endTask(id);
    vi.spyOn(console, "error").mockImplementation(() => {});
    expect(await web.read(id, outs as Props)).toEqual({});
    expect((await web.read(id, { ...(outs as Props), whenEnded: "keep" })).props).toMatchObject({ status: "ended" });
    await web.delete(id, outs as Props);

    const other = await web.create(await checked(web, webNews({ __logicalName: "other" })));
    const adopted = await web.create(await checked(web, webNews({ adoptTaskId: other.id })));
    expect(adopted.id).toBe(other.id);
    await expect(web.create(await checked(web, webNews({ adoptTaskId: id })))).rejects.toThrow(/Cannot adopt/);
  });

  it("leaves running a task that a replacement in the same deployment took over, and says so", async () => {
    // `pulumi up --replace` of a pinned RecordId: the engine creates the replacement without asking diff, the start
    // finds the RecordId recording and takes the task over, then the engine deletes the replaced resource.
    const inputs = await checked(web, webNews({ recordId: "pinned-page" }));
    const original = await web.create(inputs);
    const warn = vi.spyOn(console, "error").mockImplementation(() => {});
    const replacement = await web.create(inputs);
    expect(replacement.id).toBe(original.id);
    await web.delete(original.id, original.outs as Props);
    expect(running(() => true).map((t) => t.taskId)).toEqual([original.id]);
    expect(warn.mock.calls.join("\n")).toMatch(
      /taken over by the resource that replaces this one.*deleteBeforeReplace/,
    );
  });

  it("refuses to take over the old task of a changed replacement under the same RecordId, and stops nothing", async () => {
    // deleteBeforeReplace: false on a pinned RecordId: the engine creates the replacement first despite diff.
    const old = await checked(web, webNews({ recordId: "kept-id", recordUrl: "https://example.com/one" }));
    const started = await web.create(old);
    const changed = await checked(web, webNews({ recordId: "kept-id", recordUrl: "https://example.com/two" }), old);
    expect(await web.diff(started.id, started.outs as Props, changed)).toMatchObject({ deleteBeforeReplace: true });
    await expect(web.create(changed)).rejects.toThrow(
      /still recording the task this resource replaces.*nothing was stopped/,
    );
    expect(running(() => true).map((t) => [t.taskId, t.request.RecordUrl])).toEqual([
      [started.id, "https://example.com/one"],
    ]);
  });

  it("takes over its own lost start when a changed replacement under the same RecordId starts after the old task stopped", async () => {
    // Found by the chaos run: diff asks to stop the old task first, the engine does, and the replacement's start is
    // committed but its answer lost. Its retry meets TaskExist, held by the replacement's own task, not the old one.
    const old = await checked(web, webNews({ recordId: "kept-id-2", recordUrl: "https://example.com/one" }));
    const started = await web.create(old);
    const changed = await checked(web, webNews({ recordId: "kept-id-2", recordUrl: "https://example.com/two" }), old);
    expect(await web.diff(started.id, started.outs as Props, changed)).toMatchObject({ deleteBeforeReplace: true });
    await web.delete(started.id, started.outs as Props);
    emulator.setFault({ action: "StartWebRecord", fault: "commit-then-reset", times: 1 });
    vi.spyOn(console, "error").mockImplementation(() => {});
    const replacement = await web.create(changed);
    expect(running((t) => t.request.RecordId === "kept-id-2").map((t) => [t.taskId, t.request.RecordUrl])).toEqual([
      [replacement.id, "https://example.com/two"],
    ]);
  });

  it("reads a task by id alone, with region and sdkAppId from config and complete outputs", async () => {
    const started = await web.create(await checked(web, webNews({ __logicalName: "existing" })));
    const read = await web.read(started.id, { __logicalName: "imported" });
    expect(read.id).toBe(started.id);
    expect(read.props).toMatchObject({
      taskId: started.id,
      region: "ap-singapore",
      sdkAppId: SDK_APP_ID,
      status: "InProgress",
      recordId: (started.outs as Props).recordId,
    });
    expect(Object.values(read.props as Props)).not.toContain(undefined);
  });
});
