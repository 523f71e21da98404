// The chaos run (see chaosRun.ts for the steps, faults and invariants): seeded random lifecycle operations through
// the real Pulumi CLI while the emulator injects every kind of fault.
// Replay a failure with TRTC_CHAOS_SEED=<seed printed below> npx vitest run test/providers/chaos/lifecycle.chaos.test.ts: the same steps
// and the same faults (which request a fault hits can still vary with the engine's parallelism and timing). Run
// longer with TRTC_CHAOS_STEPS=<steps> (each is a CLI operation, about 2-3 s on a quiet machine).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliStack, openCliStack } from "../../cli/cliStack";
import { runChaos } from "./chaosRun";
import { chaosProviderConfig, FAULT_KINDS } from "./faults";
import { OPERATIONS } from "./planner";
import { chaosSeed, chaosSteps } from "./random";
import { PROJECT, RECORDINGS_PROGRAM, recordingsConfig } from "./recordings";

const STACK = "chaos";
const DEFAULT_STEPS = 32;
const STEPS = chaosSteps(DEFAULT_STEPS);

describe("chaos through the real CLI", () => {
  let stack: CliStack;

  beforeAll(async () => {
    stack = await openCliStack({
      program: RECORDINGS_PROGRAM,
      project: PROJECT,
      stack: STACK,
      // No service-side rate limit (throttling comes from injected faults), and room for tasks left to idle out.
      emulator: { rateLimit: false, maxConcurrentTasks: 1000 },
      config: { ...chaosProviderConfig(), ...recordingsConfig([]) },
    });
  });

  afterAll(async () => {
    await stack?.cleanup();
  });

  it(
    "keeps every invariant through seeded random steps under injected faults",
    async () => {
      const seed = chaosSeed();
      const steps = STEPS;
      console.log(`chaos seed ${seed}, ${steps} steps (replay: TRTC_CHAOS_SEED=${seed} TRTC_CHAOS_STEPS=${steps})`);
      const report = await runChaos(stack, { seed, steps, stackName: STACK });
      const { secretsPassed: _secrets, failedStepOutput, ...summary } = report;
      console.log(`chaos report: ${JSON.stringify(summary, null, 2)}`);
      if (failedStepOutput) console.log(`output of the step that broke an invariant:\n${failedStepOutput}`);

      expect(report.violations, `seed ${seed}`).toEqual([]);
      // Every step ran, plus the final destroy.
      expect(report.steps).toBe(steps + 1);
      // The run exercised what it claims to: every operation and every fault kind, which the emulator saw fire. (A
      // shorter run than the default, e.g. TRTC_CHAOS_STEPS=5 while debugging, need not have.)
      if (steps < DEFAULT_STEPS) return;
      for (const operation of OPERATIONS) expect(report.operations[operation], operation).toBeGreaterThan(0);
      for (const fault of FAULT_KINDS)
        expect(report.faultsFired[fault], `${fault} fired (seed ${seed})`).toBeGreaterThan(0);
      for (const op of ["create", "update", "delete", "create-replacement", "delete-replaced", "refresh"]) {
        expect(report.engineSteps[op] ?? 0, `engine step ${op} (seed ${seed})`).toBeGreaterThan(0);
      }
    },
    // Generous: the machine is shared, and an operation under load takes several times its quiet duration.
    Math.max(600_000, STEPS * 20_000),
  );
});
