// The chaos run: a seeded random sequence of lifecycle operations on CloudRecording and WebRecording resources,
// through one real dynamic-provider host and the harness's mini engine, while the emulator injects faults. After
// every step the stack state goes through the state file (as between two CLI commands) and the invariants below
// are checked against what the emulator has running.
//
// Invariants:
// - every running task is one the state knows, except tasks past their ResourceExpiredHour window that a provider
//   warning named (they can only end by idling out), and tasks an "it is unknown whether ... started" error named;
// - a resource has at most one running task, not counting the old half of a replacement whose delete has not
//   happened yet: the engine keeps it as a `pendingDelete` entry, which the harness writes to state;
// - a task the state calls ended is not running (one past its window is "unmanageable", and may run on);
// - after a clean destroy, once every room is empty and MaxIdleTime has passed, nothing runs at all;
// - every error the user saw names an API action and an error code, or is whitelisted below with a reason;
// - the state round-trips through the state file, and every `__provider` deserializes and yields a provider (also
//   that of a partially created resource: started, then its status could not be read; see regressions.test.ts).
//
// Rules that keep the run meaningful rather than merely destructive:
// - a commit-then-reset on a start is injected at most twice, and lost starts (reset or commit-then-reset) at most
//   three times per step: the provider makes 4 attempts, and a start whose every answer was lost leaves a task
//   the service gives no way to find (the provider says so in its error);
// - a delayed start always completes within its attempt: a start the client gave up on but the service ran later,
//   after the retry, would interrupt the retry's robot (a residual risk of any retry, not exercised here);
// - the service's own rate limit is off and the provider's raised (see chaosProviderConfig), and the emulator's
//   concurrency limit is raised to 1000, so tasks that run on past their window do not exhaust it (chaos.test.ts).

import { join } from "node:path";
import requireFromString from "require-from-string";
import type { Emulator, FaultKind, FaultSpec, TaskView } from "../../emulator";
import { ACTIONS, type ActionName } from "../../provider/regions";
import { generatePrivateMapKey, generateUserSig } from "../../provider/userSig";
import { CLOUD_TYPE, cos, SDK_APP_ID, SDK_SECRET_KEY, WEB_TYPE } from "../e2e/recordingsFixture";
import type { DynamicHost } from "../harness/dynamicHost";
import { Deployment, type DesiredResource, type Step, type StepOp } from "../harness/engine";
import type { ConfigValue } from "../harness/runRequest";
import { isSecret, type Props, secret } from "../harness/secrets";
import { emptyState, type ResourceState, type StackState } from "../harness/stackState";
import { loadState, saveState } from "../harness/stateFile";
import { SeededRandom } from "./random";

export const OPERATIONS = [
  "create",
  "update",
  "replace",
  "remove",
  "up",
  "refresh",
  "destroy",
  "natural-end",
  "expiry",
] as const;
export type Operation = (typeof OPERATIONS)[number];

export const FAULT_KINDS: readonly FaultKind[] = ["throttle", "internal-error", "reset", "delay", "commit-then-reset"];

const WEIGHTS: Record<Operation, number> = {
  create: 17,
  update: 17,
  replace: 13,
  remove: 6,
  up: 6,
  refresh: 14,
  destroy: 4,
  "natural-end": 10,
  expiry: 4,
};
const DEPLOYMENTS: ReadonlySet<Operation> = new Set([
  "create",
  "update",
  "replace",
  "remove",
  "up",
  "refresh",
  "destroy",
]);
const NEEDS_RESOURCE: ReadonlySet<Operation> = new Set(["update", "replace", "remove", "natural-end"]);
const STARTS: readonly ActionName[] = ["CreateCloudRecording", "StartWebRecord"];
const MAX_RESOURCES = 6;
/** The largest maxIdleTime generated: after it, an empty room has no task left. */
const MAX_IDLE_SECONDS = 60;
/** The short ResourceExpiredHour some cloud recordings get, so the run can move past it. */
const SHORT_EXPIRY_HOURS = 6;
/** The documented canvas when mixTranscodeParams.videoParams is omitted. */
const DEFAULT_CANVAS = { width: 360, height: 640 };
const CANVASES = [undefined, { width: 1280, height: 720 }, { width: 640, height: 360 }, { width: 1920, height: 1080 }];
/** Below the 1.5 s attempt timeout the chaos configures, so a delayed start completes within its attempt. */
const SHORT_DELAY_MS = 600;
/** Beyond the attempt timeout: a read, change or stop the client gives up on and retries (once, by the deadline). */
const LONG_DELAY_MS = 1_700;

