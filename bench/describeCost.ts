// What the Describe after each start costs a `pulumi up`. A create makes two round trips one after the other (start,
// then describe, to record the task's first status); without the describe it would make one. The provider is not
// changed to measure this: instead the provider's own client (provider/client.ts, with its rate limiter) drives the
// same N starts with `parallel` creates in flight at a time, as the engine's --parallel steps do, against an
// emulator with the same latency, once with the describe and once without. The difference is what the describe
// costs at that (N, --parallel, latency), without the CLI's own costs; `pulumi up` minus it estimates an up without it.

import { generateUserSig } from "../provider/api/userSig";
import { toWire } from "../provider/api/wire";
import { TrtcClient } from "../provider/client/client";
import { BENCH_CREDENTIALS, BENCH_SDK_SECRET_KEY, startEmulatorProcess } from "./emulatorProcess";
import { REGION, recordingSpec, SDK_APP_ID } from "./stackProgram";

export interface CreatePoolRun {
  wallMs: number;
  requests: number;
  throttled: number;
  errors: string[];
}

export interface DescribeCost {
  n: number;
  parallel: number;
  latencyMs: number;
  withDescribe: CreatePoolRun;
  startOnly: CreatePoolRun;
}

export interface StartedRecording {
  kind: "cloud" | "web";
  taskId: string;
}

/**
 * Starts recording i of the bench program with the provider's client, sending what the provider sends for it; the
 * robot's UserId and the page's RecordId carry `prefix`, so that several clients can start the same list.
 */
export async function startRecording(client: TrtcClient, i: number, prefix: string): Promise<StartedRecording> {
  const spec = recordingSpec(i);
  if (spec.kind === "cloud") {
    const userId = `${prefix}_${spec.name}`;
    const request = toWire({
      ...spec.args,
      sdkAppId: SDK_APP_ID,
      userId,
      userSig: generateUserSig({ sdkAppId: SDK_APP_ID, sdkSecretKey: BENCH_SDK_SECRET_KEY, userId }),
    });
    // The wire form of the program's arguments, as the provider sends it (and casts it).
    const started = await client.call("CreateCloudRecording", REGION, request as never);
    return { kind: "cloud", taskId: started.response.TaskId };
  }
  const request = toWire({ ...spec.args, sdkAppId: SDK_APP_ID, recordId: `${prefix}-${spec.name}` });
  const started = await client.call("StartWebRecord", REGION, request as never);
  return { kind: "web", taskId: started.response.TaskId };
}

/** `total` jobs, at most `parallel` at a time, taken in order as the engine's step workers take resources. */
export async function inPool(total: number, parallel: number, job: (i: number) => Promise<unknown>): Promise<string[]> {
  const errors: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      await job(i).catch((error: unknown) => {
        errors.push(String((error as { code?: string }).code ?? (error as Error).message));
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, total) }, worker));
  return errors;
}

/** The provider's client with the provider's defaults (provider/task/settings.ts): 20 requests/s per action, 10 s per
 * attempt, 60 s per call. */
export function providerClient(endpoint: string): TrtcClient {
  return new TrtcClient({
    credentials: BENCH_CREDENTIALS,
    endpoint,
    maxRequestsPerSecond: 20,
    requestTimeoutMs: 10_000,
    deadlineMs: 60_000,
  });
}

/** N creates, `parallel` at a time, each a start and (withDescribe) then a describe, against a fresh emulator. */
async function createPool(n: number, parallel: number, latencyMs: number, withDescribe: boolean) {
  // A fresh emulator per run: its rate windows and the client's limiter (kept per endpoint) both start empty.
  const emulator = await startEmulatorProcess({ latencyMs });
  const client = providerClient(emulator.url);
  try {
    const create = async (i: number) => {
      const started = await startRecording(client, i, "pool");
      if (!withDescribe) return;
      if (started.kind === "cloud") {
        await client.call("DescribeCloudRecording", REGION, { SdkAppId: SDK_APP_ID, TaskId: started.taskId });
      } else {
        await client.call("DescribeWebRecord", REGION, { TaskId: started.taskId });
      }
    };
    const startedAt = performance.now();
    const errors = await inPool(n, parallel, create);
    const wallMs = performance.now() - startedAt;
    const requests = await emulator.requests();
    return {
      wallMs,
      requests: requests.length,
      throttled: requests.filter((r) => r.code === "RequestLimitExceeded").length,
      errors,
    };
  } finally {
    await emulator.stop();
    await client.close();
  }
}

export async function measureDescribeCost(n: number, parallel: number, latencyMs: number): Promise<DescribeCost> {
  const withDescribe = await createPool(n, parallel, latencyMs, true);
  const startOnly = await createPool(n, parallel, latencyMs, false);
  return { n, parallel, latencyMs, withDescribe, startOnly };
}
