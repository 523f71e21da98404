// The chaos run: a seeded random sequence of steps, each a real CLI operation on a stack of the recordings fixture
// program (`pulumi up` after the user added, changed in place, replaced or removed a recording; `pulumi up
// --replace`; `pulumi refresh`; `pulumi destroy` at the end), while the emulator injects faults before each step
// and, now and then, a task ends by itself (an empty room, a duration limit). After every step the invariants of
// invariants.ts are checked between the state file on disk and the tasks the emulator runs.
//
// The modules: program.ts (the recordings and their random changes), operations.ts (choosing and running steps),
// faults.ts (what is injected, what fired), invariants.ts (what must hold).

import type { Emulator, FaultKind, FaultSpec } from "../../../emulator";
import type { CliStack } from "../../cli/cliStack";
import { FAULT_KINDS, FaultInjector, zeroCounts } from "./faults";
import { readStateSnapshot, type StateSnapshot, stoppedByStep, unknownStartsIn, violations } from "./invariants";
import {
  likelyActions,
  OPERATIONS,
  type Operation,
  type PlannedStep,
  runStep,
  type StepOutcome,
  StepPlanner,
} from "./operations";
import { ChaosProgram, MAX_IDLE_SECONDS } from "./program";
import { SeededRandom } from "./random";

export interface ChaosOptions {
  seed: number;
  /** Steps before the final destroy. */
  steps: number;
  /** The stack's name (for `--replace` URNs). */
  stackName: string;
  /** Keep the recordings config secret (it holds UserSigs, PrivateMapKeys and storage keys). */
  secretConfig?: boolean;
  /** Share of steps before which a running task ends by itself. @defaultValue 0.2 */
  naturalEnds?: number;
  onStep?: (step: ChaosStep) => void | Promise<void>;
}

export interface ChaosStep {
  index: number;
  operation: Operation;
  faults: FaultSpec[];
  outcome: StepOutcome;
}

export interface ChaosReport {
  seed: number;
  steps: number;
  operations: Record<Operation, number>;
  failedOperations: number;
  /** Fault uses queued (sum of `times`) and fault uses that fired (from the emulator's request log). */
  faultsInjected: Record<FaultKind, number>;
  faultsFired: Record<FaultKind, number>;
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

export async function runChaos(stack: CliStack, options: ChaosOptions): Promise<ChaosReport> {
  return new ChaosRun(stack, options).execute();
}

class ChaosRun {
  private readonly stack: CliStack;
  private readonly emulator: Emulator;
  private readonly options: ChaosOptions;
  private readonly rng: SeededRandom;
  private readonly program: ChaosProgram;
  private readonly planner: StepPlanner;
  private readonly faults: FaultInjector;
  private readonly report: ChaosReport;
  private readonly unknownStarts = new Set<string>();
  /** TaskIds known to have stopped while state may still say they run (see invariants.ts). */
  private readonly explainedStops = new Set<string>();
  /** Resources whose removal or replacement was asked for and not yet confirmed by a successful up. */
  private readonly unsettled = new Set<string>();
  private readonly started = performance.now();

  constructor(stack: CliStack, options: ChaosOptions) {
    this.stack = stack;
    this.emulator = stack.emulator;
    this.options = options;
    this.rng = new SeededRandom(options.seed);
    this.program = new ChaosProgram(this.rng);
    this.planner = new StepPlanner(this.rng, this.program);
    this.faults = new FaultInjector(this.rng, this.emulator);
    this.report = {
      seed: options.seed,
      steps: 0,
      operations: zeroCounts(OPERATIONS),
      failedOperations: 0,
      faultsInjected: this.faults.injected,
      faultsFired: this.faults.fired,
      engineSteps: {},
      replacements: { deleteBeforeReplace: 0, createBeforeDelete: 0 },
      naturalEnds: 0,
      apiRequests: 0,
      userErrors: 0,
      unknownStarts: 0,
      durationMs: 0,
      meanStepMs: {},
      violations: [],
      secretsPassed: this.program.secretsPassed,
    };
  }