/** Provider settings of the chaos run, on top of the recordings fixture's config. */
export function chaosProviderConfig(): Record<string, string> {
  return {
    // Throttling comes from injected faults here; the rate limiter has its own tests (hostLifecycle, bench), and
    // at 20 requests/second several hundred operations would spend most of their time waiting for slots.
    "trtc:maxRequestsPerSecond": "1000",
    // Short limits, so that faults that outlast the retries surface as user-visible failures within seconds.
    "trtc:requestTimeoutSeconds": "1.5",
    "trtc:deadlineSeconds": "2",
  };
}

/** What the engine hands the provider's configure: plain strings, secrets unwrapped. */
export function plainConfig(config: Record<string, ConfigValue>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(config).map(([key, value]) => [key, String(isSecret(value) ? value.value : value)]),
  );
}

const ACTION_FAILURE = new RegExp(`\\b(${ACTIONS.join("|")}) failed: ([A-Z][A-Za-z]*(?:\\.[A-Za-z0-9]+)*):`);
/** Errors that name no action and code but are still clear; each with why it is acceptable. None so far. */
const EXPLAINED_WITHOUT_ACTION: ReadonlyArray<{ pattern: RegExp; why: string }> = [];

/** Whether a user-facing error says which API action failed and with which code (or is whitelisted). */
export function explainsItself(error: string): boolean {
  return ACTION_FAILURE.test(error) || EXPLAINED_WITHOUT_ACTION.some((allowed) => allowed.pattern.test(error));
}

export interface ChaosEnvironment {
  emulator: Emulator;
  /** Configured with the recordings fixture's config plus `chaosProviderConfig()`. */
  host: DynamicHost;
  /** The `__provider` text of each resource type, captured from the fixture program. */
  providers: Record<string, string>;
  programDir: string;
  project: string;
  stack: string;
  stateFile: string;
}

export interface ChaosStep {
  index: number;
  operation: Operation;
  faults: FaultSpec[];
  /** The state as loaded back from the state file after the step. */
  state: StackState;
  errors: string[];
  steps: Step[];
}

export interface ChaosOptions {
  seed: number;
  operations: number;
  onStep?: (step: ChaosStep) => void | Promise<void>;
}

export interface ChaosReport {
  seed: number;
  operations: Record<Operation, number>;
  /** Operations that changed something at the emulator: a natural end of a running task, an expiry that mattered. */
  effectiveEvents: { naturalEnds: number; expiries: number };
  /** Fault uses queued (sum of `times`) and fault uses that fired (from the emulator's request log). */
  faultsInjected: Record<FaultKind, number>;
  faultsFired: Record<FaultKind, number>;
  engineSteps: Partial<Record<StepOp, number>>;
  replacements: { deleteBeforeReplace: number; createBeforeDelete: number };
  apiRequests: number;
  userErrors: number;
  partialCreates: number;
  /** Steps after which a replaced task waited in state as `pendingDelete`. */
  pendingDeletesSeen: number;
  /** Tasks past their window that ran on outside state, each named by a provider warning. */
  expiredTasksWarned: number;
  cleanDestroys: number;
  durationMs: number;
  violations: string[];
  /** Every UserSig and PrivateMapKey the run passed in as an input (for the secrets audit). */
  secretsPassed: string[];
}

interface ResourceModel {
  name: string;
  kind: "cloud" | "web";
  pinned: boolean;
  args: Props;
}

function zeroCounts<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

function unwrapped(value: unknown): unknown {
  return isSecret(value) ? value.value : value;
}

function customResources(state: StackState): ResourceState[] {
  return state.resources.filter((r) => r.custom);
}

/** The resource a task belongs to, from its robot UserId or RecordId (generated `rec-<name>-…`, pinned `pin_<name>`). */
export function ownerOf(task: TaskView): string | undefined {
  const id = (task.kind === "cloud" ? task.userId : task.recordId) ?? "";
  const match = /^(?:rec|web)-([a-z0-9]+)-|^pin_([a-z0-9]+)$/.exec(id);
  return match?.[1] ?? match?.[2];
}

