// Start-up and per-resource costs:
// - `require` of a module in a fresh Node process (resolved from the program dir, as the provider host resolves
//   `__provider`): each provider module against the official SDK's TRTC client and @pulumi/pulumi;
// - check + diff of one resource by the installed provider module, called directly, as a preview calls them for
//   each resource with the state's inputs and outputs;
// - what a one-recording `pulumi up` costs over an empty-program `pulumi up`: the engine starting the provider host
//   (launcher, Node, @pulumi/pulumi, the provider module), configuring it, check and create (start + describe).

import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type * as pulumi from "@pulumi/pulumi";
import type { StateResource } from "../pulumi-cli/localStack";
import { nodeBinary } from "../pulumi-cli/paths";
import { openBenchStack } from "./benchStack";
import type { EmulatorProcess } from "./emulatorProcess";
import { median } from "./report";
import { type BenchProgram, CLOUD_TYPE, providerConfig, recordingsProgram, WEB_TYPE } from "./stackProgram";

const run = promisify(execFile);

// Prints the milliseconds one require took; `-e` code resolves modules from the working directory.
const REQUIRE_TIMER =
  "const t0 = performance.now(); require(process.argv[1]); process.stdout.write(String(performance.now() - t0));";

/** Median over `runs` fresh processes (after one unmeasured run, so every measured one finds a warm file cache). */
export async function requireMs(specifier: string, cwd: string, runs: number): Promise<number> {
  const once = async () => {
    const { stdout } = await run(nodeBinary(), ["-e", REQUIRE_TIMER, specifier], { cwd });
    return Number(stdout.trim());
  };
  await once();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await once());
  return median(times);
}

type Props = Record<string, unknown>;
interface ProviderModule {
  configure(request: pulumi.dynamic.ConfigureRequest): Promise<void>;
  check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult>;
  diff(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult>;
}

export interface CheckDiffFigures {
  /** ms per resource, one at a time. */
  times: number[];
  /** Resources the provider's diff said had changed (a benchmark of an unchanged stack expects none). */
  changed: number;
}

/**
 * check(old inputs, same inputs) then diff(id, outputs, checked inputs) for each recording in state (secrets in
 * plaintext, as the host hands them to the provider), by the installed provider modules in this process.
 */
export async function checkDiffTimes(
  program: BenchProgram,
  resources: StateResource[],
  endpoint: string,
): Promise<CheckDiffFigures> {
  const modules: Record<string, ProviderModule> = {
    [CLOUD_TYPE]: program.programRequire("pulumi-trtc/dist/provider/cloudRecordingProvider.js") as ProviderModule,
    [WEB_TYPE]: program.programRequire("pulumi-trtc/dist/provider/webRecordingProvider.js") as ProviderModule,
  };
  const config = Object.fromEntries(Object.entries(providerConfig(endpoint)).map(([k, v]) => [k, v.value]));
  const request = { config: { get: (key: string) => config[key] } } as unknown as pulumi.dynamic.ConfigureRequest;
  for (const module of Object.values(modules)) await module.configure(request);
  const times: number[] = [];
  let changed = 0;
  for (const resource of resources) {
    const provider = modules[resource.type];
    if (!provider || resource.id === undefined) continue;
    const inputs = resource.inputs ?? {};
    const started = performance.now();
    const checked = await provider.check(inputs, inputs);
    const diff = await provider.diff(resource.id, resource.outputs ?? {}, checked.inputs ?? inputs);
    times.push(performance.now() - started);
    if (diff.changes) changed++;
  }
  return { times, changed };
}

export interface FirstCreate {
  runs: number;
  /** Medians of the `pulumi up` process, ms. */
  emptyUpMs: number;
  oneUpMs: number;
  /** Medians of the one-recording up's first recording step, as the event log (200 ms polls) showed it. */
  stepBeganMs: number;
  stepDoneMs: number;
  errors: string[];
}

/**
 * `runs` rounds on one fresh stack: `pulumi up` of an empty program (no provider host is started), then of one
 * recording (host started, configured, check, create), then destroy (not measured).
 */
export async function firstCreateThroughCli(
  program: BenchProgram,
  emulator: EmulatorProcess,
  runs: number,
): Promise<FirstCreate> {
  const empty = recordingsProgram(program.trtc, 0);
  const one = recordingsProgram(program.trtc, 1);
  const stack = await openBenchStack({
    programDir: program.programDir,
    stack: "coldstart",
    program: empty,
    config: providerConfig(emulator.url),
    emulator,
  });
  const samples: Array<{ empty: number; one: number; began: number; done: number }> = [];
  const errors: string[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const emptyUp = await stack.run("up", { program: empty });
      const oneUp = await stack.run("up", { program: one });
      const destroyed = await stack.run("destroy");
      errors.push(...emptyUp.errors, ...oneUp.errors, ...destroyed.errors);
      samples.push({ empty: emptyUp.cliMs, one: oneUp.cliMs, began: oneUp.firstStepMs, done: oneUp.lastStepMs });
    }
  } finally {
    await stack.remove();
  }
  const of = (key: keyof (typeof samples)[number]) => median(samples.map((s) => s[key]));
  return {
    runs,
    emptyUpMs: of("empty"),
    oneUpMs: of("one"),
    stepBeganMs: of("began"),
    stepDoneMs: of("done"),
    errors,
  };
}
