// Pieces both resources' providers share: checking inputs, autonaming, the shared client, state hygiene.

import { createHash } from "node:crypto";
import type { z } from "zod";
import type { ActionName } from "../api/actions";
import { regionsFor } from "../api/regions";
import { type CheckFailure, toCheckFailures, UNKNOWN } from "../api/schemas/issues";
import { TrtcClient } from "../client/client";
import { redactText } from "../client/redact";
import { TrtcApiError, TrtcConfigError } from "../errors";
import { currentSettings, describeSources, requireCredentials, type TrtcSettings } from "./settings";

/**
 * Keys the resource classes add to inputs: the logical name and the stack ("project/stack"), from which ids are
 * generated, and whether an id was generated.
 */
export const NAME_KEY = "__logicalName";
export const STACK_KEY = "__stack";
export const AUTONAMED_KEY = "__autoNamed";
/** Hidden inputs: never sent to the API, never a reason to change anything. */
export const HIDDEN_KEYS: readonly string[] = [NAME_KEY, STACK_KEY, AUTONAMED_KEY, "__provider"];
const PROVIDER_KEY = "__provider";

export type Props = Record<string, unknown>;

/** Status a provider records for a task that ended by itself (`whenEnded: "keep"`). */
export const ENDED = "ended";

let shared: { key: string; client: TrtcClient } | undefined;

/** The process-wide client: one connection pool and one rate limiter for every resource of a deployment. */
export function clientFor(settings: TrtcSettings): TrtcClient {
  const credentials = requireCredentials(settings);
  const key = createHash("sha256")
    .update(
      [
        settings.endpoint,
        credentials.secretId,
        credentials.secretKey,
        credentials.sessionToken ?? "",
        settings.maxRequestsPerSecond,
        settings.requestTimeoutMs,
        settings.deadlineMs,
      ].join("\n"),
    )
    .digest("hex");
  if (shared?.key !== key) {
    shared = {
      key,
      client: new TrtcClient({
        credentials,
        endpoint: settings.endpoint,
        maxRequestsPerSecond: settings.maxRequestsPerSecond,
        requestTimeoutMs: settings.requestTimeoutMs,
        deadlineMs: settings.deadlineMs,
      }),
    };
  }
  return shared.client;
}

/** Removes `undefined` everywhere: the provider host rejects it ("Unexpected struct type") after the API call. */
export function stripUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : stripUndefined(v))) as T;
  if (value && typeof value === "object") {
    const out: Props = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = stripUndefined(v);
    return out as T;
  }
  return value;
}

/** Structural equality of JSON-like values, where a missing key equals an `undefined` one. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  }
  if (a && b && typeof a === "object" && typeof b === "object") {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!deepEqual((a as Props)[k], (b as Props)[k])) return false;
    return true;
  }
  return false;
}

export function pick(source: Props, keys: readonly string[]): Props {
  const out: Props = {};
  for (const k of keys) if (source[k] !== undefined) out[k] = source[k];
  return out;
}

export function omit(source: Props, keys: readonly string[]): Props {
  const out: Props = {};
  for (const [k, v] of Object.entries(source)) if (!keys.includes(k)) out[k] = v;
  return out;
}

const SAFE = /[^A-Za-z0-9_]/g;

/**
 * An identifier from readable parts and a suffix hashed from `seed`, within `maxBytes` of letters, digits, `_` and
 * `-`. The same seed gives the same id, so `pulumi preview` shows the id `pulumi up` uses, and a run interrupted
 * after a start finds its task again on the next run (same robot UserId or RecordId) instead of orphaning it.
 */
export function autoName(parts: readonly string[], maxBytes: number, seed: string): string {
  const suffix = createHash("sha256")
    .update(seed)
    .digest("base64url")
    .replace(/[^A-Za-z0-9]/g, "x")
    .slice(0, 6);
  const budget = maxBytes - suffix.length - parts.length;
  const each = Math.max(1, Math.floor(budget / Math.max(1, parts.length)));
  const readable = parts.map((p) => p.replace(SAFE, "_").slice(0, each) || "x");
  return [...readable, suffix].join("-").slice(0, maxBytes);
}

