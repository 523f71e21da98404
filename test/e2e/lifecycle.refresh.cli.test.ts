// Reading recordings back through the real Pulumi CLI: refresh after a recording ended by itself under both
// `whenEnded` policies, credentials rotated between runs, recordings read by id, `--target`, and a state export /
// import round trip. Each case checks what the emulator runs against what the real state holds.
//
// Ported from hostLifecycle.test.ts: "refreshes a recording that ended by itself per whenEnded" and "destroys
// recordings that already ended without an error" are the first two cases here.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { SDK_APP_ID, SECRET_ID, SECRET_KEY } from "../cli/cliStack";
import {
  cloud,
  expectOneTaskPerResource,
  outsideClient,
  type RecordingSpec,
  stateByName,
  urnOf,
  useLifecycleStacks,
  web,
} from "./cliLifecycle";

const lifecycle = useLifecycleStacks();
beforeEach(() => {
  // A key rotation test switches the accepted key pair.
  lifecycle.emulator.acceptOnly(SECRET_ID, SECRET_KEY);
});

/**
 * The event ends: the anchors leave every room, and the clock moves past a room recording's MaxIdleTime and a web
 * recording's default MaxDurationLimit (86400 s). Every task ends by itself.
 */
function endOfEvent(): void {
  const { emulator } = lifecycle;
  for (const task of emulator.tasks()) {
    if (task.kind === "cloud" && task.running) emulator.setRoomOccupied(task.sdkAppId, String(task.roomId), false);
  }
  emulator.advanceClock(86_401);
}

/** API calls made since `from` (an index into the request log), as `Action code`. */
const callsSince = (from: number) =>
  lifecycle.emulator
    .requests()
    .slice(from)
    .map((r) => `${r.action} ${r.code}`);

