// The runner: one `pulumi preview|up|refresh|destroy` (or a mocks-only "capture") in its own process, against a
// state file. It reads a RunRequest as JSON on stdin and prints exactly one JSON RunResult line on stdout;
// whatever the program prints is captured into the result's `log`. Its exit code is non-zero only for harness bugs.
//
//   node dist/test/harness/runProgram.js < request.json

import { type DynamicHost, startDynamicHost } from "./dynamicHost";
import { Deployment, type DesiredResource } from "./engine";
import type { MonitorHandlers, RawRegistration } from "./engineMonitor";
import { executeProgram } from "./programExecution";
import {
  type CapturedResource,
  hostConfigEnvironment,
  programConfigEnvironment,
  type RunRequest,
  type RunResult,
} from "./runRequest";
import { isSecret } from "./secrets";
import { emptyState, isDynamicType, makeUrn, type StackState } from "./stackState";
import { loadState, saveState } from "./stateFile";

async function run(request: RunRequest, log: string[]): Promise<RunResult> {
  Object.assign(process.env, programConfigEnvironment(request.config), {
    PULUMI_NODEJS_PROJECT: request.project,
    PULUMI_NODEJS_STACK: request.stack,
    PULUMI_PROJECT: request.project,
    PULUMI_STACK: request.stack,
  });
  if (request.op === "capture") return capture(request, log);

  const stateFile = request.stateFile;
  if (!stateFile) throw new Error(`${request.op} needs a stateFile`);
  const passphrase = { passphrase: request.passphrase };
  const oldState = loadState(stateFile, passphrase) ?? emptyState(request.project, request.stack);
  const deployment = new Deployment({
    state: { ...oldState, project: request.project, stack: request.stack },
    host: () => startConfiguredHost(request),
    preview: request.op === "preview",
    parallel: request.parallel,
  });
  const errors: string[] = [];

  if (request.op === "up" || request.op === "preview") {
    // The host is certainly needed when the state holds dynamic resources: start it while the program loads.
    if (hasDynamicResources(oldState)) deployment.host().catch(() => undefined);
    const outcome = await executeProgram({
      programDir: request.programDir,
      project: request.project,
      stack: request.stack,
      preview: request.op === "preview",
      handlers: deploymentHandlers(deployment),
    });
    log.push(...outcome.warnings.map((w) => `warning: ${w}\n`));
    await deployment.settled();
    const programErrors = outcome.errors.filter(
      // A failed registration rejects the resource's outputs in the program; the engine already reported why.
      (e) => !(deployment.failed && e.message.startsWith("failed to register new resource")),
    );
    for (const error of programErrors) log.push(`${error.stack ?? error.message}\n`);
    // Like the engine, nothing is deleted when the program failed: it cannot know what the program meant.
    if (programErrors.length === 0) await deployment.finish();
    errors.push(
      ...deployment.errors,
      ...programErrors.map(
        (e) =>
          `pulumi:pulumi:Stack (${request.project}-${request.stack}): error: Running program '${request.programDir}' failed with an unhandled exception: ${e.message}`,
      ),
    );
  } else if (request.op === "refresh") {
    await deployment.refresh();
    errors.push(...deployment.errors);
  } else {
    await deployment.destroy();
    errors.push(...deployment.errors);
  }

  const state = deployment.state;
  if (request.op !== "preview") saveState(stateFile, state, passphrase);
  const host = deployment.hostStarted ? await deployment.host().catch(() => undefined) : undefined;
  const report = await closeHost(host);
  return {
    ok: errors.length === 0,
    op: request.op,
    steps: deployment.steps,
    errors,
    outputs: state.outputs,
    durationMs: Math.round(performance.now()),
    host: report,
    log: log.join(""),
  };
}

/** The plugin as the engine starts it for a deployment: cwd = program dir, configured once with the stack config. */
async function startConfiguredHost(request: RunRequest): Promise<DynamicHost> {
  const host = await startDynamicHost({
    cwd: request.programDir,
    project: request.project,
    stack: request.stack,
    env: hostConfigEnvironment(request.config),
  });
  await host.configure(request.config);
  return host;
}

