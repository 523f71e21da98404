// One error type for every failed TRTC API call, plus the single place where error codes are classified.

const API_ERROR_BRAND = Symbol.for("pulumi-trtc.TrtcApiError");
const CONFIG_ERROR_BRAND = Symbol.for("pulumi-trtc.TrtcConfigError");

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
    "The account reached its limit of concurrent recording tasks (100 by default, cloud and web recordings together): stop recordings that are no longer needed, or raise the limit with a ticket to Tencent Cloud (console: Tickets, product TRTC).",
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
export class TrtcApiError extends Error {
  readonly code: string;
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
      `${options.action} failed: ${options.code}: ${options.message}${requestPart}.${ambiguity}${hint ? ` ${hint}` : ""}`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = "TrtcApiError";
    this.code = options.code;
    this.action = options.action;
    this.requestId = options.requestId ?? "";
    this.ambiguous = options.ambiguous ?? false;
    this.serverTime = options.serverTime;
    this.apiMessage = options.message;
    Object.defineProperty(this, API_ERROR_BRAND, { value: true });
  }

  get errorClass(): ErrorClass {
    return classifyCode(this.code);
  }

  /** Brand check that also recognises errors thrown by another copy of this package. */
  static isInstance(value: unknown): value is TrtcApiError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[API_ERROR_BRAND] === true;
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return TrtcApiError.isInstance(value);
  }
}

/** Missing or invalid provider configuration (credentials, endpoint, site); never an API failure. */
export class TrtcConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TrtcConfigError";
    Object.defineProperty(this, CONFIG_ERROR_BRAND, { value: true });
  }

  static isInstance(value: unknown): value is TrtcConfigError {
    return (
      typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[CONFIG_ERROR_BRAND] === true
    );
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return TrtcConfigError.isInstance(value);
  }
}

export function isGone(error: unknown): boolean {
  return TrtcApiError.isInstance(error) && error.errorClass === "gone";
}
