// Provider defects the chaos run found that need the engine, each reduced to a direct reproduction through the real
// Pulumi CLI and kept as a regression test. Those reproduced by calling the provider's functions directly are in
// regressions.emulator.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLOUD_TYPE, type CliStack, openCliStack, WEB_TYPE } from "../../cli/cliStack";
import { chaosProviderConfig } from "./faults";
import { cloudArgs, PROJECT, RECORDINGS_PROGRAM, recordingsConfig, webArgs } from "./recordings";
import { readStateSnapshot } from "./state";

describe("through the real Pulumi CLI", () => {
  let stack: CliStack;

  beforeAll(async () => {
    stack = await openCliStack({
      program: RECORDINGS_PROGRAM,
      project: PROJECT,
      stack: "regressions",
      config: { ...chaosProviderConfig(), ...recordingsConfig([]) },
    });
  });

  afterAll(async () => {
    await stack?.cleanup();
  });

  // When a task starts but reading its status fails, the provider throws StartedButFailedError; the engine keeps
  // the task in state with the error's properties as outputs (a partial create). Those properties once omitted
  // `__provider` (the host adds it to a successful create's outputs only), and refresh and destroy hand outputs to
  // the host, which then cannot find the provider: `pulumi refresh` or `pulumi destroy` right after such a create
  // failed with a TypeError instead of reading or stopping the task.
  for (const [kind, type, describeAction] of [
    ["cloud", CLOUD_TYPE, "DescribeCloudRecording"],
    ["web", WEB_TYPE, "DescribeWebRecord"],
  ] as const) {
    it(`refreshes and destroys a ${kind} recording whose create failed after it started`, async () => {
      const name = `partial${kind}`;
      const args = kind === "cloud" ? cloudArgs({ roomId: "9300" }) : webArgs();
      await stack.setConfig(recordingsConfig([{ kind, name, args }]));
      stack.emulator.setFault({ action: describeAction, fault: "internal-error", times: 20 });
      const up = await stack.up();
      stack.emulator.clearFaults();
      expect(up.ok).toBe(false);
      expect(up.output).toContain(`${describeAction} failed: InternalError`);

      // The task runs and the state on disk keeps it, with the error that says why and the provider.
      const [partial] = readStateSnapshot(stack.local.stateFile()).entries;
      expect(partial?.type).toBe(type);
      expect(partial?.initErrors.join("\n")).toContain("started, but reading its status failed");
      expect(partial?.hasProvider).toBe(true);
      expect(stack.emulator.task(String(partial?.id))?.running).toBe(true);

      const refreshed = await stack.refresh();
      expect(refreshed.ok, refreshed.output).toBe(true);
      expect(readStateSnapshot(stack.local.stateFile()).entries.map((e) => e.id)).toEqual([partial?.id]);

      const destroyed = await stack.destroy();
      expect(destroyed.ok, destroyed.output).toBe(true);
      expect(stack.emulator.task(String(partial?.id))?.running).toBe(false);
      expect(readStateSnapshot(stack.local.stateFile()).entries).toEqual([]);
    }, 300_000);
  }
});
