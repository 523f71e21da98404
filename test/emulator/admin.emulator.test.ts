// The /_emulator/ admin interface over HTTP, as demos and other tools use it.

import { networkInterfaces } from "node:os";
import { describe, expect, it } from "vitest";
import type { Emulator, TaskView } from "../../emulator";
import { isLoopbackAddress } from "../../emulator/admin";
import { call, createCloud, SDK_APP_ID, startTestEmulator, startWeb, useEmulator } from "./helpers";

let emulator: Emulator;

useEmulator((started) => {
  emulator = started;
});

async function admin(method: string, path: string, body?: unknown) {
  const response = await fetch(`${emulator.url}/_emulator${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe("GET /_emulator/tasks", () => {
  it("lists running and ended tasks with their request, secrets masked", async () => {
    const cloud = await createCloud(emulator.url);
    const web = await startWeb(emulator.url, { RecordId: "lesson-9" });
    await call(emulator.url, "StopWebRecord", { TaskId: web });
    const { status, json } = await admin("GET", "/tasks");
    expect(status).toBe(200);
    const tasks = json.tasks as TaskView[];
    const now = new Date(emulator.now()).toISOString();
    expect(tasks).toEqual([
      {
        kind: "cloud",
        taskId: cloud,
        running: true,
        status: "InProgress",
        region: "ap-singapore",
        sdkAppId: SDK_APP_ID,
        roomId: "3560",
        roomIdType: 1,
        userId: "recorder_3560",
        recordId: null,
        userSigValid: null,
        userSigReason: null,
        request: expect.objectContaining({
          UserSig: "***",
          StorageParams: {
            CloudStorage: expect.objectContaining({
              AccessKey: "***",
              SecretKey: "***",
              Bucket: "recordings-1250000000",
            }),
          },
        }),
        createdAt: now,
        endedAt: null,
        endReason: null,
        manageableUntil: new Date(emulator.now() + 72 * 3_600_000).toISOString(),
      },
      expect.objectContaining({
        kind: "web",
        taskId: web,
        running: false,
        status: "Exited",
        roomId: null,
        roomIdType: null,
        userId: null,
        recordId: "lesson-9",
        endedAt: now,
        endReason: "stopped",
        manageableUntil: null,
      }),
    ]);
    expect(JSON.stringify(json)).not.toContain("storage-secret");
  });

  it("shows one task, or 404", async () => {
    const taskId = await createCloud(emulator.url);
    expect((await admin("GET", `/tasks/${encodeURIComponent(taskId)}`)).json.task).toMatchObject({ taskId });
    const missing = await admin("GET", "/tasks/nope");
    expect(missing.status).toBe(404);
    expect(missing.json.error).toContain("nope");
  });
});

describe("GET /_emulator/requests", () => {
  it("lists each API request with its code, virtual and real time of answer, and RequestId", async () => {
    const sentAt = Date.now();
    const answer = await call(emulator.url, "DescribeWebRecord", { TaskId: "x".repeat(56) });
    const answeredAt = Date.now();
    await createCloud(emulator.url);
    const { json } = await admin("GET", "/requests");
    expect(json.requests).toEqual([
      {
        action: "DescribeWebRecord",
        at: new Date(emulator.now()).toISOString(),
        realTimeMs: expect.any(Number),
        code: "FailedOperation.TaskNotExist",
        requestId: answer.response.RequestId,
        fault: null,
      },
      expect.objectContaining({ action: "CreateCloudRecording", code: "OK" }),
    ]);
    // The real clock, not the virtual one (which this file moves by hours): benchmarks time phases with it.
    const [first] = json.requests as Array<{ realTimeMs: number }>;
    expect(first?.realTimeMs).toBeGreaterThanOrEqual(sentAt);
    expect(first?.realTimeMs).toBeLessThanOrEqual(answeredAt);
  });
});

describe("POST /_emulator/clock", () => {
  it("advances the virtual clock and returns the new time", async () => {
    const before = emulator.now();
    const { status, json } = await admin("POST", "/clock", { advanceSeconds: 3600 });
    expect(status).toBe(200);
    expect(json).toEqual({ now: new Date(before + 3_600_000).toISOString(), nowMs: before + 3_600_000 });
    expect((await admin("GET", "/clock")).json.now).toBe(json.now);
  });

  it("refuses going back or a malformed body", async () => {
    expect((await admin("POST", "/clock", { advanceSeconds: -5 })).status).toBe(400);
    expect((await admin("POST", "/clock", { advance: 5 })).status).toBe(400);
    const broken = await fetch(`${emulator.url}/_emulator/clock`, { method: "POST", body: "{" });
    expect(broken.status).toBe(400);
  });
});

describe("POST /_emulator/rooms and /_emulator/tasks/{taskId}/end", () => {
  it("empties a room, so that its tasks go Idle and then end", async () => {
    const taskId = await createCloud(emulator.url, { RecordParams: { RecordMode: 2, MaxIdleTime: 10 } });
    const room = await admin("POST", "/rooms", { sdkAppId: SDK_APP_ID, roomId: "3560", occupied: false });
    expect(room).toEqual({ status: 200, json: { room: { sdkAppId: SDK_APP_ID, roomId: "3560", occupied: false } } });
    expect(emulator.task(taskId)?.status).toBe("Idle");
    await admin("POST", "/clock", { advanceSeconds: 10 });
    expect(emulator.task(taskId)).toMatchObject({ running: false, endReason: "idle" });
    expect((await admin("POST", "/rooms", { sdkAppId: SDK_APP_ID, roomId: "" })).status).toBe(400);
  });

  it("ends a task as an idle room would", async () => {
    const taskId = await createCloud(emulator.url);
    const ended = await admin("POST", `/tasks/${encodeURIComponent(taskId)}/end`);
    expect(ended.status).toBe(200);
    expect(ended.json.task).toMatchObject({ taskId, running: false, endReason: "idle" });
    const described = await call(emulator.url, "DescribeCloudRecording", { SdkAppId: SDK_APP_ID, TaskId: taskId });
    expect(described.code).toBe("ResourceNotFound");
    const unknown = await admin("POST", "/tasks/unknown/end");
    expect(unknown.status).toBe(404);
    expect(unknown.json.error).toBeTypeOf("string");
  });
});

describe("/_emulator/faults and /_emulator/reset", () => {
  it("adds, lists and clears faults", async () => {
    const added = await admin("POST", "/faults", { action: "StopWebRecord", fault: "internal-error", times: 2 });
    expect(added.json.faults).toEqual([{ action: "StopWebRecord", fault: "internal-error", times: 2 }]);
    expect((await call(emulator.url, "StopWebRecord", { TaskId: "x".repeat(56) })).code).toBe("InternalError");
    expect((await admin("GET", "/faults")).json.faults).toEqual([
      { action: "StopWebRecord", fault: "internal-error", times: 1 },
    ]);
    expect((await admin("DELETE", "/faults")).json.faults).toEqual([]);
    expect((await call(emulator.url, "StopWebRecord", { TaskId: "x".repeat(56) })).code).toBe(
      "FailedOperation.TaskNotExist",
    );
    const bad = await admin("POST", "/faults", { fault: "meteor" });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toContain("fault");
  });

  it("reset forgets tasks, requests, faults and rooms", async () => {
    await createCloud(emulator.url);
    await admin("POST", "/faults", { fault: "throttle", times: 3 });
    await admin("POST", "/rooms", { sdkAppId: SDK_APP_ID, roomId: "3560", occupied: false });
    expect((await admin("POST", "/reset")).status).toBe(200);
    expect((await admin("GET", "/tasks")).json.tasks).toEqual([]);
    expect((await admin("GET", "/requests")).json.requests).toEqual([]);
    expect((await admin("GET", "/faults")).json.faults).toEqual([]);
    const taskId = await createCloud(emulator.url);
    expect(emulator.task(taskId)?.status).toBe("InProgress");
  });
});

describe("routing", () => {
  it("answers unknown routes with 404 and wrong methods with 405", async () => {
    expect((await admin("GET", "/nothing")).status).toBe(404);
    const wrongMethod = await fetch(`${emulator.url}/_emulator/tasks`, { method: "DELETE" });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("GET");
  });
});

describe("loopback only", () => {
  it("recognises loopback addresses", () => {
    expect(isLoopbackAddress("127.0.0.1")).toBe(true);
    expect(isLoopbackAddress("127.8.9.10")).toBe(true);
    expect(isLoopbackAddress("::1")).toBe(true);
    expect(isLoopbackAddress("::ffff:127.0.0.1")).toBe(true);
    expect(isLoopbackAddress("192.0.2.2")).toBe(false);
    expect(isLoopbackAddress("::ffff:10.0.0.1")).toBe(false);
    expect(isLoopbackAddress("fd00::2")).toBe(false);
    expect(isLoopbackAddress(undefined)).toBe(false);
  });

  const external = Object.values(networkInterfaces())
    .flat()
    .find((i) => i?.family === "IPv4" && !i.internal)?.address;

  it.skipIf(external === undefined)("refuses admin calls from a non-loopback address with 403", async () => {
    const open = await startTestEmulator({ host: "0.0.0.0" });
    try {
      const fromOutside = await fetch(`http://${external}:${open.port}/_emulator/tasks`);
      expect(fromOutside.status).toBe(403);
      const fromLoopback = await fetch(`http://127.0.0.1:${open.port}/_emulator/tasks`);
      expect(fromLoopback.status).toBe(200);
      // The API itself is signed, so it answers everyone.
      const api = await call(`http://${external}:${open.port}`, "DescribeWebRecord", { TaskId: "x".repeat(56) });
      expect(api.code).toBe("FailedOperation.TaskNotExist");
    } finally {
      await open.close();
    }
  });
});
