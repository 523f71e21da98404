// Retry policy: which failures are retried and how long to wait, for the client's retries of one call and for the
// task layer's repeated starts (provider/task/startTask.ts). Only throttling and transient failures are retried, and
// a transient failure of a starting action only when the request provably never left this host.

import type { ActionName } from "../api/actions";
import { STARTING_ACTIONS } from "../api/actions";
import type { TrtcApiError } from "../errors";

export interface RetryPolicy {
  /** Attempts of one call, the first included (throttled attempts not counted). @defaultValue 6 */
  maxAttempts: number;
  /**
   * Starts of one task after lost answers, the first included. Each repeats the task's idempotency key, and each
   * is one call with its own retries of failures that provably never reached the service. @defaultValue 4
   */
  maxStartAttempts: number;
  /** First backoff after a transient failure. @defaultValue 200 */
  transientBaseMs: number;
  /** First backoff after throttling: the service counts requests per second, so waiting less rarely helps. @defaultValue 500 */
  throttlingBaseMs: number;
  /** Longest backoff. @defaultValue 5000 */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  maxStartAttempts: 4,
  transientBaseMs: 200,
  throttlingBaseMs: 500,
  maxDelayMs: 5_000,
};

export function isRetryable(error: TrtcApiError, action: ActionName): boolean {
  switch (error.errorClass) {
    case "throttling":
      return true;
    case "transient":
      return !(error.ambiguous && STARTING_ACTIONS.has(action));
    default:
      return false;
  }
}

/** Exponential backoff with jitter in [50%, 100%] of the step, so retries of many callers spread out. */
export function backoffDelay(
  error: TrtcApiError,
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const base = error.errorClass === "throttling" ? policy.throttlingBaseMs : policy.transientBaseMs;
  const step = Math.min(policy.maxDelayMs, base * 2 ** (attempt - 1));
  return Math.round(step * (0.5 + random() / 2));
}

/** Waits `ms`; the client and the task layer take one as an option so tests can observe or skip backoff. */
export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms));
