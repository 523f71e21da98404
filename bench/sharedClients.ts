// The requests of K stacks sharing one account, without the CLI: K provider clients (provider/client.ts), each with
// its own rate limiter as each stack's provider host has, drive K × N recordings against one emulator, each client
// N of them with `parallel` in flight, as the engine's steps run: create (start, then describe), describe (refresh),
// stop (destroy). One process holds them all, so the machine's CPU (which K CLIs and hosts on 2 cores run short of)
// is out of the picture and what remains is how well the limiters share the 20 requests/s.
// The limiters are kept per endpoint origin, so each client reaches the emulator at its own loopback address
// (127.0.0.1, 127.0.0.2, ...), all of which Linux routes to the emulator listening on 0.0.0.0.

import { inPool, providerClient, type StartedRecording, startRecording } from "./describeCost";
import { startEmulatorProcess } from "./emulatorProcess";
import { REGION, SDK_APP_ID } from "./stackProgram";

export interface SharedClientPhase {
  phase: "up" | "refresh" | "destroy";
  wallMs: number;
  /** Each client's time to finish its N, ms. */
  clientMs: number[];
  requests: number;
  throttled: number;
  errors: string[];
}

export async function runSharedClients(
  k: number,
  n: number,
  parallel: number,
  latencyMs: number,
): Promise<SharedClientPhase[]> {
  const emulator = await startEmulatorProcess({ latencyMs, host: "0.0.0.0" });
  const port = new URL(emulator.url).port;
  const clients = Array.from({ length: k }, (_, j) => providerClient(`http://127.0.0.${j + 1}:${port}`));
  try {
    const started: StartedRecording[][] = clients.map(() => []);
    const phases: SharedClientPhase[] = [];
    const run = async (
      phase: SharedClientPhase["phase"],
      job: (j: number, i: number) => Promise<unknown>,
    ): Promise<void> => {
      // Each phase starts with the service's windows empty, as the CLI benchmark pauses between commands.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const before = (await emulator.requests()).length;
      const t0 = performance.now();
      const clientMs: number[] = [];
      const errors = (
        await Promise.all(
          clients.map(async (_, j) => {
            const result = await inPool(n, parallel, (i) => job(j, i));
            clientMs.push(performance.now() - t0);
            return result;
          }),
        )
      ).flat();
      const wallMs = performance.now() - t0;
      const requests = (await emulator.requests()).slice(before);
      phases.push({
        phase,
        wallMs,
        clientMs,
        requests: requests.length,
        throttled: requests.filter((r) => r.code === "RequestLimitExceeded").length,
        errors,
      });
    };
    await run("up", async (j, i) => {
      const client = clients[j];
      if (!client) return;
      const task = await startRecording(client, i, `c${j}`);
      (started[j] as StartedRecording[])[i] = task;
      if (task.kind === "cloud") {
        await client.call("DescribeCloudRecording", REGION, { SdkAppId: SDK_APP_ID, TaskId: task.taskId });
      } else {
        await client.call("DescribeWebRecord", REGION, { TaskId: task.taskId });
      }
    });
    type Client = (typeof clients)[number];
    const each =
      (
        cloud: (client: Client, taskId: string) => Promise<unknown>,
        web: (client: Client, taskId: string) => Promise<unknown>,
      ) =>
      async (j: number, i: number) => {
        const task = started[j]?.[i];
        const client = clients[j];
        if (!task || !client) return;
        await (task.kind === "cloud" ? cloud(client, task.taskId) : web(client, task.taskId));
      };
    await run(
      "refresh",
      each(
        (client, taskId) => client.call("DescribeCloudRecording", REGION, { SdkAppId: SDK_APP_ID, TaskId: taskId }),
        (client, taskId) => client.call("DescribeWebRecord", REGION, { TaskId: taskId }),
      ),
    );
    await run(
      "destroy",
      each(
        (client, taskId) => client.call("DeleteCloudRecording", REGION, { SdkAppId: SDK_APP_ID, TaskId: taskId }),
        (client, taskId) => client.call("StopWebRecord", REGION, { TaskId: taskId }),
      ),
    );
    return phases;
  } finally {
    await emulator.stop();
    await Promise.all(clients.map((client) => client.close()));
  }
}
