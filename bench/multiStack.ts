// Many stacks, one account: K stacks of N recordings each (half cloud, half web), each with its own work dir, file
// backend, `pulumi` process and provider host, run at the same time (Promise.all) phase by phase (up, refresh,
// destroy) against ONE emulator, as teams sharing a TRTC account would. The account's 20 requests/s per action is
// shared: the provider hosts do not talk to each other, each adapts its rate to the throttling it meets
// (provider/rateLimiter.ts, AdaptiveRate). Measured per phase: the wall time of the whole group against the shared
// floor, the throttled share of all requests the emulator saw, and what users would see (failed commands, error
// diagnostics). The naive official-SDK script driving all K×N tasks at once is the peer.

import { mkdirSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { type BenchStack, type Command, type OperationFigures, openBenchStack } from "./benchStack";
import { type EmulatorRequest, startEmulatorProcess } from "./emulatorProcess";
import { type NaivePhase, runNaiveSdk, throttledIn } from "./naiveSdkStack";
import { watchProcesses } from "./processUsage";
import { median } from "./report";
import { runSharedClients, type SharedClientPhase } from "./sharedClients";
import type { Section } from "./stackBench";
import { ACTIONS_PER_RESOURCE, latencyFloorMs, RATE_LIMIT } from "./stackBench";
import { type BenchProgram, prepareBenchProgram, providerConfig, recordingsProgram } from "./stackProgram";

export interface MultiStackOptions {
  /** Numbers of stacks to run at once (K), each a separate measurement. */
  counts: number[];
  /** Recordings per stack (even: half cloud, half web). */
  n: number;
  /** `--parallel` of every CLI; undefined for the CLI's default. */
  parallel: number | undefined;
  /** The CLI's default --parallel, for the latency floor. */
  defaultParallel: number;
  latencyMs: number;
  /** Also run the naive official-SDK script once with the largest K × N tasks. */
  peer: boolean;
  /** Also drive each group's requests from K provider clients in this process, without the CLI (sharedClients.ts). */
  clients: boolean;
  /**
   * Also run the largest group with no rate limit at all (neither the emulator's nor the clients'): the floor that K
   * CLIs, their state writes and provider hosts set on this machine when the API is not the bound.
   */
  engineFloor: boolean;
}

// Targets of the "many stacks, one account" issue, for K=8 × N=100.
const TARGET_RATIO = 1.3;
const TARGET_THROTTLED_SHARE = 0.1;

const PAUSE_MS = 1100;
const PHASES = ["up", "refresh", "destroy"] as const satisfies Command[];

interface PhaseFigures {
  command: Command;
  wallMs: number;
  /** Each stack's `pulumi <command>` process, ms. */
  cliMs: number[];
  requests: number;
  throttled: number;
  /** From the start of the commands to the first API request's answer, and from it to the last one's, ms. */
  firstRequestMs: number;
  apiSpanMs: number;
  byAction: Record<string, [number, number, number]>;
  failedOps: number;
  errorDiagnostics: number;
  firstError: string | undefined;
  warnings: number;
  stepsDone: number;
  cliCpuMs: number;
  hostCpuMs: number;
  emulatorCpuMs: number;
  hosts: number;
}

interface MultiRun {
  k: number;
  n: number;
  /** Run with no rate limit anywhere: the engine floor. */
  unlimited: boolean;
  phases: PhaseFigures[];
  runningAfterUp: number;
  leftRunning: number;
  load: [number, number];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function runPhase(
  stacks: BenchStack[],
  command: Command,
  parallel: number | undefined,
  requestsSoFar: () => Promise<EmulatorRequest[]>,
): Promise<PhaseFigures> {
  const before = (await requestsSoFar()).length;
  const watch = watchProcesses(500);
  const started = performance.now();
  const startedAt = Date.now();
  const ops: OperationFigures[] = await Promise.all(
    stacks.map((stack) => stack.run(command, { parallel, shared: true })),
  );
  const wallMs = performance.now() - started;
  const usage = watch.stop();
  const requests = (await requestsSoFar()).slice(before);
  const answeredAt = requests.map((r) => r.realTimeMs);
  const firstAt = Math.min(...answeredAt);
  const byAction: Record<string, [number, number, number]> = {};
  for (const request of requests) {
    const counts = byAction[request.action] ?? [0, 0, 0];
    byAction[request.action] = counts;
    counts[request.code === "OK" ? 0 : request.code === "RequestLimitExceeded" ? 1 : 2]++;
  }
  const failed = ops.filter((op) => op.errors.some((e) => e.startsWith(`pulumi ${command} failed`)));
  const diagnostics = ops.flatMap((op) => op.errors.filter((e) => !e.startsWith(`pulumi ${command} failed`)));
  return {
    command,
    wallMs,
    cliMs: ops.map((op) => op.cliMs),
    requests: requests.length,
    throttled: requests.filter((r) => r.code === "RequestLimitExceeded").length,
    firstRequestMs: requests.length > 0 ? firstAt - startedAt : Number.NaN,
    apiSpanMs: requests.length > 0 ? Math.max(...answeredAt) - firstAt : Number.NaN,
    byAction,
    failedOps: failed.length,
    errorDiagnostics: diagnostics.length,
    firstError: ops.flatMap((op) => op.errors)[0],
    warnings: ops.reduce((sum, op) => sum + op.warnings.length, 0),
    stepsDone: ops.reduce((sum, op) => sum + op.stepsDone, 0),
    cliCpuMs: usage.cliCpuMs,
    hostCpuMs: usage.hostCpuMs,
    emulatorCpuMs: usage.emulatorCpuMs,
    hosts: usage.hosts,
  };
}

async function measureGroup(
  program: BenchProgram,
  k: number,
  options: MultiStackOptions,
  unlimited = false,
): Promise<MultiRun> {
  const loadBefore = loadavg()[0] ?? Number.NaN;
  const emulator = await startEmulatorProcess({ latencyMs: options.latencyMs, unlimited });
  const stacks: BenchStack[] = [];
  try {
    // Each stack its own work dir (a subdirectory of the program dir, so the provider host still resolves the
    // installed package) and, through openLocalStack, its own file backend.
    for (let i = 0; i < k; i++) {
      const workDir = join(program.programDir, `k${k}${unlimited ? "-unlimited" : ""}-stack${i}`);
      mkdirSync(workDir, { recursive: true });
      stacks.push(
        await openBenchStack({
          programDir: workDir,
          stack: `k${k}-s${i}`,
          program: recordingsProgram(program.trtc, options.n),
          config: providerConfig(emulator.url, { unlimited }),
          emulator,
        }),
      );
    }
    const phases: PhaseFigures[] = [];
    let runningAfterUp = 0;
    for (const command of PHASES) {
      await sleep(PAUSE_MS);
      phases.push(await runPhase(stacks, command, options.parallel, emulator.requests));
      if (command === "up") runningAfterUp = (await emulator.tasks()).filter((t) => t.running).length;
    }
    return {
      k,
      n: options.n,
      unlimited,
      phases,
      runningAfterUp,
      leftRunning: (await emulator.tasks()).filter((t) => t.running).length,
      load: [loadBefore, loadavg()[0] ?? Number.NaN],
    };
  } finally {
    await Promise.all(stacks.map((stack) => stack.remove()));
    await emulator.stop();
  }
}

const s = (ms: number) => (Number.isNaN(ms) ? "?" : (ms / 1000).toFixed(2));
const x = (ratio: number) => `${ratio.toFixed(2)}×`;
const pct = (share: number) => `${(100 * share).toFixed(1)}%`;

/** K×(N/2)/20 s: each action carries K×N/2 requests against the account's 20/s. */
function sharedFloorMs(k: number, n: number): number {
  return ((k * n) / 2 / RATE_LIMIT) * 1000;
}

function phaseRow(run: MultiRun, phase: PhaseFigures, options: MultiStackOptions): string[] {
  const actions = ACTIONS_PER_RESOURCE[phase.command];
  const floor = sharedFloorMs(run.k, run.n);
  const full = floor * actions;
  const latencyFloor = latencyFloorMs(
    options.latencyMs,
    phase.command,
    run.n,
    options.parallel ?? options.defaultParallel,
  );
  return [
    run.unlimited ? `${run.k}, no rate limit` : String(run.k),
    String(run.n),
    phase.command,
    s(phase.wallMs),
    `${s(Math.min(...phase.cliMs))} / ${s(median(phase.cliMs))} / ${s(Math.max(...phase.cliMs))}`,
    actions === 1 ? s(floor) : `${s(floor)} / ${s(full)}`,
    actions === 1 ? x(phase.wallMs / floor) : `${x(phase.wallMs / floor)} / ${x(phase.wallMs / full)}`,
    `${s(phase.firstRequestMs)} / ${s(phase.apiSpanMs)} (${x(phase.apiSpanMs / (actions === 1 ? floor : full))})`,
    options.latencyMs > 0 ? s(latencyFloor) : "–",
    `${phase.requests} / ${phase.throttled} (${pct(phase.throttled / Math.max(1, phase.requests))})`,
    `${phase.failedOps} / ${phase.errorDiagnostics}`,
    `${s(phase.cliCpuMs)} / ${s(phase.hostCpuMs)} / ${s(phase.emulatorCpuMs)}`,
  ];
}

/**
 * The issue's targets for the largest group: errors, worst phase against the shared floor, throttled share; and, when
 * measured, what the same phases took with no rate limit at all (the CLIs' own floor on this machine).
 */
function verdict(run: MultiRun, engine: MultiRun | undefined): string[] {
  const errors = run.phases.reduce((sum, p) => sum + p.failedOps + p.errorDiagnostics, 0);
  // The floor of each phase as the targets count it: up's start and describe one after the other (N/20 per stack),
  // refresh and destroy one action each. Against up's pipelined floor (start and describe side by side) as well.
  const ratios = run.phases.map((p) => p.wallMs / (sharedFloorMs(run.k, run.n) * ACTIONS_PER_RESOURCE[p.command]));
  const worst = Math.max(...ratios);
  const worstFigures = run.phases[ratios.indexOf(worst)];
  const worstPhase = worstFigures?.command;
  const up = run.phases.find((p) => p.command === "up");
  const upPipelined = up ? up.wallMs / sharedFloorMs(run.k, run.n) : Number.NaN;
  const requests = run.phases.reduce((sum, p) => sum + p.requests, 0);
  const throttled = run.phases.reduce((sum, p) => sum + p.throttled, 0);
  const share = throttled / Math.max(1, requests);
  const mark = (ok: boolean) => (ok ? "met" : "NOT met");
  const floors = engine?.phases.map((p) => {
    const limited = run.phases.find((q) => q.command === p.command);
    const floor = sharedFloorMs(run.k, run.n) * ACTIONS_PER_RESOURCE[p.command];
    return `${p.command} ${s(p.wallMs)} s (${x(p.wallMs / floor)} the shared floor; with the limit ${limited ? x(limited.wallMs / Math.max(p.wallMs, floor)) : "?"} of max(engine floor, shared floor))`;
  });
  return [
    ...(floors
      ? [`K=${run.k} × N=${run.n} with no rate limit (the engine floor on this machine): ${floors.join("; ")}`]
      : []),
    `K=${run.k} × N=${run.n}: user-visible errors ${errors} (target 0: ${mark(errors === 0)}); worst phase ${worstPhase} ${x(worst)} the shared floor (target ≤ ${TARGET_RATIO}×: ${mark(worst <= TARGET_RATIO)}; its API span ${worstFigures ? x(worstFigures.apiSpanMs / (sharedFloorMs(run.k, run.n) * ACTIONS_PER_RESOURCE[worstFigures.command])) : "?"}, after a first request at ${worstFigures ? s(worstFigures.firstRequestMs) : "?"} s; up against its pipelined floor ${x(upPipelined)}); throttled ${throttled} of ${requests} requests = ${pct(share)} (target ≤ ${pct(TARGET_THROTTLED_SHARE)}: ${mark(share <= TARGET_THROTTLED_SHARE)})`,
  ];
}

function sanityNotes(run: MultiRun): string[] {
  const notes: string[] = [];
  const label = `K=${run.k} × N=${run.n}`;
  for (const phase of run.phases) {
    if (phase.firstError) notes.push(`${label} ${phase.command}: first error: ${phase.firstError}`);
    if (phase.stepsDone !== run.k * run.n) {
      notes.push(`${label} ${phase.command}: ${phase.stepsDone} recording steps done, not ${run.k * run.n}`);
    }
    const other = Object.values(phase.byAction).reduce((sum, counts) => sum + counts[2], 0);
    if (other > 0)
      notes.push(`${label} ${phase.command}: ${other} requests answered with an error other than throttling`);
  }
  if (run.runningAfterUp !== run.k * run.n) notes.push(`${label}: ${run.runningAfterUp} tasks running after up`);
  if (run.leftRunning > 0) notes.push(`${label}: ${run.leftRunning} tasks left running after destroy`);
  return notes;
}

function peerRow(label: string, phase: NaivePhase): string[] {
  return [
    label,
    s(phase.wallMs),
    `${phase.calls - phase.failures.length} of ${phase.calls}`,
    String(throttledIn(phase)),
  ];
}

export async function runMultiStackBench(options: MultiStackOptions): Promise<Section[]> {
  if (options.n <= 0 || options.n % 2 !== 0) throw new Error(`stack size must be even and positive, got ${options.n}`);
  const program = prepareBenchProgram();
  const runs: MultiRun[] = [];
  try {
    for (const k of options.counts) runs.push(await measureGroup(program, k, options));
    if (options.engineFloor) runs.push(await measureGroup(program, Math.max(...options.counts), options, true));
  } finally {
    program.cleanup();
  }
  const p = options.parallel ?? options.defaultParallel;
  const clientRuns: Array<{ k: number; phases: SharedClientPhase[] }> = [];
  if (options.clients) {
    for (const k of options.counts) {
      clientRuns.push({ k, phases: await runSharedClients(k, options.n, p, options.latencyMs) });
    }
  }
  const largest = Math.max(...options.counts);
  const sdk = options.peer ? await runNaiveSdk(largest * options.n, options.latencyMs) : undefined;
  const sections: Section[] = [
    {
      title: `Many stacks, one account: K stacks of N recordings (half cloud, half web) at once, each its own pulumi process and provider host, one emulator at 20 requests/s/action${options.latencyMs ? `, ${options.latencyMs} ms latency` : ""}, --parallel ${p}`,
      header: [
        "K",
        "N",
        "phase",
        "wall s",
        "each pulumi s (min / median / max)",
        "shared floor s (start / full)",
        "÷ shared floor",
        "first request s / API span s (÷ floor)",
        "latency floor s",
        "requests / throttled (share)",
        "failed ops / error diagnostics",
        "CPU s: pulumi / hosts / emulator",
      ],
      rows: runs.flatMap((run) => run.phases.map((phase) => phaseRow(run, phase, options))),
      legend: [
        "wall s: all K `pulumi <command>` processes started together (Promise.all) until the last ended.",
        "shared floor: K×(N/2)/20 s: each action (start, describe, stop of each kind) carries K×N/2 requests against the",
        "account's 20/s, all stacks together; up's 'full' floor (2×) counts its start and describe one after the other.",
        "(The first 20 of each action fit in one window, so the strict floor is 1 s less: it matters only for small K×N.)",
        "first request: from the start of the K commands to the emulator's first answer of the phase: K CLIs and provider",
        "hosts starting on this machine's cores, before any limiter has a say. API span: from that answer to the last one,",
        "against the shared floor (up: its full floor). No limiter can end a phase sooner than first request + floor.",
        "latency floor: latency × round trips per resource × N / --parallel, for each stack (the stacks run side by side).",
        "throttled: requests the emulator answered RequestLimitExceeded (the provider retries them; they spend neither an",
        "attempt nor the call's deadline); share = of all requests it saw during the phase.",
        "failed ops: commands that failed; error diagnostics: error messages the engine showed (what a user would see).",
        "The real account's default of 100 concurrent recordings would refuse K×N beyond it: the emulator's is raised here.",
        "no rate limit: the same group with the emulator refusing nothing and each client sending as fast as its steps ask:",
        "the engine floor, set by K CLIs (state writes), hosts and the emulator sharing this machine's cores.",
        `1-min load average before → after each group (2 cores): ${runs.map((r) => `K=${r.k} ${r.load[0].toFixed(1)} → ${r.load[1].toFixed(1)}`).join("; ")}`,
      ],
      warnings: [
        ...runs
          .filter((run) => !run.unlimited)
          .flatMap((run) =>
            verdict(
              run,
              runs.find((other) => other.unlimited && other.k === run.k),
            ),
          )
          .map((line) => `target: ${line}`),
        ...runs.flatMap(sanityNotes),
      ],
    },
  ];
  if (clientRuns.length > 0) {
    sections.push({
      title: `The same requests without the CLI: K provider clients (each its own rate limiter, as each stack's host has) in one process, N recordings each, ${p} at a time`,
      header: [
        "K",
        "N",
        "phase",
        "wall s",
        "each client s (min / median / max)",
        "shared floor s (start / full)",
        "÷ shared floor",
        "requests / throttled (share)",
        "errors",
      ],
      rows: clientRuns.flatMap(({ k, phases }) =>
        phases.map((phase) => {
          const actions = ACTIONS_PER_RESOURCE[phase.phase];
          const floor = sharedFloorMs(k, options.n);
          return [
            String(k),
            String(options.n),
            phase.phase,
            s(phase.wallMs),
            `${s(Math.min(...phase.clientMs))} / ${s(median(phase.clientMs))} / ${s(Math.max(...phase.clientMs))}`,
            actions === 1 ? s(floor) : `${s(floor)} / ${s(floor * actions)}`,
            actions === 1
              ? x(phase.wallMs / floor)
              : `${x(phase.wallMs / floor)} / ${x(phase.wallMs / (floor * actions))}`,
            `${phase.requests} / ${phase.throttled} (${pct(phase.throttled / Math.max(1, phase.requests))})`,
            String(phase.errors.length),
          ];
        }),
      ),
      legend: [
        "up = start then describe per recording; refresh = describe; destroy = stop. No CLI, provider host or state file:",
        "what is left of the CLI run's time beyond these is the CLIs' own work on a machine they share.",
      ],
      warnings: clientRuns.flatMap(({ k, phases }) =>
        phases.filter((ph) => ph.errors.length > 0).map((ph) => `K=${k} ${ph.phase}: first error ${ph.errors[0]}`),
      ),
    });
  }
  if (sdk) {
    sections.push({
      title: `Peer: a naive tencentcloud-sdk-nodejs script with all ${largest * options.n} tasks at once (Promise.all per phase, failures caught)`,
      header: ["phase", "wall s", "succeeded", "RequestLimitExceeded"],
      rows: [peerRow("start", sdk.start), peerRow("describe", sdk.describe), peerRow("stop", sdk.stop)],
      legend: [`${sdk.started} started; ${sdk.leftRunning} left running after its stop phase.`],
      warnings: [],
    });
  }
  return sections;
}
