// Stack-scale benchmark: N recordings (half cloud, half web) created, previewed, refreshed and destroyed through the
// real `@pulumi/pulumi` dynamic-provider host, driven by the harness's mini engine with the engine's unbounded
// parallelism, against the emulator in its own process at the service's 20 requests/second/action limit. The same
// N tasks driven by a naive official-SDK script are the peer. One fresh host (and emulator) per N, so its cold start
// and memory figures belong to that N alone.

import { statSync } from "node:fs";
import { join } from "node:path";
import { type DynamicHost, startDynamicHost } from "../test/harness/dynamicHost";
import { Deployment, type DesiredResource, type Step } from "../test/harness/engine";
import { emptyState, isDynamicType, STACK_TYPE, type StackState } from "../test/harness/stackState";
import { saveState } from "../test/harness/stateFile";
import { type FirstCreate, firstCreateMs, requireMs } from "./coldStart";
import { type EmulatorProcess, startEmulatorProcess } from "./emulatorProcess";
import { type NaivePhase, type NaiveSdkFigures, runNaiveSdk, throttledIn } from "./naiveSdkStack";
import { median, type Row } from "./report";
import { type BenchProgram, PROJECT, prepareBenchProgram, providerConfig } from "./stackProgram";

export interface StackBenchOptions {
  /** Stack sizes; each must be even (half cloud, half web). */
  sizes: number[];
  /** Fresh processes behind each module-load and host-start median. */
  coldStartRuns: number;
}

export interface Table {
  title: string;
  peerName: string;
  rows: Row[];
  /** How to read the table. */
  legend: string[];
  /** Anything that makes a figure suspect: failed sanity checks. */
  warnings: string[];
}

const RATE_LIMIT = 20;
// Each operation starts with the service's rate windows empty, as separate CLI commands (seconds apart) would.
const PAUSE_MS = 1100;

interface PhaseFigures {
  wallMs: number;
  /** API requests the emulator saw during the operation, and how many it refused with RequestLimitExceeded. */
  requests: number;
  throttled: number;
  /** What the user would see (the Deployment's errors). */
  userErrors: string[];
  steps: Step[];
  /** When the first recording's step began (after its check, for a create), ms into the operation. */
  firstStepMs: number;
}

