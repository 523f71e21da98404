// Failures and recoveries through the real Pulumi CLI: a start whose status read fails, the CLI killed in the middle
// of a create, answers lost after the service acted, destroy with a broken program, an update plan, and a stack of
// 100 recordings under the service's rate limit. The end state is always checked on both sides: what the emulator
// runs and what the real state holds.
//
// Ported from hostLifecycle.test.ts: "leaves exactly one running task after starts whose answers were lost" and
// "creates 100 recordings at once under the 20 requests/second limit" are here.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CliStack } from "../cli/cliStack";
import {
  childProcesses,
  cloud,
  descendants,
  expectOneTaskPerResource,
  isAlive,
  nameOf,
  stateByName,
  useLifecycleStacks,
  web,
} from "./cliLifecycle";

const lifecycle = useLifecycleStacks();

const runningTasks = () => lifecycle.emulator.tasks().filter((t) => t.running);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const START_ACTIONS = ["CreateCloudRecording", "StartWebRecord"] as const;

/**
 * Runs `up`, and SIGKILLs the `pulumi` process this test process started once both starts are at the service
 * (held there by a delay fault), as a CI job killed at its time limit would. The service still completes them.
 * Returns what the killed `up` printed.
 */
async function killDuringCreate(stack: CliStack): Promise<string> {
  for (const action of START_ACTIONS) lifecycle.emulator.setFault({ action, fault: "delay", delayMs: 4000 });
  let creating = 0;
  const running = stack.up({
    onEvent: (event) => {
      const op = event.resourcePreEvent?.metadata.op;
      if (op === "create" && event.resourcePreEvent?.metadata.type.includes("trtc")) creating++;
    },
  });
  await waitFor("both creates to begin", () => creating === 2);
  await sleep(1000); // the start requests are at the emulator, inside their delay
  const clis = childProcesses(process.pid).filter((p) => p.command === "pulumi");
  expect(clis).toHaveLength(1);
  const cli = clis[0]?.pid ?? 0;
  // The CLI's descendants: the dynamic-provider launchers (sh) and hosts (node). They outlive a SIGKILLed CLI
  // (nothing tells them it died; the hosts are re-parented to init), so they are ended here too, as killing the
  // job's whole process group would. Listed before the kill, while they are still the CLI's.
  const hosts = descendants(cli);
  process.kill(cli, "SIGKILL");
  const killed = await running;
  expect(killed.ok).toBe(false);
  for (const pid of hosts) if (isAlive(pid)) process.kill(pid, "SIGKILL");
  await waitFor("the killed CLI's provider hosts to exit", () => !hosts.some(isAlive));
  // The service completes both starts after its delay: two tasks run that no resource in state knows.
  await waitFor("the held starts to complete", () => runningTasks().length === 2);
  return killed.output;
}

async function pendingOperations(stack: CliStack) {
  const exported = await stack.local.exportState({ showSecrets: true });
  return exported.deployment.pending_operations ?? [];
}

