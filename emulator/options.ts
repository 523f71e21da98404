// The emulator's settings, checked once at start so that a typo fails loudly instead of emulating the wrong service.

import { API_DEFAULTS } from "../provider/api/defaults";
import type { Site } from "../provider/api/sites";

export interface EmulatorOptions {
  /** Interface to listen on. @defaultValue "127.0.0.1" */
  host?: string;
  /** Port; 0 picks a free one. @defaultValue 0 */
  port?: number;
  /** Which site's regions and fields to emulate. @defaultValue "intl" */
  site?: Site;
  /** The one API key pair the emulator accepts. */
  secretId: string;
  secretKey: string;
  /** The TRTC application's SDKSecretKey: when set, each task records whether its UserSig verifies. */
  sdkSecretKey?: string;
  /** Running tasks (cloud and web together) beyond which starts are refused. @defaultValue 100 */
  maxConcurrentTasks?: number;
  /** Requests per second per action, or false for no limit. @defaultValue 20 */
  rateLimit?: number | false;
  /** Whether the virtual clock also advances with wall time. @defaultValue false */
  realtime?: boolean;
  /**
   * Round-trip latency added to every API request, in milliseconds: half before the service sees the request, half
   * before the answer leaves, each drawn uniformly within ±`latencyJitter` of itself. @defaultValue 0
   */
  latencyMs?: number;
  /** Relative spread of the latency, 0–1. @defaultValue 0.2 */
  latencyJitter?: number;
  /**
   * The account's TRTC applications. When set, another SdkAppId is refused as the service documents:
   * InvalidParameter.SdkAppId (cloud recording), FailedOperation.SdkAppIdNotUnderAppId (StartWebRecord).
   * @defaultValue every SdkAppId is the account's
   */
  sdkAppIds?: readonly number[];
  /**
   * Where to POST TRTC's recording callbacks (event groups 3 and 8), http or https; with `callbackKey`, or neither.
   * @defaultValue no callbacks
   */
  callbackUrl?: string;
  /** The callback key each callback is signed with (`Sign` = base64(HMAC-SHA256(key, body))); with `callbackUrl`. */
  callbackKey?: string;
  // Behaviours no source settles (README "Assumptions"): the default is what the emulator believes most likely.
  /** StartWebRecord MaxDurationLimit's upper bound and default: 86400 (current docs) or 36000 (older intl SDK). @defaultValue 86400 */
  webMaxDurationSeconds?: 86400 | 36000;
  /** The code Describe/Modify/DeleteCloudRecording answer for a task that has ended. @defaultValue "ResourceNotFound" */
  endedTaskError?: string;
  /** The code they answer past the task's ResourceExpiredHour window. @defaultValue "ResourceNotFound" */
  expiredTaskError?: string;
  /** Seconds DescribeCloudRecording still answers `Status: "Exited"` after a task ends (0: gone at once). @defaultValue 0 */
  exitedSeconds?: number;
  /** Whether a RecordId is free again once its web task ends (`after-end`) or taken for good (`never`). @defaultValue "after-end" */
  recordIdReuse?: "after-end" | "never";
  /** What ModifyCloudRecording does with an object it is not given: `keep` the task's, or `clear` it. @defaultValue "keep" */
  modifyOmitted?: "keep" | "clear";
  /**
   * Whether web recordings count against the same concurrency limit as cloud recordings (`shared`) or have their own
   * limit of the same size (`separate`). @defaultValue "shared"
   */
  webConcurrency?: "shared" | "separate";
}

export interface EmulatorSettings {
  host: string;
  port: number;
  site: Site;
  secretId: string;
  secretKey: string;
  sdkSecretKey: string | undefined;
  maxConcurrentTasks: number;
  rateLimit: number | false;
  realtime: boolean;
  latencyMs: number;
  latencyJitter: number;
  sdkAppIds: ReadonlySet<number> | undefined;
  /** Where callbacks go and the key that signs them; undefined when the emulator sends none. */
  callbacks: { url: string; key: string } | undefined;
  webMaxDurationSeconds: 86400 | 36000;
  endedTaskError: string;
  expiredTaskError: string;
  exitedSeconds: number;
  recordIdReuse: "after-end" | "never";
  modifyOmitted: "keep" | "clear";
  webConcurrency: "shared" | "separate";
}

/** The values each assumption switch takes; the first is the default. */
const ASSUMPTION_CHOICES = {
  webMaxDurationSeconds: [API_DEFAULTS.webMaxDurationSeconds, 36000],
  recordIdReuse: ["after-end", "never"],
  modifyOmitted: ["keep", "clear"],
  webConcurrency: ["shared", "separate"],
} as const;

