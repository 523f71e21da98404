// The client against the emulator: every fault kind, throttling under load, timeouts, and secrets kept out of errors.
import { describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator";
import { generateUserSig } from "../../provider/api/userSig";
import { TrtcClient, type TrtcClientOptions } from "../../provider/client/client";
import { TrtcApiError } from "../../provider/errors";
import { useEmulator } from "../emulator/helpers";

const SECRET_ID = "AKIDclient00000000000000000000000";
const SECRET_KEY = "client-emulator-secret-key";
const SDK_SECRET_KEY = "client-emulator-sdk-key";
const REGION = "ap-singapore";

let emulator: Emulator;

function client(options: Partial<TrtcClientOptions> = {}): TrtcClient {
  return new TrtcClient({
    credentials: { secretId: SECRET_ID, secretKey: SECRET_KEY },
    endpoint: emulator.url,
    maxRequestsPerSecond: 20,
    requestTimeoutMs: 2_000,
    deadlineMs: 20_000,
    // Retries happen for real, but without the waiting.
    sleep: async () => {},
    ...options,
  });
}

const userSig = (userId: string) => generateUserSig({ sdkAppId: 1400000000, sdkSecretKey: SDK_SECRET_KEY, userId });

function start(c: TrtcClient, userId = "robot") {
  return c.call("CreateCloudRecording", REGION, {
    SdkAppId: 1400000000,
    RoomId: "1",
    UserId: userId,
    UserSig: userSig(userId),
    RecordParams: { RecordMode: 2 },
    StorageParams: { CloudVod: {} },
  });
}

async function failure(promise: Promise<unknown>): Promise<TrtcApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(TrtcApiError.isInstance(error)).toBe(true);
  return error as TrtcApiError;
}

useEmulator(
  (started) => {
    emulator = started;
  },
  // The service's own 20 requests/second limit, as in production.
  { secretId: SECRET_ID, secretKey: SECRET_KEY, sdkSecretKey: SDK_SECRET_KEY, rateLimit: 20 },
);

