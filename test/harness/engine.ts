// An in-process mini engine: the step semantics `pulumi preview|up|refresh|destroy` apply to dynamic resources,
// over one dynamic-provider host and a stack state. It mirrors the Go engine (pkg/resource/deploy/step_generator.go,
// step.go, plugin/provider_plugin.go) where the behaviour is observable to a provider or a program:
// - check(old inputs, news) for every registration; failures stop the deployment;
// - create, or diff(old outputs, checked news, old inputs) → same / update / replace; DIFF_UNKNOWN falls back to
//   comparing inputs; a replacement re-runs check({}, news) so defaults such as autonamed ids are fresh;
// - delete-before-replace (provider or option), otherwise create-before-delete with the old one deleted at the end;
// - secrets stripped for the host and re-marked afterwards (annotateSecrets, additionalSecretOutputs);
// - a create failing with ErrorResourceInitFailed still records the resource, with its init errors;
// - preview calls nothing mutating; resources the program no longer registers are deleted at the end.

import { Slots } from "./concurrency";
import { type DiffResult, type DynamicHost, HostCallError } from "./dynamicHost";
import { annotateSecrets, markSecretOutputs, type Props, UNKNOWN } from "./secrets";
import {
  defaultOptions,
  isDynamicType,
  makeUrn,
  type ResourceOptions,
  type ResourceState,
  STACK_TYPE,
  STATE_VERSION,
  type StackState,
} from "./stackState";
import { clone, deepEqual, renderValue, valueAtPath, without } from "./values";

export interface DesiredResource {
  type: string;
  name: string;
  /** Default true; components (such as the Stack) are false. */
  custom?: boolean;
  parent?: string;
  dependencies?: string[];
  /** As the program registered them: may contain secret wrappers and, in preview, unknowns. */
  inputs: Props;
  options?: Partial<ResourceOptions>;
  /**
   * Output keys the program declared but did not set (`taskId: undefined`). A preview reports them as unknown. The
   * Node SDK does this itself for keys missing from the answer, so a program runner does not need to pass them.
   */
  outputKeys?: string[];
}

export interface RegisteredResource {
  urn: string;
  id: string;
  /** Secret-annotated, as the program sees them. */
  outputs: Props;
}

export type StepOp =
  | "create"
  | "update"
  | "same"
  | "replace"
  | "create-replacement"
  | "delete-replaced"
  | "delete"
  | "read"
  | "check-failed";

export interface Step {
  op: StepOp;
  urn: string;
  id?: string;
  /** Planned only (preview): no host call was made for it. */
  preview?: boolean;
  /** Milliseconds since the deployment started. */
  startMs: number;
  durationMs: number;
  error?: string;
  /** replace: the properties that forced it and which order it ran in. */
  replaces?: string[];
  deleteBeforeReplace?: boolean;
  /** delete / delete-replaced: dropped from state without calling delete (`retainOnDelete`). */
  retained?: boolean;
  /** read: the resource no longer exists and left the state; or whether outputs or inputs changed. */
  gone?: boolean;
  changed?: boolean;
}

export interface DeploymentOptions {
  /** The state before the operation; not mutated. */
  state: StackState;
  /** The host, or how to start it when first needed (a program without dynamic resources never needs one). */
  host: DynamicHost | (() => Promise<DynamicHost>);
  preview?: boolean;
  /** Maximum concurrent resource operations; unbounded by default, like the engine. */
  parallel?: number;
}

/** Thrown to the program for a registration that failed; the user-facing messages are in `Deployment.errors`. */
export class StepFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StepFailedError";
  }
}

const PROVIDER_KEY = "__provider";

export class Deployment {
  readonly preview: boolean;
  readonly steps: Step[] = [];
  /** Every error message the user would see, in order. */
  readonly errors: string[] = [];

  private readonly project: string;
  private readonly stack: string;
  private readonly hostSource: DeploymentOptions["host"];
  private hostPromise: Promise<DynamicHost> | undefined;
  private readonly slots: Slots;
  private readonly startedAt = performance.now();
  private readonly inFlight = new Set<Promise<unknown>>();

