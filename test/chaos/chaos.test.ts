// The chaos run (see chaosRun.ts for the steps, faults and invariants): seeded random lifecycle operations through
// the real Pulumi CLI while the emulator injects every kind of fault.
// Replay a failure with TRTC_CHAOS_SEED=<seed printed below> npx vitest run test/chaos/chaos.test.ts: the same steps
// and the same faults (which request a fault hits can still vary with the engine's parallelism and timing). Run
// longer with TRTC_CHAOS_STEPS=<steps> (each is a CLI operation, about 2-3 s on a quiet machine).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TaskView } from "../../emulator";
import { CLOUD_TYPE, type CliStack, openCliStack } from "../cli/cliStack";
import { FAULT_KINDS, runChaos } from "./chaosRun";
import { chaosProviderConfig } from "./faults";
import { type StateEntry, type StateSnapshot, type StepEvidence, violations } from "./invariants";
import { OPERATIONS } from "./operations";
import { chaosSeed, chaosSteps } from "./random";
import { PROJECT, RECORDINGS_PROGRAM, recordingsConfig } from "./recordings";

const STACK = "chaos";
const DEFAULT_STEPS = 32;
const STEPS = chaosSteps(DEFAULT_STEPS);

describe("the invariants", () => {
  const task = (taskId: string, userId: string, running = true) =>
    ({ kind: "cloud", taskId, userId, recordId: null, running }) as TaskView;
  const entry = (name: string, id: string, extra: Partial<StateEntry> = {}): StateEntry => ({
    urn: `urn:pulumi:chaos::${PROJECT}::${CLOUD_TYPE}::${name}`,
    name,
    type: CLOUD_TYPE,
    id,
    status: "InProgress",
    delete: false,
    pendingReplacement: false,
    initErrors: [],
    hasProvider: true,
    ...extra,
  });
  const state = (...entries: StateEntry[]): StateSnapshot => ({ entries, pendingOperations: 0 });
  const evidence = (over: Partial<StepEvidence>): StepEvidence => ({
    before: state(entry("c0", "T0")),
    after: state(entry("c0", "T0")),
    runningBefore: new Set(["T0"]),
    tasks: [task("T0", "rec-c0-20000-abcdef")],
    mayStop: new Set(),
    explainedStops: new Set(),
    unknownStarts: new Set(),
    errors: [],
    ...over,
  });

  it("hold for a task that runs under the resource pointing to it", () => {
    expect(violations(evidence({}))).toEqual([]);
  });

  it("catch an orphan, unless an error said it may run", () => {
    const tasks = [task("T0", "rec-c0-20000-abcdef"), task("T1", "rec-c1-20001-abcdef")];
    expect(violations(evidence({ tasks }))).toEqual(["task T1 of c1 is running but no resource in state points to it"]);
    expect(violations(evidence({ tasks, unknownStarts: new Set(["rec-c1-20001-abcdef"]) }))).toEqual([]);
  });

  it("catch a task kept under another resource, and two resources on one task", () => {
    expect(violations(evidence({ after: state(entry("c1", "T0")) }))).toEqual([
      "state keeps task T0 under c1, but it is c0's",
    ]);
    expect(violations(evidence({ after: state(entry("c0", "T0"), entry("c1", "T0")) }))).toContain(
      "two live resources in state share the TaskId T0",
    );
  });

  it("catch a resource said to run whose task stopped, unless the state or the run says why", () => {
    const tasks = [task("T0", "rec-c0-20000-abcdef", false)];
    const mayStop = new Set(["c0"]);
    expect(violations(evidence({ tasks, mayStop }))).toEqual([
      `urn:pulumi:chaos::${PROJECT}::${CLOUD_TYPE}::c0 says InProgress, but its task T0 is not running`,
    ]);
    expect(violations(evidence({ tasks, mayStop, explainedStops: new Set(["T0"]) }))).toEqual([]);
    expect(violations(evidence({ tasks, mayStop, after: state(entry("c0", "T0", { delete: true })) }))).toEqual([]);
  });

  it("catch a stop the user did not ask for", () => {
    const tasks = [task("T0", "rec-c0-20000-abcdef", false)];
    expect(violations(evidence({ tasks, after: state() }))).toEqual([
      "the step stopped task T0 of c0, which the user did not ask to stop",
    ]);
    expect(violations(evidence({ tasks, after: state(), mayStop: new Set(["c0"]) }))).toEqual([]);
  });

  it("catch an error that names no API action and code, a pending operation and a lost __provider", () => {
    const after = { entries: [entry("c0", "T0", { hasProvider: false })], pendingOperations: 1 };
    expect(violations(evidence({ after, errors: ["TypeError: cannot read properties of undefined"] }))).toEqual([
      "1 pending operation(s) left in state",
      "an error that names no API action and code: TypeError: cannot read properties of undefined",
      `urn:pulumi:chaos::${PROJECT}::${CLOUD_TYPE}::c0 has no __provider in state: refresh and destroy would fail`,
    ]);
    expect(violations(evidence({ errors: ["DeleteCloudRecording failed: InternalError: x"] }))).toEqual([]);
  });
});

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
