// The TencentCloud API 3.0 client for the seven TRTC recording actions: signs, rate-limits, sends, validates the
// answer and retries what is safe to retry.

import type { Dispatcher } from "undici";
import type { ActionName } from "../api/actions";
import { type ActionRequests, API_VERSION, STARTING_ACTIONS } from "../api/actions";
import { API_DEFAULTS } from "../api/defaults";
import type { ActionResponse } from "../api/responses";
import { signTc3 } from "../api/signing";
import { CLIENT_ERROR, TrtcApiError } from "../errors";
import { exportsOf } from "./lazyImport";
import { ActionRateLimits } from "./rateLimiter";
import { collectSecretValues, redactText } from "./redact";
import { backoffDelay, DEFAULT_RETRY_POLICY, isRetryable, type RetryPolicy, realSleep, type Sleep } from "./retry";
import { createPool, type HttpResponse, post, TransportError } from "./transport";

/** Tencent Cloud API credentials (CAM SecretId/SecretKey, with a token for temporary ones). */
export interface Credentials {
  secretId: string;
  secretKey: string;
  sessionToken?: string;
}

export interface TrtcClientOptions {
  credentials: Credentials;
  /** API origin, e.g. `https://trtc.intl.tencentcloudapi.com` or the emulator's `http://127.0.0.1:PORT`. */
  endpoint: string;
  /** Requests per second per action; ignored when `rateLimits` is given. @defaultValue 20 (the service's limit) */
  maxRequestsPerSecond?: number;
  /** Limit for one attempt. @defaultValue 10000 */
  requestTimeoutMs?: number;
  /** Limit for a call, retries and backoff included (time spent throttled extends it). @defaultValue 60000 */
  deadlineMs?: number;
  /** Overrides of the retry policy. @defaultValue DEFAULT_RETRY_POLICY */
  retry?: Partial<RetryPolicy>;
  /**
   * How long a call keeps retrying while the service throttles it (the account's limit is shared and busy), on top
   * of the deadline. @defaultValue 300000 (5 minutes)
   */
  maxThrottledMs?: number;
  /** Waits between attempts; tests inject one to observe or skip backoff. @defaultValue setTimeout */
  sleep?: Sleep;
  /** Sends the requests. @defaultValue a keep-alive undici Pool for `endpoint`, closed by `close()` */
  dispatcher?: Dispatcher;
  /** The per-action rate limiters. @defaultValue new ActionRateLimits(maxRequestsPerSecond) */
  rateLimits?: ActionRateLimits;
}

export interface CallResult<A extends ActionName> {
  response: ActionResponse<A>;
  requestId: string;
  /** The service's clock (ms since epoch) from the HTTP Date header, when present. */
  serverTime: number | undefined;
}

const CONTENT_TYPE = "application/json";
// Answers are small JSON documents; a megabyte is far beyond any legitimate one.
const MAX_RESPONSE_BYTES = 1024 * 1024;
const REGION_PATTERN = /^[a-z]{2,}(-[a-z0-9]+){1,3}$/;
// Service error messages are a sentence or two; a longer one is cut, never a reason to lose its code.
const MAX_MESSAGE_LENGTH = 1000;

// The answers' schemas (zod) load with the first call, not with the client: see recordings/schemas.ts.
let responses: Promise<ReturnType<typeof import("../api/responses.js")["responseSchemas"]>> | undefined;
const loadAnswerSchemas = () => {
  responses ??= import("../api/responses.js").then((module) => exportsOf(module).responseSchemas());
  return responses;
};

const truncate = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);

/** The client's limits when not given; the provider's settings default to the same. */
export const CLIENT_DEFAULTS = { requestTimeoutMs: 10_000, deadlineMs: 60_000, maxThrottledMs: 300_000 } as const;
// Below this, an attempt is not worth starting (a request to the API takes tens of milliseconds at best).
const MIN_ATTEMPT_MS = 100;

function parseServerTime(headers: Record<string, string>): number | undefined {
  const date = headers.date;
  if (!date) return undefined;
  const ms = Date.parse(date);
  return Number.isNaN(ms) ? undefined : ms;
}

export class TrtcClient {
  /** The retry policy of this client's calls, which the task layer's repeated starts follow too. */
  readonly retryPolicy: RetryPolicy;
  readonly sleep: Sleep;
  readonly rateLimits: ActionRateLimits;
  private readonly credentials: Credentials;
  private readonly requestTimeoutMs: number;
  private readonly deadlineMs: number;
  private readonly maxThrottledMs: number;
  private readonly origin: string;
  private readonly host: string;
  private dispatcher: Dispatcher | undefined;
  private readonly ownsDispatcher: boolean;