describe("client against the emulator", () => {
  it("retries throttling and internal errors transparently", async () => {
    const c = client();
    const { response } = await start(c);
    emulator.setFault({ action: "DescribeCloudRecording", fault: "throttle", times: 2 });
    emulator.setFault({ action: "DescribeCloudRecording", fault: "internal-error", times: 2 });
    const described = await c.call("DescribeCloudRecording", REGION, { SdkAppId: 1400000000, TaskId: response.TaskId });
    expect(described.response.Status).toBe("InProgress");
    expect(
      emulator
        .requests()
        .filter((r) => r.action === "DescribeCloudRecording")
        .map((r) => r.code),
    ).toEqual(["RequestLimitExceeded", "RequestLimitExceeded", "InternalError", "InternalError", "OK"]);
  });

  it("gives up after its attempts with an error naming the code and the action", async () => {
    emulator.setFault({ action: "StopWebRecord", fault: "internal-error", times: 10 });
    const error = await failure(client().call("StopWebRecord", REGION, { TaskId: "x".repeat(48) }));
    expect(error).toMatchObject({ code: "InternalError", action: "StopWebRecord" });
    expect(error.message).toMatch(/^StopWebRecord failed: InternalError: .+\(RequestId [0-9a-f-]{36}\)/);
    expect(emulator.requests()).toHaveLength(6);
  });

  it("retries a reset read, but reports a reset start as ambiguous without repeating it", async () => {
    const c = client();
    const { response } = await start(c);
    emulator.setFault({ action: "DescribeCloudRecording", fault: "reset", times: 1 });
    await c.call("DescribeCloudRecording", REGION, { SdkAppId: 1400000000, TaskId: response.TaskId });

    emulator.setFault({ action: "CreateCloudRecording", fault: "reset", times: 1 });
    const reset = await failure(start(c, "robot2"));
    expect(reset).toMatchObject({ code: "ClientError.NetworkError", ambiguous: true, action: "CreateCloudRecording" });
    expect(emulator.tasks().filter((t) => t.userId === "robot2")).toEqual([]);

    emulator.setFault({ action: "CreateCloudRecording", fault: "commit-then-reset", times: 1 });
    const committed = await failure(start(c, "robot3"));
    expect(committed.ambiguous).toBe(true);
    expect(emulator.tasks().filter((t) => t.userId === "robot3" && t.running)).toHaveLength(1);
    expect(emulator.requests().filter((r) => r.action === "CreateCloudRecording")).toHaveLength(3);
  });

  it("times out a delayed answer per attempt, retries reads, and never repeats a start", async () => {
    const c = client({ requestTimeoutMs: 200 });
    const { response } = await start(c);
    emulator.setFault({ action: "DescribeCloudRecording", fault: "delay", delayMs: 600, times: 1 });
    await c.call("DescribeCloudRecording", REGION, { SdkAppId: 1400000000, TaskId: response.TaskId });

    emulator.setFault({ action: "CreateCloudRecording", fault: "delay", delayMs: 600, times: 1 });
    const timedOut = await failure(start(c, "slow"));
    expect(timedOut).toMatchObject({ code: "ClientError.Timeout", ambiguous: true });
    // The held requests still complete at the emulator; let them, so they do not land in the next test's log.
    await new Promise((resolve) => setTimeout(resolve, 700));
  });

  it("under load, spreads calls over the rate limit so the service never throttles", async () => {
    const c = client({ sleep: undefined });
    const { response } = await start(c);
    const calls = Array.from({ length: 45 }, () =>
      c.call("DescribeCloudRecording", REGION, { SdkAppId: 1400000000, TaskId: response.TaskId }),
    );
    await Promise.all(calls);
    const describes = emulator.requests().filter((r) => r.action === "DescribeCloudRecording");
    expect(describes).toHaveLength(45);
    expect(describes.every((r) => r.code === "OK")).toBe(true);
  });

  it("keeps retrying while the account is only busy: throttles are not attempts and do not spend the deadline", async () => {
    const c = client({ deadlineMs: 1_000 });
    const { response } = await start(c);
    emulator.setFault({ action: "DescribeCloudRecording", fault: "throttle", times: 12 });
    const described = await c.call("DescribeCloudRecording", REGION, { SdkAppId: 1400000000, TaskId: response.TaskId });
    expect(described.response.Status).toBe("InProgress");
    const codes = emulator
      .requests()
      .filter((r) => r.action === "DescribeCloudRecording")
      .map((r) => r.code);
    expect(codes).toEqual([...Array(12).fill("RequestLimitExceeded"), "OK"]);
  });

  it("still fails in bounded time when throttling never ends", async () => {
    emulator.setFault({ action: "StopWebRecord", fault: "throttle", times: 1000 });
    const error = await failure(
      client({ maxThrottledMs: 300, sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 20))) }).call(
        "StopWebRecord",
        REGION,
        { TaskId: "x".repeat(48) },
      ),
    );
    expect(error).toMatchObject({ code: "RequestLimitExceeded", action: "StopWebRecord" });
  });

  it("recovers when the service throttles anyway (another client shares the account)", async () => {
    const greedy = client({ maxRequestsPerSecond: 1000, sleep: undefined });
    const { response } = await start(greedy);
    const results = await Promise.all(
      Array.from({ length: 30 }, () =>
        greedy.call("DescribeCloudRecording", REGION, { SdkAppId: 1400000000, TaskId: response.TaskId }),
      ),
    );
    expect(results).toHaveLength(30);
    const codes = emulator
      .requests()
      .filter((r) => r.action === "DescribeCloudRecording")
      .map((r) => r.code);
    expect(codes.filter((c) => c === "RequestLimitExceeded").length).toBeGreaterThan(0);
    expect(codes.filter((c) => c === "OK")).toHaveLength(30);
  });

  it("keeps the SecretKey, UserSigs and signatures out of errors", async () => {
    const wrongKey = "wrong-secret-key-do-not-leak";
    const c = client({ credentials: { secretId: SECRET_ID, secretKey: wrongKey, sessionToken: "token-do-not-leak" } });
    const error = await failure(start(c, "leaky"));
    expect(error.code).toBe("AuthFailure.SignatureFailure");
    const everything = `${error.message}\n${error.stack}\n${JSON.stringify(error)}\n${String(error.cause)}`;
    for (const secret of [wrongKey, "token-do-not-leak", userSig("leaky")]) expect(everything).not.toContain(secret);
    expect(everything).not.toMatch(/Signature=[0-9a-f]{64}/);
  });
});
