// A benchmark stack: a local stack of the real Pulumi CLI (pulumi-cli/openLocalStack) running an inline program in
// the bench's program dir, against an emulator process. Each operation is measured as the user meets it: the wall
// time of the `pulumi <command>` process itself, the API requests the emulator saw meanwhile (throttled ones
// among them), what the engine reported (errors, warnings, when the first and last recording steps happened), and
// the peak memory and CPU time of the processes it ran (CLI, provider host, emulator, this one).

import type { ConfigMap, EngineEvent, PulumiFn } from "@pulumi/pulumi/automation";
import { type LocalStack, openLocalStack } from "../pulumi-cli";
import type { EmulatorProcess } from "./emulatorProcess";
import { type ProcessUsage, watchProcesses } from "./processUsage";
import { CLOUD_TYPE, PROJECT, WEB_TYPE } from "./stackProgram";

export type Command = "up" | "preview" | "refresh" | "destroy";

export interface OperationFigures {
  command: Command;
  /** Wall time of the `pulumi <command>` process, ms: what a user waits for at the terminal. */
  cliMs: number;
  /** The whole Automation API call, ms: the CLI plus `stack output` and `stack history` runs it adds after up. */
  apiMs: number;
  /** Recording steps' span as the event log showed them (polled every 200 ms): first began, last done, ms after
   * the operation was called. */
  firstStepMs: number;
  lastStepMs: number;
  /** Per resource type: when its first step began and its last one was done, ms after the operation was called. */
  spans: Record<string, [number, number]>;
  /** Recording steps that completed (resOutputs events). */
  stepsDone: number;
  /** API requests the emulator saw during the operation, per action: [answered OK, RequestLimitExceeded, other]. */
  byAction: Record<string, [number, number, number]>;
  requests: number;
  throttled: number;
  /** What the user saw: error diagnostics (and the failure of the command itself), and warnings. */
  errors: string[];
  warnings: string[];
  /** The engine's change summary (preview: planned). */
  changes: Record<string, number>;
  processes: ProcessUsage;
  /** CPU time of this process during the operation, ms: the inline program, its language server, event tailing. */
  programCpuMs: number;
}

export interface OperationOptions {
  /** `--parallel`; undefined for the CLI's own default. */
  parallel?: number;
  /** Program to run (up and preview), instead of the stack's. */
  program?: PulumiFn;
  /**
   * Other operations run at the same time against the same emulator (several stacks at once): the emulator's
   * request log and the processes on the machine are theirs too, so they are left to the caller to measure for the
   * group (`requests`, `throttled` and `byAction` stay empty, `processes` NaN).
   */
  shared?: boolean;
}

export interface BenchStack {
  local: LocalStack;
  run(command: Command, options?: OperationOptions): Promise<OperationFigures>;
  remove(): Promise<void>;
}

interface CommandRun {
  args: string[];
  ms: number;
}

const unmeasuredUsage = (): ProcessUsage => ({
  hostPeakKb: Number.NaN,
  hosts: 0,
  cliPeakKb: Number.NaN,
  hostCpuMs: Number.NaN,
  cliCpuMs: Number.NaN,
  emulatorCpuMs: Number.NaN,
});

const isRecording = (type: string | undefined) => type === CLOUD_TYPE || type === WEB_TYPE;

