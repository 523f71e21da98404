// A program run through the real Pulumi CLI against an emulator, for tests: a private copy of the program with the
// package installed as users get it, a local stack, and the operations returning what the CLI printed and the
// state it wrote. Every operation resolves, failed or not: `ok` and `output` say how it went.

import { join } from "node:path";
import type { DestroyOptions, PreviewOptions, RefreshOptions, UpOptions } from "@pulumi/pulumi/automation";
import { type Emulator, type EmulatorOptions, startEmulator } from "../../emulator";
import { type LocalStack, loadProgram, openLocalStack, type StackConfig } from "../../pulumi-cli";
import { installPackageCopy } from "../../pulumi-cli/installPackage";
import type { StateResource } from "../../pulumi-cli/localStack";
import { repoRoot } from "../../pulumi-cli/paths";
import { copyProgram, removeProgramCopy } from "./programCopy";

export const CLOUD_TYPE = "pulumi-nodejs:dynamic/trtc:CloudRecording";
export const WEB_TYPE = "pulumi-nodejs:dynamic/trtc:WebRecording";
export const SDK_APP_ID = 1400000000;
export const SECRET_ID = "AKIDe2e00000000000000000000000000";
export const SECRET_KEY = "e2e-api-secret-key-do-not-leak-0001";
export const SDK_SECRET_KEY = "e2e-sdk-secret-key-do-not-leak-0002";

export interface OperationResult {
  ok: boolean;
  /** Everything the CLI printed (stdout and stderr), as a user sees it. */
  output: string;
  /** The engine's resource changes summary, e.g. `{ create: 2 }`. */
  changes: Record<string, number>;
  /** Stack outputs after up. */
  outputs: Record<string, unknown>;
}

export interface CliStack {
  local: LocalStack;
  emulator: Emulator;
  programDir: string;
  setConfig(config: StackConfig): Promise<void>;
  preview(options?: PreviewOptions): Promise<OperationResult>;
  up(options?: UpOptions): Promise<OperationResult>;
  refresh(options?: RefreshOptions): Promise<OperationResult>;
  destroy(options?: DestroyOptions): Promise<OperationResult>;
  /** Runs the CLI itself with the stack's environment (`--stack` is added). */
  cli(args: string[]): Promise<{ ok: boolean; output: string }>;
  /** The custom resources in state, secrets in plaintext (`pulumi stack export --show-secrets`). */
  resources(): Promise<StateResource[]>;
  /** The tasks the emulator has running. */
  running(): ReturnType<Emulator["tasks"]>;
  cleanup(): Promise<void>;
}

export interface CliStackOptions {
  /** Program directory (copied), relative to the repository root, e.g. "examples/quickstart". */
  program: string;
  project: string;
  stack?: string;
  /** The program's entry file in the copy (default index.ts). */
  main?: string;
  emulator?: Partial<EmulatorOptions>;
  /** An emulator shared with other stacks (not closed by cleanup). */
  sharedEmulator?: Emulator;
  /** Stack config besides the provider's (which points at the emulator). */
  config?: StackConfig;
  env?: Record<string, string>;
}

/** The provider's stack config for an emulator, as `pulumi config set` would store it. */
export function emulatorConfig(url: string, overrides: StackConfig = {}): StackConfig {
  return {
    "trtc:endpoint": url,
    "trtc:secretId": SECRET_ID,
    "trtc:secretKey": { secret: SECRET_KEY },
    "trtc:region": "ap-singapore",
    "trtc:sdkAppId": String(SDK_APP_ID),
    "trtc:sdkSecretKey": { secret: SDK_SECRET_KEY },
    ...overrides,
  };
}

export async function openCliStack(options: CliStackOptions): Promise<CliStack> {
  const programDir = copyProgram(join(repoRoot(), options.program), options.project);
  installPackageCopy(programDir);
  const emulator =
    options.sharedEmulator ??
    (await startEmulator({
      secretId: SECRET_ID,
      secretKey: SECRET_KEY,
      sdkSecretKey: SDK_SECRET_KEY,
      ...options.emulator,
    }));
  const stackName = options.stack ?? "test";
  const local = await openLocalStack({
    workDir: programDir,
    project: options.project,
    stack: stackName,
    program: loadProgram(join(programDir, options.main ?? "index.ts")),
    env: options.env,
  });
  const setConfig = async (config: StackConfig) => {
    const entries = Object.entries(config).map(([key, value]) => [
      key,
      typeof value === "string" ? { value } : { value: value.secret, secret: true },
    ]);
    await local.stack.setAllConfig(Object.fromEntries(entries));
  };
  await setConfig({ ...emulatorConfig(emulator.url), ...options.config });

  async function operation<T extends { stdout: string; stderr: string }>(
    run: (onOutput: (text: string) => void) => Promise<T>,
    summary: (result: T) => { changes: Record<string, number>; outputs: Record<string, unknown> },
  ): Promise<OperationResult> {
    const printed: string[] = [];
    try {
      const result = await run((text) => printed.push(text));
      return { ok: true, output: printed.join(""), ...summary(result) };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, output: `${printed.join("")}\n${message}`, changes: {}, outputs: {} };
    }
  }
  const changesOf = (counts: Record<string, number> | undefined) => ({ ...(counts ?? {}) });

  return {
    local,
    emulator,
    programDir,
    setConfig,
    preview: (opts = {}) =>
      operation(
        (onOutput) => local.stack.preview({ ...opts, onOutput }),
        (r) => ({ changes: changesOf(r.changeSummary as Record<string, number>), outputs: {} }),
      ),
    up: (opts = {}) =>
      operation(
        (onOutput) => local.stack.up({ ...opts, onOutput }),
        (r) => ({
          changes: changesOf(r.summary.resourceChanges),
          outputs: Object.fromEntries(Object.entries(r.outputs).map(([k, v]) => [k, v.value])),
        }),
      ),
    refresh: (opts = {}) =>
      operation(
        (onOutput) => local.stack.refresh({ ...opts, onOutput }),
        (r) => ({ changes: changesOf(r.summary.resourceChanges), outputs: {} }),
      ),
    destroy: (opts = {}) =>
      operation(
        (onOutput) => local.stack.destroy({ ...opts, onOutput }),
        (r) => ({ changes: changesOf(r.summary.resourceChanges), outputs: {} }),
      ),
    cli: async (args) => {
      const result = await local.run([...args, "--stack", stackName]).catch((error: Error) => ({
        code: 1,
        stdout: "",
        stderr: error.message,
      }));
      return { ok: result.code === 0, output: `${result.stdout}${result.stderr}` };
    },
    resources: async () => {
      const state = await local.exportState({ showSecrets: true });
      return (state.deployment.resources ?? []).filter((r) => r.type === CLOUD_TYPE || r.type === WEB_TYPE);
    },
    running: () => emulator.tasks().filter((t) => t.running),
    cleanup: async () => {
      await local.remove();
      if (!options.sharedEmulator) await emulator.close();
      removeProgramCopy(programDir);
    },
  };
}