describe("refresh, reads and state through the Pulumi CLI", { timeout: 300_000 }, () => {
  it("refresh drops a recording that ended by itself (default) or keeps it as ended (whenEnded: keep)", async () => {
    const specs = [
      cloud("dropped"),
      web("droppedPage"),
      cloud("kept", { roomId: "4000", whenEnded: "keep" }),
      web("keptPage", { recordUrl: "https://example.com/kept", whenEnded: "keep" }),
    ];
    await lifecycle.withStack(specs, async (stack) => {
      const up = await stack.up();
      expect(up.ok, up.output).toBe(true);
      const before = await stateByName(stack);
      endOfEvent();
      expect(stack.running()).toEqual([]);

      const refresh = await stack.refresh();
      expect(refresh.ok, refresh.output).toBe(true);
      // The refresh diff compares inputs, which an ended task does not change: the kept ones count as "same",
      // though their status in state is now "ended".
      expect(refresh.changes).toMatchObject({ delete: 2, same: 3 });
      expect(refresh.output).toMatch(/is dropped from state and the next `pulumi up` starts a new one/);
      expect(refresh.output).toMatch(/stays in state \(whenEnded: "keep"\)/);
      const refreshed = await stateByName(stack);
      expect(Object.keys(refreshed).sort()).toEqual(["kept", "keptPage"]);
      expect(refreshed.kept?.outputs).toMatchObject({ taskId: before.kept?.id, status: "ended" });
      expect(refreshed.keptPage?.outputs).toMatchObject({ taskId: before.keptPage?.id, status: "ended" });

      // The next up starts the dropped ones again and leaves the kept ones alone (no diff on an ended recording).
      const next = await stack.up();
      expect(next.ok, next.output).toBe(true);
      expect(next.changes).toMatchObject({ create: 2, same: 3 });
      const after = await stateByName(stack);
      expect(after.dropped?.id).not.toBe(before.dropped?.id);
      expect(after.droppedPage?.id).not.toBe(before.droppedPage?.id);
      expect(after.kept?.id).toBe(before.kept?.id);
      const running = stack
        .running()
        .map((t) => t.taskId)
        .sort();
      expect(running).toEqual([after.dropped?.id, after.droppedPage?.id].sort());

      // Destroy stops the two running tasks and makes no call for the ended ones kept in state.
      const from = lifecycle.emulator.requests().length;
      const destroy = await stack.destroy();
      expect(destroy.ok, destroy.output).toBe(true);
      expect(callsSince(from).sort()).toEqual(["DeleteCloudRecording OK", "StopWebRecord OK"]);
      expect(stack.running()).toEqual([]);
      expect(await stack.resources()).toEqual([]);
    });
  });

  it("`up --refresh` restarts recordings that ended; destroy of ended recordings succeeds", async () => {
    await lifecycle.withStack([cloud("room"), web("page")], async (stack) => {
      const up = await stack.up();
      expect(up.ok, up.output).toBe(true);
      const before = await stateByName(stack);
      endOfEvent();

      const restarted = await stack.up({ refresh: true });
      expect(restarted.ok, restarted.output).toBe(true);
      expect(restarted.changes).toMatchObject({ create: 2 });
      await expectOneTaskPerResource(stack);
      const after = await stateByName(stack);
      expect(after.room?.id).not.toBe(before.room?.id);
      expect(after.page?.id).not.toBe(before.page?.id);
      // The room is still empty: the new robot waits for anchors.
      expect(after.room?.outputs).toMatchObject({ status: "Idle", taskId: after.room?.id });

      // Both end again and nobody refreshes: destroy's stop calls find them gone, which is what destroy wanted.
      endOfEvent();
      const from = lifecycle.emulator.requests().length;
      const destroy = await stack.destroy();
      expect(destroy.ok, destroy.output).toBe(true);
      expect(callsSince(from).sort()).toEqual([
        "DeleteCloudRecording ResourceNotFound",
        "StopWebRecord FailedOperation.TaskNotExist",
      ]);
      expect(await stack.resources()).toEqual([]);
    });
  });

  it("after a key rotation, refresh and destroy use the key stored at the last up until an up stores the new one, or run the program", async () => {
    const NEW_ID = "AKIDrotated000000000000000000000000";
    const NEW_KEY = "e2e-rotated-api-secret-key-0003";
    await lifecycle.withStack([cloud("room"), web("page")], async (stack) => {
      const up = await stack.up();
      expect(up.ok, up.output).toBe(true);

      // The new key pair goes into stack config and the old one is revoked.
      await stack.setConfig({ "trtc:secretId": NEW_ID, "trtc:secretKey": { secret: NEW_KEY } });
      lifecycle.emulator.acceptOnly(NEW_ID, NEW_KEY);

      // Refresh, destroy and the refresh phase of `up --refresh` configure the provider from the config stored in
      // state at the last up: the revoked key.
      const refresh = await stack.refresh();
      expect(refresh.ok).toBe(false);
      expect(refresh.output).toMatch(/AuthFailure/);
      const refreshingUp = await stack.up({ refresh: true });
      expect(refreshingUp.ok).toBe(false);
      expect(refreshingUp.output).toMatch(/AuthFailure/);
      const refusedDestroy = await stack.destroy();
      expect(refusedDestroy.ok).toBe(false);
      expect(refusedDestroy.output).toMatch(/AuthFailure/);
      await expectOneTaskPerResource(stack);
      // `--run-program` runs the program, which configures the provider from the current config.
      const withProgram = await stack.refresh({ runProgram: true });
      expect(withProgram.ok, withProgram.output).toBe(true);
      await expectOneTaskPerResource(stack);

      // A plain up runs the program with the current config, which the engine then stores for refresh and destroy.
      const stored = await stack.up();
      expect(stored.ok, stored.output).toBe(true);
      expect(stored.changes).toMatchObject({ same: 3 });
      const refreshed = await stack.refresh();
      expect(refreshed.ok, refreshed.output).toBe(true);

      // Rotated again, then destroyed at once: `destroy --run-program` uses the current config too.
      await stack.setConfig({ "trtc:secretId": SECRET_ID, "trtc:secretKey": { secret: SECRET_KEY } });
      lifecycle.emulator.acceptOnly(SECRET_ID, SECRET_KEY);
      const destroy = await stack.destroy({ runProgram: true });
      expect(destroy.ok, destroy.output).toBe(true);
      expect(stack.running()).toEqual([]);
    });
  });

  it("reads existing recordings by id (static get and the id option) without ever stopping them", async () => {
    const outside = outsideClient(lifecycle.emulator);
    const readRoomTask = await outside.startCloud("888", "outside_robot");
    const readPageTask = await outside.startWeb("https://example.com/outside", "outside_rec");
    const byIdTask = await outside.startCloud("889", "outside_robot_2");
    const specs: RecordingSpec[] = [
      { kind: "cloud", name: "readRoom", args: {}, get: readRoomTask },
      { kind: "web", name: "readPage", args: {}, get: readPageTask },
      { kind: "cloud", name: "byId", args: {}, options: { id: byIdTask } },
      cloud("own"),
    ];
    const outsideTasks = [readRoomTask, readPageTask, byIdTask];
    await lifecycle.withStack(specs, async (stack) => {
      const up = await stack.up();
      expect(up.ok, up.output).toBe(true);
      expect(up.changes).toMatchObject({ create: 2 }); // `own` and the stack; reads are not counted
      const state = await stateByName(stack);
      for (const [name, id] of [
        ["readRoom", readRoomTask],
        ["readPage", readPageTask],
        ["byId", byIdTask],
      ] as const) {
        const resource = state[name] as { id?: string; external?: boolean; outputs?: Record<string, unknown> };
        expect(resource.external, name).toBe(true);
        expect(resource.id).toBe(id);
        // Region and SdkAppId came from stack config, as for a new recording.
        expect(resource.outputs, name).toMatchObject({
          taskId: id,
          status: "InProgress",
          region: "ap-singapore",
          sdkAppId: SDK_APP_ID,
        });
      }
      // What the Describe actions tell: a room recording's files, a web recording's RecordId. (A room
      // recording's RoomId and robot are not in DescribeCloudRecording's answer: pass them to get() to have them.)
      expect(state.readRoom?.outputs).toMatchObject({ storageFiles: [] });
      expect(state.readPage?.outputs).toMatchObject({ recordId: "outside_rec" });
      expect(up.outputs.recordings).toMatchObject({
        "readRoom.taskId": readRoomTask,
        "readRoom.status": "InProgress",
        "readPage.taskId": readPageTask,
        "readPage.status": "InProgress",
      });
      await expectOneTaskPerResource(stack, outsideTasks);
      expect(lifecycle.emulator.requests().filter((r) => r.action === "CreateCloudRecording")).toHaveLength(3);

      const refresh = await stack.refresh();
      expect(refresh.ok, refresh.output).toBe(true);
      expect((await stateByName(stack)).readRoom?.outputs).toMatchObject({ status: "InProgress" });

      const destroy = await stack.destroy();
      expect(destroy.ok, destroy.output).toBe(true);
      expect(await stack.resources()).toEqual([]);
      // Only `own` was stopped: Pulumi never deletes what it only read.
      expect(
        stack
          .running()
          .map((t) => t.taskId)
          .sort(),
      ).toEqual([...outsideTasks].sort());
    });
  });

  it("`up --target` creates only the target; state survives an export / import round trip", async () => {
    const dir = mkdtempSync(join(tmpdir(), "trtc-export-"));
    await lifecycle.withStack([cloud("first"), cloud("second", { roomId: "3591" })], async (stack) => {
      try {
        const targeted = await stack.up({ target: [urnOf("cloud", "first")] });
        expect(targeted.ok, targeted.output).toBe(true);
        expect(Object.keys(await stateByName(stack))).toEqual(["first"]);
        await expectOneTaskPerResource(stack);
        const before = await stateByName(stack);

        const file = join(dir, "state.json");
        const exported = await stack.cli(["stack", "export", "--file", file]);
        expect(exported.ok, exported.output).toBe(true);
        const imported = await stack.cli(["stack", "import", "--file", file]);
        expect(imported.ok, imported.output).toBe(true);
        expect(await stateByName(stack)).toEqual(before);

        const refresh = await stack.refresh({ expectNoChanges: true });
        expect(refresh.ok, refresh.output).toBe(true);
        const destroy = await stack.destroy();
        expect(destroy.ok, destroy.output).toBe(true);
        expect(stack.running()).toEqual([]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
