// The peer of the stack benchmark: the same N recordings driven with the official Tencent Node SDK the way a script
// would, with Promise.all and no throttling of its own: start all, then describe all, then stop all. Each phase's
// failures are caught so the script can go on (and they can be counted); a script using a bare `Promise.all` would
// instead abort at the first rejection of the start phase and leave every task that did start running.

import { Client as OfficialTrtcClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/trtc/v20190722/trtc_client";
import { generateUserSig } from "../provider/api/userSig";
import { toWire } from "../provider/api/wire";
import { BENCH_CREDENTIALS, BENCH_SDK_SECRET_KEY, startEmulatorProcess } from "./emulatorProcess";
import { REGION, recordingSpec, SDK_APP_ID } from "./stackProgram";

type Started = { kind: "cloud" | "web"; taskId: string };

export interface NaivePhase {
  wallMs: number;
  calls: number;
  /** Error code of each failed call. */
  failures: string[];
}

export interface NaiveSdkFigures {
  start: NaivePhase;
  describe: NaivePhase;
  stop: NaivePhase;
  /** Tasks that started (what a bare Promise.all script leaves running when the start phase rejects). */
  started: number;
  /** Running tasks in the emulator after the stop phase. */
  leftRunning: number;
}

export const throttledIn = (phase: NaivePhase): number =>
  phase.failures.filter((code) => code === "RequestLimitExceeded").length;

async function phase<T>(calls: Array<() => Promise<T>>): Promise<{ phase: NaivePhase; results: Array<T | undefined> }> {
  const started = performance.now();
  const settled = await Promise.allSettled(calls.map((call) => call()));
  const wallMs = performance.now() - started;
  const failures: string[] = [];
  const results = settled.map((outcome) => {
    if (outcome.status === "fulfilled") return outcome.value;
    const error = outcome.reason as { code?: string; message?: string };
    failures.push(String(error?.code ?? error?.message ?? error));
    return undefined;
  });
  return { phase: { wallMs, calls: calls.length, failures }, results };
}

/**
 * Runs the naive script for recordings 0..count-1 against a fresh emulator with the service's default rate limit
 * and `latencyMs` per round trip.
 */
export async function runNaiveSdk(count: number, latencyMs = 0): Promise<NaiveSdkFigures> {
  const emulator = await startEmulatorProcess({ latencyMs });
  try {
    const client = new OfficialTrtcClient({
      credential: { secretId: BENCH_CREDENTIALS.secretId, secretKey: BENCH_CREDENTIALS.secretKey },
      region: REGION,
      profile: {
        httpProfile: { endpoint: new URL(emulator.url).host, protocol: "http://", reqTimeout: 60 },
        language: "en-US",
      },
    });
    type CreateRequest = Parameters<OfficialTrtcClient["CreateCloudRecording"]>[0];
    type StartWebRequest = Parameters<OfficialTrtcClient["StartWebRecord"]>[0];
    // The same requests the provider sends for these recordings.
    const starts = Array.from({ length: count }, (_, i) => {
      const spec = recordingSpec(i);
      if (spec.kind === "cloud") {
        const userId = `naive_${spec.name}`;
        const request = toWire({
          ...spec.args,
          sdkAppId: SDK_APP_ID,
          userId,
          userSig: generateUserSig({ sdkAppId: SDK_APP_ID, sdkSecretKey: BENCH_SDK_SECRET_KEY, userId }),
        });
        return async (): Promise<Started> => ({
          kind: "cloud",
          taskId: String((await client.CreateCloudRecording(request as CreateRequest)).TaskId),
        });
      }
      const request = toWire({ ...spec.args, sdkAppId: SDK_APP_ID, recordId: `naive-${spec.name}` });
      return async (): Promise<Started> => ({
        kind: "web",
        taskId: String((await client.StartWebRecord(request as StartWebRequest)).TaskId),
      });
    });

    const start = await phase(starts);
    const running = start.results.filter((r): r is Started => r !== undefined);
    const describe = await phase<unknown>(
      running.map(
        (task) => () =>
          task.kind === "cloud"
            ? client.DescribeCloudRecording({ SdkAppId: SDK_APP_ID, TaskId: task.taskId })
            : client.DescribeWebRecord({ TaskId: task.taskId }),
      ),
    );
    const stop = await phase<unknown>(
      running.map(
        (task) => () =>
          task.kind === "cloud"
            ? client.DeleteCloudRecording({ SdkAppId: SDK_APP_ID, TaskId: task.taskId })
            : client.StopWebRecord({ TaskId: task.taskId }),
      ),
    );
    const leftRunning = (await emulator.tasks()).filter((t) => t.running).length;
    return {
      start: start.phase,
      describe: describe.phase,
      stop: stop.phase,
      started: running.length,
      leftRunning,
    };
  } finally {
    await emulator.stop();
  }
}
