// Stack-scale benchmark through the real Pulumi CLI: one stack of N recordings (half cloud, half web) created with
// `pulumi up`, then `pulumi preview`, `pulumi refresh` and `pulumi destroy`, an inline program using the installed
// package, against the emulator in its own process at the service's 20 requests/second/action limit and a chosen
// round-trip latency. Each (N, latency, --parallel) gets a fresh stack and emulator. The same N tasks driven by a
// naive official-SDK script, once per (N, latency), are the peer. Each phase is set against two floors: the rate
// limit's and the latency's (round trips one after the other per resource, --parallel resources at a time).

import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { pulumiCliDir } from "../pulumi-cli";
import { type Command, type OperationFigures, openBenchStack } from "./benchStack";
import { type CheckDiffFigures, checkDiffTimes, type FirstCreate, firstCreateThroughCli, requireMs } from "./coldStart";
import { type DescribeCost, measureDescribeCost } from "./describeCost";
import { startEmulatorProcess } from "./emulatorProcess";
import { type NaivePhase, type NaiveSdkFigures, runNaiveSdk, throttledIn } from "./naiveSdkStack";
import { median } from "./report";
import {
  type BenchProgram,
  CLOUD_TYPE,
  prepareBenchProgram,
  providerConfig,
  recordingsProgram,
  WEB_TYPE,
} from "./stackProgram";

export interface StackBenchOptions {
  /** Stack sizes; each must be even (half cloud, half web). */
  sizes: number[];
  /** `--parallel` values to run each size with; undefined is the CLI's default. */
  parallels: Array<number | undefined>;
  /** Emulator round-trip latencies (ms) to run each (size, --parallel) at. */
  latencies: number[];
  /** `--parallel` values to run the largest size with once more, with PULUMI_SKIP_CHECKPOINTS=true. */
  noCheckpointParallels: Array<number | undefined>;
  /**
   * `--parallel` values to run the largest size with once more with no rate limit at all (neither the emulator's nor
   * the client's): what the CLI, the engine and the provider need for N recordings when the API is not the bound.
   */
  noRateLimitParallels: Array<number | undefined>;
  /** Fresh processes (require times) and up rounds (first create) behind each cold-start median; 0 skips them. */
  coldStartRuns: number;
  /** Also measure, for each stack run, what the Describe after each start costs (see describeCost.ts). */
  describeCost: boolean;
}

/** A printable grid with how to read it and anything that makes a figure suspect. */
export interface Section {
  title: string;
  header: string[];
  rows: string[][];
  legend: string[];
  warnings: string[];
}

export const RATE_LIMIT = 20;

type Variant = "default" | "noCheckpoints" | "noRateLimit";
const VARIANT_LABELS: Record<Variant, string> = {
  default: "",
  noCheckpoints: "no checkpoints",
  noRateLimit: "no rate limit",
};
// Each operation starts with the service's rate windows empty, as commands typed one after another would.
const PAUSE_MS = 1100;
// API actions one recording's operation makes one after another (create: start, then describe): also its round
// trips.
export const ACTIONS_PER_RESOURCE: Record<Command, number> = { up: 2, preview: 0, refresh: 1, destroy: 1 };
const PHASES: Command[] = ["up", "preview", "refresh", "destroy"];