/** The actions an operation on a resource of this kind (any kind when omitted) probably calls. */
function likelyActions(operation: Operation, kind: "cloud" | "web" | undefined): readonly ActionName[] {
  const cloud: Partial<Record<Operation, ActionName[]>> = {
    update: ["ModifyCloudRecording"],
    replace: ["CreateCloudRecording", "DescribeCloudRecording", "DeleteCloudRecording"],
    remove: ["DeleteCloudRecording"],
  };
  const web: Partial<Record<Operation, ActionName[]>> = {
    replace: ["StartWebRecord", "DescribeWebRecord", "StopWebRecord"],
    remove: ["StopWebRecord"],
  };
  const any: Partial<Record<Operation, ActionName[]>> = {
    create: ["CreateCloudRecording", "DescribeCloudRecording", "StartWebRecord", "DescribeWebRecord"],
    refresh: ["DescribeCloudRecording", "DescribeWebRecord"],
    destroy: ["DeleteCloudRecording", "StopWebRecord"],
  };
  const table = kind === "cloud" ? cloud : kind === "web" ? web : any;
  return table[operation] ?? ACTIONS;
}

export async function runChaos(environment: ChaosEnvironment, options: ChaosOptions): Promise<ChaosReport> {
  return new ChaosRun(environment, options).execute();
}

class ChaosRun {
  private readonly env: ChaosEnvironment;
  private readonly options: ChaosOptions;
  private readonly rng: SeededRandom;
  private readonly desired = new Map<string, ResourceModel>();
  private state: StackState;
  private readonly report: ChaosReport;
  private nextName = 0;
  private nextRoom = 20_000;
  private nextPage = 0;
  private requestsSeen = 0;
  /** Robot UserIds and RecordIds that an "it is unknown whether ... started" error named. */
  private readonly reportedUnknownStarts = new Set<string>();
  private readonly warnedExpired = new Set<string>();
  private readonly verifiedProviders = new Set<string>();
  private readonly started = performance.now();

  constructor(environment: ChaosEnvironment, options: ChaosOptions) {
    this.env = environment;
    this.options = options;
    this.rng = new SeededRandom(options.seed);
    this.state = emptyState(environment.project, environment.stack);
    this.report = {
      seed: options.seed,
      operations: zeroCounts(OPERATIONS),
      effectiveEvents: { naturalEnds: 0, expiries: 0 },
      faultsInjected: zeroCounts(FAULT_KINDS),
      faultsFired: zeroCounts(FAULT_KINDS),
      engineSteps: {},
      replacements: { deleteBeforeReplace: 0, createBeforeDelete: 0 },
      apiRequests: 0,
      userErrors: 0,
      partialCreates: 0,
      pendingDeletesSeen: 0,
      expiredTasksWarned: 0,
      cleanDestroys: 0,
      durationMs: 0,
      violations: [],
      secretsPassed: [],
    };
  }

  async execute(): Promise<ChaosReport> {
    for (let index = 0; index < this.options.operations; index++) {
      const operation = this.chooseOperation();
      this.report.operations[operation]++;
      const target = NEEDS_RESOURCE.has(operation) ? this.pickDesired() : undefined;
      const faults = DEPLOYMENTS.has(operation) ? this.injectFaults(likelyActions(operation, target?.kind)) : [];
      const deployment = await this.perform(operation, target);
      this.env.emulator.clearFaults();
      const problems = await this.afterStep(deployment);
      const errors = [...(deployment?.errors ?? [])];
      if (operation === "destroy" && deployment?.errors.length === 0) {
        this.report.cleanDestroys++;
        problems.push(...(await this.nothingRunsOnceRoomsEmpty()));
      }
      await this.options.onStep?.({
        index,
        operation,
        faults,
        state: this.state,
        errors,
        steps: deployment?.steps ?? [],
      });
      if (problems.length > 0) {
        const context = `step ${index} (${operation}; faults ${JSON.stringify(faults)}; errors ${JSON.stringify(errors)})`;
        this.report.violations.push(...problems.map((p) => `${context}: ${p}`));
        break;
      }
    }
    if (this.report.violations.length === 0) await this.finalDestroy();
    this.report.expiredTasksWarned = this.warnedExpired.size;
    this.report.durationMs = Math.round(performance.now() - this.started);
    return this.report;
  }

  // --- choosing and performing operations --------------------------------------------------------------------

  private chooseOperation(): Operation {
    let operation = this.rng.weighted(WEIGHTS);
    if (NEEDS_RESOURCE.has(operation) && this.desired.size === 0) operation = "create";
    if (operation === "create" && this.desired.size >= MAX_RESOURCES) operation = "update";
    return operation;
  }

