// Receiving a callback: check the signature, then parse. `handleCallback` works on any raw body and header set (a
// serverless function's event, a framework's raw body); `createCallbackHandler` is a ready `http` request listener.
// Messages never contain the key or the expected signature.

import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { CallbackParseError, parseCallbackEvent, type TrtcCallbackEvent } from "./events";
import { type RawBody, verifyCallbackSignature } from "./signature";

/** Request headers: Node's `IncomingHttpHeaders`, any name → value record (names in any case), or fetch `Headers`. */
export type CallbackHeaders = IncomingHttpHeaders | Record<string, string | string[] | undefined> | HeadersLike;

interface HeadersLike {
  get(name: string): string | null;
}

/** Why a request was refused. */
export type CallbackRejectionReason =
  /** No `Sign` header: TRTC sends one whenever a callback key is configured. */
  | "missing-signature"
  /** The signature does not match the body: another key, or a changed (or re-serialised) body. */
  | "bad-signature"
  /** Signed correctly, but not a callback event (not JSON, no EventType...). */
  | "malformed-body"
  /** The `SdkAppId` header names an application not in `sdkAppIds`. */
  | "unexpected-app"
  /** CallbackTs is older than `maxAgeMs`: a replayed request. */
  | "stale";

export interface CallbackRejection {
  ok: false;
  /** The HTTP status to answer with: 400 malformed, 401 signature or age, 403 another application. */
  status: 400 | 401 | 403;
  reason: CallbackRejectionReason;
  /** Says what was wrong; never contains the key or a signature. */
  message: string;
}

export interface CallbackAccepted {
  ok: true;
  event: TrtcCallbackEvent;
}

export type CallbackResult = CallbackAccepted | CallbackRejection;

export interface CallbackCheckOptions {
  /** Accept only these applications (the `SdkAppId` header); a request without the header is then refused too. */
  sdkAppIds?: readonly number[];
  /**
   * Refuse a request whose CallbackTs is older than this many ms (replay protection). Off by default. TRTC gives up
   * retrying a callback after one minute (https://www.tencentcloud.com/document/product/647/54914), so a few minutes
   * leave room for clock skew whether retries carry the first attempt's CallbackTs or a new one (the docs do not say).
   */
  maxAgeMs?: number;
  /** The clock for `maxAgeMs`, ms since the epoch. @defaultValue Date.now */
  now?: () => number;
}

function headerOf(headers: CallbackHeaders, name: string): string | undefined {
  if (typeof (headers as HeadersLike).get === "function") return (headers as HeadersLike).get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  let value = record[name];
  if (value === undefined) {
    const wanted = name.toLowerCase();
    const key = Object.keys(record).find((k) => k.toLowerCase() === wanted);
    value = key === undefined ? undefined : record[key];
  }
  return Array.isArray(value) ? value[0] : value;
}

const reject = (status: 400 | 401 | 403, reason: CallbackRejectionReason, message: string): CallbackRejection => ({
  ok: false,
  status,
  reason,
  message,
});

/**
 * Verifies and parses one callback request. `rawBody` must be the body exactly as received (bytes, or their UTF-8
 * text): a body parsed and serialised again no longer matches its signature. Throws only for a missing key.
 */
export function handleCallback(
  rawBody: RawBody,
  headers: CallbackHeaders,
  key: string,
  options: CallbackCheckOptions = {},
): CallbackResult {
  if (typeof key !== "string" || key === "") throw new TypeError("handleCallback needs the callback key");
  const sign = headerOf(headers, "sign");
  if (!sign) return reject(401, "missing-signature", "The request has no Sign header.");
  if (!verifyCallbackSignature(rawBody, sign, key)) {
    return reject(
      401,
      "bad-signature",
      "The Sign header does not match the body: the request was signed with another key, or the body was changed on the way (pass the raw body, not a re-serialised one).",
    );
  }
  const appHeader = headerOf(headers, "sdkappid");
  const sdkAppId = appHeader !== undefined && /^\d+$/.test(appHeader.trim()) ? Number(appHeader) : null;
  if (options.sdkAppIds && (sdkAppId === null || !options.sdkAppIds.includes(sdkAppId))) {
    return reject(
      403,
      "unexpected-app",
      sdkAppId === null
        ? "The request has no SdkAppId header."
        : `The callback is for SdkAppId ${sdkAppId}, which this receiver does not accept.`,
    );
  }
  let event: TrtcCallbackEvent;
  try {
    event = parseCallbackEvent(rawBody, sdkAppId);
  } catch (error) {
    if (error instanceof CallbackParseError)
      return reject(400, "malformed-body", `Not a callback event: ${error.message}.`);
    throw error;
  }
  if (options.maxAgeMs !== undefined) {
    const now = (options.now ?? Date.now)();
    if (event.callbackTs === null || now - event.callbackTs > options.maxAgeMs) {
      return reject(401, "stale", `The callback was sent more than ${options.maxAgeMs} ms ago (CallbackTs).`);
    }
  }
  return { ok: true, event };
}

