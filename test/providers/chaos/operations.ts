// The chaos run's steps: which one comes next (seeded), what it changes in the program, and running it through
// the real CLI, with what the engine reported on the way (diagnostics, steps) collected from its event stream.

import type { EngineEvent } from "@pulumi/pulumi/automation";
import type { ActionName } from "../../../provider/api/actions";
import { CLOUD_TYPE, type CliStack, type OperationResult, WEB_TYPE } from "../../cli/cliStack";
import type { ChaosProgram, ResourceModel } from "./program";
import type { SeededRandom } from "./random";
import { PROJECT, recordingsConfig } from "./recordings";

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

export interface EngineDiagnostic {
  severity: string;
  urn?: string;
  message: string;
}

export interface StepOutcome extends OperationResult {
  diagnostics: EngineDiagnostic[];
  /** The engine's steps as they started (`create`, `update`, `create-replacement`, `delete-replaced`, ...). */
  steps: Array<{ op: string; urn: string }>;
  /** Every engine event, as the CLI streamed it. */
  events: EngineEvent[];
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

export function urnOf(stack: string, model: Pick<ResourceModel, "kind" | "name">): string {
  return `urn:pulumi:${stack}::${PROJECT}::${model.kind === "cloud" ? CLOUD_TYPE : WEB_TYPE}::${model.name}`;
}

/** Runs the step through the CLI: `up` with the program's config (and `--replace` for force-replace), or refresh, or destroy. */
export async function runStep(
  stack: CliStack,
  stackName: string,
  program: ChaosProgram,
  step: PlannedStep,
  options: { secretConfig?: boolean } = {},
): Promise<StepOutcome> {
  const events: EngineEvent[] = [];
  const onEvent = (event: EngineEvent) => events.push(event);
  let result: OperationResult;
  if (step.operation === "refresh") {
    result = await stack.refresh({ onEvent });
  } else if (step.operation === "destroy") {
    result = await stack.destroy({ onEvent });
  } else {
    await stack.setConfig(recordingsConfig(program.specs(), { secret: options.secretConfig }));
    const replace = step.operation === "force-replace" && step.target ? [urnOf(stackName, step.target)] : undefined;
    result = await stack.up({ onEvent, ...(replace ? { replace } : {}) });
  }
  return { ...result, ...digest(events), events };
}

function digest(events: EngineEvent[]): Pick<StepOutcome, "diagnostics" | "steps"> {
  const diagnostics: EngineDiagnostic[] = [];
  const steps: StepOutcome["steps"] = [];
  for (const event of events) {
    const diagnostic = event.diagnosticEvent;
    if (diagnostic)
      diagnostics.push({ severity: diagnostic.severity, urn: diagnostic.urn, message: diagnostic.message });
    const pre = event.resourcePreEvent;
    if (pre && !pre.planning) steps.push({ op: pre.metadata.op, urn: pre.metadata.urn });
  }
  return { diagnostics, steps };
}
