// The chaos run's report: what ran, what was injected and what fired, what the engine did, how long steps took, and
// the invariants broken. Counted as the run goes.

import type { ChaosFault } from "./faults";
import { zeroCounts } from "./faults";
import { OPERATIONS, type Operation, type PlannedStep } from "./planner";
import type { StepOutcome } from "./steps";

export interface ChaosReport {
  seed: number;
  steps: number;
  operations: Record<Operation, number>;
  failedOperations: number;
  /** Fault uses queued (sum of `times`) and fault uses that fired (from the emulator's request log). */
  faultsInjected: Record<ChaosFault, number>;
  faultsFired: Record<ChaosFault, number>;
  /** The engine's steps on recordings, by op, as it reported them. */
  engineSteps: Record<string, number>;
  replacements: { deleteBeforeReplace: number; createBeforeDelete: number };
  /** Tasks that ended by themselves between steps. */
  naturalEnds: number;
  apiRequests: number;
  userErrors: number;
  /** Robots / RecordIds an error said may run unknown to state. */
  unknownStarts: number;
  durationMs: number;
  /** Mean duration of a step's CLI operation, by operation. */
  meanStepMs: Partial<Record<Operation, number>>;
  violations: string[];
  /** The CLI's output of the step that broke an invariant. */
  failedStepOutput?: string;
  /** Every UserSig and PrivateMapKey the program passed in (for the secrets audit). */
  secretsPassed: string[];
}

/** The report of a run, and the counting of its steps into it. */
export class ChaosTally {
  readonly report: ChaosReport;
  private readonly stepTimes = new Map<Operation, number[]>();

  /** The fault counts and the secrets are the injector's and the program's own records, kept up to date by them. */
  constructor(
    seed: number,
    faults: { injected: Record<ChaosFault, number>; fired: Record<ChaosFault, number> },
    secretsPassed: string[],
  ) {
    this.report = {
      seed,
      steps: 0,
      operations: zeroCounts(OPERATIONS),
      failedOperations: 0,
      faultsInjected: faults.injected,
      faultsFired: faults.fired,
      engineSteps: {},
      replacements: { deleteBeforeReplace: 0, createBeforeDelete: 0 },
      naturalEnds: 0,
      apiRequests: 0,
      userErrors: 0,
      unknownStarts: 0,
      durationMs: 0,
      meanStepMs: {},
      violations: [],
      secretsPassed,
    };
  }

  timeStep(operation: Operation, ms: number): void {
    const times = [...(this.stepTimes.get(operation) ?? []), ms];
    this.stepTimes.set(operation, times);
    this.report.meanStepMs[operation] = Math.round(times.reduce((a, b) => a + b, 0) / times.length);
  }

  count(step: PlannedStep, outcome: StepOutcome): void {
    this.report.steps++;
    this.report.operations[step.operation]++;
    if (!outcome.ok) this.report.failedOperations++;
    const order = new Map<string, string[]>();
    // The recordings' steps only: the default provider resource is updated whenever the stack config changes.
    for (const { op, urn } of outcome.steps.filter((s) => s.urn.includes("::pulumi-nodejs:dynamic/trtc:"))) {
      this.report.engineSteps[op] = (this.report.engineSteps[op] ?? 0) + 1;
      order.set(urn, [...(order.get(urn) ?? []), op]);
    }
    for (const ops of order.values()) {
      const created = ops.indexOf("create-replacement");
      const deleted = ops.indexOf("delete-replaced");
      if (created < 0) continue;
      if (deleted >= 0 && deleted < created) this.report.replacements.deleteBeforeReplace++;
      else this.report.replacements.createBeforeDelete++;
    }
  }
}
