// The generic task provider: every Pulumi operation for a task that is started, described, maybe modified, and
// stopped, driven by a TaskDeclaration. The engine calls these through a provider module's exports (see
// cloudRecordingProvider.ts); one provider process serves every resource of the kind in a deployment.
//
//   configure  settings resolved once, into the provider's context (settings + client)
//   check      defaults, a generated id, validation: no network, no credentials
//   diff       the declaration's fields: replace, change in place, or settings only
//   create     start (or adopt a running task), then describe; a failed describe keeps the task in state
//   read       describe; an ended task is dropped, or kept with `whenEnded: "keep"`
//   update     modify in place where the declaration allows; settings only change state
//   delete     stop; a task already gone, past its window, or taken over by its replacement is left alone

import type * as pulumi from "@pulumi/pulumi";
import { isGone, StartedButFailedError, TrtcApiError, TrtcConfigError } from "../errors";
import { checkInputs } from "./check";
import { type ClientOverrides, createContext, type ProviderContext } from "./context";
import type { TaskAddress, TaskDeclaration } from "./declaration";
import { warn } from "./diagnostics";
import { freshId } from "./names";
import { AUTONAMED_KEY, deepEqual, HIDDEN_KEYS, omit, PROVIDER_KEY, type Props, pick, stripUndefined } from "./props";
import { describeSources, resolveSettings } from "./settings";
import { ENDED, isFinished, UNMANAGEABLE } from "./statuses";

/** How a change of inputs is made: the one reading of the declaration that diff and update share. */
export interface ChangeSet {
  replaces: string[];
  inPlace: string[];
  settings: string[];
}

export function changeSet(task: TaskDeclaration, olds: Props, news: Props): ChangeSet {
  const { outputs, startOnly = [], settings, inPlace = {} } = task.fields;
  const result: ChangeSet = { replaces: [], inPlace: [], settings: [] };
  for (const key of new Set([...Object.keys(olds), ...Object.keys(news)])) {
    if (HIDDEN_KEYS.includes(key) || outputs.includes(key) || startOnly.includes(key)) continue;
    if (deepEqual(olds[key], news[key])) continue;
    if (settings.includes(key)) result.settings.push(key);
    else if (inPlace[key]?.(olds[key], news[key])) result.inPlace.push(key);
    else result.replaces.push(key);
  }
  return result;
}

const OPERATIONS = ["configure", "check", "diff", "create", "read", "update", "delete"] as const;

export class TaskProvider implements pulumi.dynamic.ResourceProvider {
  readonly task: TaskDeclaration;
  private context: ProviderContext | TrtcConfigError | undefined;
  // Tasks a create in this provider process took over instead of starting (adoptTaskId, or an id that was already
  // running). The engine runs a replacement's create and the replaced resource's delete in one provider process
  // (`pulumi up --replace`, replaceWith, replacementTrigger: create-before-delete without asking diff): when the
  // replacement took over the old resource's task, stopping it would leave state pointing at a stopped task.
  private readonly takenOver = new Set<string>();
  // Ids of tasks this process's diff found changed and to be replaced under the same id, until delete has stopped the
  // old task. Their replacement must not take the old task over: it runs the old settings. The engine only starts such
  // a replacement before the old task stops when the resource option deleteBeforeReplace: false overrides diff.
  private readonly replacedKeepingId = new Set<string>();

  constructor(task: TaskDeclaration) {
    this.task = task;
    // The engine calls a provider module's exported functions without `this`.
    for (const name of OPERATIONS) Object.defineProperty(this, name, { value: this[name].bind(this) });
  }