  /** URNs registered in this run, in registration order. */
  private readonly registered: string[] = [];
  /** The current state of each registered resource (the old one until its step succeeds). */
  private readonly live = new Map<string, ResourceState>();
  /** Old resources not registered (yet) in this run. */
  private readonly untouched = new Map<string, ResourceState>();
  /** Old halves of create-before-delete replacements, deleted when the deployment finishes. */
  private readonly condemned: ResourceState[] = [];
  private stackOutputs: Props;
  private failure = false;

  constructor(options: DeploymentOptions) {
    this.preview = options.preview ?? false;
    this.project = options.state.project;
    this.stack = options.state.stack;
    this.hostSource = options.host;
    this.slots = new Slots(options.parallel);
    this.stackOutputs = clone(options.state.outputs);
    for (const resource of clone(options.state.resources)) {
      if (resource.pendingDelete) this.condemned.push(resource);
      else this.untouched.set(resource.urn, resource);
    }
  }

  /** Whether a step failed: later registrations are refused and `finish` deletes nothing, as in the engine. */
  get failed(): boolean {
    return this.failure;
  }

  /** The state as it stands: registered resources in order, then untouched old ones, then pending deletes. */
  get state(): StackState {
    const resources: ResourceState[] = [];
    for (const urn of this.registered) {
      const resource = this.live.get(urn);
      if (resource) resources.push(resource);
    }
    resources.push(...this.untouched.values());
    resources.push(...this.condemned.map((r) => ({ ...r, pendingDelete: true })));
    return clone({
      version: STATE_VERSION,
      project: this.project,
      stack: this.stack,
      resources,
      outputs: this.stackOutputs,
    });
  }

  /** The host, started on first use. */
  host(): Promise<DynamicHost> {
    if (!this.hostPromise) {
      const source = this.hostSource;
      this.hostPromise = typeof source === "function" ? source() : Promise.resolve(source);
    }
    return this.hostPromise;
  }

  /** Whether a host was needed (and so started) by this deployment. */
  get hostStarted(): boolean {
    return this.hostPromise !== undefined;
  }

  /** What the engine does for a RegisterResource call; resolves with the outputs the program gets back. */
  registerResource(desired: DesiredResource): Promise<RegisteredResource> {
    return this.track(this.register(desired));
  }

  /** RegisterResourceOutputs: a component's (the Stack's) outputs. */
  registerOutputs(urn: string, outputs: Props): void {
    const resource = this.live.get(urn);
    if (resource) resource.outputs = clone(outputs);
    if (resource?.type === STACK_TYPE || (!resource && urn.split("::")[2] === STACK_TYPE)) {
      this.stackOutputs = clone(outputs);
    }
  }

  /** Waits for every operation started so far. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /**
   * The end of an update: deletes pending replaced resources, then every old resource the program did not register
   * (dependents first). Nothing is deleted after a failure, as the engine cannot tell what the program meant.
   */
  async finish(): Promise<void> {
    await this.settled();
    if (this.failure) return;
    await this.deleteAll([...this.condemned], "delete-replaced");
    await this.deleteAll([...this.untouched.values()], "delete");
  }

  /** `pulumi refresh`: read every resource; gone ones leave the state, returned inputs replace the stored ones. */
  async refresh(): Promise<void> {
    const resources = [...this.untouched.values(), ...this.condemned];
    await Promise.all(resources.map((resource) => this.slots.run(() => this.refreshOne(resource))));
  }

  /** `pulumi destroy`: delete everything, dependents first. */
  async destroy(): Promise<void> {
    await this.deleteAll([...this.untouched.values(), ...this.condemned], "delete");
    if (!this.preview && this.untouched.size === 0 && this.condemned.length === 0) this.stackOutputs = {};
  }

  // --- registration ------------------------------------------------------------------------------------------