  /** Performs the operation; what it chooses depends on the seed and the desired program only, never on outcomes. */
  private async perform(operation: Operation, target: ResourceModel | undefined): Promise<Deployment | undefined> {
    switch (operation) {
      case "create":
        this.addResource();
        return this.up();
      case "update":
        this.updateInPlace(target as ResourceModel);
        return this.up();
      case "replace":
        this.forceReplacement(target as ResourceModel);
        return this.up();
      case "remove":
        this.desired.delete((target as ResourceModel).name);
        return this.up();
      case "up":
        return this.up();
      case "refresh":
        return this.deploy((d) => d.refresh());
      case "destroy": {
        const deployment = await this.deploy((d) => d.destroy());
        // Half the time the user also empties the program; otherwise the next up starts everything again.
        if (this.rng.chance(0.5)) this.desired.clear();
        return deployment;
      }
      case "natural-end":
        this.endNaturally(target as ResourceModel);
        return undefined;
      case "expiry":
        this.expire();
        return undefined;
    }
  }

  private pickDesired(): ResourceModel {
    const names = [...this.desired.keys()].sort();
    return this.desired.get(this.rng.pick(names)) as ResourceModel;
  }

  private addResource(): void {
    const kind = this.rng.chance(0.55) ? "cloud" : "web";
    const name = `${kind === "cloud" ? "c" : "w"}${this.nextName++}`;
    const pinned = this.rng.chance(0.4);
    const model: ResourceModel = { name, kind, pinned, args: {} };
    model.args = kind === "cloud" ? this.cloudArgs(model) : this.webArgs(model);
    this.desired.set(name, model);
  }

  private room(): string {
    return String(this.nextRoom++);
  }

  private cloudArgs(model: ResourceModel): Props {
    const rng = this.rng;
    const canvas = rng.pick(CANVASES);
    const recordParams: Props = { recordMode: 2, maxIdleTime: rng.pick([5, 10, 30, MAX_IDLE_SECONDS]) };
    const subscriptions = this.subscriptions();
    if (subscriptions) recordParams.subscribeStreamUserIds = subscriptions;
    const roomId = this.room();
    const args: Props = {
      roomId,
      recordParams,
      storageParams: rng.chance(0.5)
        ? { cloudStorage: { ...cos, fileNamePrefix: ["chaos", model.name] } }
        : { cloudVod: { tencentVod: { mediaType: rng.pick([0, 1, 3]) } } },
    };
    if (canvas) args.mixTranscodeParams = { videoParams: { ...canvas, fps: 15, bitRate: 1_000_000, gop: 2 } };
    if (rng.chance(0.8)) args.mixLayoutParams = this.layout(canvas ?? DEFAULT_CANVAS);
    if (rng.chance(0.5)) args.resourceExpiredHour = SHORT_EXPIRY_HOURS;
    const whenEnded = rng.pick(["recreate", "keep", undefined]);
    if (whenEnded) args.whenEnded = whenEnded;
    if (model.pinned) {
      const userId = `pin_${model.name}`;
      args.userId = userId;
      if (rng.chance(0.5)) {
        args.userSig = generateUserSig({ sdkAppId: SDK_APP_ID, sdkSecretKey: SDK_SECRET_KEY, userId });
        this.report.secretsPassed.push(String(args.userSig));
      }
      if (rng.chance(0.4)) {
        args.privateMapKey = generatePrivateMapKey({
          sdkAppId: SDK_APP_ID,
          sdkSecretKey: SDK_SECRET_KEY,
          userId,
          roomId: Number(roomId),
        });
        this.report.secretsPassed.push(String(args.privateMapKey));
      }
    }
    return args;
  }

  private webArgs(model: ResourceModel): Props {
    const rng = this.rng;
    const args: Props = {
      recordUrl: `https://example.com/board/${this.nextPage++}`,
      storageParams: rng.chance(0.5)
        ? { cloudStorage: { ...cos, fileNamePrefix: ["pages", model.name] } }
        : { cloudVod: { tencentVod: { mediaType: rng.pick([0, 1]) } } },
      maxDurationLimit: rng.pick([1800, 7200, 86400]),
    };
    if (rng.chance(0.5)) args.webRecordVideoParams = { width: 1280, height: 720, format: rng.pick(["hls", "mp4"]) };
    const whenEnded = rng.pick(["recreate", "keep", undefined]);
    if (whenEnded) args.whenEnded = whenEnded;
    if (model.pinned) args.recordId = `pin_${model.name}`;
    return args;
  }