  /**
   * Resolves the settings (stack config, then environment; see settings.ts) into the context every other operation
   * uses. The engine calls it once per provider process before anything else; direct callers (tests) must too, and
   * may pass the environment and client overrides.
   */
  async configure(
    request: pulumi.dynamic.ConfigureRequest,
    env: NodeJS.ProcessEnv = process.env,
    client: ClientOverrides = {},
  ): Promise<void> {
    // Synchronously, before any await: the host serves calls that arrive while configure runs. An invalid
    // configuration is kept and reported by every call, never replaced by a silent fallback.
    const previous = this.context;
    try {
      this.context = createContext(
        resolveSettings((key) => request.config.get(key), env),
        client,
      );
    } catch (error) {
      if (!TrtcConfigError.isInstance(error)) throw error;
      this.context = error;
    }
    if (previous && !TrtcConfigError.isInstance(previous)) await previous.close();
  }

  async check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
    return checkInputs(this.task, this.ctx().settings, olds, news);
  }

  async diff(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
    const { replaces, inPlace, settings } = changeSet(this.task, olds, news);
    if (replaces.length > 0 && news.adoptTaskId !== undefined) {
      throw new Error(
        `Changing ${replaces.join(", ")} replaces ${this.lowerNoun} ${id}, but adoptTaskId is still set and would adopt the same task again. Remove adoptTaskId (it only applies when the resource is first created), then apply the change.`,
      );
    }
    // Only a replacement asks what its id would be (hashing the inputs is not free across a large preview). A
    // generated id stays the same when only secrets changed (see freshId).
    const idField = this.task.id.field;
    const keepsId =
      replaces.length > 0 &&
      (news[AUTONAMED_KEY] === true ? freshId(this.task.id, news) : news[idField]) === olds[idField];
    if (keepsId) this.replacedKeepingId.add(String(olds[idField]));
    return {
      changes: replaces.length + inPlace.length + settings.length > 0,
      replaces,
      // The service allows one task per id: a new start under the same id would interrupt or be refused by the old
      // task, so the old one stops first.
      deleteBeforeReplace: keepsId,
    };
  }

  async create(inputs: Props): Promise<pulumi.dynamic.CreateResult> {
    const address = this.addressOf("", inputs);
    if (typeof inputs.adoptTaskId === "string") return this.adopt({ ...address, taskId: inputs.adoptTaskId }, inputs);
    const client = this.ctx().client();
    const started = await this.task.start(client, inputs, this.ctx().settings, {
      replacingSameId: this.replacedKeepingId.has(String(inputs[this.task.id.field])),
    });
    if (started.tookOver) this.takenOver.add(started.taskId);
    const startedAt = started.serverTime ?? Date.now();
    const state = this.stateOf(inputs, {
      taskId: started.taskId,
      ...this.task.initialOutputs,
      ...this.task.derivedOutputs?.(inputs, { ...address, taskId: started.taskId }),
      startedAt: new Date(startedAt).toISOString(),
      ...this.window(inputs, startedAt, started.managedForHours),
    });
    try {
      const observed = await this.task.describe(client, { ...address, taskId: started.taskId });
      return { id: started.taskId, outs: stripUndefined({ ...state, ...observed.outputs }) };
    } catch (error) {
      throw new StartedButFailedError(
        started.taskId,
        // Destroy and refresh of the recorded resource need the provider, which the host only adds on success.
        stripUndefined({ ...state, [PROVIDER_KEY]: inputs[PROVIDER_KEY] }),
        `${this.task.noun} ${started.taskId} started, but reading its status failed: ${(error as Error).message} The task is kept in state; run \`pulumi refresh\` or \`pulumi up\` again.`,
        error,
      );
    }
  }

  async read(id: string, stored: Props): Promise<pulumi.dynamic.ReadResult> {
    const address = this.addressOf(id, stored);
    const props: Props = { ...stored, taskId: stored.taskId ?? id, region: address.region, sdkAppId: address.sdkAppId };
    if (isFinished(props.status) && props.whenEnded === "keep") {
      return { id, props, inputs: this.inputsFromState(props) };
    }
    try {
      const observed = await this.task.describe(this.ctx().client(), address);
      // Derived again, so that stacks made before an output existed gain it on refresh.
      const state = stripUndefined({ ...props, ...this.task.derivedOutputs?.(props, address), ...observed.outputs });
      return { id, props: state, inputs: this.inputsFromState(state) };
    } catch (error) {
      if (!isGone(error) && !this.refusedPastWindow(props, error)) throw error;
      const past = this.pastWindow(props, error);
      const why = past
        ? `is past ${this.windowText(props)} and can no longer be managed; ${this.task.managedFor?.endsBy}`
        : "has ended";
      if (props.whenEnded === "keep") {
        warn(`${this.task.noun} ${id} ${why}; it stays in state (whenEnded: "keep").`);
        const state = { ...props, status: past ? UNMANAGEABLE : ENDED };
        return { id, props: state, inputs: this.inputsFromState(state) };
      }
      warn(`${this.task.noun} ${id} ${why}; it is dropped from state and the next \`pulumi up\` starts a new one.`);
      return {};
    }
  }

  async update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
    const kept = pick(olds, this.task.fields.outputs);
    const { inPlace } = changeSet(this.task, olds, news);
    if (inPlace.length > 0 && this.task.modify && !isFinished(olds.status)) {
      try {
        await this.task.modify(this.ctx().client(), this.addressOf(id, news), news);
      } catch (error) {
        if (!TrtcApiError.isInstance(error) || !(isGone(error) || this.refusedPastWindow(olds, error))) throw error;
        const past = this.pastWindow(olds, error);
        const why = past
          ? `is past ${this.windowText(olds)}, so it can no longer be changed; ${this.task.managedFor?.endsBy}`
          : "has ended, so it cannot be changed in place";
        if (news.whenEnded !== "keep") {
          throw new TrtcApiError({
            code: error.code,
            action: error.action,
            requestId: error.requestId,
            cause: error,
            message: `${this.task.noun} ${id} ${why}. Run \`pulumi refresh\` (or \`pulumi up --refresh\`) to drop it, then \`pulumi up\` to start a new one`,
          });
        }
        warn(
          `${this.task.noun} ${id} ${why}; the change (${inPlace.join(", ")}) is only recorded in state (whenEnded: "keep").`,
        );
        kept.status = past ? UNMANAGEABLE : ENDED;
      }
    }
    return { outs: this.stateOf(news, kept) };
  }

  async delete(id: string, props: Props): Promise<void> {
    const noun = this.task.noun;
    if (this.takenOver.has(id)) {
      warn(
        `${noun} ${id} was taken over by the resource that replaces this one, so it is left running. To start a new task on replacement instead, set the resource option deleteBeforeReplace: true.`,
      );
      return;
    }
    const cannotStop = () =>
      `${noun} ${id} is past ${this.windowText(props)} and cannot be stopped through the API; ${this.task.managedFor?.endsBy}.`;
    if (props.status === UNMANAGEABLE) warn(cannotStop());
    if (!isFinished(props.status)) {
      try {
        await this.task.stop(this.ctx().client(), this.addressOf(id, props));
      } catch (error) {
        if (!TrtcApiError.isInstance(error)) throw error;
        if (this.refusedPastWindow(props, error)) {
          warn(`${cannotStop()} (${error.code})`);
          return;
        }
        // Already ended: what delete wanted.
        if (!isGone(error)) throw error;
      }
    }
    // Once the old task has stopped, a replacement under its id that meets TaskExist meets its own earlier attempt
    // (an answer lost after the service started it), not the old task: it takes that over.
    this.replacedKeepingId.delete(String(props[this.task.id.field]));
  }

  private get lowerNoun(): string {
    return this.task.noun.charAt(0).toLowerCase() + this.task.noun.slice(1);
  }

  private ctx(): ProviderContext {
    if (this.context === undefined) {
      throw new TrtcConfigError(
        `The ${this.task.type} provider was called before configure: the Pulumi engine always configures it first; code that calls the provider directly must call configure({ config }) first.`,
      );
    }
    if (TrtcConfigError.isInstance(this.context)) throw this.context;
    return this.context;
  }

  private async adopt(address: TaskAddress, inputs: Props): Promise<pulumi.dynamic.CreateResult> {
    let observed: Awaited<ReturnType<TaskDeclaration["describe"]>>;
    try {
      observed = await this.task.describe(this.ctx().client(), address);
    } catch (error) {
      if (!isGone(error) || !TrtcApiError.isInstance(error)) throw error;
      throw new TrtcApiError({
        code: error.code,
        action: error.action,
        requestId: error.requestId,
        cause: error,
        message: `Cannot adopt ${this.lowerNoun} ${address.taskId}: no running task with that TaskId for SdkAppId ${address.sdkAppId} in ${address.region}`,
      });
    }
    this.takenOver.add(address.taskId);
    const adoptedAt = observed.serverTime ?? Date.now();
    return {
      id: address.taskId,
      outs: this.stateOf(inputs, {
        taskId: address.taskId,
        ...this.task.derivedOutputs?.(inputs, address),
        startedAt: new Date(adoptedAt).toISOString(),
        ...this.window(inputs, adoptedAt),
        ...observed.outputs,
      }),
    };
  }

  /** What describe, modify and stop need; on a read by id, region and sdkAppId default to the settings. */
  private addressOf(id: string, props: Props): TaskAddress {
    const { settings } = this.ctx();
    const region = props.region ?? settings.region;
    const sdkAppId = props.sdkAppId ?? settings.sdkAppId;
    for (const [field, value] of [
      ["region", region],
      ["sdkAppId", sdkAppId],
    ] as const) {
      if (value === undefined) {
        throw new TrtcConfigError(
          `Reading ${this.lowerNoun} ${id} needs its ${field}: pass it to get() (or as an input) or ${describeSources(field)}.`,
        );
      }
    }
    return { region: String(region), sdkAppId: Number(sdkAppId), taskId: id };
  }

  private stateOf(inputs: Props, observed: Props): Props {
    return stripUndefined({ ...omit(inputs, [...(this.task.fields.startOnly ?? []), PROVIDER_KEY]), ...observed });
  }

  /** The inputs a refresh hands back to the engine: the stored outputs minus what only outputs carry. */
  private inputsFromState(state: Props): Props {
    return omit(state, [...this.task.fields.outputs, PROVIDER_KEY]);
  }

  private window(inputs: Props, startedAt: number, hours?: number): Props {
    const managedFor = this.task.managedFor;
    if (!managedFor) return {};
    return { manageableUntil: new Date(startedAt + (hours ?? managedFor.hours(inputs)) * 3_600_000).toISOString() };
  }

  /** True when the service (or, without its clock, this machine) is past the task's management window. */
  private pastWindow(props: Props, error: unknown): boolean {
    const until = props.manageableUntil;
    if (!this.task.managedFor || typeof until !== "string") return false;
    const limit = Date.parse(until);
    const now = (TrtcApiError.isInstance(error) ? error.serverTime : undefined) ?? Date.now();
    return Number.isFinite(limit) && now >= limit;
  }

  /**
   * Past the window the service answers as if the task did not exist, with a code no source names (the emulator's
   * `--expired-task-error` plays the others): any refusal then means the window, except an authentication failure
   * or a busy or failing service, which say nothing about the task.
   */
  private refusedPastWindow(props: Props, error: unknown): boolean {
    if (!TrtcApiError.isInstance(error) || !this.pastWindow(props, error)) return false;
    return !error.code.startsWith("AuthFailure") && (error.errorClass === "fatal" || error.errorClass === "gone");
  }

  private windowText(props: Props): string {
    return `its ${this.task.managedFor?.parameter} window (${String(props.manageableUntil)})`;
  }
}
