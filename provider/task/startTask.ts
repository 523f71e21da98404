// Starting a task when answers can be lost. Two retry loops nest here, on purpose, under one policy (the client's
// RetryPolicy, its sleep and backoff):
// - inside, the client retries one call: throttling, and failures that provably never reached the service. It never
//   repeats a start whose request may have arrived, because that alone cannot tell whether a task began;
// - outside, this loop repeats the start after such a lost answer, with the same idempotency key (robot UserId or
//   RecordId), so however many attempts reached the service, at most one task survives; then asks the service.

import type { TrtcClient } from "../client/client";
import { backoffDelay } from "../client/retry";
import { TrtcApiError } from "../errors";
import { warn } from "./diagnostics";

export interface StartPlan<T> {
  start: () => Promise<T>;
  /** What a lost answer leaves unknown, e.g. `whether recording robot "r" joined room 3560`. */
  subject: string;
  /** How an unknown task ends and how to take hold of it, for the final error. */
  remedy: string;
  /** Action-specific answers that settle the start (StartWebRecord's TaskExist: adopt the task). */
  recover?: (error: TrtcApiError) => Promise<T | undefined>;
  /** After lost answers, asks the service whether the task runs: the task, "none", or undefined (cannot tell). */
  resolve?: () => Promise<T | "none" | undefined>;
}

/**
 * Starts a task, repeating the request after lost answers. Once an answer was lost, a task may be running, so later
 * throttling or transient failures are retried too, and the final error says what may be running.
 */
export async function startWithRetries<T>(client: TrtcClient, plan: StartPlan<T>): Promise<T> {
  const attempts = client.retryPolicy.maxStartAttempts;
  let lost = 0;
  let last: TrtcApiError | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
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
      if (attempt < attempts) {
        warn(`Starting ${plan.subject.replace(/^whether /, "")}: ${error.code} (attempt ${attempt}); retrying.`);
        await client.sleep(backoffDelay(error, attempt, client.retryPolicy));
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
    message: `${last.apiMessage.replace(/\.$/, "")}. After ${attempts} attempts, ${lost} of them without an answer, it is unknown ${plan.subject}. ${plan.remedy}`,
  });
}