describe("failures and recoveries through the Pulumi CLI", { timeout: 300_000 }, () => {
  it("keeps a task whose status read failed in state, settles it on the next up, and destroys it", async () => {
    // A short deadline per call, so the client gives up reading quickly.
    const config = { "trtc:deadlineSeconds": "2" };
    await lifecycle.withStack(
      [cloud("room"), web("page")],
      async (stack) => {
        // Every attempt at reading the new tasks fails.
        lifecycle.emulator.setFault({ action: "DescribeCloudRecording", fault: "internal-error", times: 6 });
        lifecycle.emulator.setFault({ action: "DescribeWebRecord", fault: "internal-error", times: 6 });
        const failed = await stack.up();
        expect(failed.ok).toBe(false);
        expect(failed.output).toMatch(/started, but reading its status failed/);
        expect(failed.output).toMatch(/The task is kept in state/);
        // A partial create: the engine keeps what the provider returned, the provider reference included, so
        // refresh and destroy can reach the task.
        const partial = await stateByName(stack);
        expect(Object.keys(partial).sort()).toEqual(["page", "room"]);
        for (const resource of Object.values(partial)) {
          expect(resource.outputs).toMatchObject({ taskId: resource.id, __provider: expect.any(String) });
        }
        await expectOneTaskPerResource(stack);

        lifecycle.emulator.clearFaults();
        const settled = await stack.up();
        expect(settled.ok, settled.output).toBe(true);
        await expectOneTaskPerResource(stack);
        const after = await stateByName(stack);
        expect(after.room?.id).toBe(partial.room?.id);
        expect(after.page?.id).toBe(partial.page?.id);
        expect(lifecycle.emulator.requests().filter((r) => START_ACTIONS.some((a) => a === r.action))).toHaveLength(2);

        const destroy = await stack.destroy();
        expect(destroy.ok, destroy.output).toBe(true);
        expect(stack.running()).toEqual([]);
      },
      config,
    );
  });

  it("recovers from a CLI killed mid-create: lock, pending CREATEs, `refresh --clear-pending-creates`, no orphan", async () => {
    await lifecycle.withStack([cloud("room"), web("page")], async (stack) => {
      await killDuringCreate(stack);
      // State records both creates as pending, with the robot UserId / RecordId they started with.
      const pending = await pendingOperations(stack);
      expect(pending.map((p) => [p.type, nameOf(p.resource)]).sort()).toEqual([
        ["creating", "page"],
        ["creating", "room"],
      ]);
      const started = runningTasks();
      const pendingIds = pending.map((p) => p.resource.inputs?.userId ?? p.resource.inputs?.recordId).sort();
      expect(started.map((t) => t.userId ?? t.recordId).sort()).toEqual(pendingIds);
      expect(await stack.resources()).toEqual([]);

      // The killed CLI's lock on the stack refuses every operation until `pulumi cancel` removes it.
      const locked = await stack.up();
      expect(locked.ok).toBe(false);
      expect(locked.output).toMatch(/the stack is currently locked by 1 lock\(s\)/);
      expect(locked.output).toMatch(/`pulumi cancel`/);
      const cancel = await stack.cli(["cancel", "--yes"]);
      expect(cancel.ok, cancel.output).toBe(true);

      // The documented recovery: drop the pending creates, then up. The ids are generated from the stack, the name
      // and the inputs, so the new starts find the orphans: the room robot replaces its older task, the RecordId is
      // taken over.
      const cleared = await stack.cli(["refresh", "--clear-pending-creates", "--yes"]);
      expect(cleared.ok, cleared.output).toBe(true);
      expect(await pendingOperations(stack)).toEqual([]);
      const recovered = await stack.up();
      expect(recovered.ok, recovered.output).toBe(true);
      expect(recovered.output).toMatch(/was already recording as task .*; adopted it instead of starting another/);
      await expectOneTaskPerResource(stack);
      const state = await stateByName(stack);
      const orphanRoom = started.find((t) => t.kind === "cloud");
      expect(lifecycle.emulator.task(String(orphanRoom?.taskId))).toMatchObject({
        running: false,
        endReason: "interrupted",
      });
      expect(state.page?.id).toBe(started.find((t) => t.kind === "web")?.taskId);

      const destroy = await stack.destroy();
      expect(destroy.ok, destroy.output).toBe(true);
      expect(stack.running()).toEqual([]);
    });
  });

  it("after a killed create and `pulumi cancel`, a plain up warns about the pending CREATEs and still leaves no orphan", async () => {
    await lifecycle.withStack([cloud("room"), web("page")], async (stack) => {
      await killDuringCreate(stack);
      const cancel = await stack.cli(["cancel", "--yes"]);
      expect(cancel.ok, cancel.output).toBe(true);

      const up = await stack.up();
      expect(up.ok, up.output).toBe(true);
      expect(up.output).toMatch(/Attempting to deploy or update resources with 2 pending operations/);
      expect(up.output).toMatch(/interrupted while creating/);
      await expectOneTaskPerResource(stack);
      // The warning stays until the pending operations are cleared.
      expect(await pendingOperations(stack)).toHaveLength(2);
      const cleared = await stack.cli(["refresh", "--clear-pending-creates", "--yes"]);
      expect(cleared.ok, cleared.output).toBe(true);
      expect(await pendingOperations(stack)).toEqual([]);
      await expectOneTaskPerResource(stack);

      const destroy = await stack.destroy();
      expect(destroy.ok, destroy.output).toBe(true);
      expect(stack.running()).toEqual([]);
    });
  });

  it("leaves exactly one running task after starts whose answers were lost", async () => {
    await lifecycle.withStack([cloud("lost"), web("lostPage")], async (stack) => {
      for (const action of START_ACTIONS) lifecycle.emulator.setFault({ action, fault: "commit-then-reset", times: 1 });
      const up = await stack.up();
      expect(up.ok, up.output).toBe(true);
      await expectOneTaskPerResource(stack);
      // The room start was repeated with the same robot, which replaced the first task; the page start was
      // repeated with the same RecordId, refused, and the first task adopted.
      expect(
        lifecycle.emulator
          .tasks()
          .filter((t) => t.kind === "cloud")
          .map((t) => t.endReason),
      ).toEqual(["interrupted", null]);
      expect(lifecycle.emulator.tasks().filter((t) => t.kind === "web")).toHaveLength(1);
      const destroy = await stack.destroy();
      expect(destroy.ok, destroy.output).toBe(true);
      expect(stack.running()).toEqual([]);
    });
  });

  it("destroys from the project directory without running the program, even a broken one", async () => {
    await lifecycle.withStack([cloud("room"), web("page")], async (stack) => {
      const up = await stack.up();
      expect(up.ok, up.output).toBe(true);
      // The program can no longer run: its config is not JSON any more.
      await stack.setConfig({ "trtc-recordings:recordings": "{ not json" });
      const broken = await stack.preview();
      expect(broken.ok).toBe(false);
      // `pulumi destroy` in the project directory, as a user runs it: no program, the provider from state.
      const destroy = await stack.cli(["destroy", "--yes"]);
      expect(destroy.ok, destroy.output).toBe(true);
      expect(destroy.output).toMatch(/3 deleted/);
      expect(stack.running()).toEqual([]);
      expect(await stack.resources()).toEqual([]);
    });
  });

  it("applies a saved update plan to autonamed recordings (`preview --save-plan`, `up --plan`)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "trtc-plan-"));
    const plan = join(dir, "plan.json");
    // The Automation API passes these as the CLI's --save-plan and --plan: the CLI cannot run this program itself
    // (no Node.js language host here), so the inline program is the way to drive the same flags.
    await lifecycle.withStack([cloud("room"), web("page")], async (stack) => {
      try {
        const preview = await stack.preview({ plan, diff: true });
        expect(preview.ok, preview.output).toBe(true);
        const up = await stack.up({ plan });
        expect(up.ok, up.output).toBe(true);
        expect(up.changes).toMatchObject({ create: 3 });
        await expectOneTaskPerResource(stack);
        // The generated robot UserId and RecordId that preview showed are the ones up used.
        const state = await stateByName(stack);
        expect(preview.output).toMatch(new RegExp(`userId\\s*: "${String(state.room?.outputs?.userId)}"`));
        expect(preview.output).toMatch(new RegExp(`recordId\\s*: "${String(state.page?.outputs?.recordId)}"`));
        const destroy = await stack.destroy();
        expect(destroy.ok, destroy.output).toBe(true);
        expect(stack.running()).toEqual([]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  it("creates and destroys 100 recordings at once under the 20 requests/second limit with no failure", async () => {
    const specs = Array.from({ length: 100 }, (_, i) =>
      i % 2 === 0
        ? cloud(`cloud${i}`, { roomId: String(10_000 + i) })
        : web(`web${i}`, { recordUrl: `https://example.com/page/${i}` }),
    );
    await lifecycle.withStack(specs, async (stack) => {
      const up = await stack.up();
      expect(up.ok, up.output).toBe(true);
      expect(up.changes).toMatchObject({ create: 101 });
      await expectOneTaskPerResource(stack);
      expect(stack.running()).toHaveLength(100);
      // The provider's limiter kept every action under the service's limit: nothing was throttled or retried.
      expect(lifecycle.emulator.requests().filter((r) => r.code !== "OK")).toEqual([]);

      const destroy = await stack.destroy();
      expect(destroy.ok, destroy.output).toBe(true);
      expect(lifecycle.emulator.requests().filter((r) => r.code !== "OK")).toEqual([]);
      expect(stack.running()).toEqual([]);
    });
  });
});