export async function openBenchStack(options: {
  programDir: string;
  stack: string;
  program: PulumiFn;
  config: ConfigMap;
  emulator: EmulatorProcess;
  /** Extra environment for the CLI (e.g. PULUMI_SKIP_CHECKPOINTS). */
  env?: Record<string, string>;
}): Promise<BenchStack> {
  const local = await openLocalStack({
    workDir: options.programDir,
    project: PROJECT,
    stack: options.stack,
    program: options.program,
    env: options.env,
  });
  await local.stack.setAllConfig(options.config);

  // The Automation API runs every CLI command through its PulumiCommand's `run` (internal: not in the typings).
  // Timing it gives the `pulumi up` process alone, without the commands the API adds around it; should a later SDK
  // rename it, the figures fall back to the whole API call.
  const runs: CommandRun[] = [];
  const command = local.stack.workspace.pulumiCommand as unknown as { run?: (...args: unknown[]) => Promise<unknown> };
  const original = command.run?.bind(command);
  if (original) {
    command.run = async (...args: unknown[]) => {
      const started = performance.now();
      try {
        return await original(...args);
      } finally {
        runs.push({ args: args[0] as string[], ms: performance.now() - started });
      }
    };
  }

  const run = async (name: Command, opts: OperationOptions = {}): Promise<OperationFigures> => {
    const shared = opts.shared === true;
    const before = shared ? 0 : (await options.emulator.requests()).length;
    const errors: string[] = [];
    const warnings: string[] = [];
    let firstStepMs = Number.NaN;
    let lastStepMs = Number.NaN;
    let stepsDone = 0;
    const spans: Record<string, [number, number]> = {};
    const runsBefore = runs.length;
    const watch = shared ? undefined : watchProcesses();
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const onEvent = (event: EngineEvent) => {
      const at = performance.now() - started;
      if (event.resourcePreEvent && isRecording(event.resourcePreEvent.metadata.type)) {
        if (Number.isNaN(firstStepMs)) firstStepMs = at;
        spans[event.resourcePreEvent.metadata.type] ??= [at, at];
      } else if (event.resOutputsEvent && isRecording(event.resOutputsEvent.metadata.type)) {
        stepsDone++;
        lastStepMs = at;
        const span = spans[event.resOutputsEvent.metadata.type];
        if (span) span[1] = at;
      } else if (event.diagnosticEvent?.severity === "error") {
        errors.push(event.diagnosticEvent.message.trim());
      } else if (event.diagnosticEvent?.severity === "warning") {
        warnings.push(event.diagnosticEvent.message.trim());
      }
    };
    const common = { onEvent, ...(opts.parallel ? { parallel: opts.parallel } : {}) };
    const program = opts.program ? { program: opts.program } : {};
    let changes: Record<string, number> = {};
    try {
      if (name === "up") changes = { ...(await local.stack.up({ ...common, ...program })).summary.resourceChanges };
      if (name === "preview") changes = { ...(await local.stack.preview({ ...common, ...program })).changeSummary };
      if (name === "refresh") changes = { ...(await local.stack.refresh(common)).summary.resourceChanges };
      if (name === "destroy") changes = { ...(await local.stack.destroy(common)).summary.resourceChanges };
    } catch (error) {
      errors.push(`pulumi ${name} failed: ${(error as Error).message.split("\n")[0]}`);
    }
    const apiMs = performance.now() - started;
    const usage = watch?.stop() ?? unmeasuredUsage();
    const cpu = process.cpuUsage(cpuBefore);
    const cliRun = runs.slice(runsBefore).find((r) => r.args[0] === name);
    const requests = shared ? [] : (await options.emulator.requests()).slice(before);
    const byAction: Record<string, [number, number, number]> = {};
    for (const request of requests) {
      const counts = byAction[request.action] ?? [0, 0, 0];
      byAction[request.action] = counts;
      counts[request.code === "OK" ? 0 : request.code === "RequestLimitExceeded" ? 1 : 2]++;
    }
    return {
      command: name,
      cliMs: cliRun?.ms ?? apiMs,
      apiMs,
      firstStepMs,
      lastStepMs,
      stepsDone,
      spans,
      byAction,
      requests: requests.length,
      throttled: requests.filter((r) => r.code === "RequestLimitExceeded").length,
      errors,
      warnings,
      changes,
      processes: usage,
      programCpuMs: (cpu.user + cpu.system) / 1000,
    };
  };

  return { local, run, remove: () => local.remove() };
}
