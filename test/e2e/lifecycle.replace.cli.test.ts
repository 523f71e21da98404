// Changes and replacements through the real Pulumi CLI (inline program, local backend) against the emulator: what
// the engine decides (in place, replace, in which order) and what it leaves running. Every case ends with the
// invariant that matters to a user: each recording in state is a running task and nothing else runs.
//
// Ported from hostLifecycle.test.ts (the mini engine): "runs configure, check, create, diff, update, read and delete"
// for both kinds and "replaces create-before-delete ... delete-before-replace when the robot UserId is pinned" are
// the first case here; "adopts a running task" is in the forced-replacement case.

import { describe, expect, it } from "vitest";
import {
  ADOPTED_ROBOT,
  ADOPTED_ROOM,
  CREATE_BEFORE_DELETE,
  cloud,
  DELETE_BEFORE_REPLACE,
  expectOneTaskPerResource,
  outsideClient,
  recordings,
  stateByName,
  stepRecorder,
  urnOf,
  useLifecycleStacks,
  web,
} from "./cliLifecycle";

const lifecycle = useLifecycleStacks();

const requestsOf = (action: string) => lifecycle.emulator.requests().filter((r) => r.action === action);

describe("changes and replacements through the Pulumi CLI", { timeout: 300_000 }, () => {
  it("updates in place, previews replace vs in place, and replaces in both orders per the provider's diff", async () => {
    const autoRoom = cloud("auto");
    const pinnedRoom = cloud("pinned", { userId: "recorder_3560" });
    const autoPage = web("page");
    const pinnedPage = web("pinnedPage", { recordId: "rec_pinned" });
    await lifecycle.withStack([autoRoom, pinnedRoom, autoPage, pinnedPage], async (stack) => {
      const first = await stack.up();
      expect(first.ok, first.output).toBe(true);
      expect(first.changes).toMatchObject({ create: 5 }); // 4 recordings and the stack
      await expectOneTaskPerResource(stack);
      const created = await stateByName(stack);
      expect(created.auto?.outputs).toMatchObject({
        taskId: created.auto?.id,
        status: "InProgress",
        roomId: "3560",
        region: "ap-singapore",
        sdkAppId: 1400000000,
        userId: expect.stringMatching(/^rec-auto-3560-/),
      });
      expect(created.pinned?.outputs).toMatchObject({ userId: "recorder_3560", status: "InProgress" });
      expect(created.page?.outputs).toMatchObject({ recordId: expect.stringMatching(/^web-page-/) });
      expect(created.pinnedPage?.outputs).toMatchObject({ recordId: "rec_pinned", status: "InProgress" });
      // The robots joined with UserSigs minted from the SDKSecretKey in stack config.
      expect(lifecycle.emulator.task(String(created.auto?.id))).toMatchObject({ userSigValid: true });

      // A layout change and a provider setting change in place (`~`); the same tasks keep running.
      const layout = { mixLayoutMode: 1, maxResolutionUserId: "teacher", backGroundColor: "#202020" };
      const inPlace = [
        cloud("auto", { mixLayoutParams: layout }),
        pinnedRoom,
        web("page", { whenEnded: "keep" }),
        pinnedPage,
      ];
      await stack.setConfig(recordings(inPlace));
      const preview = await stack.preview({ diff: true });
      expect(preview.ok, preview.output).toBe(true);
      expect(preview.changes).toMatchObject({ update: 2, same: 3 });
      expect(preview.output).toMatch(/~ pulumi-nodejs:dynamic\/trtc:CloudRecording: \(update\)/);
      expect(preview.output).not.toMatch(/\+-\s*pulumi-nodejs/);
      const updated = await stack.up();
      expect(updated.ok, updated.output).toBe(true);
      expect(updated.changes).toMatchObject({ update: 2, same: 3 });
      const afterUpdate = await stateByName(stack);
      expect(afterUpdate.auto?.id).toBe(created.auto?.id);
      expect(afterUpdate.page?.id).toBe(created.page?.id);
      expect(afterUpdate.page?.outputs).toMatchObject({ whenEnded: "keep", status: "InProgress" });
      expect(afterUpdate.auto?.outputs).toMatchObject({ mixLayoutParams: layout });
      expect(lifecycle.emulator.task(String(created.auto?.id))?.request).toMatchObject({
        MixLayoutParams: { MixLayoutMode: 1, MaxResolutionUserId: "teacher", BackGroundColor: "#202020" },
      });
      expect(requestsOf("ModifyCloudRecording").map((r) => r.code)).toEqual(["OK"]);
      await expectOneTaskPerResource(stack);

      // Nothing drifted: a refresh reads every task and finds nothing to change.
      const refresh = await stack.refresh({ expectNoChanges: true });
      expect(refresh.ok, refresh.output).toBe(true);

      // A new room / page replaces (`+-`): autonamed ones create-before-delete with a fresh robot / RecordId,
      // pinned ones delete first (the same UserId / RecordId cannot run twice).
      const moved = [
        cloud("auto", { roomId: "3561", mixLayoutParams: layout }),
        cloud("pinned", { roomId: "3561", userId: "recorder_3560" }),
        web("page", { whenEnded: "keep", recordUrl: "https://example.com/other" }),
        web("pinnedPage", { recordId: "rec_pinned", recordUrl: "https://example.com/other" }),
      ];
      await stack.setConfig(recordings(moved));
      const replacePreview = await stack.preview({ diff: true });
      expect(replacePreview.changes).toMatchObject({ replace: 4 });
      expect(replacePreview.output).toMatch(/\+-\s*pulumi-nodejs:dynamic\/trtc:CloudRecording: \(replace\)/);
      expect(replacePreview.output).toMatch(/~ roomId\s*: "3560" => "3561"/);
      const recorder = stepRecorder();
      const replaced = await stack.up({ onEvent: recorder.onEvent });
      expect(replaced.ok, replaced.output).toBe(true);
      expect(replaced.changes).toMatchObject({ replace: 4 });
      expect(recorder.steps).toEqual({
        auto: CREATE_BEFORE_DELETE,
        page: CREATE_BEFORE_DELETE,
        pinned: DELETE_BEFORE_REPLACE,
        pinnedPage: DELETE_BEFORE_REPLACE,
      });
      await expectOneTaskPerResource(stack);
      const after = await stateByName(stack);
      for (const name of ["auto", "pinned", "page", "pinnedPage"]) expect(after[name]?.id).not.toBe(created[name]?.id);
      expect(after.auto?.outputs?.userId).toMatch(/^rec-auto-3561-/);
      expect(after.page?.outputs?.recordId).not.toBe(created.page?.outputs?.recordId);
      expect(after.pinned?.outputs).toMatchObject({ userId: "recorder_3560", roomId: "3561" });
      expect(after.pinnedPage?.outputs).toMatchObject({ recordId: "rec_pinned" });
      // Every old task was stopped by its own delete: none was cut off by a newer task with the same robot.
      for (const name of ["auto", "pinned", "page", "pinnedPage"]) {
        expect(lifecycle.emulator.task(String(created[name]?.id))).toMatchObject({
          running: false,
          endReason: name.endsWith("age") ? "stopped" : "deleted",
        });
      }

      const destroy = await stack.destroy();
      expect(destroy.ok, destroy.output).toBe(true);
      expect(stack.running()).toEqual([]);
      expect(await stack.resources()).toEqual([]);
    });
  });

  it("keeps exactly one running task per resource under `up --replace`, adopted tasks included", async () => {
    const outside = outsideClient(lifecycle.emulator);
    const adoptedTask = await outside.startCloud(ADOPTED_ROOM, ADOPTED_ROBOT);
    const specs = [
      cloud("auto"),
      cloud("pinned", { roomId: "3562", userId: "recorder_3562" }),
      web("page", { recordUrl: "https://example.com/auto" }),
      web("pinnedPage", { recordId: "rec_pinned" }),
      // A task started elsewhere, taken over: its own robot UserId, so later replacements behave.
      cloud("adopted", { roomId: ADOPTED_ROOM, userId: ADOPTED_ROBOT, adoptTaskId: adoptedTask }),
    ];
    await lifecycle.withStack(specs, async (stack) => {
      const first = await stack.up();
      expect(first.ok, first.output).toBe(true);
      const before = await stateByName(stack);
      expect(before.adopted?.id).toBe(adoptedTask);
      expect(requestsOf("CreateCloudRecording")).toHaveLength(3); // the outside start, auto and pinned
      await expectOneTaskPerResource(stack);

      // `--replace` replaces without asking the provider's diff: create-before-delete unless the resource option
      // says otherwise. Whatever the provider does about it, the stack must end with one running task each, the one
      // state points to (or fail loudly before stopping anything, which leaves the old tasks in state and running).
      const replace = specs.map((s) => urnOf(s.kind, s.name));
      const forced = await stack.up({ replace });
      await expectOneTaskPerResource(stack);
      const after = await stateByName(stack);
      expect(Object.keys(after).sort()).toEqual(["adopted", "auto", "page", "pinned", "pinnedPage"]);
      if (!forced.ok) expect(forced.output).toMatch(/error/i);
      else expect(forced.changes).toMatchObject({ replace: 5 });
      // Each running task records what state says it does.
      for (const resource of Object.values(after)) {
        const task = lifecycle.emulator.task(String(resource.id));
        if (task?.kind === "cloud") expect(task.userId).toBe(resource.outputs?.userId);
        else expect(task?.recordId).toBe(resource.outputs?.recordId);
      }

      const destroy = await stack.destroy();
      expect(destroy.ok, destroy.output).toBe(true);
      expect(stack.running()).toEqual([]);
    });
  });

  it("replaces on replacementTrigger and replaceWith, honours an explicit deleteBeforeReplace: false, and shows what deletedWith skips", async () => {
    const specs = (version: string, url: string) => [
      cloud("trig", {}, { replacementTrigger: version }),
      web("trigPage", { recordId: "rec_trig" }, { replacementTrigger: version }),
      // Replaced whenever `trig` is.
      cloud("follower", { roomId: "3570" }, { replaceWith: ["trig"] }),
      // The resource option overrides the provider's delete-before-replace for a pinned RecordId.
      web("cbdPage", { recordId: "rec_cbd", recordUrl: url }, { deleteBeforeReplace: false }),
      // Tells the engine that deleting `trig` deletes this one too: never true of a recording.
      cloud("child", { roomId: "3580" }, { deletedWith: "trig" }),
    ];
    await lifecycle.withStack(specs("v1", "https://example.com/one"), async (stack) => {
      const first = await stack.up();
      expect(first.ok, first.output).toBe(true);
      const before = await stateByName(stack);

      // The trigger, replaceWith and deletedWith replace without diff, create-before-delete (no resource option
      // says otherwise): `follower` and `child` are replaced because `trig` is.
      await stack.setConfig(recordings(specs("v2", "https://example.com/one")));
      const recorder = stepRecorder();
      const second = await stack.up({ onEvent: recorder.onEvent });
      expect(second.ok, second.output).toBe(true);
      await expectOneTaskPerResource(stack);
      const after = await stateByName(stack);
      for (const name of ["trig", "trigPage", "follower", "child"]) {
        expect(recorder.steps[name], name).toEqual(CREATE_BEFORE_DELETE);
      }
      expect(after.follower?.id).not.toBe(before.follower?.id);
      expect(after.child?.id).not.toBe(before.child?.id);

      // cbdPage's replacement, started first by the resource option, finds its RecordId still recording the old
      // page: the up fails loudly instead of taking that task over (it would record the old page under the new
      // state), and stops nothing.
      await stack.setConfig(recordings(specs("v2", "https://example.com/two")));
      const third = await stack.up();
      expect(third.ok).toBe(false);
      expect(third.output).toMatch(/still recording the task this resource replaces/);
      await expectOneTaskPerResource(stack);
      const unchanged = await stateByName(stack);
      expect(unchanged.cbdPage?.id).toBe(before.cbdPage?.id);
      const cbd = lifecycle.emulator.task(String(unchanged.cbdPage?.id));
      expect(cbd?.request).toMatchObject({ RecordUrl: unchanged.cbdPage?.outputs?.recordUrl });

      // deletedWith: destroying `trig` takes `child` out of state without calling its delete, so its task keeps
      // running. That is the engine's contract for deletedWith, and why no recording should use it.
      const childTask = String(after.child?.id);
      const destroy = await stack.destroy();
      expect(destroy.ok, destroy.output).toBe(true);
      expect(await stack.resources()).toEqual([]);
      expect(stack.running().map((t) => t.taskId)).toEqual([childTask]);
    });
  });
});