// The service's own limits (provider/api/defaults.ts cites where each is documented).
const DEFAULT_MAX_CONCURRENT_TASKS = API_DEFAULTS.concurrentRecordingTasks;
export const DEFAULT_RATE_LIMIT = API_DEFAULTS.requestsPerSecondPerAction;

function positiveInteger(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    throw new TypeError(`${name} must be a positive integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

export function resolveSettings(options: EmulatorOptions): EmulatorSettings {
  if (typeof options.secretId !== "string" || options.secretId === "") throw new TypeError("secretId is required");
  if (typeof options.secretKey !== "string" || options.secretKey === "") throw new TypeError("secretKey is required");
  const site = options.site ?? "intl";
  if (site !== "intl" && site !== "china") throw new TypeError(`site must be "intl" or "china", got "${site}"`);
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TypeError(`port must be 0–65535, got ${port}`);
  const rateLimit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
  return {
    host: options.host ?? "127.0.0.1",
    port,
    site,
    secretId: options.secretId,
    secretKey: options.secretKey,
    sdkSecretKey: options.sdkSecretKey || undefined,
    maxConcurrentTasks: positiveInteger(
      "maxConcurrentTasks",
      options.maxConcurrentTasks ?? DEFAULT_MAX_CONCURRENT_TASKS,
    ),
    rateLimit: rateLimit === false ? false : positiveInteger("rateLimit", rateLimit),
    realtime: options.realtime ?? false,
    latencyMs: inRange("latencyMs", options.latencyMs ?? 0, 0, 60_000),
    latencyJitter: inRange("latencyJitter", options.latencyJitter ?? 0.2, 0, 1),
    sdkAppIds: options.sdkAppIds && new Set(options.sdkAppIds.map((id) => positiveInteger("sdkAppIds", id))),
    callbacks: callbackSettings(options.callbackUrl, options.callbackKey),
    webMaxDurationSeconds: oneOf("webMaxDurationSeconds", options.webMaxDurationSeconds),
    endedTaskError: errorCode("endedTaskError", options.endedTaskError ?? "ResourceNotFound"),
    expiredTaskError: errorCode("expiredTaskError", options.expiredTaskError ?? "ResourceNotFound"),
    exitedSeconds: inRange("exitedSeconds", options.exitedSeconds ?? 0, 0, 86400),
    recordIdReuse: oneOf("recordIdReuse", options.recordIdReuse),
    modifyOmitted: oneOf("modifyOmitted", options.modifyOmitted),
    webConcurrency: oneOf("webConcurrency", options.webConcurrency),
  };
}

/** Both or neither; the URL absolute and http(s), since the service only calls web addresses back. */
function callbackSettings(url: unknown, key: unknown): EmulatorSettings["callbacks"] {
  if (url === undefined && key === undefined) return undefined;
  if (url === undefined || key === undefined) {
    throw new TypeError("callbackUrl and callbackKey go together: give both, or neither for no callbacks");
  }
  if (typeof key !== "string" || key === "") throw new TypeError("callbackKey must be a non-empty string");
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    throw new TypeError(`callbackUrl must be an absolute http(s) URL, got ${JSON.stringify(url)}`);
  }
  if (typeof url !== "string" || (parsed.protocol !== "http:" && parsed.protocol !== "https:")) {
    throw new TypeError(`callbackUrl must be an http or https URL, got ${parsed.protocol.replace(/:$/, "")}`);
  }
  return { url, key };
}

function oneOf<K extends keyof typeof ASSUMPTION_CHOICES>(
  name: K,
  value: unknown,
): (typeof ASSUMPTION_CHOICES)[K][number] {
  const choices: readonly unknown[] = ASSUMPTION_CHOICES[name];
  if (value === undefined) return choices[0] as (typeof ASSUMPTION_CHOICES)[K][number];
  if (!choices.includes(value)) {
    throw new TypeError(`${name} must be one of ${choices.join(", ")}, got ${JSON.stringify(value)}`);
  }
  return value as (typeof ASSUMPTION_CHOICES)[K][number];
}

/** An API error code's shape, e.g. `ResourceNotFound` or `FailedOperation.TaskNotExist`. */
function errorCode(name: string, value: unknown): string {
  if (typeof value !== "string" || !/^[A-Z][A-Za-z]*(\.[A-Za-z0-9]+)*$/.test(value)) {
    throw new TypeError(`${name} must be an error code such as ResourceNotFound, got ${JSON.stringify(value)}`);
  }
  return value;
}

function inRange(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    throw new TypeError(`${name} must be a number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}
