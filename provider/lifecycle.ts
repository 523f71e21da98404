// Pieces both resources' providers share: checking inputs, autonaming, the shared client, state hygiene.

import { createHash, randomBytes } from "node:crypto";
import type { z } from "zod";
import { TrtcClient } from "./client";
import { currentSettings, describeSources, requireCredentials, type TrtcSettings } from "./config";
import { TrtcApiError } from "./errors";
import { redactText } from "./redact";
import { type ActionName, regionsFor } from "./regions";
import { type CheckFailure, toCheckFailures, UNKNOWN } from "./schemas/issues";

/** Keys the resource classes add to inputs: the logical name (for autonaming) and whether an id was generated. */
export const NAME_KEY = "__logicalName";
export const AUTONAMED_KEY = "__autoNamed";
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
 * A fresh identifier from readable parts and a random suffix, within `maxBytes` of letters, digits, `_` and `-`.
 * The suffix makes every replacement's id new, so old and new tasks never collide.
 */
export function autoName(parts: readonly string[], maxBytes: number): string {
  const suffix = randomBytes(6)
    .toString("base64url")
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
  /** Generates that identifier; returns UNKNOWN while what it derives from is unknown (preview). */
  makeId: (name: string, inputs: Props) => string;
  /** The action whose regions apply. */
  startAction: ActionName;
  extraFailures?: (inputs: Props, settings: TrtcSettings) => CheckFailure[];
}

/** Defaults from config, autonaming and validation: everything `check` does, with no network call. */
export function checkInputs(spec: CheckSpec, olds: Props, news: Props): { inputs: Props; failures: CheckFailure[] } {
  const settings = currentSettings();
  const { [PROVIDER_KEY]: _provider, [NAME_KEY]: rawName, [AUTONAMED_KEY]: _auto, ...fields } = news;
  const name = typeof rawName === "string" ? rawName : "recording";
  const inputs: Props = { ...fields };
  if (inputs.region === undefined && settings.region !== undefined) inputs.region = settings.region;
  if (inputs.sdkAppId === undefined && settings.sdkAppId !== undefined) inputs.sdkAppId = settings.sdkAppId;

  let autoNamed = false;
  if (inputs[spec.idField] === undefined) {
    autoNamed = true;
    const previous = olds[spec.idField];
    if (olds[AUTONAMED_KEY] === true && typeof previous === "string") inputs[spec.idField] = previous;
    else inputs[spec.idField] = spec.makeId(name, inputs);
  }

  const schema = spec.schema(settings);
  const parsed = schema.safeParse(inputs);
  const failures = parsed.success ? [] : toCheckFailures(parsed.error.issues, inputs, schema);
  failures.push(...configuredFieldFailures(inputs, settings, spec.startAction));
  failures.push(...(spec.extraFailures?.(inputs, settings) ?? []));
  return { inputs: { ...inputs, [NAME_KEY]: name, [AUTONAMED_KEY]: autoNamed }, failures };
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