interface StackRun {
  n: number;
  parallel: number | undefined;
  latencyMs: number;
  /**
   * `noCheckpoints`: PULUMI_SKIP_CHECKPOINTS=true, the file backend writes the state once at the end, not after each
   * step. `noRateLimit`: neither the emulator nor the provider's client limits the request rate.
   */
  variant: Variant;
  ops: Record<Command, OperationFigures>;
  runningAfterCreate: number;
  invalidUserSigs: number;
  leftRunning: number;
  stateBytes: number;
  providerBytes: { cloud: number; web: number; total: number };
  /** Recordings whose `__provider` is not a require of the installed package (then it was serialized by value). */
  providerNotRequired: number;
  checkDiff: CheckDiffFigures;
  load: [number, number];
  describeCost?: DescribeCost;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function measureStack(
  program: BenchProgram,
  n: number,
  parallel: number | undefined,
  variant: Variant,
  latencyMs: number,
): Promise<StackRun> {
  const loadBefore = loadavg()[0] ?? Number.NaN;
  const unlimited = variant === "noRateLimit";
  const emulator = await startEmulatorProcess({ latencyMs, unlimited });
  try {
    const stack = await openBenchStack({
      programDir: program.programDir,
      stack: `n${n}-l${latencyMs}-p${parallel ?? "default"}${variant === "default" ? "" : `-${variant}`}`,
      program: recordingsProgram(program.trtc, n),
      config: providerConfig(emulator.url, { unlimited }),
      emulator,
      env: variant === "noCheckpoints" ? { PULUMI_SKIP_CHECKPOINTS: "true" } : {},
    });
    try {
      const up = await stack.run("up", { parallel });
      const tasks = await emulator.tasks();
      const state = await stack.local.exportState({ showSecrets: true });
      const recordings = (state.deployment.resources ?? []).filter((r) => r.type === CLOUD_TYPE || r.type === WEB_TYPE);
      const providerOf = (type: string) => {
        const text = recordings.find((r) => r.type === type)?.inputs?.__provider;
        return typeof text === "string" ? Buffer.byteLength(text) : Number.NaN;
      };
      let providerTotal = 0;
      for (const r of recordings) {
        for (const props of [r.inputs, r.outputs]) {
          if (typeof props?.__provider === "string") providerTotal += Buffer.byteLength(props.__provider);
        }
      }
      const providerNotRequired = recordings.filter(
        (r) => !String(r.inputs?.__provider ?? "").includes('require("pulumi-trtc/dist/provider/'),
      ).length;
      const stateBytes = statSync(stack.local.stateFile()).size;
      const checkDiff = await checkDiffTimes(program, recordings, emulator.url);

      await sleep(PAUSE_MS);
      const preview = await stack.run("preview", { parallel });
      await sleep(PAUSE_MS);
      const refresh = await stack.run("refresh", { parallel });
      await sleep(PAUSE_MS);
      const destroy = await stack.run("destroy", { parallel });
      return {
        n,
        parallel,
        latencyMs,
        variant,
        ops: { up, preview, refresh, destroy },
        runningAfterCreate: tasks.filter((t) => t.running).length,
        invalidUserSigs: tasks.filter((t) => t.kind === "cloud" && t.userSigValid !== true).length,
        leftRunning: (await emulator.tasks()).filter((t) => t.running).length,
        stateBytes,
        providerBytes: { cloud: providerOf(CLOUD_TYPE), web: providerOf(WEB_TYPE), total: providerTotal },
        providerNotRequired,
        checkDiff,
        load: [loadBefore, loadavg()[0] ?? Number.NaN],
      };
    } finally {
      await stack.remove();
    }
  } finally {
    await emulator.stop();
  }
}

// --- figures to text --------------------------------------------------------------------------------------------

const s = (ms: number) => (Number.isNaN(ms) ? "?" : (ms / 1000).toFixed(2));
const mib = (kb: number) => (Number.isNaN(kb) ? "?" : (kb / 1024).toFixed(0));
const x = (ratio: number) => `${ratio.toFixed(2)}×`;

/** `pulumi up --help` says what `--parallel` defaults to on this machine (4 × CPUs at the time of writing). */
export function defaultParallel(): string {
  try {
    const help = execFileSync(join(pulumiCliDir(), "pulumi"), ["up", "--help"], { encoding: "utf8" });
    return help.match(/--parallel\b.*\(default (\d+)\)/)?.[1] ?? "?";
  } catch {
    return "?";
  }
}

/** (N/2)/20 s: each kind's start, describe or stop action carries N/2 requests at 20/s. */
export function startFloorMs(n: number): number {
  return (n / 2 / RATE_LIMIT) * 1000;
}

/**
 * latency × round trips per resource × N / --parallel: each step's round trips one after the other, --parallel
 * steps at a time (up: start then describe; refresh: describe; destroy: stop).
 */
export function latencyFloorMs(latencyMs: number, command: Command, n: number, parallel: number): number {
  return (latencyMs * ACTIONS_PER_RESOURCE[command] * n) / parallel;
}

function sdkPhase(sdk: NaiveSdkFigures, command: Command): NaivePhase | undefined {
  if (command === "up") return sdk.start;
  if (command === "refresh") return sdk.describe;
  if (command === "destroy") return sdk.stop;
  return undefined;
}

function operationRow(run: StackRun, command: Command, sdk: NaiveSdkFigures, defaultP: string): string[] {
  const op = run.ops[command];
  const actions = ACTIONS_PER_RESOURCE[command];
  const floor = startFloorMs(run.n);
  const full = floor * actions;
  const latencyFloor = latencyFloorMs(run.latencyMs, command, run.n, run.parallel ?? Number(defaultP));
  const peer = sdkPhase(sdk, command);
  const steps = Number.isNaN(op.firstStepMs) ? "?" : s(op.lastStepMs - op.firstStepMs);
  return [
    String(run.n),
    `${run.parallel === undefined ? `${defaultP} (default)` : String(run.parallel)}${run.variant === "default" ? "" : `, ${VARIANT_LABELS[run.variant]}`}`,
    String(run.latencyMs),
    command === "up" ? "up (create)" : command,
    s(op.cliMs),
    steps,
    actions === 0 ? "–" : actions === 1 ? s(floor) : `${s(floor)} / ${s(full)}`,
    actions === 0 ? "–" : actions === 1 ? x(op.cliMs / floor) : `${x(op.cliMs / floor)} / ${x(op.cliMs / full)}`,
    actions === 0 || run.latencyMs === 0 ? "–" : s(latencyFloor),
    actions === 0 || run.latencyMs === 0 ? "–" : x(op.cliMs / latencyFloor),
    `${op.requests} / ${op.throttled}`,
    String(op.errors.length),
    `${mib(op.processes.hostPeakKb)}${op.processes.hosts > 1 ? ` (${op.processes.hosts} hosts)` : ""}`,
    peer ? s(peer.wallMs) : "",
    peer ? `${peer.calls - peer.failures.length} / ${throttledIn(peer)}` : "",
  ];
}

const labelOf = (run: StackRun) =>
  `N=${run.n} -p ${run.parallel ?? "default"}${run.latencyMs > 0 ? ` ${run.latencyMs} ms` : ""}${run.variant === "default" ? "" : ` ${VARIANT_LABELS[run.variant]}`}`;

function sanityNotes(run: StackRun): string[] {
  const label = labelOf(run);
  const notes: string[] = [];
  for (const command of PHASES) {
    const op = run.ops[command];
    if (op.errors.length > 0) notes.push(`${label} ${command}: ${op.errors.length} errors, first: ${op.errors[0]}`);
    if (op.warnings.length > 0)
      notes.push(`${label} ${command}: ${op.warnings.length} warnings, first: ${op.warnings[0]}`);
    if (command !== "preview" && op.processes.hosts !== 1 && !Number.isNaN(op.processes.hostPeakKb)) {
      notes.push(`${label} ${command}: ${op.processes.hosts} provider hosts seen`);
    }
  }
  if (run.runningAfterCreate !== run.n) notes.push(`${label}: ${run.runningAfterCreate} tasks running after up`);
  if (run.providerNotRequired > 0) {
    notes.push(`${label}: ${run.providerNotRequired} recordings' __provider is not a require of the installed package`);
  }
  if (run.invalidUserSigs > 0) notes.push(`${label}: ${run.invalidUserSigs} cloud tasks without a valid UserSig`);
  const preview = run.ops.preview;
  const planned = Object.entries(preview.changes).filter(([kind, count]) => kind !== "same" && count > 0);
  if (planned.length > 0 || preview.requests > 0) {
    notes.push(
      `${label}: preview planned ${JSON.stringify(Object.fromEntries(planned))}, made ${preview.requests} API requests`,
    );
  }
  const described = Object.entries(run.ops.refresh.byAction)
    .filter(([action]) => action.startsWith("Describe"))
    .reduce((sum, [, counts]) => sum + counts[0], 0);
  if (described !== run.n) notes.push(`${label}: refresh described ${described} recordings, not ${run.n}`);
  if (run.leftRunning > 0) notes.push(`${label}: ${run.leftRunning} tasks left running after destroy`);
  if (run.checkDiff.changed > 0) notes.push(`${label}: the provider's diff saw ${run.checkDiff.changed} changes`);
  return notes;
}

function actionCounts(op: OperationFigures): string {
  return Object.entries(op.byAction)
    .map(
      ([action, [ok, throttled, other]]) =>
        `${action} ${ok}${throttled ? `+${throttled} throttled` : ""}${other ? `+${other} failed` : ""}`,
    )
    .join(", ");
}

function detailRows(runs: StackRun[], cold: ColdStart | undefined): string[][] {
  const rows: string[][] = [];
  const [first] = runs;
  if (first) {
    rows.push([
      "__provider per resource (CloudRecording / WebRecording), bytes",
      `${first.providerBytes.cloud} / ${first.providerBytes.web}`,
      "a require() of the installed package; in inputs and outputs",
    ]);
  }
  for (const run of runs) {
    const label = labelOf(run);
    const times = [...run.checkDiff.times].sort((a, b) => a - b);
    const p90 = times[Math.min(times.length - 1, Math.floor(times.length * 0.9))] ?? Number.NaN;
    rows.push(
      [
        `${label}: state file bytes per resource`,
        (run.stateBytes / run.n).toFixed(0),
        `__provider ${(run.providerBytes.total / run.n).toFixed(0)} of them; file ${(run.stateBytes / 1024).toFixed(0)} KiB with the Stack and provider`,
      ],
      [
        `${label}: pulumi preview per resource, ms`,
        (run.ops.preview.cliMs / run.n).toFixed(1),
        `${s(run.ops.preview.cliMs)} s for ${run.n}, CLI and host start-up included`,
      ],
      [
        `${label}: check + diff of one resource (provider module, in process), median ms`,
        median(run.checkDiff.times).toFixed(3),
        `p90 ${p90.toFixed(3)} ms over ${times.length}`,
      ],
      [
        `${label}: pulumi CLI peak RSS (up / refresh / destroy), MiB`,
        `${mib(run.ops.up.processes.cliPeakKb)} / ${mib(run.ops.refresh.processes.cliPeakKb)} / ${mib(run.ops.destroy.processes.cliPeakKb)}`,
        "VmHWM of the pulumi process",
      ],
      [`${label}: up requests by action`, actionCounts(run.ops.up), ""],
      ...(["up", "refresh", "destroy"] as const).map((command) => [
        `${label}: ${command} steps of each kind, s after the call`,
        [WEB_TYPE, CLOUD_TYPE]
          .map((type) => {
            const span = run.ops[command].spans[type];
            return `${type.split(":").at(-1)} ${span ? `${s(span[0])}–${s(span[1])}` : "?"}`;
          })
          .join(", "),
        "the engine starts steps in the order it meets the resources, --parallel at a time",
      ]),
      ...(["up", "refresh", "destroy"] as const).map((command) => {
        const op = run.ops[command];
        return [
          `${label}: ${command} CPU, s: pulumi / host / program / emulator`,
          [op.processes.cliCpuMs, op.processes.hostCpuMs, op.programCpuMs, op.processes.emulatorCpuMs]
            .map(s)
            .join(" / "),
          `over ${s(op.cliMs)} s wall; program = this process (inline program, language server, event log)`,
        ];
      }),
      [
        `${label}: Automation API call vs the pulumi process (up), s`,
        `${s(run.ops.up.apiMs)} vs ${s(run.ops.up.cliMs)}`,
        "the API adds `stack output` and `stack history` runs after up",
      ],
    );
  }
  // The marginal cost of a resource in preview: between the smallest and largest N at the default parallelism.
  const lowest = Math.min(...runs.map((r) => r.latencyMs));
  const defaults = runs
    .filter((r) => r.parallel === undefined && r.variant === "default" && r.latencyMs === lowest)
    .sort((a, b) => a.n - b.n);
  const [small, large] = [defaults[0], defaults.at(-1)];
  if (small && large && large.n > small.n) {
    const perResource = (large.ops.preview.cliMs - small.ops.preview.cliMs) / (large.n - small.n);
    rows.push([
      `pulumi preview, marginal ms per resource (N=${small.n} → ${large.n})`,
      perResource.toFixed(1),
      "engine check + diff round trips over gRPC, serialized per registration, and the program's registration",
    ]);
  }
  if (!cold) return rows;
  const f = cold.firstCreate;
  rows.push(
    [
      "pulumi up, empty program (no provider host), ms",
      f.emptyUpMs.toFixed(0),
      `median of ${f.runs}: the CLI's fixed cost per operation`,
    ],
    [
      "pulumi up, one recording, ms",
      f.oneUpMs.toFixed(0),
      `+${(f.oneUpMs - f.emptyUpMs).toFixed(0)} ms: host spawn, configure, check, create (start + describe); step began at ${f.stepBeganMs.toFixed(0)}, done at ${f.stepDoneMs.toFixed(0)} ms (200 ms event polling)`,
    ],
    [
      "require cloudRecordingProvider.js / official SDK trtc_client, fresh process, ms",
      `${cold.cloudProviderMs.toFixed(1)} / ${cold.sdkClientMs.toFixed(1)}`,
      `median of ${cold.runs}; SDK/ours ${x(cold.sdkClientMs / cold.cloudProviderMs)}`,
    ],
    ["require webRecordingProvider.js, fresh process, ms", cold.webProviderMs.toFixed(1), `median of ${cold.runs}`],
    [
      "require @pulumi/pulumi, fresh process, ms",
      cold.pulumiMs.toFixed(1),
      `median of ${cold.runs}; the host loads it before listening`,
    ],
  );
  return rows;
}

interface ColdStart {
  runs: number;
  cloudProviderMs: number;
  webProviderMs: number;
  sdkClientMs: number;
  pulumiMs: number;
  firstCreate: FirstCreate;
}

async function measureColdStart(program: BenchProgram, runs: number): Promise<ColdStart> {
  const cwd = program.programDir;
  const emulator = await startEmulatorProcess();
  try {
    return {
      runs,
      cloudProviderMs: await requireMs("pulumi-trtc/dist/provider/cloudRecordingProvider.js", cwd, runs),
      webProviderMs: await requireMs("pulumi-trtc/dist/provider/webRecordingProvider.js", cwd, runs),
      sdkClientMs: await requireMs(
        "tencentcloud-sdk-nodejs/tencentcloud/services/trtc/v20190722/trtc_client",
        cwd,
        runs,
      ),
      pulumiMs: await requireMs("@pulumi/pulumi", cwd, runs),
      firstCreate: await firstCreateThroughCli(program, emulator, runs),
    };
  } finally {
    await emulator.stop();
  }
}

/**
 * Create with the Describe after its start (as the provider does) against start only: the client-level runs of
 * describeCost.ts, and what they make of each `pulumi up`.
 */
function describeRows(runs: StackRun[], defaultP: string): string[][] {
  return runs.flatMap((run) => {
    const cost = run.describeCost;
    if (!cost) return [];
    const delta = cost.withDescribe.wallMs - cost.startOnly.wallMs;
    const up = run.ops.up.cliMs;
    const rate = startFloorMs(run.n);
    const p = run.parallel ?? Number(defaultP);
    const errors = cost.withDescribe.errors.length + cost.startOnly.errors.length;
    return [
      [
        String(run.n),
        run.parallel === undefined ? `${defaultP} (default)` : String(run.parallel),
        String(run.latencyMs),
        s(up),
        `${s(cost.withDescribe.wallMs)} / ${s(cost.startOnly.wallMs)}`,
        s(delta),
        `${s(up - delta)} (${((-100 * delta) / up).toFixed(0)}%)`,
        `${s(Math.max(rate, (run.latencyMs * 2 * run.n) / p))} / ${s(Math.max(rate, (run.latencyMs * run.n) / p))}`,
        `${cost.withDescribe.throttled} / ${cost.startOnly.throttled}`,
        String(errors),
      ],
    ];
  });
}

export async function runStackBench(options: StackBenchOptions): Promise<Section[]> {
  for (const n of options.sizes) {
    if (n <= 0 || n % 2 !== 0)
      throw new Error(`stack sizes must be even and positive (half cloud, half web), got ${n}`);
  }
  const program = prepareBenchProgram();
  const defaultP = defaultParallel();
  try {
    const runs: StackRun[] = [];
    const rows: string[][] = [];
    const loads: string[] = [];
    const peers: string[] = [];
    const [firstLatency = 0] = options.latencies;
    for (const n of options.sizes) {
      for (const latencyMs of options.latencies) {
        const sdk = await runNaiveSdk(n, latencyMs);
        peers.push(
          `N=${n}${latencyMs ? ` ${latencyMs} ms` : ""}: ${sdk.started} of ${n} started, ${sdk.leftRunning} left running after its stop phase`,
        );
        // The checkpoint cost is the file backend's: one latency shows it.
        const largest = n === Math.max(...options.sizes) && latencyMs === firstLatency;
        const variants: Array<{ parallel: number | undefined; variant: Variant }> = [
          ...options.parallels.map((parallel) => ({ parallel, variant: "default" as const })),
          ...(largest
            ? options.noCheckpointParallels.map((parallel) => ({ parallel, variant: "noCheckpoints" as const }))
            : []),
          ...(largest
            ? options.noRateLimitParallels.map((parallel) => ({ parallel, variant: "noRateLimit" as const }))
            : []),
        ];
        for (const { parallel, variant } of variants) {
          const run = await measureStack(program, n, parallel, variant, latencyMs);
          if (options.describeCost && variant === "default") {
            run.describeCost = await measureDescribeCost(n, parallel ?? Number(defaultP), latencyMs);
          }
          runs.push(run);
          for (const command of PHASES) rows.push(operationRow(run, command, sdk, defaultP));
          loads.push(`${labelOf(run)} ${run.load[0].toFixed(1)} → ${run.load[1].toFixed(1)}`);
        }
      }
    }
    const cold = options.coldStartRuns > 0 ? await measureColdStart(program, options.coldStartRuns) : undefined;
    const coldWarnings = (cold?.firstCreate.errors ?? []).map((e) => `cold start: ${e}`);
    const sections: Section[] = [
      {
        title:
          "Stack through the real Pulumi CLI: N recordings (half cloud, half web), inline program, emulator at 20 requests/s/action",
        header: [
          "N",
          "--parallel",
          "latency ms",
          "phase",
          "pulumi s",
          "steps s",
          "rate floor s (start / full)",
          "latency floor s",
          "÷ rate floor",
          "÷ latency floor",
          "requests / throttled",
          "errors",
          "host peak MiB",
          "SDK s",
          "SDK ok / throttled",
        ],
        rows,
        legend: [
          "pulumi s: wall time of the `pulumi <command>` process (CLI start, program, provider host start, steps, state writes).",
          "steps s: first recording step began → last one done, from the engine's event log (polled every 200 ms).",
          "latency ms: round trip the emulator adds to every API request (±20% jitter), as a distant region would.",
          "rate floor: (N/2)/20 s: each kind's start, describe or stop action carries N/2 requests at 20/s, and every action has",
          "its own limit, so this is the floor when the two kinds run side by side (and, in a create, each describe pipelines",
          "behind its start). 'full' = N/20: a create's start and describe one after the other; it is also the floor of any",
          "phase whose two kinds run one after the other, as the engine runs them when it meets one kind first (see 'steps",
          "of each kind' below: up follows the order registrations arrive, refresh the order in state).",
          "latency floor: latency × round trips per resource × N / --parallel (up: start and describe, refresh: describe,",
          "destroy: stop): no step can be faster than its round trips, and only --parallel steps run at a time.",
          "no checkpoints: PULUMI_SKIP_CHECKPOINTS=true, the file backend writes the state once at the end instead of after",
          "every step (each write re-serializes the whole state); it trades away crash safety, so it is a measurement, not advice.",
          "no rate limit: the emulator refuses nothing and the provider's client sends as fast as steps ask (maxRequestsPerSecond",
          "1000000): the engine floor, what the CLI, its state writes and the provider need for N recordings when the API is",
          "not the bound. A phase cannot beat max(rate floor, engine floor).",
          "requests / throttled: as the emulator saw them; throttled = answered RequestLimitExceeded (retried by the provider).",
          "host peak MiB: VmHWM of the dynamic-provider host (node) the CLI started, from /proc.",
          "SDK: tencentcloud-sdk-nodejs, Promise.all per phase (start all, describe all, stop all), failures caught; run once per",
          "(N, latency).",
          `SDK peer: ${peers.join("; ")}.`,
          `1-min load average before → after each stack (2-core machine shared with other work): ${loads.join("; ")}`,
        ],
        warnings: [...runs.flatMap(sanityNotes), ...coldWarnings],
      },
      {
        title: "Stack: state, preview, memory and cold start",
        header: ["metric", "value", "note"],
        rows: detailRows(runs, cold),
        legend: [],
        warnings: [],
      },
    ];
    const describe = describeRows(runs, defaultP);
    if (describe.length > 0) {
      sections.push({
        title: "Create's Describe after the start: pulumi up with it vs an estimate without it",
        header: [
          "N",
          "--parallel",
          "latency ms",
          "pulumi up s",
          "client: with / start only s",
          "describe costs s",
          "est. up without s",
          "floor with / without s",
          "client throttled",
          "client errors",
        ],
        rows: describe,
        legend: [
          "client: the provider's own TrtcClient (rate limiter included) drives the same N creates, --parallel at a time as the",
          "engine's steps run, against a fresh emulator with the same latency: each create a start then a describe, and again",
          "with the start only. describe costs = the difference; est. up without = pulumi up − it (the CLI's own work stays).",
          "floor = max(rate floor (N/2)/20 s, latency × round trips × N / --parallel) with 2 round trips and with 1.",
        ],
        warnings: runs.flatMap((run) =>
          [...(run.describeCost?.withDescribe.errors ?? []), ...(run.describeCost?.startOnly.errors ?? [])]
            .slice(0, 1)
            .map((e) => `${labelOf(run)} describe-cost client run: ${e}`),
        ),
      });
    }
    return sections;
  } finally {
    program.cleanup();
  }
}
