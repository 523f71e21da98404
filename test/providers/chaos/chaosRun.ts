// The chaos run: a seeded random sequence of steps, each a real CLI operation on a stack of the recordings fixture
// program (`pulumi up` after the user added, changed in place, replaced or removed a recording; `pulumi up
// --replace`; `pulumi refresh`; `pulumi destroy` at the end), while the emulator injects faults before each step
// and, now and then, a task ends by itself (an empty room, a duration limit). After every step the invariants of
// invariants.ts are checked between the state file on disk and the tasks the emulator runs.
//
// This module is the run's loop. The others: program.ts (the recordings and their random changes), planner.ts
// (choosing the next step), steps.ts (running it through the CLI), faults.ts (what is injected, what fired),
// serviceEnds.ts (tasks ending by themselves), state.ts (the state file), knowledge.ts (what the run knows beyond
// state), invariants.ts (what must hold), report.ts (what the run reports).

import type { Emulator, FaultSpec } from "../../../emulator";
import type { CliStack } from "../../cli/cliStack";
import { FaultInjector } from "./faults";
import { violations } from "./invariants";
import { RunKnowledge } from "./knowledge";
import { likelyActions, type Operation, type PlannedStep, StepPlanner } from "./planner";
import { ChaosProgram } from "./program";
import { SeededRandom } from "./random";
import { type ChaosReport, ChaosTally } from "./report";
import { endOneNaturally, endWhatIsLeft, runningTaskIds } from "./serviceEnds";
import { readStateSnapshot, type StateSnapshot } from "./state";
import { runStep, type StepOutcome } from "./steps";

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
  private readonly knowledge: RunKnowledge;
  private readonly tally: ChaosTally;
  private readonly report: ChaosReport;
  private readonly started = performance.now();

  constructor(stack: CliStack, options: ChaosOptions) {
    this.stack = stack;
    this.emulator = stack.emulator;
    this.options = options;
    this.rng = new SeededRandom(options.seed);
    this.program = new ChaosProgram(this.rng);
    this.planner = new StepPlanner(this.rng, this.program);
    this.faults = new FaultInjector(this.rng, this.emulator);
    this.knowledge = new RunKnowledge(this.program);
    this.tally = new ChaosTally(options.seed, this.faults, this.program.secretsPassed);
    this.report = this.tally.report;
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
    this.report.unknownStarts = this.knowledge.unknownStarts.size;
    this.report.durationMs = Math.round(performance.now() - this.started);
    return this.report;
  }

  /** One step under faults, then the invariants; false once one is broken. */
  private async perform(index: number, step: PlannedStep): Promise<boolean> {
    const before = this.state();
    const runningBefore = new Set(runningTaskIds(this.emulator));
    const mayStop = this.knowledge.mayStop(step, before);
    const faults = this.faults.inject(likelyActions(step, this.program));
    const startedAt = performance.now();
    const outcome = await runStep(this.stack, this.options.stackName, this.program, step, {
      secretConfig: this.options.secretConfig,
    });
    this.tally.timeStep(step.operation, performance.now() - startedAt);
    await this.faults.settle(faults);
    this.tally.count(step, outcome);

    const after = this.state();
    const tasks = this.emulator.tasks();
    const errors = outcome.diagnostics
      .filter((d) => d.severity === "error" && d.urn?.includes("dynamic/trtc:"))
      .map((d) => d.message);
    this.report.userErrors += errors.length;
    this.knowledge.observe(outcome, { before, runningBefore, tasks }, mayStop);
    const problems = violations({
      before,
      after,
      runningBefore,
      tasks,
      mayStop,
      explainedStops: this.knowledge.explainedStops,
      unknownStarts: this.knowledge.unknownStarts,
      errors,
    });
    this.knowledge.settle(step, outcome.ok);
    await this.options.onStep?.({ index, operation: step.operation, faults, outcome });
    if (problems.length === 0) return true;
    const context = `step ${index} (${step.operation}${step.target ? ` ${step.target.name}` : ""}; faults ${JSON.stringify(faults)}; ${outcome.ok ? "succeeded" : "failed"})`;
    this.report.violations.push(...problems.map((p) => `${context}: ${p}`));
    this.report.failedStepOutput = outcome.output;
    return false;
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

  /** A task ends by itself; the state may say it runs until a refresh reads it. */
  private endOneNaturally(): void {
    for (const id of endOneNaturally(this.emulator, this.program, this.rng, () => this.state())) {
      this.knowledge.explainedStops.add(id);
      this.report.naturalEnds++;
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
      if (!this.knowledge.unknownStarts.has(id)) problems.push(`task ${task.taskId} (${id}) still runs after destroy`);
    }
    endWhatIsLeft(this.emulator);
    for (const task of this.emulator.tasks().filter((t) => t.running)) {
      problems.push(`task ${task.taskId} still runs a day after destroy`);
    }
    this.report.violations.push(...problems.map((p) => `final destroy: ${p}`));
  }
}