  private subscriptions(): Props | undefined {
    switch (this.rng.int(0, 3)) {
      case 0:
        return undefined;
      case 1:
        return { subscribeAudioUserIds: ["teacher", "1.*$"] };
      case 2:
        return { unSubscribeVideoUserIds: [`guest${this.rng.int(1, 9)}`] };
      default:
        return {
          subscribeAudioUserIds: ["teacher"],
          subscribeVideoUserIds: ["teacher", `assistant${this.rng.int(1, 9)}`],
        };
    }
  }

  /** A valid layout for the canvas: a template mode, or custom pictures that fit inside it. */
  private layout(canvas: { width: number; height: number }): Props {
    const rng = this.rng;
    const mode = rng.pick([1, 2, 3, 4]);
    if (mode !== 4) {
      const layout: Props = { mixLayoutMode: mode };
      if (rng.chance(0.5)) layout.backGroundColor = rng.pick(["#000000", "#101820", "#FFFFFF"]);
      return layout;
    }
    const mixLayoutList = Array.from({ length: rng.int(1, 3) }, (_, i) => {
      const width = rng.int(1, canvas.width);
      const height = rng.int(1, canvas.height);
      return {
        top: rng.int(0, canvas.height - height),
        left: rng.int(0, canvas.width - width),
        width,
        height,
        userId: `anchor${i}`,
      };
    });
    return { mixLayoutMode: 4, mixLayoutList };
  }

  private toggledWhenEnded(model: ResourceModel): void {
    model.args.whenEnded = model.args.whenEnded === "keep" ? "recreate" : "keep";
  }

  /** Layout, subscriptions or whenEnded for a cloud recording; whenEnded for a web recording (all it can change). */
  private updateInPlace(model: ResourceModel): void {
    if (model.kind === "web") {
      this.toggledWhenEnded(model);
      return;
    }
    const what = this.rng.pick(["layout", "layout", "subscriptions", "whenEnded"]);
    if (what === "layout") {
      const videoParams = (model.args.mixTranscodeParams as Props | undefined)?.videoParams as
        | { width: number; height: number }
        | undefined;
      model.args.mixLayoutParams = this.layout(videoParams ?? DEFAULT_CANVAS);
    } else if (what === "subscriptions") {
      const recordParams = { ...(model.args.recordParams as Props) };
      // Never "none": going from a list back to the default (everyone) is also an in-place change.
      recordParams.subscribeStreamUserIds = this.subscriptions() ?? {};
      model.args.recordParams = recordParams;
    } else {
      this.toggledWhenEnded(model);
    }
  }

  /** A change of a field that forces a new task; pinned ids make it delete-before-replace. */
  private forceReplacement(model: ResourceModel): void {
    const rng = this.rng;
    if (model.kind === "web") {
      if (rng.chance(0.7)) model.args.recordUrl = `https://example.com/board/${this.nextPage++}`;
      else model.args.maxDurationLimit = model.args.maxDurationLimit === 1800 ? 7200 : 1800;
      return;
    }
    const what = rng.pick(["room", "room", "idle", "expiry"]);
    if (what === "room") {
      model.args.roomId = this.room();
      // A PrivateMapKey opens one room: a new room needs a new one.
      if (model.args.privateMapKey !== undefined) {
        model.args.privateMapKey = generatePrivateMapKey({
          sdkAppId: SDK_APP_ID,
          sdkSecretKey: SDK_SECRET_KEY,
          userId: String(model.args.userId),
          roomId: Number(model.args.roomId),
        });
        this.report.secretsPassed.push(String(model.args.privateMapKey));
      }
    } else if (what === "idle") {
      const recordParams = model.args.recordParams as Props;
      model.args.recordParams = { ...recordParams, maxIdleTime: recordParams.maxIdleTime === 30 ? 10 : 30 };
    } else if (model.args.resourceExpiredHour === undefined) {
      model.args.resourceExpiredHour = SHORT_EXPIRY_HOURS;
    } else {
      delete model.args.resourceExpiredHour;
    }
  }

