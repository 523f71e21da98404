// HTTP transport: one POST through an undici dispatcher (by default a keep-alive pool for the API origin). It records
// whether the request was fully written before a failure, which decides whether a failed start may have reached the
// server.

import type { Dispatcher } from "undici";

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface PostOptions {
  timeoutMs: number;
  maxBodyBytes: number;
}

/** A request that produced no complete HTTP response. `sent` says whether it was fully written first. */
export class TransportError extends Error {
  readonly code: string;
  readonly sent: boolean;
  readonly timedOut: boolean;

  constructor(message: string, code: string, sent: boolean, timedOut: boolean, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = "TransportError";
    this.code = code;
    this.sent = sent;
    this.timedOut = timedOut;
  }
}

// undici is loaded on the first request, not with the provider: `pulumi preview` (check and diff) never sends one,
// and the provider host starts for every preview.
let undici: typeof import("undici") | undefined;

/** A keep-alive connection pool for one API origin. */
export function createPool(origin: string): Dispatcher {
  undici ??= require("undici") as typeof import("undici");
  return new undici.Pool(origin, {
    connections: 64,
    keepAliveTimeout: 4_000,
    keepAliveMaxTimeout: 60_000,
    connect: { timeout: 5_000 },
    // Responses are small JSON documents; larger headers mean something else is answering.
    maxHeaderSize: 32 * 1024,
  });
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

export function post(
  dispatcher: Dispatcher,
  origin: string,
  headers: Record<string, string>,
  body: Buffer,
  options: PostOptions,
): Promise<HttpResponse> {
  return new Promise<HttpResponse>((resolve, reject) => {
    let sent = false;
    let settled = false;
    let controller: Dispatcher.DispatchController | undefined;
    let status = 0;
    let responseHeaders: Record<string, string> = {};
    const chunks: Buffer[] = [];
    let size = 0;

    const fail = (error: TransportError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(error);
    };
    const timer = setTimeout(() => {
      const error = new TransportError(`no complete response within ${options.timeoutMs} ms`, "TIMEOUT", sent, true);
      controller?.abort(error);
      fail(error);
    }, options.timeoutMs);

    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(ctrl) {
        controller = ctrl;
        // The attempt timed out while queued for a connection: never start it.
        if (settled) ctrl.abort(new TransportError("request abandoned", "ABANDONED", false, true));
      },
      onRequestSent() {
        sent = true;
      },
      onResponseStart(_ctrl, statusCode, rawHeaders) {
        status = statusCode;
        responseHeaders = flattenHeaders(rawHeaders as Record<string, string | string[] | undefined>);
      },
      onResponseData(ctrl, chunk) {
        size += chunk.length;
        if (size > options.maxBodyBytes) {
          const error = new TransportError(
            `response body exceeds ${options.maxBodyBytes} bytes`,
            "BODY_TOO_LARGE",
            true,
            false,
          );
          ctrl.abort(error);
          fail(error);
          return;
        }
        chunks.push(chunk);
      },
      onResponseEnd() {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ status, headers: responseHeaders, body: Buffer.concat(chunks) });
      },
      onResponseError(_ctrl, error) {
        if (error instanceof TransportError) return fail(error);
        const code = (error as { code?: string }).code ?? "UNKNOWN";
        // A response that started arriving proves the request was sent, whatever the handler saw.
        fail(new TransportError(error.message, code, sent || status !== 0, false, error));
      },
    };

    try {
      dispatcher.dispatch({ origin, path: "/", method: "POST", headers, body }, handler);
    } catch (error) {
      fail(new TransportError((error as Error).message, "DISPATCH_FAILED", false, false, error));
    }
  });
}
