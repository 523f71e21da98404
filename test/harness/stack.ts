// The library front-end for tests: `pulumi preview|up|refresh|destroy` on a program dir and a state file, each in
// a fresh runner process (as each CLI command is a fresh engine), plus `captureProviders` for tests that drive the
// host directly. Operation failures resolve as `ok: false` with `errors`; only harness failures reject.

import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { nodeBinary, repoRoot } from "../../pulumi-cli/paths";
import { readPulumiProject } from "./pulumiProject";
import {
  type CapturedResource,
  type ConfigValue,
  namespacedConfig,
  type Operation,
  type RunRequest,
  type RunResult,
} from "./runRequest";
import type { StackState } from "./stackState";
import { loadState } from "./stateFile";

export interface StackOptions {
  programDir: string;
  stateFile: string;
  /** Default: `name` from Pulumi.yaml, else "project". */
  project?: string;
  /** Default "dev". */
  stack?: string;
  /** Keys without a namespace belong to the project. Secret values: `secret("...")`. */
  config?: Record<string, ConfigValue>;
  /** Extra environment for the runner, the program and the host. */
  env?: Record<string, string>;
  /** Maximum concurrent resource operations (`--parallel`); unbounded by default. */
  parallel?: number;
  /** State file passphrase; default "harness-passphrase". */
  passphrase?: string;
  /** Kill the runner after this long (a harness failure); default 120 s. */
  timeoutMs?: number;
}

export type CaptureOptions = Omit<StackOptions, "programDir" | "stateFile" | "parallel" | "passphrase">;

export function preview(options: StackOptions): Promise<RunResult> {
  return runOperation("preview", options);
}

export function up(options: StackOptions): Promise<RunResult> {
  return runOperation("up", options);
}

export function refresh(options: StackOptions): Promise<RunResult> {
  return runOperation("refresh", options);
}

export function destroy(options: StackOptions): Promise<RunResult> {
  return runOperation("destroy", options);
}

/** The program's dynamic resources as registered under mocks, each with its raw inputs and `__provider` text. */
export async function captureProviders(programDir: string, options: CaptureOptions = {}): Promise<CapturedResource[]> {
  const result = await runOperation("capture", { ...options, programDir, stateFile: "" });
  if (!result.ok) throw new Error(`the program failed under mocks: ${result.errors.join("\n")}\n${result.log}`);
  return result.resources ?? [];
}

/** The decrypted state a run left behind. */
export function readState(stateFile: string, passphrase?: string): StackState | undefined {
  return loadState(stateFile, { passphrase });
}

async function runOperation(op: Operation, options: StackOptions): Promise<RunResult> {
  const project = options.project ?? readPulumiProject(options.programDir).name ?? "project";
  const request: RunRequest = {
    op,
    programDir: options.programDir,
    project,
    stack: options.stack ?? "dev",
    config: namespacedConfig(options.config ?? {}, project),
  };
  if (op !== "capture") request.stateFile = options.stateFile;
  if (options.parallel !== undefined) request.parallel = options.parallel;
  if (options.passphrase !== undefined) request.passphrase = options.passphrase;

  // In its own process group, so a timeout can kill the runner together with the host it started.
  const child = spawn(nodeBinary(), [runnerScript()], {
    cwd: options.programDir,
    env: { ...process.env, ...options.env },
    stdio: ["pipe", "pipe", "pipe"],
    detached: true,
  });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
  child.stdin.end(JSON.stringify(request));

  const timeoutMs = options.timeoutMs ?? 120_000;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
    } catch {
      child.kill("SIGKILL");
    }
  }, timeoutMs);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", resolve);
  }).finally(() => clearTimeout(timer));

  const out = Buffer.concat(stdout).toString("utf8").trim();
  const err = Buffer.concat(stderr).toString("utf8");
  const why = timedOut ? `timed out after ${timeoutMs} ms` : `exited with ${code}`;
  if (timedOut || code !== 0 || !out) throw new Error(`harness runner (${op}) ${why}:\n${err}${out}`);
  const lastLine = out.slice(out.lastIndexOf("\n") + 1);
  try {
    return JSON.parse(lastLine) as RunResult;
  } catch {
    throw new Error(`harness runner (${op}) printed no result:\n${out}\n${err}`);
  }
}

/**
 * The compiled runner. From the compiled harness it is the sibling file; from the TypeScript sources (vitest) it
 * is the build output, which must not be older than the sources.
 */
function runnerScript(): string {
  if (__filename.endsWith(".js")) return join(__dirname, "runProgram.js");
  const sources = join(repoRoot(), "test", "harness");
  const built = join(repoRoot(), "dist", "test", "harness");
  const runner = join(built, "runProgram.js");
  if (!existsSync(runner)) throw new Error(`${runner} is missing: run \`npm run build\` first`);
  for (const file of readdirSync(sources).filter((f) => f.endsWith(".ts"))) {
    const compiled = join(built, file.replace(/\.ts$/, ".js"));
    if (!existsSync(compiled) || statSync(compiled).mtimeMs < statSync(join(sources, file)).mtimeMs) {
      throw new Error(`${compiled} is older than test/harness/${file}: run \`npm run build\` first`);
    }
  }
  return runner;
}
