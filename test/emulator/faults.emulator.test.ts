// Injected faults and the request rate limit: what clients' retry and recovery code must survive.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator";
import { DOCUMENTED_ERRORS } from "../../emulator/errorCodes";
import type { ActionName } from "../../provider/api/actions";
import { call, cloudBody, SDK_APP_ID, startTestEmulator, useEmulator, webBody } from "./helpers";

let emulator: Emulator;

useEmulator((started) => {
  emulator = started;
});

const describeBody = { SdkAppId: SDK_APP_ID, TaskId: "x".repeat(56) };

describe("faults", () => {
  it("throttle answers RequestLimitExceeded for the next N matching requests", async () => {
    emulator.setFault({ fault: "throttle", times: 2 });
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await call(emulator.url, "DescribeCloudRecording", describeBody)).code);
    expect(codes).toEqual(["RequestLimitExceeded", "RequestLimitExceeded", "ResourceNotFound"]);
    expect(emulator.requests().map((r) => r.fault)).toEqual(["throttle", "throttle", null]);
  });

  it("internal-error answers InternalError without running the action", async () => {
    emulator.setFault({ action: "CreateCloudRecording", fault: "internal-error" });
    expect((await call(emulator.url, "CreateCloudRecording", cloudBody())).code).toBe("InternalError");
    expect(emulator.tasks()).toEqual([]);
    expect((await call(emulator.url, "CreateCloudRecording", cloudBody())).code).toBe("OK");
  });

  it("only applies to the action it names", async () => {
    emulator.setFault({ action: "StartWebRecord", fault: "internal-error" });
    expect((await call(emulator.url, "DescribeCloudRecording", describeBody)).code).toBe("ResourceNotFound");
  });

  it("is not consumed by requests that fail authentication", async () => {
    emulator.setFault({ fault: "throttle" });
    expect((await call(emulator.url, "DescribeCloudRecording", describeBody, { secretKey: "wrong" })).code).toBe(
      "AuthFailure.SignatureFailure",
    );
    expect((await call(emulator.url, "DescribeCloudRecording", describeBody)).code).toBe("RequestLimitExceeded");
  });

  it("reset drops the connection without answering and without running the action", async () => {
    emulator.setFault({ action: "CreateCloudRecording", fault: "reset" });
    await expect(call(emulator.url, "CreateCloudRecording", cloudBody())).rejects.toThrow();
    expect(emulator.tasks()).toEqual([]);
    expect(emulator.requests()).toMatchObject([
      { action: "CreateCloudRecording", code: "ConnectionReset", fault: "reset" },
    ]);
  });

  it("commit-then-reset runs the action, then drops the connection: the ambiguous failure", async () => {
    emulator.setFault({ action: "CreateCloudRecording", fault: "commit-then-reset" });
    await expect(call(emulator.url, "CreateCloudRecording", cloudBody())).rejects.toThrow();
    const tasks = emulator.tasks();
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ kind: "cloud", running: true, userId: "recorder_3560" });
    expect(emulator.requests()).toMatchObject([{ code: "OK", fault: "commit-then-reset" }]);
    // A client retrying with the same robot UserId replaces the task it never heard about.
    expect((await call(emulator.url, "CreateCloudRecording", cloudBody())).code).toBe("OK");
    expect(emulator.tasks().map((t) => t.endReason)).toEqual(["interrupted", null]);
  });

  it("delay holds the request, then processes it normally", async () => {
    emulator.setFault({ fault: "delay", delayMs: 150 });
    const started = performance.now();
    const answer = await call(emulator.url, "CreateCloudRecording", cloudBody());
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(answer.code).toBe("OK");
    expect(emulator.requests()).toMatchObject([{ code: "OK", fault: "delay" }]);
  });

  it("clearFaults drops pending faults", async () => {
    emulator.setFault({ fault: "throttle", times: 5 });
    emulator.clearFaults();
    expect((await call(emulator.url, "DescribeCloudRecording", describeBody)).code).toBe("ResourceNotFound");
  });

  it("error answers any code the action documents, with the catalogue's description, without running the action", async () => {
    emulator.setFault({ action: "CreateCloudRecording", fault: "error", code: "InternalError.CRInternalError" });
    emulator.setFault({ action: "StartWebRecord", fault: "error", code: "FailedOperation.NotAbility", times: 2 });
    const create = await call(emulator.url, "CreateCloudRecording", cloudBody());
    expect([create.code, create.message]).toEqual([
      "InternalError.CRInternalError",
      "On-cloud recording internal error (injected fault).",
    ]);
    expect(emulator.tasks()).toEqual([]);
    const web = await call(emulator.url, "StartWebRecord", webBody());
    expect(web.code).toBe("FailedOperation.NotAbility");
    expect(emulator.requests().map((r) => [r.action, r.code, r.fault])).toEqual([
      ["CreateCloudRecording", "InternalError.CRInternalError", "error"],
      ["StartWebRecord", "FailedOperation.NotAbility", "error"],
    ]);
    expect(emulator.faults()).toEqual([
      { action: "StartWebRecord", fault: "error", times: 1, code: "FailedOperation.NotAbility" },
    ]);
    emulator.clearFaults();
    emulator.setFault({ action: "DescribeWebRecord", fault: "error", code: "InvalidParameter.TaskId", message: "bad" });
    expect(await call(emulator.url, "DescribeWebRecord", { TaskId: "t" })).toMatchObject({
      code: "InvalidParameter.TaskId",
      message: "bad",
    });
  });

  it("injects every code each action documents (Go SDK client.go lists)", async () => {
    for (const [action, codes] of Object.entries(DOCUMENTED_ERRORS)) {
      for (const code of codes) {
        emulator.setFault({ action: action as ActionName, fault: "error", code });
        const body = action === "StartWebRecord" ? webBody() : action === "CreateCloudRecording" ? cloudBody() : {};
        expect((await call(emulator.url, action, body)).code).toBe(code);
      }
    }
  });

  it("refuses malformed fault descriptions", () => {
    expect(() => emulator.setFault({ fault: "error" })).toThrow(/code is required/);
    expect(() => emulator.setFault({ fault: "throttle", code: "InternalError" })).toThrow(/code/);
    // StopWebRecord does not document ResourceNotFound... but it is a common code; TaskExist is StartWebRecord's.
    expect(() =>
      emulator.setFault({ action: "StopWebRecord", fault: "error", code: "FailedOperation.TaskExist" }),
    ).toThrow(/documents/);
    expect(() => emulator.setFault({ fault: "error", code: "NoSuchCode.Anywhere" })).toThrow(/documents/);
    expect(() => emulator.setFault({ fault: "explode" as never })).toThrow(/fault/);
    expect(() => emulator.setFault({ fault: "delay" })).toThrow(/delayMs/);
    expect(() => emulator.setFault({ fault: "throttle", times: 0 })).toThrow(/times/);
    expect(() => emulator.setFault({ fault: "throttle", action: "DescribeRoom" as never })).toThrow(/action/);
  });
});

