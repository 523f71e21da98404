// The chaos run's next step, chosen by the seed: an operation from a shuffled bag, the recording it is about, and the
// change it makes to the program; and the API actions the step is likely to call, at which faults are aimed.

import type { ActionName } from "../../../provider/api/actions";
import type { ChaosProgram, ResourceModel } from "./program";
import type { SeededRandom } from "./random";

export const OPERATIONS = ["add", "update", "replace", "force-replace", "remove", "refresh", "up", "destroy"] as const;
export type Operation = (typeof OPERATIONS)[number];

/**
 * How often each operation comes in a bag of steps (shuffled, refilled when empty): every operation happens in a
 * run of a dozen steps or more. `destroy` ends the run rather than coming from the bag.
 */
const BAG: Readonly<Record<Exclude<Operation, "destroy">, number>> = {
  add: 3,
  update: 2,
  replace: 2,
  "force-replace": 1,
  remove: 1,
  refresh: 2,
  up: 1,
};
const NEEDS_RESOURCE: ReadonlySet<Operation> = new Set(["update", "replace", "force-replace", "remove"]);
/** Few resources keep each CLI operation short; several are enough for parallel steps and mixed kinds. */
const MAX_RESOURCES = 5;

export interface PlannedStep {
  operation: Operation;
  /** The recording the operation is about (add, update, replace, force-replace, remove). */
  target?: ResourceModel;
}

export class StepPlanner {
  private readonly rng: SeededRandom;
  private readonly program: ChaosProgram;
  private bag: Operation[] = [];

  constructor(rng: SeededRandom, program: ChaosProgram) {
    this.rng = rng;
    this.program = program;
  }

  /** The next step, applied to the program. What it chooses depends on the seed and the program only. */
  next(): PlannedStep {
    let operation = this.draw();
    if (NEEDS_RESOURCE.has(operation) && this.program.size === 0) operation = "add";
    if (operation === "add" && this.program.size >= MAX_RESOURCES) operation = "update";
    switch (operation) {
      case "add":
        return { operation, target: this.program.add() };
      case "update": {
        const target = this.program.pick();
        this.program.updateInPlace(target);
        return { operation, target };
      }
      case "replace": {
        const target = this.program.pick();
        this.program.forceReplacement(target);
        return { operation, target };
      }
      case "force-replace":
        return { operation, target: this.program.pick() };
      case "remove": {
        const target = this.program.pick();
        this.program.remove(target);
        return { operation, target };
      }
      default:
        return { operation };
    }
  }

  private draw(): Operation {
    if (this.bag.length === 0) {
      this.bag = Object.entries(BAG).flatMap(([op, count]) => Array<Operation>(count).fill(op as Operation));
      for (let i = this.bag.length - 1; i > 0; i--) {
        const j = this.rng.int(0, i);
        [this.bag[i], this.bag[j]] = [this.bag[j] as Operation, this.bag[i] as Operation];
      }
    }
    return this.bag.pop() as Operation;
  }
}

/** The API actions a step is likely to call, so that faults aimed at them fire. */
export function likelyActions(step: PlannedStep, program: ChaosProgram): ActionName[] {
  const kinds = step.target ? [step.target.kind] : [...new Set(program.specs().map((s) => s.kind))];
  const per = (cloud: ActionName[], web: ActionName[]) => kinds.flatMap((kind) => (kind === "cloud" ? cloud : web));
  switch (step.operation) {
    case "add":
      return per(["CreateCloudRecording", "DescribeCloudRecording"], ["StartWebRecord", "DescribeWebRecord"]);
    case "update":
      // A web recording changes only provider settings in place: no call at all.
      return per(["ModifyCloudRecording"], []);
    case "replace":
    case "force-replace":
      return per(
        ["CreateCloudRecording", "DescribeCloudRecording", "DeleteCloudRecording"],
        ["StartWebRecord", "DescribeWebRecord", "StopWebRecord"],
      );
    case "remove":
    case "destroy":
      return per(["DeleteCloudRecording"], ["StopWebRecord"]);
    case "refresh":
      return per(["DescribeCloudRecording"], ["DescribeWebRecord"]);
    case "up":
      // Nothing changed: only what an earlier failure left undone is retried.
      return [];
  }
}
