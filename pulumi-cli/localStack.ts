// A stack of the real Pulumi CLI that stays on this machine: a file backend in a directory of its own,
// passphrase secrets, no update check, no plugin downloads. The dynamic-provider launcher
// (`pulumi-resource-pulumi-nodejs`, shipped in @pulumi/pulumi) and Node 22 go first on the CLI's PATH.
// https://www.pulumi.com/docs/iac/concepts/state-and-backends/#local-filesystem

import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { LocalWorkspace, PulumiCommand, type PulumiFn, type Stack } from "@pulumi/pulumi/automation";
import { pulumiCliDir } from "./obtain";

/** Stack config as `pulumi config set` takes it: a plain string, or `{ secret }` for `--secret`. */
export type StackConfig = Record<string, string | { secret: string }>;

export interface LocalStackOptions {
  /** The program's directory: the CLI and the provider plugins run there, so it must resolve pulumi-trtc. */
  workDir: string;
  project: string;
  stack: string;
  program: PulumiFn;
  /** The file backend's directory (default: a new temporary one, removed by `remove()`). */
  backendDir?: string;
  passphrase?: string;
  /** Extra environment for the CLI and the processes it starts (the provider host among them). */
  env?: Record<string, string>;
}

export interface LocalStack {
  stack: Stack;
  /** The environment every CLI call gets. */
  env: Record<string, string>;
  backendDir: string;
  /** Runs the CLI with the stack's environment, in its work dir, e.g. `run(["stack", "export"])`. */
  run(args: string[]): Promise<{ stdout: string; stderr: string; code: number }>;
  /** The state file as the file backend wrote it (secrets are ciphertext there). */
  stateFile(): string;
  /** `pulumi stack export`, optionally with secrets shown in plaintext. */
  exportState(options?: { showSecrets?: boolean }): Promise<StateExport>;
  /** Removes the stack and, if this module created it, the backend directory. */
  remove(): Promise<void>;
}

/** The part of `pulumi stack export` that tests and tools read. */
export interface StateExport {
  deployment: {
    resources?: StateResource[];
    pending_operations?: Array<{ type: string; resource: StateResource }>;
  };
}

export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  custom?: boolean;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  pendingReplacement?: boolean;
  delete?: boolean;
}

const MIN_NODE_MAJOR = 22;
const LAUNCHER = "pulumi-resource-pulumi-nodejs";

/** Creates (or selects) a stack of an inline program against a local file backend. */
export async function openLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const ownBackend = options.backendDir === undefined;
  const backendDir = options.backendDir ?? mkdtempSync(join(tmpdir(), "pulumi-trtc-backend-"));
  mkdirSync(join(backendDir, "home"), { recursive: true });
  const cliDir = pulumiCliDir();
  const env = offlineEnvironment(
    cliDir,
    options.workDir,
    backendDir,
    options.passphrase ?? "pulumi-trtc-local",
    options.env,
  );
  const command = await PulumiCommand.get({ root: dirname(cliDir) });
  const hasProjectFile = ["Pulumi.yaml", "Pulumi.yml", "Pulumi.json"].some((f) => existsSync(join(options.workDir, f)));
  const stack = await LocalWorkspace.createOrSelectStack(
    { projectName: options.project, stackName: options.stack, program: options.program },
    {
      workDir: options.workDir,
      pulumiCommand: command,
      envVars: env,
      // An existing Pulumi.yaml is the user's: only a directory without one gets generated settings.
      ...(hasProjectFile ? {} : { projectSettings: { name: options.project, runtime: "nodejs" as const } }),
    },
  );
  const run = (args: string[]) => runCli(cliDir, [...args, "--non-interactive"], options.workDir, env);
  const stateFile = () => findStateFile(backendDir, options.project, options.stack);
  return {
    stack,
    env,
    backendDir,
    run,
    stateFile,
    exportState: async ({ showSecrets = false } = {}) => {
      const args = ["stack", "export", "--stack", options.stack, ...(showSecrets ? ["--show-secrets"] : [])];
      const result = await run(args);
      if (result.code !== 0) throw new Error(`pulumi ${args.join(" ")} failed: ${result.stderr}`);
      return JSON.parse(result.stdout) as StateExport;
    },
    remove: async () => {
      await stack.workspace.removeStack(options.stack, { force: true }).catch(() => undefined);
      rmSync(join(options.workDir, `Pulumi.${options.stack}.yaml`), { force: true });
      if (ownBackend) rmSync(backendDir, { recursive: true, force: true });
    },
  };
}

/** Runs `pulumi` as the Automation API does (its directory first on PATH); never rejects. */
function runCli(
  cliDir: string,
  args: string[],
  cwd: string,
  env: Record<string, string>,
): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve) => {
    const childEnv = { ...process.env, ...env, PATH: `${cliDir}${delimiter}${env.PATH}` };
    execFile(
      join(cliDir, "pulumi"),
      args,
      { cwd, env: childEnv, maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ stdout, stderr, code });
      },
    );
  });
}

/** Every setting that keeps the CLI off the network, and a PATH on which it finds the provider launcher. */
function offlineEnvironment(
  cliDir: string,
  workDir: string,
  backendDir: string,
  passphrase: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  if (Number(process.versions.node.split(".")[0]) < MIN_NODE_MAJOR) {
    throw new Error(
      `The dynamic-provider host needs Node.js ${MIN_NODE_MAJOR} or later first on PATH; this is ${process.version}. Run through npm scripts (the project brings Node 22).`,
    );
  }
  // The launcher runs `node`: this process's Node 22 goes first. obtain.sh puts the launcher beside a CLI it built;
  // beside any other CLI, @pulumi/pulumi's own copy is found on PATH.
  const launcherDirs = existsSync(join(cliDir, LAUNCHER))
    ? []
    : [dirname(createRequire(join(workDir, "index.js")).resolve("@pulumi/pulumi/package.json"))];
  const path = [...launcherDirs, dirname(process.execPath), process.env.PATH ?? ""].join(delimiter);
  return {
    PULUMI_BACKEND_URL: `file://${backendDir}`,
    PULUMI_CONFIG_PASSPHRASE: passphrase,
    PULUMI_HOME: join(backendDir, "home"),
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    ...extra,
    PATH: extra.PATH ?? path,
  };
}

function findStateFile(backendDir: string, project: string, stack: string): string {
  for (const candidate of [
    join(backendDir, ".pulumi", "stacks", project, `${stack}.json`),
    join(backendDir, ".pulumi", "stacks", `${stack}.json`),
  ]) {
    if (existsSync(candidate)) return candidate;
  }
  const stacksDir = join(backendDir, ".pulumi", "stacks");
  const listing = existsSync(stacksDir) ? readdirSync(stacksDir, { recursive: true }).join(", ") : "nothing";
  throw new Error(`no state file for ${project}/${stack} under ${stacksDir} (found: ${listing})`);
}