export interface CheckSpec {
  schema: (settings: TrtcSettings) => z.ZodType;
  /** The identifier generated when not given: the robot UserId or the RecordId. */
  idField: "userId" | "recordId";
  /** Generates that identifier from its seed (see `freshId`); returns UNKNOWN while what it derives from is unknown. */
  makeId: (name: string, inputs: Props, seed: string) => string;
  /** Paths of inputs that may hold secrets: only their presence goes into a generated id's seed. */
  secretPaths: readonly (readonly string[])[];
  /** The action whose regions apply. */
  startAction: ActionName;
  extraFailures?: (inputs: Props, settings: TrtcSettings) => CheckFailure[];
}

/** Defaults from config, autonaming and validation: everything `check` does, with no network call. */
export function checkInputs(spec: CheckSpec, olds: Props, news: Props): { inputs: Props; failures: CheckFailure[] } {
  const settings = currentSettings();
  const {
    [PROVIDER_KEY]: _provider,
    [NAME_KEY]: rawName,
    [STACK_KEY]: rawStack,
    [AUTONAMED_KEY]: _auto,
    ...fields
  } = news;
  const name = typeof rawName === "string" ? rawName : "recording";
  const stack = typeof rawStack === "string" ? rawStack : "";
  const inputs: Props = { ...fields };
  if (inputs.region === undefined && settings.region !== undefined) inputs.region = settings.region;
  if (inputs.sdkAppId === undefined && settings.sdkAppId !== undefined) inputs.sdkAppId = settings.sdkAppId;

  let autoNamed = false;
  if (inputs[spec.idField] === undefined) {
    autoNamed = true;
    const previous = olds[spec.idField];
    if (olds[AUTONAMED_KEY] === true && typeof previous === "string") inputs[spec.idField] = previous;
    else inputs[spec.idField] = freshId(spec, { ...inputs, [NAME_KEY]: name, [STACK_KEY]: stack });
  }

  noteDeclared(inputs.sdkAppId, `${stack}/${spec.idField}/${name}`);
  const schema = spec.schema(settings);
  const parsed = schema.safeParse(inputs);
  const failures = parsed.success ? [] : toCheckFailures(parsed.error.issues, inputs, schema);
  failures.push(...configuredFieldFailures(inputs, settings, spec.startAction));
  failures.push(...(spec.extraFailures?.(inputs, settings) ?? []));
  return { inputs: { ...inputs, [NAME_KEY]: name, [STACK_KEY]: stack, [AUTONAMED_KEY]: autoNamed }, failures };
}

// The service runs at most 100 recording tasks per account at once by default (FailedOperation.RestrictedConcurrency,
// https://www.tencentcloud.com/document/product/647/45169). All of a stack's resources are checked in one provider
// process, so counting them here warns at preview time, before any task starts.
const DEFAULT_CONCURRENT_TASKS = 100;
const declared = new Map<unknown, Set<string>>();

function noteDeclared(sdkAppId: unknown, resource: string): void {
  let resources = declared.get(sdkAppId);
  if (!resources) {
    resources = new Set();
    declared.set(sdkAppId, resources);
  }
  resources.add(resource);
  if (resources.size === DEFAULT_CONCURRENT_TASKS + 1) {
    warn(
      `This stack declares more than ${DEFAULT_CONCURRENT_TASKS} recordings for SdkAppId ${String(sdkAppId)}: the service runs at most ${DEFAULT_CONCURRENT_TASKS} recording tasks per account at once unless the limit was raised, and further starts fail with FailedOperation.RestrictedConcurrency.`,
    );
  }
}

/**
 * The id `check` generates for these inputs when it has no earlier one to keep (a new resource, or the engine's
 * re-check before a replacement). `diff` asks it too: a replacement whose fresh id would equal the old one must
 * delete the old task first.
 */