  constructor(options: TrtcClientOptions) {
    this.credentials = options.credentials;
    this.requestTimeoutMs = options.requestTimeoutMs ?? CLIENT_DEFAULTS.requestTimeoutMs;
    this.deadlineMs = options.deadlineMs ?? CLIENT_DEFAULTS.deadlineMs;
    this.maxThrottledMs = options.maxThrottledMs ?? CLIENT_DEFAULTS.maxThrottledMs;
    this.retryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.sleep = options.sleep ?? realSleep;
    this.rateLimits =
      options.rateLimits ??
      new ActionRateLimits(options.maxRequestsPerSecond ?? API_DEFAULTS.requestsPerSecondPerAction);
    this.dispatcher = options.dispatcher;
    this.ownsDispatcher = options.dispatcher === undefined;
    const url = new URL(options.endpoint);
    this.origin = url.origin;
    // Signed as the official SDK signs it: the host name without a port.
    this.host = url.hostname;
  }

  /** Closes the connection pool this client made (not an injected dispatcher). */
  async close(): Promise<void> {
    const dispatcher = this.dispatcher;
    if (!this.ownsDispatcher || !dispatcher) return;
    this.dispatcher = undefined;
    await dispatcher.close().catch(() => undefined);
  }

  /** Calls `action` in `region`; resolves with the validated answer or rejects with a TrtcApiError. */
  async call<A extends ActionName>(action: A, region: string, params: ActionRequests[A]): Promise<CallResult<A>> {
    if (!REGION_PATTERN.test(region)) {
      throw new TrtcApiError({
        code: "InvalidParameter",
        message: `"${region.slice(0, 40)}" is not a region name such as ap-singapore`,
        action,
      });
    }
    const body = Buffer.from(JSON.stringify(params));
    const secrets = [this.credentials.secretKey, this.credentials.sessionToken, ...collectSecretValues(params)];
    const limiter = this.rateLimits.for(action);
    const sleep = this.sleep;
    // The deadline starts once the call may go out: waiting for a rate-limit slot behind other calls is not the
    // service being slow. Throttling is not either (the account is busy, the service is up): time spent on throttled
    // attempts extends the deadline and they do not count as attempts, up to maxThrottledMs in all.
    let release = await limiter.acquire();
    let deadline = Date.now() + this.deadlineMs;
    const throttledUntil = Date.now() + this.maxThrottledMs;
    let failures = 0;

    let last: TrtcApiError | undefined;
    for (let attempt = 1; ; attempt++) {
      if (attempt > 1) release = await limiter.acquire({ priority: true });
      const remaining = deadline - Date.now();
      // A retry with almost no time left could only time out, and a start that times out after being sent is
      // ambiguous (and may still run late): the failure already known is the better answer.
      if (last && remaining < MIN_ATTEMPT_MS) {
        release();
        throw last;
      }
      if (remaining <= 0) {
        release();
        throw new TrtcApiError({
          code: CLIENT_ERROR.deadline,
          message: `no answer within the ${this.deadlineMs} ms deadline (attempt ${attempt})`,
          action,
        });
      }
      const attemptStarted = Date.now();
      let outcome: CallResult<A> | TrtcApiError;
      try {
        this.dispatcher ??= createPool(this.origin);
        const response = await post(this.dispatcher, this.origin, this.headers(action, region, body), body, {
          timeoutMs: Math.min(this.requestTimeoutMs, remaining),
          maxBodyBytes: MAX_RESPONSE_BYTES,
        });
        outcome = this.interpret(action, response, secrets, await loadAnswerSchemas());
      } catch (error) {
        outcome = this.transportFailure(action, error, secrets);
      } finally {
        release();
      }
      if (!(outcome instanceof TrtcApiError)) {
        limiter.rate.onSuccess();
        return outcome;
      }
      last = outcome;
      const throttled = outcome.errorClass === "throttling";
      if (throttled) limiter.rate.onThrottle();
      else failures++;
      const delay = backoffDelay(outcome, throttled ? Math.min(attempt, 4) : failures, this.retryPolicy);
      const retryable = isRetryable(outcome, action);
      if (throttled && retryable && Date.now() + delay < throttledUntil) {
        deadline += Date.now() - attemptStarted + delay;
        await sleep(delay);
        continue;
      }
      if (!retryable || failures >= this.retryPolicy.maxAttempts || Date.now() + delay >= deadline) throw outcome;
      await sleep(delay);
    }
  }

