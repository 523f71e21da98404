// The emulator's settings, checked once at start so that a typo fails loudly instead of emulating the wrong service.

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
}

// https://www.tencentcloud.com/document/product/647/45169: 100 concurrent recordings per account by default and
// 20 requests per second per API.
export const DEFAULT_MAX_CONCURRENT_TASKS = 100;
export const DEFAULT_RATE_LIMIT = 20;

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
  };
}

function inRange(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    throw new TypeError(`${name} must be a number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}