  /** The task of a resource ends by itself: an empty room for MaxIdleTime (cloud), MaxDurationLimit (web), or now. */
  private endNaturally(model: ResourceModel): void {
    const byClock = this.rng.chance(0.6);
    const { emulator } = this.env;
    const entry = customResources(this.state).find((r) => r.name === model.name && !r.pendingDelete);
    const task = entry ? emulator.task(entry.id) : undefined;
    if (!task?.running) return;
    this.report.effectiveEvents.naturalEnds++;
    if (task.kind === "cloud" && byClock) {
      const roomId = String(task.roomId);
      const maxIdleTime = Number(((task.request.RecordParams ?? {}) as Props).MaxIdleTime ?? 30);
      emulator.setRoomOccupied(task.sdkAppId, roomId, false);
      emulator.advanceClock(maxIdleTime + 1);
      emulator.setRoomOccupied(task.sdkAppId, roomId, true);
    } else if (task.kind === "web" && byClock && Number(task.request.MaxDurationLimit) <= 7200) {
      emulator.advanceClock(Number(task.request.MaxDurationLimit) + 1);
    } else {
      emulator.endTask(task.taskId);
    }
  }

  /** The virtual clock moves past the short ResourceExpiredHour of every recording that has one. */
  private expire(): void {
    const { emulator } = this.env;
    const now = emulator.now();
    const soon = now + SHORT_EXPIRY_HOURS * 3_600_000 + 1_000;
    const expiring = emulator
      .tasks()
      .some((t) => t.running && t.manageableUntil !== null && Date.parse(t.manageableUntil) <= soon);
    if (expiring) this.report.effectiveEvents.expiries++;
    emulator.advanceClock(SHORT_EXPIRY_HOURS * 3600 + 1);
  }

  // --- faults ------------------------------------------------------------------------------------------------

  /** Random faults, most aimed at the actions the operation is likely to call so that they fire. */
  private injectFaults(likely: readonly ActionName[]): FaultSpec[] {
    const rng = this.rng;
    if (!rng.chance(0.5)) return [];
    let specs: FaultSpec[] = [];
    for (let i = rng.pick([1, 1, 1, 2, 2, 3]); i > 0; i--) {
      const fault = rng.pick(FAULT_KINDS);
      const aim = rng.next();
      const action = aim < 0.2 ? undefined : aim < 0.8 ? rng.pick(likely) : rng.pick(ACTIONS);
      const spec: FaultSpec = { fault, times: this.timesFor(fault) };
      if (action) spec.action = action;
      if (fault === "delay") {
        // Only a read, change or stop may outlast its attempt (see the header).
        const mayOutlast = action !== undefined && !STARTS.includes(action);
        spec.delayMs = mayOutlast && rng.chance(0.15) ? LONG_DELAY_MS : rng.int(20, SHORT_DELAY_MS);
      }
      specs.push(spec);
    }
    // At most three lost answers for starts per step: the fourth attempt gets through.
    let lostStarts = 3;
    specs = specs.filter((s) => {
      const mayHitStart = s.action === undefined || STARTS.includes(s.action);
      if (!mayHitStart || (s.fault !== "reset" && s.fault !== "commit-then-reset")) return true;
      s.times = Math.min(s.times ?? 1, lostStarts);
      lostStarts -= s.times;
      return s.times > 0;
    });
    for (const spec of specs) {
      this.env.emulator.setFault(spec);
      this.report.faultsInjected[spec.fault] += spec.times ?? 1;
    }
    return specs;
  }

  private timesFor(fault: FaultKind): number {
    switch (fault) {
      case "throttle":
        // A third throttle in a row usually outlasts the 2 s deadline: a user-visible failure.
        return this.rng.pick([1, 1, 1, 2, 3]);
      case "internal-error":
        // Six is an outage that outlasts every retry.
        return this.rng.pick([1, 1, 2, 3, 6]);
      case "reset":
        return this.rng.int(1, 3);
      case "delay":
        return this.rng.int(1, 2);
      case "commit-then-reset":
        // Never more than twice: see the header.
        return this.rng.int(1, 2);
    }
  }

  // --- deployments -------------------------------------------------------------------------------------------

  private registration(model: ResourceModel): DesiredResource {
    return chaosRegistration(model.kind, model.name, model.args, this.env.providers);
  }

  private up(): Promise<Deployment> {
    const program = [...this.desired.values()].map((model) => this.registration(model));
    return this.deploy(async (deployment) => {
      await Promise.all(program.map((r) => deployment.registerResource(r).catch(() => undefined)));
      await deployment.finish();
    });
  }