  private async register(desired: DesiredResource): Promise<RegisteredResource> {
    const urn = makeUrn(this.stack, this.project, desired.type, desired.name, desired.parent);
    if (this.registered.includes(urn)) {
      throw this.fail(urn, desired, `Duplicate resource URN '${urn}'; try giving it a unique name`);
    }
    this.registered.push(urn);
    if (this.failure) throw new StepFailedError("the deployment was cancelled after an earlier error");

    const old = this.untouched.get(urn);
    this.untouched.delete(urn);
    if (old) this.live.set(urn, old);

    const options = defaultOptions(desired.options);
    if (!isDynamicType(desired.type) || desired.custom === false) {
      return this.registerPlain(urn, desired, options, old);
    }
    return this.slots.run(() => this.registerDynamic(urn, desired, options, old));
  }

  /** Components and resources of other providers: recorded as registered, inputs standing in for outputs. */
  private registerPlain(
    urn: string,
    desired: DesiredResource,
    options: ResourceOptions,
    old: ResourceState | undefined,
  ): RegisteredResource {
    const started = performance.now();
    const custom = desired.custom ?? true;
    const inputs = clone(desired.inputs);
    const resource: ResourceState = {
      ...this.baseState(urn, desired, options),
      custom,
      id: old?.id || (custom ? `${desired.name}-id` : ""),
      inputs,
      outputs: custom ? markSecretOutputs(clone(inputs), options.additionalSecretOutputs) : (old?.outputs ?? {}),
    };
    this.live.set(urn, resource);
    const op: StepOp = !old ? "create" : deepEqual(old.inputs, inputs) ? "same" : "update";
    this.step(op, urn, resource.id, started);
    return { urn, id: resource.id, outputs: clone(resource.outputs) };
  }

  private async registerDynamic(
    urn: string,
    desired: DesiredResource,
    options: ResourceOptions,
    old: ResourceState | undefined,
  ): Promise<RegisteredResource> {
    let host: DynamicHost;
    try {
      host = await this.host();
    } catch (error) {
      throw this.fail(urn, desired, `could not start the dynamic-provider host: ${messageOf(error)}`);
    }
    const news = old ? applyIgnoreChanges(desired.inputs, old.inputs, options.ignoreChanges) : clone(desired.inputs);
    const checked = await this.check(host, urn, desired, old?.inputs ?? {}, news);

    if (!old) {
      const resource = await this.create(host, urn, desired, options, checked, "create");
      return { urn, id: resource.id, outputs: clone(resource.outputs) };
    }

    const started = performance.now();
    let diff: DiffResult;
    try {
      diff = await host.diff(desired.type, desired.name, old.id, old.outputs, checked, old.inputs);
    } catch (error) {
      throw this.fail(urn, desired, messageOf(error), { op: "update", id: old.id, started });
    }
    let changes = diff.changes;
    if (changes === "unknown") {
      changes = deepEqual(without(old.inputs, [PROVIDER_KEY]), without(checked, [PROVIDER_KEY])) ? "none" : "some";
    }

    if (changes === "some" && diff.replaces.length > 0) {
      return this.replace(host, urn, desired, options, old, news, diff);
    }
    if (changes === "some" || (old.initErrors?.length ?? 0) > 0) {
      return this.update(host, urn, desired, options, old, checked, started);
    }

    const resource: ResourceState = {
      ...old,
      ...this.baseState(urn, desired, options),
      inputs: checked,
      outputs: markSecretOutputs(clone(old.outputs), options.additionalSecretOutputs),
    };
    this.live.set(urn, resource);
    this.step("same", urn, old.id, started);
    return { urn, id: old.id, outputs: clone(resource.outputs) };
  }

  private async check(
    host: DynamicHost,
    urn: string,
    desired: DesiredResource,
    olds: Props,
    news: Props,
  ): Promise<Props> {
    const started = performance.now();
    let result: Awaited<ReturnType<DynamicHost["check"]>>;
    try {
      result = await host.check(desired.type, desired.name, olds, news);
    } catch (error) {
      throw this.fail(urn, desired, messageOf(error), { op: "check-failed", started });
    }
    const inputs = annotateSecrets(result.inputs, news);
    if (result.failures.length === 0) return inputs;

    const messages = result.failures.map((failure) =>
      failure.property
        ? `property ${failure.property} value ${renderValue(valueAtPath(inputs, failure.property))} has a problem: ${failure.reason}`
        : `has a problem: ${failure.reason}`,
    );
    for (const message of messages.slice(0, -1)) this.errors.push(userMessage(desired, message));
    throw this.fail(urn, desired, messages.at(-1) ?? "check failed", { op: "check-failed", started });
  }