export function freshId(spec: Pick<CheckSpec, "idField" | "makeId" | "secretPaths">, inputs: Props): string {
  const name = typeof inputs[NAME_KEY] === "string" ? inputs[NAME_KEY] : "recording";
  // Everything that identifies the task, secrets reduced to whether they are set: an id is public, and a hash of a
  // short secret could be searched for. Changing only a secret therefore keeps the id (see diff).
  let seedFields: unknown = omit(inputs, [spec.idField, ...HIDDEN_KEYS]);
  for (const path of spec.secretPaths) seedFields = maskPath(seedFields, path);
  if (containsUnknown(seedFields)) return UNKNOWN;
  return spec.makeId(name, inputs, canonicalJson([inputs[STACK_KEY] ?? "", name, seedFields]));
}

function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/** `value` with the leaves at `path` ("*" matches every array element) replaced by "set". */
function maskPath(value: unknown, path: readonly string[]): unknown {
  if (value === undefined || value === null) return value;
  const [head, ...rest] = path;
  if (head === undefined) return "set";
  if (head === "*") return Array.isArray(value) ? value.map((v) => maskPath(v, rest)) : value;
  if (typeof value !== "object" || Array.isArray(value) || !(head in value)) return value;
  return { ...(value as Props), [head]: maskPath((value as Props)[head], rest) };
}

/** JSON with object keys sorted, so equal inputs give equal text whatever order the program wrote them in. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Props).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

// Tasks a create in this provider process took over instead of starting (adoptTaskId, or a RecordId that was
// already recording). The engine runs a replacement's create and the replaced resource's delete in one provider
// process (`pulumi up --replace`, replaceWith, replacementTrigger: create-before-delete without asking diff): when
// the replacement took over the old resource's task, stopping it would leave state pointing at a stopped task.
const takenOver = new Set<string>();

export function noteTakenOver(taskId: string): void {
  takenOver.add(taskId);
}

/** True (with a warning) when the task being deleted was taken over by a resource created in this deployment. */
export function keptByReplacement(taskId: string, what: string): boolean {
  if (!takenOver.has(taskId)) return false;
  warn(
    `${what} ${taskId} was taken over by the resource that replaces this one, so it is left running. To start a new task on replacement instead, set the resource option deleteBeforeReplace: true.`,
  );
  return true;
}

function configuredFieldFailures(inputs: Props, settings: TrtcSettings, action: ActionName): CheckFailure[] {
  const failures: CheckFailure[] = [];
  if (inputs.sdkAppId === undefined) {
    failures.push({ property: "sdkAppId", reason: `is required: set it or ${describeSources("sdkAppId")}` });
  }
  const region = inputs.region;
  if (region === undefined) {
    failures.push({ property: "region", reason: `is required: set it or ${describeSources("region")}` });
  } else if (typeof region === "string" && region !== UNKNOWN && /^[a-z0-9-]{1,32}$/.test(region)) {
    const allowed = regionsFor(settings.site, action);
    if (!allowed.includes(region)) {
      failures.push({
        property: "region",
        reason: `${action} on the ${settings.site === "china" ? "China" : "international"} site is offered in ${allowed.join(", ")}, not "${region}"`,
      });
    }
  }
  return failures;
}

/**
 * What `read` needs to find a task: on a refresh the stored outputs; when a program reads an existing task by id
 * (the `id` resource option or the static `get`) only what the program passed, so region and sdkAppId default to
 * config as they do for a new resource.
 */
export function readTarget(id: string, props: Props): Props {
  const settings = currentSettings();
  const target: Props = { ...props, taskId: props.taskId ?? id };
  target.region ??= settings.region;
  target.sdkAppId ??= settings.sdkAppId;
  for (const field of ["region", "sdkAppId"] as const) {
    if (target[field] === undefined) {
      throw new TrtcConfigError(
        `Reading recording ${id} needs its ${field}: pass it to get() (or as an input) or ${describeSources(field)}.`,
      );
    }
  }
  return target;
}

