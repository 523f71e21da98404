// Runs the emulator in its own process, so that the clients being measured do not share its event loop.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { createInterface } from "node:readline";

export interface EmulatorProcess {
  url: string;
  child: ChildProcess;
  /** The emulator's request log (`GET /_emulator/requests`), oldest first. */
  requests(): Promise<EmulatorRequest[]>;
  /** Its tasks, running and ended (`GET /_emulator/tasks`). */
  tasks(): Promise<EmulatorTask[]>;
  stop(): Promise<void>;
}

/** One entry of the request log: `code` is `OK` or the API error code it answered. */
export interface EmulatorRequest {
  action: string;
  code: string;
  /** When the emulator answered, Unix ms. */
  realTimeMs: number;
}

export interface EmulatorTask {
  kind: "cloud" | "web";
  taskId: string;
  running: boolean;
  userSigValid: boolean | null;
}

export const BENCH_CREDENTIALS = {
  secretId: "AKIDbenchmark000000000000000000000",
  secretKey: "benchmark-secret-key-0000000000",
};
export const BENCH_SDK_SECRET_KEY = "benchmark-sdk-secret-key";

export interface BenchEmulatorOptions {
  /** Round-trip latency (ms) on every API request, with the emulator's default ±20% jitter. */
  latencyMs?: number;
  /** No rate limit at all (the service's 20/s per action otherwise). */
  unlimited?: boolean;
  /** Interface to listen on (loopback by default). */
  host?: string;
}

/**
 * An emulator in its own process, as benchmarks use it: the service's rate limit unless `unlimited`, and the account's
 * concurrent-recording limit raised, since the benchmarks run far more tasks at once than the default 100.
 */
export async function startEmulatorProcess(options: BenchEmulatorOptions = {}): Promise<EmulatorProcess> {
  const { latencyMs = 0, unlimited = false, host } = options;
  const extraArgs = [
    "--max-concurrent-tasks",
    "100000",
    ...(unlimited ? ["--rate-limit", "off"] : []),
    ...(latencyMs > 0 ? ["--latency-ms", String(latencyMs)] : []),
    ...(host ? ["--host", host] : []),
  ];
  const cli = join(__dirname, "..", "emulator", "cli.js");
  const child = spawn(
    process.execPath,
    [
      cli,
      "--port",
      "0",
      "--secret-id",
      BENCH_CREDENTIALS.secretId,
      "--secret-key",
      BENCH_CREDENTIALS.secretKey,
      "--sdk-secret-key",
      BENCH_SDK_SECRET_KEY,
      ...extraArgs,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const [line] = (await once(lines, "line")) as [string];
  const url = line.trim();
  const admin = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${url}/_emulator/${path}`);
    if (!response.ok) throw new Error(`GET /_emulator/${path}: HTTP ${response.status}`);
    return (await response.json()) as T;
  };
  return {
    url,
    child,
    requests: async () => (await admin<{ requests: EmulatorRequest[] }>("requests")).requests,
    tasks: async () => (await admin<{ tasks: EmulatorTask[] }>("tasks")).tasks,
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await once(child, "exit");
      }
    },
  };
}