  private async create(
    host: DynamicHost,
    urn: string,
    desired: DesiredResource,
    options: ResourceOptions,
    inputs: Props,
    op: "create" | "create-replacement",
  ): Promise<ResourceState> {
    const started = performance.now();
    if (this.preview) {
      const outputs = markSecretOutputs(previewOutputs(inputs, desired.outputKeys), options.additionalSecretOutputs);
      const resource: ResourceState = { ...this.baseState(urn, desired, options), id: "", inputs, outputs };
      this.live.set(urn, resource);
      this.step(op, urn, undefined, started, { preview: true });
      return resource;
    }
    try {
      const created = await host.create(desired.type, desired.name, inputs);
      const resource: ResourceState = {
        ...this.baseState(urn, desired, options),
        id: created.id,
        inputs,
        outputs: this.annotate(created.properties, inputs, options),
      };
      this.live.set(urn, resource);
      this.step(op, urn, created.id, started);
      return resource;
    } catch (error) {
      const initFailure = error instanceof HostCallError ? error.initFailure : undefined;
      if (initFailure) {
        // The engine keeps a partially created resource, so a later update or destroy can deal with it.
        this.live.set(urn, {
          ...this.baseState(urn, desired, options),
          id: initFailure.id,
          inputs,
          outputs: this.annotate(initFailure.properties, inputs, options),
          initErrors: initFailure.reasons,
        });
      }
      const reasons = initFailure?.reasons.length ? ` (${initFailure.reasons.join("; ")})` : "";
      throw this.fail(urn, desired, `${messageOf(error)}${reasons}`, { op, id: initFailure?.id, started });
    }
  }

  private async update(
    host: DynamicHost,
    urn: string,
    desired: DesiredResource,
    options: ResourceOptions,
    old: ResourceState,
    inputs: Props,
    started: number,
  ): Promise<RegisteredResource> {
    const base = { ...old, ...this.baseState(urn, desired, options), inputs };
    if (this.preview) {
      // A provider that does not support preview is not called; the engine reports the new inputs as outputs.
      const outputs = markSecretOutputs(previewOutputs(inputs, desired.outputKeys), options.additionalSecretOutputs);
      this.live.set(urn, { ...base, outputs });
      this.step("update", urn, old.id, started, { preview: true });
      return { urn, id: old.id, outputs };
    }
    try {
      const updated = await host.update(desired.type, desired.name, old.id, old.outputs, inputs, old.inputs);
      const resource: ResourceState = { ...base, outputs: this.annotate(updated.properties, inputs, options) };
      delete resource.initErrors;
      this.live.set(urn, resource);
      this.step("update", urn, old.id, started);
      return { urn, id: old.id, outputs: clone(resource.outputs) };
    } catch (error) {
      const initFailure = error instanceof HostCallError ? error.initFailure : undefined;
      if (initFailure) {
        this.live.set(urn, {
          ...base,
          outputs: this.annotate(initFailure.properties, inputs, options),
          initErrors: initFailure.reasons,
        });
      }
      throw this.fail(urn, desired, messageOf(error), { op: "update", id: old.id, started });
    }
  }

