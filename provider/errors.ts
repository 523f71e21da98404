// The package's one error family, and the single place where error codes are classified:
// - TrtcError, the base: every error this package throws on purpose; test with `TrtcError.isInstance(e)`.
// - TrtcApiError: a failed API call (a service error, or `ClientError.*` when no usable answer came).
// - TrtcConfigError: missing or invalid provider configuration; never an API failure.
// - StartedButFailedError: a task started but a follow-up failed; the engine keeps the task in state.
// Each has `code`, a message that says what went wrong and what to do, and, for API failures, `action` and `requestId`.

// Each error carries a brand per class it belongs to, under a global symbol (`pulumi-trtc.TrtcApiError`, ...), so that
// errors thrown by another copy of this package (a program's and the provider host's may differ) are recognised too.
const brand = (kind: string) => Symbol.for(`pulumi-trtc.${kind}`);

/** The base of every error this package throws on purpose. */
export class TrtcError extends Error {
  static readonly kind: string = "TrtcError";
  /** An API error code, `ClientError.*`, or `ConfigError` / `StartedButFailed` for the provider's own failures. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    for (let c = new.target as unknown as { kind?: string } | null; c?.kind; c = Object.getPrototypeOf(c)) {
      if (!Object.hasOwn(this, brand(c.kind))) Object.defineProperty(this, brand(c.kind), { value: true });
    }
  }

  /** Whether `value` is an error of this class (or a subclass), from any copy of this package. */
  static isInstance<T>(this: { prototype: T; kind: string }, value: unknown): value is T {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class it is called on, so a subclass tests for its own kind.
    const mark = brand(this.kind);
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[mark] === true;
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `instanceof` of a subclass asks for that subclass's kind.
    return (this as unknown as typeof TrtcError).isInstance(value);
  }
}

/** How the client treats a failure: retry it, treat the task as gone, or give up. */
export type ErrorClass = "throttling" | "transient" | "gone" | "fatal";

/**
 * Codes the client itself produces when the service gave no usable answer. They use the `ClientError.` prefix
 * that the official Tencent SDKs use for the same situations.
 */
export const CLIENT_ERROR = {
  network: "ClientError.NetworkError",
  timeout: "ClientError.Timeout",
  deadline: "ClientError.DeadlineExceeded",
  httpStatus: "ClientError.HttpStatusCodeError",
  invalidResponse: "ClientError.InvalidResponse",
} as const;

// Classification lists. Throttling and transient failures are retried; gone means the task no longer exists
// (https://www.tencentcloud.com/document/api/647/36770 for the common codes).
const THROTTLING_PREFIXES = ["RequestLimitExceeded"];
const TRANSIENT_PREFIXES = ["InternalError", "ServiceUnavailable"];
const TRANSIENT_CLIENT_CODES: readonly string[] = [CLIENT_ERROR.network, CLIENT_ERROR.timeout, CLIENT_ERROR.httpStatus];
const GONE_CODES: readonly string[] = [
  "ResourceNotFound",
  "FailedOperation.TaskNotExist",
  "FailedOperation.TaskFinished",
];

function matchesPrefix(code: string, prefixes: readonly string[]): boolean {
  return prefixes.some((p) => code === p || code.startsWith(`${p}.`));
}

/** Classifies an error code; every retry and "already gone" decision goes through here. */
export function classifyCode(code: string): ErrorClass {
  if (matchesPrefix(code, THROTTLING_PREFIXES)) return "throttling";
  if (matchesPrefix(code, TRANSIENT_PREFIXES) || TRANSIENT_CLIENT_CODES.includes(code)) return "transient";
  if (GONE_CODES.includes(code)) return "gone";
  return "fatal";
}