  private async deploy(work: (deployment: Deployment) => Promise<void>): Promise<Deployment> {
    const deployment = new Deployment({ state: this.state, host: this.env.host });
    await work(deployment);
    this.state = deployment.state;
    for (const step of deployment.steps) {
      this.report.engineSteps[step.op] = (this.report.engineSteps[step.op] ?? 0) + 1;
      if (step.op === "replace" && !step.error) {
        if (step.deleteBeforeReplace) this.report.replacements.deleteBeforeReplace++;
        else this.report.replacements.createBeforeDelete++;
      }
      if ((step.op === "create" || step.op === "create-replacement") && step.error && step.id) {
        this.report.partialCreates++;
      }
    }
    this.report.userErrors += deployment.errors.length;
    return deployment;
  }

  // --- invariants --------------------------------------------------------------------------------------------

  private async afterStep(deployment: Deployment | undefined): Promise<string[]> {
    const problems: string[] = [];
    this.countFiredFaults();
    for (const error of deployment?.errors ?? []) {
      this.noteUnknownStart(error);
      if (!explainsItself(error)) problems.push(`an error that names no API action and code: ${error}`);
    }
    problems.push(...this.roundTripState());
    problems.push(...(await this.taskProblems()));
    return problems;
  }

  private countFiredFaults(): void {
    const requests = this.env.emulator.requests();
    for (const request of requests.slice(this.requestsSeen)) {
      if (request.fault) this.report.faultsFired[request.fault]++;
    }
    this.report.apiRequests += requests.length - this.requestsSeen;
    this.requestsSeen = requests.length;
  }