describe("rate limit (20 requests per second per action)", () => {
  let limited: Emulator;

  beforeAll(async () => {
    limited = await startTestEmulator({ rateLimit: 20 });
  });

  afterAll(async () => {
    await limited.close();
  });

  beforeEach(() => {
    limited.reset();
  });

  it("refuses the 21st request within one second", async () => {
    // The window is wall time: a batch that took a second or more on a starved machine proves nothing, so retry.
    for (let attempt = 1; ; attempt++) {
      limited.reset();
      const started = performance.now();
      const answers = await Promise.all(
        Array.from({ length: 21 }, () => call(limited.url, "DescribeCloudRecording", describeBody)),
      );
      if (performance.now() - started >= 900 && attempt < 5) continue;
      const codes = answers.map((a) => a.code);
      expect(codes.filter((c) => c === "RequestLimitExceeded").length).toBeGreaterThanOrEqual(1);
      expect(codes.filter((c) => c === "ResourceNotFound").length).toBeLessThanOrEqual(20);
      expect(limited.requests().filter((r) => r.code === "RequestLimitExceeded").length).toBeGreaterThanOrEqual(1);
      return;
    }
  });

  it("accepts 20 requests, and counts each action separately", async () => {
    const answers = await Promise.all([
      ...Array.from({ length: 20 }, () => call(limited.url, "DescribeCloudRecording", describeBody)),
      ...Array.from({ length: 20 }, () => call(limited.url, "DescribeWebRecord", { TaskId: "x".repeat(56) })),
    ]);
    expect(answers.filter((a) => a.code === "RequestLimitExceeded")).toEqual([]);
  });

  it("does not count requests that fail authentication", async () => {
    await Promise.all(
      Array.from({ length: 30 }, () => call(limited.url, "DescribeCloudRecording", describeBody, { secretKey: "bad" })),
    );
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => call(limited.url, "DescribeCloudRecording", describeBody)),
    );
    expect(answers.filter((a) => a.code === "RequestLimitExceeded")).toEqual([]);
  });
});