  async execute(): Promise<ChaosReport> {
    let index = 0;
    for (; index < this.options.steps; index++) {
      const naturalEnd = this.rng.chance(this.options.naturalEnds ?? 0.2);
      const step = this.planner.next();
      if (naturalEnd) this.endOneNaturally();
      if (!(await this.perform(index, step))) break;
    }
    if (this.report.violations.length === 0 && (await this.perform(index, { operation: "destroy" }))) {
      await this.cleanUp();
    }
    this.report.apiRequests = this.faults.apiRequests;
    this.report.unknownStarts = this.unknownStarts.size;
    this.report.durationMs = Math.round(performance.now() - this.started);
    return this.report;
  }

  /** One step under faults, then the invariants; false once one is broken. */
  private async perform(index: number, step: PlannedStep): Promise<boolean> {
    const before = this.state();
    const runningBefore = new Set(this.running());
    const mayStop = this.mayStop(step, before);
    const faults = this.faults.inject(likelyActions(step, this.program));
    const startedAt = performance.now();
    const outcome = await runStep(this.stack, this.options.stackName, this.program, step, {
      secretConfig: this.options.secretConfig,
    });
    this.timeStep(step.operation, performance.now() - startedAt);
    await this.faults.settle(faults);
    this.count(step, outcome);

    const after = this.state();
    const tasks = this.emulator.tasks();
    const errors = outcome.diagnostics
      .filter((d) => d.severity === "error" && d.urn?.includes("dynamic/trtc:"))
      .map((d) => d.message);
    this.report.userErrors += errors.length;
    for (const id of unknownStartsIn([outcome.output, ...outcome.diagnostics.map((d) => d.message)])) {
      this.unknownStarts.add(id);
    }
    // A failed step may have stopped what the user asked to stop without learning so (its answer lost); the state
    // still says it runs until a refresh reads it or an up retries the delete.
    if (!outcome.ok) {
      for (const stopped of stoppedByStep({ before, runningBefore, tasks })) {
        if (mayStop.has(stopped.name)) this.explainedStops.add(stopped.id);
      }
    }
    const problems = violations({
      before,
      after,
      runningBefore,
      tasks,
      mayStop,
      explainedStops: this.explainedStops,
      unknownStarts: this.unknownStarts,
      errors,
    });
    this.settle(step, outcome.ok);
    await this.options.onStep?.({ index, operation: step.operation, faults, outcome });
    if (problems.length === 0) return true;
    const context = `step ${index} (${step.operation}${step.target ? ` ${step.target.name}` : ""}; faults ${JSON.stringify(faults)}; ${outcome.ok ? "succeeded" : "failed"})`;
    this.report.violations.push(...problems.map((p) => `${context}: ${p}`));
    this.report.failedStepOutput = outcome.output;
    return false;
  }

  private readonly stepTimes = new Map<Operation, number[]>();

  private timeStep(operation: Operation, ms: number): void {
    const times = [...(this.stepTimes.get(operation) ?? []), ms];
    this.stepTimes.set(operation, times);
    this.report.meanStepMs[operation] = Math.round(times.reduce((a, b) => a + b, 0) / times.length);
  }

  private state(): StateSnapshot {
    let file: string | undefined;
    try {
      file = this.stack.local.stateFile();
    } catch {
      // No state file before the first operation wrote one.
    }
    return readStateSnapshot(file);
  }

  private running(): string[] {
    return this.emulator
      .tasks()
      .filter((t) => t.running)
      .map((t) => t.taskId);
  }

  /** The resources whose tasks the step may stop. */
  private mayStop(step: PlannedStep, before: StateSnapshot): Set<string> {
    const names = before.entries.map((e) => e.name);
    if (step.operation === "destroy") return new Set(names);
    if (step.operation === "refresh") return new Set();
    const allowed = new Set(this.unsettled);
    if (step.target && ["replace", "force-replace", "remove"].includes(step.operation)) allowed.add(step.target.name);
    // Left in state by an earlier failed removal: the program no longer declares it, so this up deletes it.
    for (const name of names) if (!this.program.has(name)) allowed.add(name);
    return allowed;
  }

