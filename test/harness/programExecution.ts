// Runs a Pulumi program the way the Node language host does (cmd/run/run.js): cwd = the program dir, the entry
// required inside `runInPulumiStack` (an exported function is called and awaited), TypeScript transpiled on load.
// The difference: the resource monitor is the harness's, and completion is observed here rather than by the engine.

import { installEngineMonitor, loadPulumiRuntime, type MonitorHandlers } from "./engineMonitor";
import { readPulumiProject, resolveEntry } from "./pulumiProject";
import { registerTypeScript } from "./typescriptHook";

export interface ProgramRun {
  programDir: string;
  project: string;
  stack: string;
  preview: boolean;
  handlers: MonitorHandlers;
}

export interface ProgramOutcome {
  /** Exceptions thrown or rejected by the program (including rejections of outputs of failed resources). */
  errors: Error[];
  warnings: string[];
}

/**
 * Runs the program to completion: its code has run, its stack outputs are registered and no RPC is outstanding
 * (the runtime's own `waitForRPCs`, which `disconnect()` uses before the language host exits).
 */
export async function executeProgram(run: ProgramRun): Promise<ProgramOutcome> {
  const runtime = loadPulumiRuntime(run.programDir);
  installEngineMonitor(runtime, run.handlers, run);
  registerTypeScript(run.programDir);
  const { entry, warnings } = resolveEntry(run.programDir, readPulumiProject(run.programDir).main);
  process.chdir(run.programDir);

  const errors: Error[] = [];
  let collecting = true;
  const record = (error: unknown) => {
    // Late rejections are dropped: the listeners stay so they cannot crash the runner.
    if (!collecting) return;
    const asError = error instanceof Error ? error : new Error(String(error));
    if (!errors.some((e) => e.message === asError.message)) errors.push(asError);
  };
  process.on("unhandledRejection", record);
  process.on("uncaughtException", record);
  try {
    await runtime.stack.runInPulumiStack(async () => {
      const exported = require(entry) as unknown;
      return await (typeof exported === "function" ? exported() : exported);
    });
  } catch (error) {
    record(error);
  }
  await runtime.settings.waitForRPCs();
  // Rejections of abandoned outputs surface on later turns of the event loop.
  await new Promise((resolve) => setImmediate(resolve));
  collecting = false;
  return { errors, warnings };
}
