// The HTTP side: every POST / is an API call, checked in the service's order (protocol, signature, action /
// version / region, rate limit, injected faults, parameters) and answered in the API 3.0 envelope with HTTP 200;
// /_emulator/* is the admin interface.

import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type ActionName, API_VERSION, isActionName } from "../provider/api/actions";
import { regionsFor } from "../provider/api/regions";
import { runAction } from "./actions";
import { handleAdmin, isAdminPath } from "./admin";
import { ApiError, errorEnvelope, successEnvelope } from "./apiError";
import { verifySignature } from "./auth";
import { describeCode } from "./errorCodes";
import type { Fault } from "./faults";
import { headerValue, readBody, sendJson } from "./http";
import type { EmulatorState } from "./state";

// TC3 requests may be up to 10 MB (https://www.tencentcloud.com/document/api/647/34262); ours are a few KB.
const MAX_BODY_BYTES = 10 * 1024 * 1024;
const MAX_ADMIN_BODY_BYTES = 1024 * 1024;

const SUCCESS = "OK";
const DROPPED = "ConnectionReset";

function checkProtocol(request: IncomingMessage, body: Buffer | undefined): asserts body is Buffer {
  if (request.method !== "POST") {
    throw new ApiError(
      "UnsupportedProtocol",
      `${request.method} is not supported: the emulator accepts POST requests with a JSON body signed with TC3-HMAC-SHA256.`,
    );
  }
  if (request.url !== "/") throw new ApiError("UnsupportedProtocol", "API requests are posted to the path /.");
  const contentType = headerValue(request, "content-type") ?? "";
  if (contentType.split(";")[0]?.trim().toLowerCase() !== "application/json") {
    throw new ApiError(
      "UnsupportedProtocol",
      `Content-Type ${JSON.stringify(contentType)} is not supported: the emulator accepts application/json only.`,
    );
  }
  if (body === undefined) {
    throw new ApiError("RequestSizeLimitExceeded", `The request body exceeds ${MAX_BODY_BYTES} bytes.`);
  }
}

function checkAction(request: IncomingMessage, state: EmulatorState): { action: ActionName; region: string } {
  const action = headerValue(request, "x-tc-action");
  if (!action) throw new ApiError("MissingParameter", "The X-TC-Action header is required.");
  if (!isActionName(action)) {
    throw new ApiError("InvalidAction", `The action ${JSON.stringify(action.slice(0, 64))} does not exist.`);
  }
  const version = headerValue(request, "x-tc-version");
  if (!version) throw new ApiError("MissingParameter", "The X-TC-Version header is required.");
  if (version !== API_VERSION) {
    throw new ApiError(
      "NoSuchVersion",
      `The API version ${JSON.stringify(version.slice(0, 32))} does not exist for TRTC; use ${API_VERSION}.`,
    );
  }
  const region = headerValue(request, "x-tc-region");
  if (!region) throw new ApiError("MissingParameter.Region", "The X-TC-Region header is required.");
  const offered = regionsFor(state.settings.site, action);
  if (!offered.includes(region)) {
    throw new ApiError(
      "UnsupportedRegion",
      `${action} is not offered in region ${JSON.stringify(region.slice(0, 32))} on the ${state.settings.site} site; it supports ${offered.join(", ")}.`,
    );
  }
  return { action, region };
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw new ApiError("InvalidParameter", "The request body is not valid JSON.");
  }
}

export class EmulatorServer {
  private readonly state: EmulatorState;
  private readonly server: Server;
  private readonly delays = new Set<NodeJS.Timeout>();
  private closed: Promise<void> | undefined;