  private settle(step: PlannedStep, ok: boolean): void {
    if (step.target && ["replace", "force-replace", "remove"].includes(step.operation)) {
      this.unsettled.add(step.target.name);
    }
    if (ok && step.operation !== "refresh") this.unsettled.clear();
    // A refresh that succeeded read every task: from now on the state must say which ones ended.
    if (ok && step.operation === "refresh") this.explainedStops.clear();
  }

  private count(step: PlannedStep, outcome: StepOutcome): void {
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

  /** A task of the program ends by itself: its room empty for MaxIdleTime (cloud), its MaxDurationLimit (web), or now. */
  private endOneNaturally(): void {
    if (this.program.size === 0) return;
    const model = this.program.pick();
    const byClock = this.rng.chance(0.6);
    const entry = this.state().entries.find((e) => e.name === model.name && !e.delete);
    const task = entry ? this.emulator.task(entry.id) : undefined;
    if (!task?.running) return;
    const before = new Set(this.running());
    if (task.kind === "cloud" && byClock) {
      const roomId = String(task.roomId);
      const maxIdleTime = Number((task.request.RecordParams as Record<string, unknown> | undefined)?.MaxIdleTime ?? 30);
      this.emulator.setRoomOccupied(task.sdkAppId, roomId, false);
      this.emulator.advanceClock(maxIdleTime + 1);
      this.emulator.setRoomOccupied(task.sdkAppId, roomId, true);
    } else if (task.kind === "web" && byClock && Number(task.request.MaxDurationLimit) <= 7200) {
      // Other web tasks with a shorter limit end too, as they would.
      this.emulator.advanceClock(Number(task.request.MaxDurationLimit) + 1);
    } else {
      this.emulator.endTask(task.taskId);
    }
    const now = new Set(this.running());
    for (const id of before) {
      if (!now.has(id)) {
        this.explainedStops.add(id);
        this.report.naturalEnds++;
      }
    }
  }

  /**
   * Without faults, destroy succeeds (retried a few times, as a user would) and leaves nothing in state and nothing
   * running but the tasks an error said may run unknown to state; those end once their rooms are empty.
   */
  private async cleanUp(): Promise<void> {
    const problems: string[] = [];
    // No fault is injected any more: the first destroy must succeed.
    if (this.state().entries.length > 0) {
      const destroyed = await this.stack.destroy();
      if (!destroyed.ok) problems.push(`destroy without faults failed: ${destroyed.output.slice(-3000)}`);
    }
    const left = this.state().entries;
    if (left.length > 0) problems.push(`still in state after destroy: ${left.map((e) => e.urn).join(", ")}`);
    for (const task of this.emulator.tasks().filter((t) => t.running)) {
      const id = (task.kind === "cloud" ? task.userId : task.recordId) ?? "";
      if (!this.unknownStarts.has(id)) problems.push(`task ${task.taskId} (${id}) still runs after destroy`);
    }
    // The service ends what is left: every room empty for longer than any MaxIdleTime, every page past a day.
    const rooms = new Map(
      this.emulator
        .tasks()
        .filter((t) => t.kind === "cloud" && t.roomId)
        .map((t) => [`${t.sdkAppId}/${t.roomId}`, t]),
    );
    for (const task of rooms.values()) this.emulator.setRoomOccupied(task.sdkAppId, String(task.roomId), false);
    this.emulator.advanceClock(Math.max(MAX_IDLE_SECONDS, 86_400) + 1);
    for (const task of this.emulator.tasks().filter((t) => t.running)) {
      problems.push(`task ${task.taskId} still runs a day after destroy`);
    }
    this.report.violations.push(...problems.map((p) => `final destroy: ${p}`));
  }
}

export { FAULT_KINDS };