interface StackFigures {
  n: number;
  hostStartMs: number;
  configuredMs: number;
  firstCheckMs: number;
  firstCreateMs: number;
  baselineRssKb: number;
  peakRssKb: number;
  create: PhaseFigures;
  preview: PhaseFigures & { changed: number };
  checkDiffMs: number[];
  refresh: PhaseFigures;
  destroy: PhaseFigures;
  runningAfterCreate: number;
  invalidUserSigs: number;
  leftRunning: number;
  stateBytes: number;
  /** Bytes of `__provider` values in the saved state (inputs and outputs of every recording). */
  providerStateBytes: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The host, with the time of its first check and first create answers (ms after `since`) recorded. */
function timingFirstAnswers(host: DynamicHost, since: number) {
  const first = { checkMs: Number.NaN, createMs: Number.NaN };
  const timed: DynamicHost = {
    ...host,
    async check(...args) {
      const result = await host.check(...args);
      if (Number.isNaN(first.checkMs)) first.checkMs = performance.now() - since;
      return result;
    },
    async create(...args) {
      const result = await host.create(...args);
      if (Number.isNaN(first.createMs)) first.createMs = performance.now() - since;
      return result;
    },
  };
  return { host: timed, first };
}

/** One operation: its wall time, the API requests it caused, and what the user saw. */
async function measure(
  emulator: EmulatorProcess,
  deployment: Deployment,
  operation: () => Promise<void>,
): Promise<PhaseFigures> {
  const before = (await emulator.requests()).length;
  const started = performance.now();
  await operation();
  const wallMs = performance.now() - started;
  const requests = (await emulator.requests()).slice(before);
  const recordingSteps = deployment.steps.filter((s) => isDynamicType(s.urn.split("::")[2] ?? ""));
  return {
    wallMs,
    requests: requests.length,
    throttled: requests.filter((r) => r.code === "RequestLimitExceeded").length,
    userErrors: [...deployment.errors],
    steps: deployment.steps,
    firstStepMs: Math.min(...recordingSteps.map((s) => s.startMs)),
  };
}

/** `pulumi up|preview` of the program: the Stack, then every recording at once as its child, then the deletes. */
async function upOrPreview(deployment: Deployment, recordings: DesiredResource[], stackName: string): Promise<void> {
  const stack = await deployment.registerResource({ type: STACK_TYPE, name: stackName, custom: false, inputs: {} });
  await Promise.all(
    recordings.map((r) => deployment.registerResource({ ...r, parent: stack.urn }).catch(() => undefined)),
  );
  await deployment.finish();
}

/** check + diff of each recording against the state, one at a time, as a preview does for each: ms per recording. */
async function checkDiffTimes(host: DynamicHost, state: StackState, recordings: DesiredResource[]): Promise<number[]> {
  const old = new Map(state.resources.map((r) => [r.name, r]));
  const times: number[] = [];
  for (const recording of recordings) {
    const prior = old.get(recording.name);
    if (!prior) continue;
    const started = performance.now();
    const checked = await host.check(recording.type, recording.name, prior.inputs, recording.inputs);
    await host.diff(recording.type, recording.name, prior.id, prior.outputs, checked.inputs, prior.inputs);
    times.push(performance.now() - started);
  }
  return times;
}

function providerBytesIn(state: StackState): number {
  let bytes = 0;
  for (const resource of state.resources) {
    if (!resource.custom || !isDynamicType(resource.type)) continue;
    for (const props of [resource.inputs, resource.outputs]) {
      if (props.__provider !== undefined) bytes += Buffer.byteLength(JSON.stringify(props.__provider));
    }
  }
  return bytes;
}

async function measureStack(program: BenchProgram, n: number): Promise<StackFigures> {
  const recordings = program.recordings.slice(0, n);
  const stackName = `bench${n}`;
  const emulator = await startEmulatorProcess(["--max-concurrent-tasks", "100000"]);
  let host: DynamicHost | undefined;
  try {
    const spawnedAt = performance.now();
    host = await startDynamicHost({ cwd: program.programDir, project: PROJECT, stack: stackName });
    const hostStarted = performance.now() - spawnedAt;
    await host.configure(providerConfig(emulator.url));
    const configuredMs = performance.now() - spawnedAt;
    const baselineRssKb = host.peakRssKb() ?? Number.NaN;
    const timed = timingFirstAnswers(host, spawnedAt);

    const up = new Deployment({ state: emptyState(PROJECT, stackName), host: timed.host });
    const create = await measure(emulator, up, () => upOrPreview(up, recordings, `${PROJECT}-${stackName}`));
    const tasks = await emulator.tasks();
    const stateFile = join(program.programDir, `${stackName}.state.json`);
    saveState(stateFile, up.state);

    const previewing = new Deployment({ state: up.state, host, preview: true });
    const preview = await measure(emulator, previewing, () =>
      upOrPreview(previewing, recordings, `${PROJECT}-${stackName}`),
    );
    const changed = previewing.steps.filter((s) => s.op !== "same").length;
    const checkDiffMs = await checkDiffTimes(host, up.state, recordings);

    await sleep(PAUSE_MS);
    const refreshing = new Deployment({ state: up.state, host });
    const refresh = await measure(emulator, refreshing, () => refreshing.refresh());
    await sleep(PAUSE_MS);
    const destroying = new Deployment({ state: refreshing.state, host });
    const destroy = await measure(emulator, destroying, () => destroying.destroy());
    const peakRssKb = host.peakRssKb() ?? Number.NaN;

    return {
      n,
      hostStartMs: hostStarted,
      configuredMs,
      firstCheckMs: timed.first.checkMs,
      firstCreateMs: timed.first.createMs,
      baselineRssKb,
      peakRssKb,
      create,
      preview: { ...preview, changed },
      checkDiffMs,
      refresh,
      destroy,
      runningAfterCreate: tasks.filter((t) => t.running).length,
      invalidUserSigs: tasks.filter((t) => t.kind === "cloud" && t.userSigValid !== true).length,
      leftRunning: (await emulator.tasks()).filter((t) => t.running).length,
      stateBytes: statSync(stateFile).size,
      providerStateBytes: providerBytesIn(up.state),
    };
  } finally {
    await host?.close();
    await emulator.stop();
  }
}

// --- tables ----------------------------------------------------------------------------------------------------

const seconds = (ms: number) => ms / 1000;
const mib = (kb: number) => kb / 1024;

/**
 * The floor the issue sets: N/2 requests of each start, describe or stop action at 20 per second, (N/2)/20 s (the
 * two kinds' actions are separate limits and run side by side). A sliding window admits the first 20 at once, so the
 * strict minimum is one window less, (⌈(N/2)/20⌉ − 1) s; the note gives the ratio to that too.
 */
function floors(n: number): { floorMs: number; strictMs: number } {
  const perAction = n / 2;
  return { floorMs: (perAction / RATE_LIMIT) * 1000, strictMs: (Math.ceil(perAction / RATE_LIMIT) - 1) * 1000 };
}

function operationRows(label: string, n: number, ours: PhaseFigures, peer: NaivePhase, peerWhat: string): Row[] {
  const { floorMs, strictMs } = floors(n);
  const done = ours.steps.filter((s) => !s.error && isDynamicType(s.urn.split("::")[2] ?? "")).length;
  return [
    {
      metric: `N=${n} ${label}: wall time, s (floor ${seconds(floorMs)} s)`,
      ours: seconds(ours.wallMs),
      peer: seconds(peer.wallMs),
      ratio: ours.wallMs / floorMs,
      note: `ratio = ours / floor; ${(ours.wallMs / strictMs).toFixed(2)}× the strict ${seconds(strictMs)} s; first step began at ${seconds(ours.firstStepMs).toFixed(2)} s; SDK: ${peerWhat}`,
    },
    {
      metric: "  API requests / of them RequestLimitExceeded",
      ours: `${ours.requests} / ${ours.throttled}`,
      peer: `${peer.calls} / ${throttledIn(peer)}`,
      note: ours.throttled > 0 ? "ours retried the throttled ones" : "",
    },
    {
      metric: "  errors surfaced to the user",
      ours: ours.userErrors.length,
      peer: peer.failures.length,
      note: `ours: ${done} of ${n} recordings done`,
    },
  ];
}

function stackRows(figures: StackFigures, sdk: NaiveSdkFigures): Row[] {
  const { n } = figures;
  return [
    ...operationRows("create", n, figures.create, sdk.start, "start all (ours also describes each once)"),
    {
      metric: "  recordings running afterwards",
      ours: figures.runningAfterCreate,
      peer: sdk.started,
      note: `of ${n}${sdk.started < n ? `; the SDK script's other ${n - sdk.started} starts failed` : ""}`,
    },
    ...operationRows("refresh", n, figures.refresh, sdk.describe, `describe the ${sdk.started} started`),
    ...operationRows("destroy", n, figures.destroy, sdk.stop, `stop the ${sdk.started} started`),
    {
      metric: "  tasks left running",
      ours: figures.leftRunning,
      peer: sdk.leftRunning,
      note: `a bare Promise.all script aborts at the first failed start and leaves all ${sdk.started} started running`,
    },
  ];
}

function detailRows(figures: StackFigures[], coldStart: ColdStart, program: BenchProgram): Row[] {
  const rows: Row[] = [
    {
      metric: "__provider per resource (CloudRecording / WebRecording), bytes",
      ours: `${Buffer.byteLength(program.providerText.cloud)} / ${Buffer.byteLength(program.providerText.web)}`,
      note: "a require() of the installed package; stored in inputs and outputs",
    },
  ];
  for (const f of figures) {
    const times = [...f.checkDiffMs].sort((a, b) => a - b);
    const p90 = times[Math.min(times.length - 1, Math.floor(times.length * 0.9))] ?? Number.NaN;
    rows.push(
      {
        metric: `N=${f.n}: state bytes per resource (saved state file / N)`,
        ours: f.stateBytes / f.n,
        note: `__provider ${(f.providerStateBytes / f.n).toFixed(0)} of them; file ${(f.stateBytes / 1024).toFixed(0)} KiB incl. the Stack`,
      },
      {
        metric: `N=${f.n}: preview over the state, ms per resource`,
        ours: f.preview.wallMs / f.n,
        note: `${f.preview.wallMs.toFixed(0)} ms for ${f.n} at once; ${f.preview.changed} changes, ${f.preview.requests} API requests`,
      },
      {
        metric: `N=${f.n}: check + diff of one resource, median ms`,
        ours: median(f.checkDiffMs),
        note: `one at a time over ${times.length}; p90 ${p90.toFixed(2)} ms`,
      },
      {
        metric: `N=${f.n}: host spawn → first create answered, ms`,
        ours: f.firstCreateMs,
        note: `listening ${f.hostStartMs.toFixed(0)}, configured ${f.configuredMs.toFixed(0)}, first check ${f.firstCheckMs.toFixed(0)}`,
      },
      {
        metric: `N=${f.n}: host peak RSS (VmHWM), MiB`,
        ours: mib(f.peakRssKb),
        note: `${mib(f.baselineRssKb).toFixed(0)} MiB once configured`,
      },
    );
  }
  const first = coldStart.firstCreate;
  rows.push(
    {
      metric: "N=1: host spawn → first create answered, ms",
      ours: first.created,
      note: `median of ${coldStart.runs} fresh hosts: listening ${first.listening.toFixed(0)}, configured ${first.configured.toFixed(0)}, first check (loads the provider) ${first.checked.toFixed(0)}`,
    },
    {
      metric: "require cloudRecordingProvider.js, fresh process, ms",
      ours: coldStart.cloudProviderMs,
      peer: coldStart.sdkClientMs,
      ratio: coldStart.sdkClientMs / coldStart.cloudProviderMs,
      note: `median of ${coldStart.runs}; SDK: its trtc_client; ratio = SDK / ours`,
    },
    {
      metric: "require webRecordingProvider.js, fresh process, ms",
      ours: coldStart.webProviderMs,
      note: `median of ${coldStart.runs}`,
    },
    {
      metric: "require @pulumi/pulumi, fresh process, ms",
      ours: coldStart.pulumiMs,
      note: `median of ${coldStart.runs}; the host loads it before listening`,
    },
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
  const [cloudRecording] = program.recordings;
  if (!cloudRecording) throw new Error("no recording to create");
  return {
    runs,
    cloudProviderMs: await requireMs("pulumi-trtc/dist/provider/cloudRecordingProvider.js", cwd, runs),
    webProviderMs: await requireMs("pulumi-trtc/dist/provider/webRecordingProvider.js", cwd, runs),
    sdkClientMs: await requireMs("tencentcloud-sdk-nodejs/tencentcloud/services/trtc/v20190722/trtc_client", cwd, runs),
    pulumiMs: await requireMs("@pulumi/pulumi", cwd, runs),
    firstCreate: await firstCreateMs(cwd, cloudRecording, runs),
  };
}

function sanityNotes(f: StackFigures): string[] {
  const notes: string[] = [];
  const errors = [...f.create.userErrors, ...f.refresh.userErrors, ...f.destroy.userErrors];
  if (errors.length > 0) notes.push(`N=${f.n}: ${errors.length} user-facing errors, first: ${errors[0]}`);
  if (f.runningAfterCreate !== f.n) notes.push(`N=${f.n}: ${f.runningAfterCreate} tasks running after create`);
  if (f.invalidUserSigs > 0) notes.push(`N=${f.n}: ${f.invalidUserSigs} cloud tasks without a valid UserSig`);
  if (f.preview.changed > 0 || f.preview.requests > 0) {
    notes.push(`N=${f.n}: preview planned ${f.preview.changed} changes and made ${f.preview.requests} API requests`);
  }
  const reads = f.refresh.steps.filter((s) => s.op === "read" && !s.error && !s.gone).length;
  if (reads !== f.n) notes.push(`N=${f.n}: refresh read ${reads} recordings`);
  return notes;
}

export async function runStackBench(options: StackBenchOptions): Promise<Table[]> {
  const program = await prepareBenchProgram(Math.max(...options.sizes));
  try {
    const figures: StackFigures[] = [];
    const rows: Row[] = [];
    for (const n of options.sizes) {
      if (n % 2 !== 0) throw new Error(`stack sizes must be even (half cloud, half web), got ${n}`);
      const ours = await measureStack(program, n);
      const sdk = await runNaiveSdk(n);
      figures.push(ours);
      rows.push(...stackRows(ours, sdk));
    }
    const coldStart = await measureColdStart(program, options.coldStartRuns);
    return [
      {
        title:
          "Stack: N recordings (half cloud, half web) through the @pulumi/pulumi dynamic-provider host, engine parallelism, emulator at 20 requests/s/action",
        peerName: "official SDK, Promise.all",
        rows,
        legend: [
          "floor = (N/2)/20 s: each kind's start, describe or stop action carries N/2 requests at 20/s, the kinds' actions run",
          "side by side, and create's Describe pipelines behind its start. Each operation starts with the service's windows empty.",
          "SDK peer: the same N tasks, start all, then describe all, then stop all (each phase a Promise.all, failures caught).",
        ],
        warnings: figures.flatMap(sanityNotes),
      },
      {
        title: "Stack: state, preview, cold start and memory",
        peerName: "official SDK",
        rows: detailRows(figures, coldStart, program),
        legend: ["State: the harness's state file (secrets encrypted, 2-space JSON), N recordings plus the Stack."],
        warnings: [],
      },
    ];
  } finally {
    program.cleanup();
  }
}