  constructor(state: EmulatorState) {
    this.state = state;
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => this.crash(response, error));
    });
    // Benchmarks and the provider's pool reuse connections; keep idle ones around longer than Node's 5 s default.
    this.server.keepAliveTimeout = 30_000;
  }

  listen(host: string, port: number): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => {
        this.server.off("error", reject);
        resolve(this.server.address() as AddressInfo);
      });
    });
  }

  close(): Promise<void> {
    this.closed ??= new Promise<void>((resolve) => {
      for (const timer of this.delays) clearTimeout(timer);
      this.delays.clear();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    return this.closed;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = request.url ?? "/";
    if (isAdminPath(path.split("?")[0] ?? "")) {
      handleAdmin(this.state, request, response, await readBody(request, MAX_ADMIN_BODY_BYTES));
      return;
    }
    await this.handleApi(request, response, await readBody(request, MAX_BODY_BYTES));
  }

  private async handleApi(request: IncomingMessage, response: ServerResponse, body: Buffer | undefined) {
    const requestId = randomUUID();
    const actionHeader = headerValue(request, "x-tc-action") ?? "";
    let fault: Fault | undefined;
    let fields: Record<string, unknown> | undefined;
    let failure: ApiError | undefined;
    // The way there: the service counts the request (rate limit, clock) only once it arrives.
    await this.networkLatency();
    try {
      checkProtocol(request, body);
      const { action, region } = this.admit(request, body);
      fault = this.state.faults.take(action);
      if (fault?.kind === "throttle") {
        throw new ApiError("RequestLimitExceeded", "The request rate limit is exceeded (injected fault).");
      }
      if (fault?.kind === "internal-error") throw new ApiError("InternalError", "Internal error (injected fault).");
      if (fault?.kind === "error" && fault.code) {
        throw new ApiError(
          fault.code,
          fault.message ?? `${describeCode(fault.code).replace(/\.$/, "")} (injected fault).`,
        );
      }
      if (fault?.kind === "reset") {
        this.record(actionHeader, DROPPED, requestId, fault);
        request.socket.destroy();
        return;
      }
      if (fault?.kind === "delay") await this.sleep(fault.delayMs);
      fields = runAction(action, { store: this.state.store, settings: this.state.settings, region }, parseJson(body));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      failure = error;
    }
    this.record(actionHeader, failure?.code ?? SUCCESS, requestId, fault);
    // The ambiguous failure: the action ran, but the client never learns its outcome.
    if (fault?.kind === "commit-then-reset") {
      request.socket.destroy();
      return;
    }
    const json = failure
      ? errorEnvelope(failure.code, failure.message, requestId)
      : successEnvelope(fields ?? {}, requestId);
    const answeredAt = this.state.clock.now();
    // The way back.
    await this.networkLatency();
    sendJson(response, 200, json, answeredAt);
  }

  /** Half the configured round-trip latency, with jitter; nothing when no latency is configured. */
  private async networkLatency(): Promise<void> {
    const { latencyMs, latencyJitter } = this.state.settings;
    if (latencyMs <= 0) return;
    const half = latencyMs / 2;
    await this.sleep(half * (1 + latencyJitter * (2 * Math.random() - 1)));
  }

  /** Signature, then action, version and region, then the rate limit: what precedes any injected fault. */
  private admit(request: IncomingMessage, body: Buffer): { action: ActionName; region: string } {
    const { settings, limiter } = this.state;
    verifySignature({ method: "POST", headers: request.headers, body }, settings, Date.now() / 1000);
    const admitted = checkAction(request, this.state);
    if (limiter && !limiter.tryAcquire(admitted.action)) {
      throw new ApiError(
        "RequestLimitExceeded",
        `The request rate of ${admitted.action} exceeds ${settings.rateLimit} requests per second.`,
      );
    }
    return admitted;
  }

  private record(action: string, code: string, requestId: string, fault: Fault | undefined): void {
    this.state.log.record({
      action,
      at: this.state.clock.now(),
      realTimeMs: Date.now(),
      code,
      requestId,
      fault: fault?.kind ?? null,
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.delays.delete(timer);
        resolve();
      }, ms);
      this.delays.add(timer);
    });
  }

  /** A bug in the emulator: answer InternalError like the service would, and say so on stderr. */
  private crash(response: ServerResponse, error: unknown): void {
    console.error("trtc-emulator: internal error:", error);
    if (response.headersSent || response.destroyed) return;
    const json = errorEnvelope("InternalError", `Emulator internal error: ${String(error)}`, randomUUID());
    sendJson(response, 200, json, this.state.clock.now());
  }
}
