// The emulator's optional network latency (`--latency-ms`): every API request's round trip, rate limit counted on
// arrival, nothing for the admin routes.
import { afterEach, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator";
import { call, startTestEmulator } from "./helpers";

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function roundTrip(url: string): Promise<number> {
  const started = performance.now();
  await call(url, "DescribeWebRecord", { TaskId: "x".repeat(48) }, { region: "ap-singapore" });
  return performance.now() - started;
}

describe("latency", () => {
  it("adds the configured round trip, within its jitter, to every API request", async () => {
    emulator = await startTestEmulator({ latencyMs: 200, latencyJitter: 0.2 });
    const times = [];
    for (let i = 0; i < 5; i++) times.push(await roundTrip(emulator.url));
    for (const ms of times) {
      expect(ms).toBeGreaterThanOrEqual(155);
      expect(ms).toBeLessThan(600);
    }
    expect(emulator.requests().map((r) => r.code)).toEqual(Array(5).fill("FailedOperation.TaskNotExist"));
  });

  it("adds nothing by default", async () => {
    emulator = await startTestEmulator();
    await roundTrip(emulator.url); // the first request also pays for the connection and the signing code's warm-up
    expect(await roundTrip(emulator.url)).toBeLessThan(100);
  });

  it("refuses a latency out of range", async () => {
    await expect(startTestEmulator({ latencyMs: -1 })).rejects.toThrow(/latencyMs must be a number from 0/);
    await expect(startTestEmulator({ latencyJitter: 2 })).rejects.toThrow(/latencyJitter must be a number from 0 to 1/);
  });
});
