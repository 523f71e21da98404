// Runs the emulator in its own process, so that the clients being measured do not share its event loop.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { createInterface } from "node:readline";

export interface EmulatorProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export const BENCH_CREDENTIALS = {
  secretId: "AKIDbenchmark000000000000000000000",
  secretKey: "benchmark-secret-key-0000000000",
};
export const BENCH_SDK_SECRET_KEY = "benchmark-sdk-secret-key";

export async function startEmulatorProcess(extraArgs: string[] = []): Promise<EmulatorProcess> {
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
  const [url] = (await once(lines, "line")) as [string];
  return {
    url: url.trim(),
    child,
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await once(child, "exit");
      }
    },
  };
}