  private async replace(
    host: DynamicHost,
    urn: string,
    desired: DesiredResource,
    options: ResourceOptions,
    old: ResourceState,
    news: Props,
    diff: DiffResult,
  ): Promise<RegisteredResource> {
    const started = performance.now();
    const deleteBeforeReplace = diff.deleteBeforeReplace || options.deleteBeforeReplace;
    const detail = { replaces: diff.replaces, deleteBeforeReplace };
    if (options.protect) {
      throw this.fail(
        urn,
        desired,
        `unable to replace resource "${urn}" as it is currently marked for protection. To unprotect the resource, remove the \`protect\` flag from the resource in your Pulumi program and run \`pulumi up\``,
        { op: "replace", id: old.id, started, ...detail },
      );
    }
    // The engine checks a replacement as a new resource, so defaults (autonamed ids) are generated afresh.
    const inputs = await this.check(host, urn, desired, {}, news);
    this.step("replace", urn, old.id, started, { ...detail, preview: this.preview || undefined });

    if (this.preview) {
      if (deleteBeforeReplace) this.step("delete-replaced", urn, old.id, started, { preview: true });
      const resource = await this.create(host, urn, desired, options, inputs, "create-replacement");
      if (!deleteBeforeReplace) this.step("delete-replaced", urn, old.id, started, { preview: true });
      return { urn, id: resource.id, outputs: clone(resource.outputs) };
    }

    if (deleteBeforeReplace) {
      if (!(await this.deleteOne(old, "delete-replaced"))) {
        throw new StepFailedError(this.errors.at(-1) ?? "delete before replace failed");
      }
      this.live.delete(urn);
      const resource = await this.create(host, urn, desired, options, inputs, "create-replacement");
      return { urn, id: resource.id, outputs: clone(resource.outputs) };
    }
    try {
      const resource = await this.create(host, urn, desired, options, inputs, "create-replacement");
      this.condemned.push(old);
      return { urn, id: resource.id, outputs: clone(resource.outputs) };
    } catch (error) {
      // A partially created replacement supersedes the old resource, which then waits for its delete.
      if (this.live.get(urn) !== old) this.condemned.push(old);
      throw error;
    }
  }

  // --- deletes and reads -------------------------------------------------------------------------------------

  /** Deletes resources so that nothing is deleted before what depends on it (children, dependencies). */
  private async deleteAll(resources: ResourceState[], op: "delete" | "delete-replaced"): Promise<void> {
    const done = new Map<ResourceState, Promise<boolean>>();
    for (let i = resources.length - 1; i >= 0; i--) {
      const resource = resources[i] as ResourceState;
      const dependents = resources
        .slice(i + 1)
        .filter((d) => d.parent === resource.urn || (d.dependencies ?? []).includes(resource.urn));
      const waits = dependents.map((d) => done.get(d) ?? Promise.resolve(true));
      done.set(
        resource,
        Promise.all(waits).then((results) =>
          results.every(Boolean) ? this.slots.run(() => this.deleteOne(resource, op)) : false,
        ),
      );
    }
    await Promise.all(done.values());
  }

  /** Deletes one resource; false (with the error recorded) when it could not be. */
  private async deleteOne(resource: ResourceState, op: "delete" | "delete-replaced"): Promise<boolean> {
    const started = performance.now();
    const desired = { type: resource.type, name: resource.name };
    if (resource.options.protect) {
      this.fail(
        resource.urn,
        desired,
        `unable to delete resource "${resource.urn}" as it is currently marked for protection. To unprotect the resource, remove the \`protect\` flag from the resource in your Pulumi program and run \`pulumi up\``,
        { op, id: resource.id, started },
      );
      return false;
    }
    if (this.preview) {
      this.step(op, resource.urn, resource.id, started, { preview: true });
      return true;
    }
    if (resource.options.retainOnDelete) {
      this.forget(resource);
      this.step(op, resource.urn, resource.id, started, { retained: true });
      return true;
    }
    try {
      if (resource.custom && isDynamicType(resource.type)) {
        const host = await this.host();
        await host.delete(resource.type, resource.name, resource.id, resource.outputs, resource.inputs);
      }
    } catch (error) {
      this.fail(resource.urn, desired, messageOf(error), { op, id: resource.id, started });
      return false;
    }
    this.forget(resource);
    this.step(op, resource.urn, resource.id, started);
    return true;
  }

