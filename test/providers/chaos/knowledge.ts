// What the chaos run knows that neither the state file nor the emulator says, and the invariants need: which
// resources' tasks a step may stop, the tasks known to have stopped while state may still say they run, and the
// robot UserIds and RecordIds an error said may run unknown to state.

import type { TaskView } from "../../../emulator";
import { stoppedByStep } from "./invariants";
import type { PlannedStep } from "./planner";
import type { ChaosProgram } from "./program";
import type { StateSnapshot } from "./state";
import type { StepOutcome } from "./steps";

/**
 * The robot UserIds and RecordIds that errors said may have started, or do run, unknown to state: the next `up`
 * generates the same id and replaces or takes over that task.
 */
export function unknownStartsIn(messages: readonly string[]): string[] {
  const found: string[] = [];
  for (const message of messages) {
    for (const match of message.matchAll(
      /it is unknown whether (?:recording robot|web recording RecordId) "([^"]+)"|RecordId "([^"]+)" is held by a running task/g,
    )) {
      const id = match[1] ?? match[2];
      if (id) found.push(id);
    }
  }
  return found;
}

export class RunKnowledge {
  private readonly program: ChaosProgram;
  /** Robot UserIds and RecordIds an error said may run unknown to state. */
  readonly unknownStarts = new Set<string>();
  /** TaskIds known to have stopped while state may still say they run (see invariants.ts). */
  readonly explainedStops = new Set<string>();
  /** Resources whose removal or replacement was asked for and not yet confirmed by a successful up. */
  private readonly unsettled = new Set<string>();

  constructor(program: ChaosProgram) {
    this.program = program;
  }

  /** The resources whose tasks the step may stop. */
  mayStop(step: PlannedStep, before: StateSnapshot): Set<string> {
    const names = before.entries.map((e) => e.name);
    if (step.operation === "destroy") return new Set(names);
    if (step.operation === "refresh") return new Set();
    const allowed = new Set(this.unsettled);
    if (step.target && ["replace", "force-replace", "remove"].includes(step.operation)) allowed.add(step.target.name);
    // Left in state by an earlier failed removal: the program no longer declares it, so this up deletes it.
    for (const name of names) if (!this.program.has(name)) allowed.add(name);
    return allowed;
  }

  /** What the step's outcome tells, before the invariants are checked. */
  observe(
    outcome: StepOutcome,
    evidence: { before: StateSnapshot; runningBefore: ReadonlySet<string>; tasks: readonly TaskView[] },
    mayStop: ReadonlySet<string>,
  ): void {
    for (const id of unknownStartsIn([outcome.output, ...outcome.diagnostics.map((d) => d.message)])) {
      this.unknownStarts.add(id);
    }
    // A failed step may have stopped what the user asked to stop without learning so (its answer lost); the state
    // still says it runs until a refresh reads it or an up retries the delete.
    if (!outcome.ok) {
      for (const stopped of stoppedByStep(evidence)) {
        if (mayStop.has(stopped.name)) this.explainedStops.add(stopped.id);
      }
    }
  }

  /** After the invariants: what the step leaves to settle, and what a successful one settled. */
  settle(step: PlannedStep, ok: boolean): void {
    if (step.target && ["replace", "force-replace", "remove"].includes(step.operation)) {
      this.unsettled.add(step.target.name);
    }
    if (ok && step.operation !== "refresh") this.unsettled.clear();
    // A refresh that succeeded read every task: from now on the state must say which ones ended.
    if (ok && step.operation === "refresh") this.explainedStops.clear();
  }
}
