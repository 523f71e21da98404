// Client benchmark: pulumi-trtc's client against the official Tencent Node SDK, on the same emulator, in one run.
import { Client as OfficialTrtcClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/trtc/v20190722/trtc_client";
import { generateUserSig } from "../provider/api/userSig";
import { TrtcClient } from "../provider/client/client";
import { BENCH_CREDENTIALS, BENCH_SDK_SECRET_KEY, startEmulatorProcess } from "./emulatorProcess";
import { median, type Row } from "./report";

const REGION = "ap-singapore";
const SDK_APP_ID = 1400000000;

interface RunResult {
  callsPerSecond: number;
  medianLatencyMs: number;
  /** CPU this process spent per call (user + system), ms. */
  cpuMsPerCall: number;
  wallMs: number;
  errors: string[];
}

/** `total` calls with at most `concurrency` in flight. */
async function drive(total: number, concurrency: number, call: () => Promise<unknown>): Promise<RunResult> {
  const latencies: number[] = [];
  const errors: string[] = [];
  let next = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const worker = async () => {
    while (next < total) {
      next++;
      const t0 = performance.now();
      try {
        await call();
      } catch (error) {
        errors.push(String((error as { code?: string }).code ?? (error as Error).message));
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return {
    callsPerSecond: total / (wallMs / 1000),
    medianLatencyMs: median(latencies),
    cpuMsPerCall: (used.user + used.system) / 1000 / total,
    wallMs,
    errors,
  };
}

function officialClient(url: string): OfficialTrtcClient {
  return new OfficialTrtcClient({
    credential: { secretId: BENCH_CREDENTIALS.secretId, secretKey: BENCH_CREDENTIALS.secretKey },
    region: REGION,
    profile: { httpProfile: { endpoint: new URL(url).host, protocol: "http://", reqTimeout: 60 }, language: "en-US" },
  });
}

function ourClient(url: string, maxRequestsPerSecond: number): TrtcClient {
  return new TrtcClient({
    credentials: BENCH_CREDENTIALS,
    endpoint: url,
    maxRequestsPerSecond,
    requestTimeoutMs: 10_000,
    deadlineMs: 120_000,
  });
}

async function startTask(client: TrtcClient): Promise<string> {
  const userId = `bench_${Date.now()}`;
  const created = await client.call("CreateCloudRecording", REGION, {
    SdkAppId: SDK_APP_ID,
    RoomId: "4242",
    UserId: userId,
    UserSig: generateUserSig({ sdkAppId: SDK_APP_ID, sdkSecretKey: BENCH_SDK_SECRET_KEY, userId }),
    RecordParams: { RecordMode: 2 },
    StorageParams: { CloudVod: { TencentVod: {} } },
  });
  return created.response.TaskId;
}

export interface ClientBenchOptions {
  calls: number;
  concurrency: number;
  rounds: number;
  limitedCalls: number;
}

export async function runClientBench(options: ClientBenchOptions): Promise<Row[]> {
  const rows: Row[] = [];
  // Each part's client, closed with its emulator.
  let closeLater: TrtcClient | undefined;

  // 1. Raw throughput and latency: the server's own limit is off, so only the clients are measured.
  const open = await startEmulatorProcess({ unlimited: true });
  try {
    const ours = ourClient(open.url, 1_000_000);
    closeLater = ours;
    const official = officialClient(open.url);
    const taskId = await startTask(ours);
    const params = { SdkAppId: SDK_APP_ID, TaskId: taskId };
    const oursCall = () => ours.call("DescribeCloudRecording", REGION, params);
    const officialCall = () => official.DescribeCloudRecording(params);
    // Both clients get the same warm-up, so the JIT has settled before anything is measured.
    await drive(options.calls, options.concurrency, oursCall);
    await drive(options.calls, options.concurrency, officialCall);
    const oursRuns: RunResult[] = [];
    const officialRuns: RunResult[] = [];
    for (let round = 0; round < options.rounds; round++) {
      oursRuns.push(await drive(options.calls, options.concurrency, oursCall));
      officialRuns.push(await drive(options.calls, options.concurrency, officialCall));
    }
    const best = (runs: RunResult[], key: "callsPerSecond" | "medianLatencyMs" | "cpuMsPerCall") =>
      median(runs.map((r) => r[key]));
    const oursRate = best(oursRuns, "callsPerSecond");
    const officialRate = best(officialRuns, "callsPerSecond");
    const oursLatency = best(oursRuns, "medianLatencyMs");
    const officialLatency = best(officialRuns, "medianLatencyMs");
    rows.push(
      {
        metric: `DescribeCloudRecording calls/s, ${options.concurrency} in flight (median of ${options.rounds}×${options.calls})`,
        ours: oursRate,
        peer: officialRate,
        ratio: oursRate / officialRate,
        note: "higher is better",
      },
      {
        metric: "median latency per call, ms",
        ours: oursLatency,
        peer: officialLatency,
        ratio: officialLatency / oursLatency,
        note: "ratio = official / ours",
      },
      {
        metric: "client CPU per call, ms",
        ours: best(oursRuns, "cpuMsPerCall"),
        peer: best(officialRuns, "cpuMsPerCall"),
        ratio: best(officialRuns, "cpuMsPerCall") / best(oursRuns, "cpuMsPerCall"),
        note: "ratio = official / ours",
      },
      {
        metric: "errors in those calls",
        ours: oursRuns.flatMap((r) => r.errors).length,
        peer: officialRuns.flatMap((r) => r.errors).length,
      },
    );
  } finally {
    await open.stop();
    await closeLater?.close();
  }

  // 2. At the service's 20 requests/second limit: the whole batch at once, as a stack of recordings would.
  const limited = await startEmulatorProcess();
  try {
    const ours = ourClient(limited.url, 20);
    closeLater = ours;
    const taskId = await startTask(ours);
    const params = { SdkAppId: SDK_APP_ID, TaskId: taskId };
    const oursRun = await drive(options.limitedCalls, options.limitedCalls, () =>
      ours.call("DescribeCloudRecording", REGION, params),
    );
    const official = officialClient(limited.url);
    // Let the server's window clear so both start from the same state.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const officialRun = await drive(options.limitedCalls, options.limitedCalls, () =>
      official.DescribeCloudRecording(params),
    );
    const throttled = (run: RunResult) => run.errors.filter((e) => e.startsWith("RequestLimitExceeded")).length;
    // At most 20 in any second: the first 20 could go at once, each further 20 a second later. The client paces its
    // requests evenly instead (so processes sharing the limit never burst together), which costs up to one window.
    const floorMs = (Math.ceil(options.limitedCalls / 20) - 1) * 1000;
    const served = (run: RunResult) => options.limitedCalls - run.errors.length;
    rows.push(
      {
        metric: `${options.limitedCalls} calls at once against the 20/s limit: wall time, ms (floor ${floorMs})`,
        ours: oursRun.wallMs,
        peer: officialRun.wallMs,
        ratio: oursRun.wallMs / floorMs,
        note: "ratio = ours / floor",
      },
      {
        metric: "  calls served per second",
        ours: (served(oursRun) * 1000) / oursRun.wallMs,
        peer: officialRun.errors.length > 0 ? "-" : officialRun.callsPerSecond,
        note: "the limit is 20",
      },
      { metric: "  calls that succeeded", ours: served(oursRun), peer: served(officialRun) },
      {
        metric: "  of which failed with RequestLimitExceeded (surfaced to the caller)",
        ours: throttled(oursRun),
        peer: throttled(officialRun),
      },
      {
        metric: "  other errors surfaced",
        ours: oursRun.errors.length - throttled(oursRun),
        peer: officialRun.errors.length - throttled(officialRun),
      },
    );
  } finally {
    await limited.stop();
    await closeLater?.close();
  }
  return rows;
}