  private async refreshOne(resource: ResourceState): Promise<void> {
    if (!resource.custom || !isDynamicType(resource.type)) return;
    const started = performance.now();
    const desired = { type: resource.type, name: resource.name };
    try {
      const host = await this.host();
      const read = await host.read(resource.type, resource.name, resource.id, resource.outputs, resource.inputs);
      if (read.id === "") {
        this.forget(resource);
        this.step("read", resource.urn, resource.id, started, { gone: true, changed: true });
        return;
      }
      // As the Go engine's Read: secretness comes from the old state, outputs from outputs and inputs from inputs.
      const outputs = markSecretOutputs(
        annotateSecrets(read.properties, resource.outputs),
        resource.options.additionalSecretOutputs,
      );
      const inputs = read.inputs ? annotateSecrets(read.inputs, resource.inputs) : resource.inputs;
      const changed =
        read.id !== resource.id || !deepEqual(outputs, resource.outputs) || !deepEqual(inputs, resource.inputs);
      Object.assign(resource, { id: read.id, outputs, inputs });
      this.step("read", resource.urn, read.id, started, { changed });
    } catch (error) {
      this.fail(resource.urn, desired, messageOf(error), { op: "read", id: resource.id, started });
    }
  }

  // --- bookkeeping -------------------------------------------------------------------------------------------

  private baseState(urn: string, desired: DesiredResource, options: ResourceOptions) {
    const base: Omit<ResourceState, "id" | "inputs" | "outputs"> = {
      urn,
      type: desired.type,
      name: desired.name,
      custom: desired.custom ?? true,
      options,
    };
    if (desired.parent) base.parent = desired.parent;
    if (desired.dependencies?.length) base.dependencies = [...desired.dependencies];
    return base;
  }

  /** Outputs as the engine stores them: secrets re-marked from the inputs, then additionalSecretOutputs. */
  private annotate(properties: Props, inputs: Props, options: ResourceOptions): Props {
    return markSecretOutputs(annotateSecrets(properties, inputs), options.additionalSecretOutputs);
  }

  private forget(resource: ResourceState): void {
    const index = this.condemned.indexOf(resource);
    if (index >= 0) this.condemned.splice(index, 1);
    if (this.untouched.get(resource.urn) === resource) this.untouched.delete(resource.urn);
    if (this.live.get(resource.urn) === resource) this.live.delete(resource.urn);
  }

  private step(op: StepOp, urn: string, id: string | undefined, started: number, extra: Partial<Step> = {}): Step {
    const step: Step = {
      op,
      urn,
      startMs: Math.round(started - this.startedAt),
      durationMs: Math.round(performance.now() - started),
    };
    if (id) step.id = id;
    for (const [key, value] of Object.entries(extra)) {
      if (value !== undefined) (step as unknown as Props)[key] = value;
    }
    this.steps.push(step);
    return step;
  }

  /** Records a failed step and its user-facing error, marks the deployment failed, returns what to throw. */
  private fail(
    urn: string,
    desired: { type: string; name: string },
    message: string,
    step?: { op: StepOp; id?: string; started: number } & Partial<Step>,
  ): StepFailedError {
    const shown = userMessage(desired, message);
    this.errors.push(shown);
    if (step) {
      const { op, id, started, ...extra } = step;
      this.step(op, urn, id, started, { ...extra, error: message });
    }
    this.failure = true;
    return new StepFailedError(shown);
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    const forget = () => this.inFlight.delete(work);
    work.then(forget, forget);
    return work;
  }
}

/** How the CLI shows a resource's error: under the resource's type and name. */
function userMessage(desired: { type: string; name: string }, message: string): string {
  return `${desired.type} (${desired.name}): error: ${message}`;
}

function messageOf(error: unknown): string {
  if (error instanceof HostCallError) return error.grpcMessage;
  return error instanceof Error ? error.message : String(error);
}

/** Top-level ignoreChanges: old input values stand in for new ones (a key absent before stays absent). */
function applyIgnoreChanges(news: Props, olds: Props, ignoreChanges: readonly string[]): Props {
  const result = clone(news);
  for (const key of ignoreChanges) {
    if (key in olds) result[key] = clone(olds[key]);
    else delete result[key];
  }
  return result;
}

/** During preview, a new resource's outputs are its checked inputs; declared outputs not among them are unknown. */
function previewOutputs(inputs: Props, outputKeys: readonly string[] | undefined): Props {
  const outputs = clone(inputs);
  for (const key of outputKeys ?? []) if (!(key in outputs)) outputs[key] = UNKNOWN;
  return outputs;
}
