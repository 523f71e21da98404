// Running a chaos step through the real CLI (`up` with the program's config, `up --replace`, refresh or destroy),
// with what the engine reported on the way (diagnostics, steps) collected from its event stream.

import type { EngineEvent } from "@pulumi/pulumi/automation";
import { CLOUD_TYPE, type CliStack, type OperationResult, WEB_TYPE } from "../../cli/cliStack";
import type { PlannedStep } from "./planner";
import type { ChaosProgram, ResourceModel } from "./program";
import { PROJECT, recordingsConfig } from "./recordings";

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