// What to do next, for the codes users meet most; appended to the message.
const HINTS: Record<string, string> = {
  "AuthFailure.SecretIdNotFound":
    "The SecretId is unknown or disabled: check trtc:secretId / TENCENTCLOUD_SECRET_ID (watch for stray spaces).",
  "AuthFailure.SignatureFailure": "The signature does not match: check trtc:secretKey / TENCENTCLOUD_SECRET_KEY.",
  "AuthFailure.SignatureExpire": "The request timestamp is more than 5 minutes off: check this machine's clock.",
  "AuthFailure.TokenFailure": "The session token is invalid or expired: refresh trtc:sessionToken.",
  "AuthFailure.UnauthorizedOperation": "The CAM policy of these credentials does not allow this action.",
  "FailedOperation.RestrictedConcurrency":
    "The account reached its limit of concurrent recording tasks (100 by default; whether web recordings count toward it is not documented): stop recordings that are no longer needed, or raise the limit with a ticket to Tencent Cloud (console: Tickets, product TRTC).",
  "ResourceInsufficient.RequestRejection":
    "The service refused the start for lack of resources, which for web recordings usually means the account's concurrent web recordings are at their limit: stop recordings that are no longer needed, or ask Tencent Cloud to raise the limit.",
  "InvalidParameter.SdkAppId":
    "The SdkAppId is not one of this account's TRTC applications: check sdkAppId / trtc:sdkAppId against the TRTC console.",
  "AuthFailure.UnRealNameAuthenticated":
    "The Tencent Cloud account has not completed real-name verification, which the service requires: complete it in the console.",
  "FailedOperation.NotAllowed":
    "The service does not allow this operation for this application or task: check that the feature is enabled for the SdkAppId in the TRTC console.",
  "FailedOperation.CRUnsupportMethod":
    "This SdkAppId does not use the current cloud recording scheme: enable it in the TRTC console.",
  "FailedOperation.NotAbility": "Web-page recording is not enabled for this SdkAppId: enable it in the TRTC console.",
  "FailedOperation.SdkAppIdNotUnderAppId": "This SdkAppId does not belong to the account of these credentials.",
  UnsupportedRegion: "This action is not offered in that region for this site: see the region table in the README.",
  RequestLimitExceeded:
    "The account's 20 requests/second limit stayed exceeded for as long as the call kept retrying: other clients (other stacks, scripts) are using the same account's limit; spread their schedules, or lower trtc:maxRequestsPerSecond for the less urgent ones.",
};

export interface TrtcApiErrorOptions {
  code: string;
  message: string;
  action: string;
  requestId?: string;
  cause?: unknown;
  /** True when the request may have taken effect although no answer arrived. */
  ambiguous?: boolean;
  /** The server's clock (ms since epoch, from the HTTP Date header) when it answered, if it did. */
  serverTime?: number;
}

/**
 * A failed TRTC API call: a service error (`code` from `Response.Error.Code`) or a client-side failure
 * (`ClientError.*`). `ambiguous` marks failures where the request may still have been executed.
 */
export class TrtcApiError extends TrtcError {
  static override readonly kind: string = "TrtcApiError";
  readonly action: string;
  readonly requestId: string;
  readonly ambiguous: boolean;
  readonly serverTime: number | undefined;
  readonly apiMessage: string;

  constructor(options: TrtcApiErrorOptions) {
    const requestPart = options.requestId ? ` (RequestId ${options.requestId})` : "";
    const hint = HINTS[options.code] ?? HINTS[options.code.split(".")[0] ?? ""];
    const ambiguity = options.ambiguous ? " The request may have been executed before the failure." : "";
    super(
      options.code,
      `${options.action} failed: ${options.code}: ${options.message}${requestPart}.${ambiguity}${hint ? ` ${hint}` : ""}`,
      { cause: options.cause },
    );
    this.name = "TrtcApiError";
    this.action = options.action;
    this.requestId = options.requestId ?? "";
    this.ambiguous = options.ambiguous ?? false;
    this.serverTime = options.serverTime;
    this.apiMessage = options.message;
  }

  get errorClass(): ErrorClass {
    return classifyCode(this.code);
  }
}

/** Missing or invalid provider configuration (credentials, endpoint, site); never an API failure. */
export class TrtcConfigError extends TrtcError {
  static override readonly kind: string = "TrtcConfigError";

  constructor(message: string) {
    super("ConfigError", message);
    this.name = "TrtcConfigError";
  }
}

/**
 * A task that started but whose follow-up failed. The provider host turns an error carrying `id` and `properties`
 * into a partial failure, so the engine keeps the task in state and a later destroy can stop it.
 */
export class StartedButFailedError extends TrtcError {
  static override readonly kind: string = "StartedButFailedError";
  readonly id: string;
  /** The task's state, free of `undefined` (the host rejects it). */
  readonly properties: Record<string, unknown>;
  readonly reasons: string[];

  constructor(id: string, properties: Record<string, unknown>, reason: string, cause?: unknown) {
    super("StartedButFailed", reason, { cause });
    this.name = "StartedButFailedError";
    this.id = id;
    this.properties = properties;
    this.reasons = [reason];
  }
}

/** True for an API error saying the task no longer exists (ended, or never existed). */
export function isGone(error: unknown): boolean {
  return TrtcApiError.isInstance(error) && error.errorClass === "gone";
}