  /** The start the provider gave up on after its answers were lost: the error names the robot or RecordId. */
  private noteUnknownStart(error: string): void {
    const match = /it is unknown whether (?:recording robot|web recording RecordId) "([^"]+)"/.exec(error);
    if (match?.[1]) this.reportedUnknownStarts.add(match[1]);
  }

  /** As between two CLI commands: the state goes to the state file and the next step starts from what is read. */
  private roundTripState(): string[] {
    const problems: string[] = [];
    saveState(this.env.stateFile, this.state);
    const loaded = loadState(this.env.stateFile);
    if (!loaded) return ["the state file was not written"];
    if (JSON.stringify(loaded) !== JSON.stringify(this.state))
      problems.push("the state changed through the state file");
    this.state = loaded;
    for (const resource of customResources(loaded)) {
      for (const props of [resource.inputs, resource.outputs]) {
        const text = unwrapped(props.__provider);
        if (typeof text !== "string") {
          problems.push(`${resource.urn} has no __provider`);
          continue;
        }
        if (this.verifiedProviders.has(text)) continue;
        try {
          // As the host does: required relative to the program directory, then handler() gives the provider.
          const provider = requireFromString(text, join(this.env.programDir, "__provider.js")).handler();
          for (const method of ["check", "diff", "create", "read", "update", "delete"]) {
            if (typeof provider[method] !== "function") throw new Error(`no ${method}`);
          }
          this.verifiedProviders.add(text);
        } catch (error) {
          problems.push(`${resource.urn}'s __provider does not deserialize: ${(error as Error).message}`);
        }
      }
    }
    return problems;
  }

  /** A running task the state does not know is allowed when the provider told the user about it. */
  private async isAccountedFor(task: TaskView): Promise<boolean> {
    const robotOrRecord = task.kind === "cloud" ? task.userId : task.recordId;
    if (robotOrRecord && this.reportedUnknownStarts.has(robotOrRecord)) return true;
    if (this.warnedExpired.has(task.taskId)) return true;
    if (!this.pastWindow(task)) return false;
    // Warnings travel on the host's stderr pipe and can trail the gRPC answer.
    const warned = await this.env.host.waitForLog(task.taskId, 3_000).then(
      () => true,
      () => false,
    );
    if (warned) this.warnedExpired.add(task.taskId);
    return warned;
  }

  private pastWindow(task: TaskView): boolean {
    return task.manageableUntil !== null && this.env.emulator.now() >= Date.parse(task.manageableUntil);
  }

  private async taskProblems(): Promise<string[]> {
    const problems: string[] = [];
    const entries = new Map(customResources(this.state).map((r) => [r.id, r]));
    const liveTasks = new Map<string, string[]>();
    let pendingDeleteRunning = false;
    for (const task of this.env.emulator.tasks().filter((t) => t.running)) {
      const owner = ownerOf(task);
      const entry = entries.get(task.taskId);
      if (!entry) {
        if (!(await this.isAccountedFor(task))) {
          problems.push(`task ${task.taskId} of ${owner ?? "no resource"} is running but not in state`);
        }
        continue;
      }
      if (entry.name !== owner)
        problems.push(`state keeps task ${task.taskId} under ${entry.name}, but it is ${owner}'s`);
      if (entry.pendingDelete) {
        pendingDeleteRunning = true;
        continue;
      }
      if (entry.outputs.status === "ended" || (entry.outputs.status === "unmanageable" && !this.pastWindow(task))) {
        problems.push(`${entry.urn} says ${String(entry.outputs.status)} but task ${task.taskId} is running`);
      }
      liveTasks.set(entry.urn, [...(liveTasks.get(entry.urn) ?? []), task.taskId]);
    }
    for (const [urn, ids] of liveTasks) {
      if (ids.length > 1) problems.push(`${urn} has ${ids.length} running tasks: ${ids.join(", ")}`);
    }
    if (pendingDeleteRunning) this.report.pendingDeletesSeen++;
    return problems;
  }

  /** After a clean destroy: once every room is empty for longer than any MaxIdleTime, nothing may run. */
  private async nothingRunsOnceRoomsEmpty(): Promise<string[]> {
    const { emulator } = this.env;
    const problems = customResources(this.state).map((r) => `${r.urn} is still in state after a clean destroy`);
    const rooms = new Map<string, { sdkAppId: number; roomId: string }>();
    for (const task of emulator.tasks()) {
      if (task.kind === "cloud" && task.roomId) {
        rooms.set(`${task.sdkAppId}/${task.roomId}`, { sdkAppId: task.sdkAppId, roomId: task.roomId });
      }
    }
    for (const room of rooms.values()) emulator.setRoomOccupied(room.sdkAppId, room.roomId, false);
    emulator.advanceClock(MAX_IDLE_SECONDS + 1);
    for (const task of emulator.tasks().filter((t) => t.running)) {
      const robotOrRecord = task.kind === "cloud" ? task.userId : task.recordId;
      if (robotOrRecord && this.reportedUnknownStarts.has(robotOrRecord)) continue;
      problems.push(`task ${task.taskId} of ${ownerOf(task) ?? "no resource"} still runs after destroy`);
    }
    for (const room of rooms.values()) emulator.setRoomOccupied(room.sdkAppId, room.roomId, true);
    return problems;
  }

  /** Without faults, destroy succeeds (retried a few times, as a user would) and leaves nothing running. */
  private async finalDestroy(): Promise<void> {
    for (let attempt = 0; attempt < 3 && customResources(this.state).length > 0; attempt++) {
      const deployment = await this.deploy((d) => d.destroy());
      const problems = await this.afterStep(deployment);
      if (problems.length > 0) {
        this.report.violations.push(...problems.map((p) => `final destroy: ${p}`));
        return;
      }
    }
    this.report.violations.push(...(await this.nothingRunsOnceRoomsEmpty()).map((p) => `final destroy: ${p}`));
  }
}

/**
 * What the CloudRecording and WebRecording classes register for these arguments: UserSig, PrivateMapKey and the
 * storage keys marked secret, the logical name and the serialized provider added, and (cloud) the UserSig and
 * PrivateMapKey as additional secret outputs. chaos.test.ts checks it against what the real program registers.
 */
export function chaosRegistration(
  kind: "cloud" | "web",
  name: string,
  args: Props,
  providers: Record<string, string>,
): DesiredResource {
  const type = kind === "cloud" ? CLOUD_TYPE : WEB_TYPE;
  const inputs: Props = { ...structuredClone(args), __logicalName: name, __provider: providers[type] };
  if (kind === "cloud") {
    for (const key of ["userSig", "privateMapKey"]) if (args[key] !== undefined) inputs[key] = secret(args[key]);
  }
  const storage = args.storageParams as Props | undefined;
  const cloudStorage = storage?.cloudStorage as Props | undefined;
  if (storage && cloudStorage) {
    inputs.storageParams = {
      ...structuredClone(storage),
      cloudStorage: {
        ...structuredClone(cloudStorage),
        accessKey: secret(cloudStorage.accessKey),
        secretKey: secret(cloudStorage.secretKey),
      },
    };
  }
  return {
    type,
    name,
    inputs,
    options: kind === "cloud" ? { additionalSecretOutputs: ["userSig", "privateMapKey"] } : {},
  };
}