function deploymentHandlers(deployment: Deployment): MonitorHandlers {
  return {
    registerResource: (registration) => deployment.registerResource(toDesired(registration)),
    registerResourceOutputs: (urn, outputs) => deployment.registerOutputs(urn, outputs),
  };
}

function toDesired(registration: RawRegistration): DesiredResource {
  const desired: DesiredResource = {
    type: registration.type,
    name: registration.name,
    custom: registration.custom,
    dependencies: registration.dependencies,
    inputs: registration.inputs,
    options: registration.options,
  };
  if (registration.parent) desired.parent = registration.parent;
  return desired;
}

/** Runs the program under mocks only and returns its dynamic resources with their serialized providers. */
async function capture(request: RunRequest, log: string[]): Promise<RunResult> {
  const resources: CapturedResource[] = [];
  const outcome = await executeProgram({
    programDir: request.programDir,
    project: request.project,
    stack: request.stack,
    preview: false,
    handlers: {
      async registerResource(registration) {
        const urn = makeUrn(request.stack, request.project, registration.type, registration.name, registration.parent);
        const provider = registration.inputs.__provider;
        if (registration.custom && isDynamicType(registration.type)) {
          resources.push({
            type: registration.type,
            name: registration.name,
            urn,
            inputs: registration.inputs,
            provider: String(isSecret(provider) ? provider.value : provider),
            providerIsSecret: isSecret(provider),
          });
        }
        return { urn, id: registration.custom ? `${registration.name}-id` : "", outputs: registration.inputs };
      },
      registerResourceOutputs() {},
    },
  });
  for (const error of outcome.errors) log.push(`${error.stack ?? error.message}\n`);
  const errors = outcome.errors.map((e) => e.message);
  return {
    ok: errors.length === 0,
    op: "capture",
    steps: [],
    errors,
    outputs: {},
    durationMs: Math.round(performance.now()),
    host: { pid: null, peakRssKb: null, logs: "", calls: [] },
    log: log.join(""),
    resources,
  };
}

async function closeHost(host: DynamicHost | undefined): Promise<RunResult["host"]> {
  if (!host) return { pid: null, peakRssKb: null, logs: "", calls: [] };
  const peakRssKb = host.peakRssKb() ?? null;
  await host.close();
  return { pid: host.pid, peakRssKb, logs: host.logs(), calls: host.calls() };
}

function hasDynamicResources(state: StackState): boolean {
  return state.resources.some((r) => r.custom && isDynamicType(r.type));
}

/** Routes everything written to stdout and stderr into `log`; returns the real stdout writer for the result. */
function captureOutput(log: string[]): (text: string) => Promise<void> {
  const realStdout = process.stdout.write.bind(process.stdout);
  const capture = (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    log.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
    const callback = rest.find((r) => typeof r === "function") as (() => void) | undefined;
    callback?.();
    return true;
  };
  process.stdout.write = capture as typeof process.stdout.write;
  process.stderr.write = capture as typeof process.stderr.write;
  return (text) => new Promise((resolve) => realStdout(text, () => resolve()));
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function main(): Promise<void> {
  // Exit handlers kill the host, which a signal's default action would skip.
  process.once("SIGTERM", () => process.exit(143));
  process.once("SIGINT", () => process.exit(130));
  const realStderr = process.stderr.write.bind(process.stderr);
  const log: string[] = [];
  const input = await readStdin();
  const writeResult = captureOutput(log);
  try {
    const result = await run(JSON.parse(input) as RunRequest, log);
    await writeResult(`${JSON.stringify(result)}\n`);
    process.exit(0);
  } catch (error) {
    realStderr(`harness runner failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    realStderr(`runner log:\n${log.join("")}\n`);
    process.exit(1);
  }
}

if (require.main === module) void main();