export interface CallbackHandlerOptions extends CallbackCheckOptions {
  /** The callback key set in the TRTC console (letters and digits, at most 32). */
  key: string;
  /**
   * Called once per accepted request, before the answer. Throw (or reject) to answer 500 so that TRTC sends the
   * callback again (within its one-minute retry window); return normally to answer 200 `{"code":0}`.
   */
  onEvent: (event: TrtcCallbackEvent, request: IncomingMessage) => void | Promise<void>;
  /** Told about every refused request (for logs or metrics); the rejection says why, without secrets. */
  onRejected?: (rejection: CallbackRejection, request: IncomingMessage) => void;
  /** Told when `onEvent` throws, with what it threw. */
  onError?: (error: unknown, event: TrtcCallbackEvent) => void;
  /** Larger bodies are refused with 413 without being read whole. @defaultValue 1 MiB */
  maxBodyBytes?: number;
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

function answer(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (response.headersSent) return;
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": String(Buffer.byteLength(text)),
    ...headers,
  });
  response.end(text);
}

/** The body, or undefined once it exceeds `limit` bytes (the rest is not buffered). */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    request.on("data", (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => {
      if (!over) resolve(Buffer.concat(chunks));
    });
    request.on("error", reject);
  });
}

/**
 * A `node:http` request listener that receives TRTC callbacks: POST only, the body read raw (so mount it before any
 * body-parsing middleware), the signature checked, the event parsed and passed to `onEvent`. Answers 200
 * `{"code":0}` as the docs recommend, and 400/401/403/405/413/500 otherwise.
 *
 * @example
 * ```ts
 * import { createServer } from "node:http";
 * import { createCallbackHandler } from "pulumi-trtc/callbacks";
 *
 * createServer(
 *   createCallbackHandler({
 *     key: process.env.TRTC_CALLBACK_KEY!,
 *     onEvent: (event) => {
 *       if (event.stage === "filesReady") console.log(event.taskId, event.type);
 *     },
 *   }),
 * ).listen(8080);
 * ```
 */
export function createCallbackHandler(
  options: CallbackHandlerOptions,
): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  const { key, onEvent, onRejected, onError } = options;
  if (typeof key !== "string" || key === "") throw new TypeError("createCallbackHandler needs the callback key");
  if (typeof onEvent !== "function") throw new TypeError("createCallbackHandler needs an onEvent function");
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return async (request, response) => {
    try {
      if (request.method !== "POST") {
        answer(response, 405, { code: 405, message: "TRTC callbacks are POST requests." }, { allow: "POST" });
        request.resume();
        return;
      }
      const body = await readBody(request, limit);
      if (body === undefined) {
        answer(response, 413, { code: 413, message: `The body exceeds ${limit} bytes.` }, { connection: "close" });
        return;
      }
      const result = handleCallback(body, request.headers, key, options);
      if (!result.ok) {
        onRejected?.(result, request);
        answer(response, result.status, { code: result.status, message: result.message });
        return;
      }
      try {
        await onEvent(result.event, request);
      } catch (error) {
        onError?.(error, result.event);
        answer(response, 500, { code: 500, message: "The event could not be processed; send it again." });
        return;
      }
      answer(response, 200, { code: 0 });
    } catch {
      // A broken connection while reading; nothing useful can be answered.
      answer(response, 500, { code: 500, message: "The request could not be read." });
    }
  };
}