  private headers(action: ActionName, region: string, body: Buffer): Record<string, string> {
    const { credentials } = this;
    const timestamp = Math.floor(Date.now() / 1000);
    const { authorization } = signTc3({
      secretId: credentials.secretId,
      secretKey: credentials.secretKey,
      service: "trtc",
      host: this.host,
      timestamp,
      contentType: CONTENT_TYPE,
      payload: body,
    });
    const headers: Record<string, string> = {
      authorization,
      "content-type": CONTENT_TYPE,
      "x-tc-action": action,
      "x-tc-version": API_VERSION,
      "x-tc-timestamp": String(timestamp),
      "x-tc-region": region,
      "x-tc-language": "en-US",
      "x-tc-requestclient": "pulumi-trtc",
    };
    if (credentials.sessionToken) headers["x-tc-token"] = credentials.sessionToken;
    return headers;
  }

  private interpret<A extends ActionName>(
    action: A,
    response: HttpResponse,
    secrets: Array<string | undefined>,
    answerSchemas: Awaited<ReturnType<typeof loadAnswerSchemas>>,
  ): CallResult<A> | TrtcApiError {
    const serverTime = parseServerTime(response.headers);
    // The request reached a server that answered; unless it answered with an API error, a start may have happened.
    const invalid = (message: string, code: string = CLIENT_ERROR.invalidResponse) =>
      new TrtcApiError({
        code,
        message: redactText(message, secrets),
        action,
        ambiguous: STARTING_ACTIONS.has(action),
        serverTime,
      });

    if (response.status >= 300 && response.status < 400) {
      return new TrtcApiError({
        code: CLIENT_ERROR.invalidResponse,
        message: `unexpected HTTP ${response.status} redirect; redirects are never followed: check trtc:endpoint`,
        action,
        serverTime,
      });
    }
    if (response.status >= 500) return invalid(`HTTP ${response.status} from the API gateway`, CLIENT_ERROR.httpStatus);
    if (response.status !== 200) return invalid(`unexpected HTTP ${response.status}`);
    const contentType = response.headers["content-type"] ?? "";
    if (!contentType.toLowerCase().includes("json")) {
      return invalid(`unexpected content type "${contentType.slice(0, 80)}" (expected JSON)`);
    }
    let json: unknown;
    try {
      json = JSON.parse(response.body.toString("utf8"));
    } catch {
      return invalid(`the answer is not valid JSON (${response.body.length} bytes)`);
    }
    const { actions, envelope } = answerSchemas;
    const parsedEnvelope = envelope.safeParse(json);
    if (!parsedEnvelope.success) return invalid("the answer has no valid Response envelope");
    const { RequestId: requestId, Error: apiError } = parsedEnvelope.data.Response;
    if (apiError) {
      return new TrtcApiError({
        code: apiError.Code,
        message: redactText(truncate(apiError.Message, MAX_MESSAGE_LENGTH), secrets),
        action,
        requestId,
        serverTime,
      });
    }
    const parsed = actions[action].safeParse(parsedEnvelope.data.Response);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "Response"}: ${i.message}`).join("; ");
      return invalid(`the ${action} answer is malformed (${problems}) (RequestId ${requestId})`);
    }
    return { response: parsed.data as ActionResponse<A>, requestId, serverTime };
  }

  private transportFailure(action: ActionName, error: unknown, secrets: Array<string | undefined>): TrtcApiError {
    if (error instanceof TransportError) {
      const where = error.sent ? "after the request was sent" : "before the request was sent";
      let code: string = error.timedOut ? CLIENT_ERROR.timeout : CLIENT_ERROR.network;
      if (error.code === "BODY_TOO_LARGE") code = CLIENT_ERROR.invalidResponse;
      return new TrtcApiError({
        code,
        message: redactText(`${error.message} (${error.code}, ${where}) calling ${this.origin}`, secrets),
        action,
        // Only a start that may have happened is ambiguous; a repeated read or stop is harmless.
        ambiguous: error.sent && STARTING_ACTIONS.has(action),
        cause: { code: error.code, sent: error.sent },
      });
    }
    return new TrtcApiError({
      code: CLIENT_ERROR.network,
      message: redactText(String((error as Error)?.message ?? error), secrets),
      action,
      ambiguous: STARTING_ACTIONS.has(action),
    });
  }
}