/** The inputs a refresh hands back to the engine: the stored outputs minus what only outputs carry. */
export function inputsFromState(state: Props, outputOnlyKeys: readonly string[]): Props {
  return omit(state, [...outputOnlyKeys, PROVIDER_KEY]);
}

/**
 * A task that started but whose follow-up failed. The provider host turns an error carrying `id` into a partial
 * failure, so the engine keeps the task in state and a later destroy can stop it.
 */
export class StartedButFailedError extends Error {
  readonly id: string;
  readonly properties: Props;
  readonly reasons: string[];

  constructor(id: string, properties: Props, reason: string) {
    super(reason);
    this.name = "StartedButFailedError";
    this.id = id;
    this.properties = stripUndefined(properties);
    this.reasons = [reason];
  }
}

export interface StartPlan<T> {
  start: () => Promise<T>;
  /** What a lost answer leaves unknown, e.g. `recording robot "r" joined room 3560`. */
  subject: string;
  /** How an unknown task ends and how to take hold of it, for the final error. */
  remedy: string;
  /** Action-specific answers that settle the start (StartWebRecord's TaskExist: adopt the task). */
  recover?: (error: TrtcApiError) => Promise<T | undefined>;
  /** After lost answers, asks the service whether the task runs: the task, "none", or undefined (cannot tell). */
  resolve?: () => Promise<T | "none" | undefined>;
}

// Attempts at a start. Each repeats the same idempotency key (robot UserId or RecordId), so however many of them
// reached the service, at most one task survives.
const START_ATTEMPTS = 4;

/**
 * Starts a task, repeating the request after lost answers. Once an answer was lost, a task may be running, so later
 * throttling or transient failures are retried too, and the final error says what may be running.
 */
export async function startWithRetries<T>(plan: StartPlan<T>): Promise<T> {
  let lost = 0;
  let last: TrtcApiError | undefined;
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
    try {
      return await plan.start();
    } catch (error) {
      if (!TrtcApiError.isInstance(error)) throw error;
      const recovered = await plan.recover?.(error);
      if (recovered !== undefined) return recovered;
      last = error;
      if (error.ambiguous) lost++;
      const transient = error.errorClass === "throttling" || error.errorClass === "transient";
      if (!error.ambiguous && !(lost > 0 && transient)) break;
      if (attempt < START_ATTEMPTS) {
        warn(`Starting ${plan.subject.replace(/^whether /, "")}: ${error.code} (attempt ${attempt}); retrying.`);
        await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** (attempt - 1)));
      }
    }
  }
  if (!last) throw new Error("unreachable: no attempt made");
  if (lost === 0) throw last;
  const resolved = await plan.resolve?.().catch(() => undefined);
  if (resolved === "none") throw last;
  if (resolved !== undefined) return resolved;
  throw new TrtcApiError({
    code: last.code,
    action: last.action,
    requestId: last.requestId,
    ambiguous: true,
    cause: last,
    message: `${last.apiMessage.replace(/\.$/, "")}. After ${START_ATTEMPTS} attempts, ${lost} of them without an answer, it is unknown ${plan.subject}. ${plan.remedy}`,
  });
}

/** Warnings go to stderr, which the engine shows as the resource's diagnostics. Secrets are masked. */
export function warn(message: string, secrets: Array<string | undefined> = []): void {
  console.error(`warning: ${redactText(message, secrets)}`);
}

/** Server time when the service said it, else this machine's. */
export function isoTime(serverTime: number | undefined): string {
  return new Date(serverTime ?? Date.now()).toISOString();
}

/** True when the service (or, without its clock, this machine) is past `until`. */
export function isPast(until: unknown, serverTime: number | undefined): boolean {
  if (typeof until !== "string") return false;
  const limit = Date.parse(until);
  return Number.isFinite(limit) && (serverTime ?? Date.now()) >= limit;
}

export function isApiError(error: unknown, code?: string): error is TrtcApiError {
  return TrtcApiError.isInstance(error) && (code === undefined || error.code === code);
}
